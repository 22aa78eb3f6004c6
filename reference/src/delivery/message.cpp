// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The documented keys of the inner message and the <FILE> elements of its
// XHTML body (REQ-MESSAGE-1, -6..-9, REQ-ATTACH-4).
#include "imref/message.h"

#include <cctype>
#include <charconv>
#include <map>
#include <set>

namespace imref {
namespace {

Error malformed(std::string detail) {
  return make_error(Errc::malformed_message, std::move(detail));
}

constexpr std::string_view kWrapOpen = "<html><body>";
constexpr std::string_view kWrapClose = "</body></html>";

std::string escape_attr(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<std::string> unescape_attr(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') return malformed("'<' in an attribute");
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&quot;", '"'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&apos;", '\''}};
    bool found = false;
    for (auto [name, c] : kEntities) {
      if (s.substr(i, name.size()) == name) {
        out += c;
        i += name.size() - 1;
        found = true;
        break;
      }
    }
    if (!found) return malformed("unknown entity in an attribute");
  }
  return out;
}

}  // namespace

std::string file_element(const AttachmentRef& a) {
  return "<FILE name=\"" + escape_attr(a.name) + "\" mmcs-url=\"" + escape_attr(a.url) +
         "\" mmcs-owner=\"" + escape_attr(a.owner) + "\" mmcs-signature-hex=\"" + to_hex(a.sha1) +
         "\" file-size=\"" + std::to_string(a.size) + "\" decryption-key=\"" + to_hex(a.key) +
         "\"/>";
}

