// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "shim.h"

#include <algorithm>
#include <cstring>

#include "ops.h"

namespace imref::shim {

using nlohmann::json;

const json& field(const json& obj, const char* name) {
  if (!obj.is_object() || !obj.contains(name))
    throw BadRequest{std::string("missing field: ") + name};
  return obj.at(name);
}

Bytes hex_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_string()) throw BadRequest{std::string("field must be a hex string: ") + name};
  auto bytes = from_hex(v.get_ref<const std::string&>());
  if (!bytes.ok()) throw BadRequest{std::string("field is not hex: ") + name};
  return std::move(bytes).value();
}

std::string string_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_string()) throw BadRequest{std::string("field must be a string: ") + name};
  return v.get<std::string>();
}

int64_t int_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_number_integer()) throw BadRequest{std::string("field must be an integer: ") + name};
  return v.get<int64_t>();
}

bool bool_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_boolean()) throw BadRequest{std::string("field must be true or false: ") + name};
  return v.get<bool>();
}

namespace {

json error_response(const json& id, std::string_view code, std::string_view detail) {
  return json{{"id", id}, {"ok", false}, {"error", code}, {"detail", detail}};
}

json error_response(const json& id, const Error& e) {
  return error_response(id, errc_name(e.code), e.detail);
}

const OpTable& op_table() {
  static const OpTable kOps = [] {
    OpTable ops;
    add_pair_ops(ops);
    add_world_ops(ops);
    add_registration_ops(ops);
    add_delivery_ops(ops);
    add_keychain_ops(ops);
    return ops;
  }();
  return kOps;
}

// FastParser reads the JSON a runner sends: objects, arrays, strings of
// printable ASCII without escapes, integers of up to 18 digits, true, false
// and null. For those it makes the value json::parse makes, at a fraction of
// its cost (most of a request is long hex strings, which json::parse reads a
// character at a time). Anything else -- an escape, another byte, a fraction
// or exponent, a duplicate key, deep nesting, trailing text, broken JSON --
// makes parse return false, and json::parse reads the line instead, so every
// line still gets json::parse's answer.
class FastParser {
 public:
  explicit FastParser(std::string_view text) : s_(text) {}

  bool parse(json& out) {
    if (!value(out, 0)) return false;
    skip_space();
    return i_ == s_.size();
  }

 private:
  static constexpr int kMaxDepth = 32;

  bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }

  bool value(json& out, int depth) {
    skip_space();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      std::string str;
      if (!string(str)) return false;
      out = std::move(str);
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    if (s_.substr(i_, 4) == "true") return literal(out, 4, true);
    if (s_.substr(i_, 5) == "false") return literal(out, 5, false);
    if (s_.substr(i_, 4) == "null") return literal(out, 4, nullptr);
    return false;
  }

  bool literal(json& out, size_t len, json v) {
    i_ += len;
    out = std::move(v);
    return true;
  }

  // printable: every byte is in 0x20..0x7e and none is a backslash. Eight
  // bytes at a time (hex strings are long): a word has a byte below n when
  // (w - n*ones) & ~w & highs is not 0, once no byte has its high bit set.
  static bool printable(std::string_view str) {
    constexpr uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
    auto has_below = [](uint64_t w, uint64_t n) { return (w - n * kOnes) & ~w & kHighs; };
    auto has_byte = [&](uint64_t w, uint64_t b) { return has_below(w ^ (b * kOnes), 1); };
    size_t k = 0;
    for (; k + 8 <= str.size(); k += 8) {
      uint64_t w;
      std::memcpy(&w, str.data() + k, 8);
      if ((w & kHighs) || has_below(w, 0x20) || has_byte(w, 0x7f) || has_byte(w, '\\'))
        return false;
    }
    for (; k < str.size(); ++k) {
      auto c = static_cast<unsigned char>(str[k]);
      if (c < 0x20 || c >= 0x7f || c == '\\') return false;
    }
    return true;
  }

  bool string(std::string& out) {
    size_t start = ++i_;
    size_t end = s_.find('"', start);
    if (end == std::string_view::npos) return false;
    if (!printable(s_.substr(start, end - start))) return false;
    out.assign(s_.substr(start, end - start));
    i_ = end + 1;
    return true;
  }

  bool number(json& out) {
    bool negative = at('-');
    if (negative) ++i_;
    size_t start = i_;
    uint64_t v = 0;
    for (; i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; ++i_)
      v = v * 10 + static_cast<uint64_t>(s_[i_] - '0');
    size_t digits = i_ - start;
    if (digits == 0 || digits > 18 || (digits > 1 && s_[start] == '0')) return false;
    if (at('.') || at('e') || at('E')) return false;
    if (negative) {
      if (v == 0) return false;  // -0
      out = -static_cast<int64_t>(v);
    } else {
      out = v;
    }
    return true;
  }