namespace {

std::string file_elements(const std::vector<AttachmentRef>& attachments) {
  std::string out;
  for (const auto& a : attachments) out += file_element(a);
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// parse_file_elements reads every <FILE …> start tag of |x|: attributes
// name="value" (double quotes), unknown ones ignored, none twice.
Result<std::vector<AttachmentRef>> parse_file_elements(std::string_view x) {
  std::vector<AttachmentRef> out;
  for (size_t at = x.find("<FILE"); at != std::string_view::npos; at = x.find("<FILE", at)) {
    at += 5;
    if (at >= x.size() || !(is_space(x[at]) || x[at] == '/' || x[at] == '>')) continue;
    std::map<std::string, std::string, std::less<>> attrs;
    while (true) {
      while (at < x.size() && is_space(x[at])) ++at;
      if (at >= x.size()) return malformed("unterminated <FILE>");
      if (x[at] == '>' || x.substr(at, 2) == "/>") break;
      size_t eq = x.find('=', at);
      if (eq == std::string_view::npos || eq + 1 >= x.size() || x[eq + 1] != '"')
        return malformed("bad <FILE> attribute");
      std::string name(x.substr(at, eq - at));
      if (name.empty() || name.find_first_of(" \t\r\n<>/\"") != std::string::npos)
        return malformed("bad <FILE> attribute name");
      size_t end = x.find('"', eq + 2);
      if (end == std::string_view::npos) return malformed("unterminated <FILE> attribute");
      IMREF_TRY(std::string value, unescape_attr(x.substr(eq + 2, end - eq - 2)));
      if (!attrs.emplace(std::move(name), std::move(value)).second)
        return malformed("<FILE> attribute given twice");
      at = end + 1;
      if (at < x.size() && !is_space(x[at]) && x[at] != '>' && x[at] != '/')
        return malformed("no space between <FILE> attributes");
    }
    auto get = [&](std::string_view k) -> const std::string* {
      auto it = attrs.find(k);
      return it == attrs.end() ? nullptr : &it->second;
    };
    AttachmentRef a;
    const std::string *url = get("mmcs-url"), *sig = get("mmcs-signature-hex"),
                      *size = get("file-size"), *key = get("decryption-key");
    if (!url || !sig || !size || !key) return malformed("<FILE> lacks a required attribute");
    a.url = *url;
    if (auto* n = get("name")) a.name = *n;
    if (auto* o = get("mmcs-owner")) a.owner = *o;
    auto sha1 = from_hex(*sig);
    if (!sha1.ok() || sha1->size() != 20) return malformed("mmcs-signature-hex is not 20 bytes");
    a.sha1 = std::move(sha1).value();
    auto k = from_hex(*key);
    if (!k.ok() || k->size() != 32) return malformed("decryption-key is not 32 bytes");
    a.key = to_secret(*k);
    secure_wipe(k->data(), k->size());
    if (size->empty() || (size->size() > 1 && (*size)[0] == '0'))
      return malformed("file-size is not a decimal number");
    auto [p, ec] = std::from_chars(size->data(), size->data() + size->size(), a.size);
    if (ec != std::errc() || p != size->data() + size->size())
      return malformed("file-size is not a decimal number");
    out.push_back(std::move(a));
  }
  return out;
}

bool is_hex_upper(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

}  // namespace

bool is_message_uuid(std::string_view uuid) {
  if (uuid.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? uuid[i] != '-' : !is_hex_upper(uuid[i])) return false;
  }
  return true;
}

std::string uuid_string(ByteView bytes16) {
  std::string hex = to_hex(bytes16);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (hex.size() != 32) return hex;
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

Result<Bytes> uuid_bytes(std::string_view uuid) {
  if (!is_message_uuid(uuid)) return malformed("not an upper-case UUID");
  std::string hex;
  for (char c : uuid)
    if (c != '-') hex += c;
  return from_hex(hex);
}

Result<plist::Dict> to_plist(const Message& m) {
  if (!is_message_uuid(m.uuid))
    return make_error(Errc::invalid_argument, "message UUID is not upper-case 8-4-4-4-12");
  if (m.participants.empty()) return make_error(Errc::invalid_argument, "no participants");
  for (const auto& a : m.attachments)
    if (a.sha1.size() != 20 || a.key.size() != 32)
      return make_error(Errc::invalid_argument, "attachment SHA-1 or key of the wrong size");
  std::optional<std::string> x = m.xhtml;
  if (x) {
    // The caller's XHTML is sent as is: it must hold exactly the attachments.
    auto in_x = parse_file_elements(*x);
    if (!in_x.ok() || *in_x != m.attachments)
      return make_error(Errc::invalid_argument, "xhtml does not hold exactly the attachments");
  } else if (!m.attachments.empty()) {
    x = std::string(kWrapOpen) + file_elements(m.attachments) + std::string(kWrapClose);
  }
  plist::Dict d;
  if (!m.text.empty()) d.emplace_back("t", m.text);
  if (x) d.emplace_back("x", *x);
  plist::Array p;
  for (const auto& h : m.participants) p.emplace_back(h);
  d.emplace_back("p", std::move(p));
  d.emplace_back("r", m.uuid);
  if (m.group_id) d.emplace_back("gid", *m.group_id);
  if (m.group_name) d.emplace_back("n", *m.group_name);
  if (m.effect_id) d.emplace_back("iid", *m.effect_id);
  d.emplace_back("pv", 0);
  d.emplace_back("gv", "8");
  d.emplace_back("v", "1");
  return d;
}

Result<Message> from_plist(const plist::Value& value) {
  const auto* d = std::get_if<plist::Dict>(&value.v);
  if (!d) return malformed("top object is not a dict");
  Message m;
  bool have_r = false, have_p = false;
  for (const auto& entry : *d) {
    const std::string& key = entry.first;  // not a structured binding: clang 14 cannot capture one
    const plist::Value& v = entry.second;
    const auto* s = std::get_if<std::string>(&v.v);
    auto need_string = [&]() -> Status {
      if (!s) return malformed("key " + key + " is not a string");
      return ok_status();
    };
    if (key == "t") {
      IMREF_CHECK(need_string());
      m.text = *s;
    } else if (key == "x") {
      IMREF_CHECK(need_string());
      m.xhtml = *s;
    } else if (key == "r") {
      IMREF_CHECK(need_string());
      if (!is_message_uuid(*s)) return malformed("r is not an upper-case UUID");
      m.uuid = *s;
      have_r = true;
    } else if (key == "p") {
      const auto* a = std::get_if<plist::Array>(&v.v);
      if (!a || a->empty()) return malformed("p is not a non-empty array");
      for (const auto& h : *a) {
        const auto* hs = std::get_if<std::string>(&h.v);
        if (!hs) return malformed("a participant is not a string");
        m.participants.push_back(*hs);
      }
      have_p = true;
    } else if (key == "gid" || key == "n" || key == "iid" || key == "gv" || key == "v") {
      IMREF_CHECK(need_string());
      if (key == "gid") m.group_id = *s;
      if (key == "n") m.group_name = *s;
      if (key == "iid") m.effect_id = *s;
    } else if (key == "pv") {
      if (!std::holds_alternative<int64_t>(v.v)) return malformed("pv is not an integer");
    }
  }
  if (!have_r || !have_p) return malformed("r or p missing");
  if (m.xhtml) {
    IMREF_TRY(m.attachments, parse_file_elements(*m.xhtml));
    // The wrapper to_plist makes for attachments alone reads back as no xhtml.
    if (!m.attachments.empty() &&
        *m.xhtml == std::string(kWrapOpen) + file_elements(m.attachments) + std::string(kWrapClose))
      m.xhtml.reset();
  }
  return m;
}

Result<Bytes> encode_message(const Message& message) {
  IMREF_TRY(plist::Dict d, to_plist(message));
  IMREF_TRY(Bytes raw, plist::encode(plist::Value(std::move(d))));
  auto out = gz::gzip(raw);
  secure_wipe(raw.data(), raw.size());  // the plaintext plist (REQ-MESSAGE-9)
  return out;
}

Result<Message> decode_message(ByteView data) {
  if (data.size() >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
    IMREF_TRY(SecretBytes raw, gz::gunzip(data));
    IMREF_TRY(plist::Value v, plist::decode(raw));
    return from_plist(v);
  }
  IMREF_TRY(plist::Value v, plist::decode(data));
  return from_plist(v);
}

}  // namespace imref