  bool object(json& out, int depth) {
    if (depth >= kMaxDepth) return false;
    ++i_;
    out = json::object();
    skip_space();
    if (at('}')) {
      ++i_;
      return true;
    }
    auto& members = out.get_ref<json::object_t&>();
    for (;;) {
      skip_space();
      std::string key;
      if (!at('"') || !string(key)) return false;
      skip_space();
      if (!at(':')) return false;
      ++i_;
      json v;
      if (!value(v, depth + 1)) return false;
      if (!members.emplace(std::move(key), std::move(v)).second) return false;  // duplicate
      skip_space();
      if (at(',')) {
        ++i_;
        continue;
      }
      if (!at('}')) return false;
      ++i_;
      return true;
    }
  }

  bool array(json& out, int depth) {
    if (depth >= kMaxDepth) return false;
    ++i_;
    out = json::array();
    skip_space();
    if (at(']')) {
      ++i_;
      return true;
    }
    auto& elements = out.get_ref<json::array_t&>();
    for (;;) {
      json v;
      if (!value(v, depth + 1)) return false;
      elements.push_back(std::move(v));
      skip_space();
      if (at(',')) {
        ++i_;
        continue;
      }
      if (!at(']')) return false;
      ++i_;
      return true;
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

bool KeyCache::ByteLess::operator()(ByteView a, ByteView b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

bool KeyCache::ByteLess::operator()(std::pair<ByteView, ByteView> a,
                                    std::pair<ByteView, ByteView> b) const {
  if ((*this)(a.first, b.first)) return true;
  if ((*this)(b.first, a.first)) return false;
  return (*this)(a.second, b.second);
}

Result<PublicIdentity> KeyCache::identity(const crypto::Provider& p, ByteView blob) {
  if (auto it = identities_.find(blob); it != identities_.end()) return it->second;
  IMREF_TRY(auto id, PublicIdentity::decode(p, blob));
  bound(identities_);
  identities_.emplace(Bytes(blob.begin(), blob.end()), id);
  return id;
}

// keys is sender and recipient: the keys made by |make| from a private key
// and the (cached) identity it must belong to, kept by both their bytes.
template <class Keys, class Make>
Result<Keys> KeyCache::keys(std::map<PrivateKey, Keys, ByteLess>& cache, const crypto::Provider& p,
                            ByteView secret, ByteView blob, Make make) {
  if (auto it = cache.find(std::pair{secret, blob}); it != cache.end()) return it->second;
  IMREF_TRY(auto id, identity(p, blob));
  IMREF_TRY(auto made, make(p, secret, id));
  bound(cache);
  cache.emplace(PrivateKey{to_secret(secret), Bytes(blob.begin(), blob.end())}, made);
  return made;
}

Result<SenderKeys> KeyCache::sender(const crypto::Provider& p, ByteView scalar, ByteView blob) {
  return keys(senders_, p, scalar, blob, make_sender_keys);
}

Result<RecipientKeys> KeyCache::recipient(const crypto::Provider& p, ByteView pkcs8,
                                          ByteView blob) {
  return keys(recipients_, p, pkcs8, blob, make_recipient_keys);
}

Shim::Shim(const crypto::Provider& provider)
    : provider_(provider), world_(std::make_unique<World>(provider, device_keys_)) {}

Shim::~Shim() = default;

const std::vector<std::string>& Shim::ops() const {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names = {"hello"};
    for (const auto& [name, op] : op_table()) names.push_back(name);
    return names;
  }();
  return kNames;
}

json Shim::handle(const json& request) {
  json id = nullptr;
  try {
    if (!request.is_object()) return error_response(id, "malformed_request", "not a JSON object");
    if (request.contains("id") && request["id"].is_number_integer()) id = request["id"];
    const json& op_json = field(request, "op");
    if (!request.contains("id") || !request["id"].is_number_integer())
      throw BadRequest{"missing or non-integer field: id"};
    if (!op_json.is_string()) throw BadRequest{"field op must be a string"};
    std::string op = op_json.get<std::string>();
    if (op == "hello") {
      std::string impl = "imref-shim 0.1.0 (" + std::string(provider_.name()) + ")";
      return json{{"id", id},
                  {"ok", true},
                  {"protocol", kProtocol},
                  {"implementation", impl},
                  {"ops", ops()}};
    }
    auto it = op_table().find(op);
    if (it == op_table().end()) return error_response(id, "unimplemented", "unknown op: " + op);
    Context ctx{provider_, request, cache_, world_};
    OpResult result = it->second(ctx);
    if (!result.ok()) return error_response(id, result.error());
    json response = std::move(result).value();
    response["id"] = id;
    response["ok"] = true;
    return response;
  } catch (const BadRequest& e) {
    return error_response(id, "malformed_request", e.detail);
  } catch (const json::exception& e) {
    return error_response(id, "malformed_request", e.what());
  }
}

std::string Shim::handle_line(std::string_view line) {
  json request;
  if (!FastParser(line).parse(request))
    request = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded())
    return error_response(nullptr, "malformed_request", "not valid JSON").dump();
  return handle(request).dump();
}

}  // namespace imref::shim
