// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The push envelope as a bplist00 dict, both forms (REQ-ENVELOPE-20..27).
// One table of rules serves both directions: a value encode refuses with
// invalid_argument is exactly one decode refuses with malformed_message.
#include "imref/envelope.h"

#include "imref/internal/defects.h"
#include "imref/names.h"

namespace imref::envelope {
namespace {

using defects::Defect;

// Fault is a broken rule, reported with the code of the direction.
struct Fault {
  std::string what;
};

Error refuse(Errc code, const Fault& f) {
  return make_error(code, f.what);
}

// ---------------------------------------------------------------------------
// The rules, shared by both directions.

std::optional<Fault> check_uuid(const Bytes& u) {
  if (u.size() != kUuidLen) return Fault{"U is not 16 bytes"};
  return std::nullopt;
}

std::optional<Fault> check_handle(const std::string& h, const char* key) {
  if (!is_handle_uri(h)) return Fault{std::string(key) + " is not a tel: or mailto: URI"};
  return std::nullopt;
}

std::optional<Fault> check_token(const Bytes& t, const char* key) {
  if (t.size() != kTokenLen) return Fault{std::string(key) + " is not a 32-byte push token"};
  return std::nullopt;
}

std::optional<Fault> check_command(int64_t c) {
  if (c < 0 || c > 0xFFFF) return Fault{"c out of range"};
  return std::nullopt;
}

std::optional<Fault> check_encryption(const std::optional<std::string>& e) {
  if (e && e->empty()) return Fault{"E is empty"};
  return std::nullopt;
}

std::optional<Fault> check_payload(const std::optional<Bytes>& p, bool has_encryption) {
  if (p && p->empty()) return Fault{"P is empty"};
  if (p && !has_encryption) return Fault{"P without E"};
  return std::nullopt;
}

std::optional<Fault> check(const Send& s) {
  if (auto f = check_command(s.command)) return f;
  if (auto f = check_uuid(s.uuid)) return f;
  if (auto f = check_handle(s.sender, "sP")) return f;
  if (s.id && (*s.id < 0 || *s.id > 0xFFFFFFFF)) return Fault{"i is not a 32-bit id"};
  if (s.chunk && *s.chunk < 1) return Fault{"fcn below 1"};
  if (auto f = check_encryption(s.encryption)) return f;
  if (s.targets.empty()) return Fault{"dtl is empty"};
  for (const Target& t : s.targets) {
    if (auto f = check_handle(t.handle, "dtl tP")) return f;
    if (auto f = check_token(t.token, "dtl t")) return f;
    if (t.session_token && t.session_token->empty()) return Fault{"dtl sT is empty"};
    if (auto f = check_encryption(t.encryption)) return f;
    if (auto f = check_payload(t.payload, t.encryption || s.encryption)) return f;
  }
  return std::nullopt;
}

std::optional<Fault> check(const Received& r) {
  if (auto f = check_command(r.command)) return f;
  if (auto f = check_uuid(r.uuid)) return f;
  if (auto f = check_handle(r.sender, "sP")) return f;
  if (auto f = check_handle(r.target, "tP")) return f;
  if (auto f = check_token(r.sender_token, "t")) return f;
  if (auto f = check_encryption(r.encryption)) return f;
  if (auto f = check_payload(r.payload, r.encryption.has_value())) return f;
  if (r.timestamp_ns && *r.timestamp_ns < 0) return Fault{"e is negative"};
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Writing.

template <typename T>
void put(plist::Dict& d, const char* key, const std::optional<T>& v) {
  if (v) d.emplace_back(key, plist::Value(*v));
}

void put_token(plist::Dict& d, const Bytes& token) {
  if (!defects::on(Defect::envelope_token_dropped)) d.emplace_back("t", token);
}

plist::Dict send_dict(const Send& s) {
  plist::Dict d;
  d.emplace_back("c", s.command);
  d.emplace_back("U", s.uuid);
  d.emplace_back("sP", s.sender);
  put(d, "i", s.id);
  put(d, "v", s.version);
  put(d, "ua", s.user_agent);
  put(d, "fcn", s.chunk);
  put(d, "E", s.encryption);
  plist::Array dtl;
  for (const Target& t : s.targets) {
    plist::Dict e;
    e.emplace_back("tP", t.handle);
    put_token(e, t.token);
    put(e, "sT", t.session_token);
    put(e, "D", t.delivery_receipt);
    put(e, "P", t.payload);
    put(e, "E", t.encryption);
    dtl.emplace_back(std::move(e));
  }
  d.emplace_back("dtl", std::move(dtl));
  put(d, "nr", s.no_response);
  put(d, "eX", s.expiry);
  return d;
}

plist::Dict received_dict(const Received& r) {
  plist::Dict d;
  d.emplace_back("c", r.command);
  d.emplace_back("U", r.uuid);
  d.emplace_back("sP", r.sender);
  d.emplace_back("tP", r.target);
  put_token(d, r.sender_token);
  put(d, "E", r.encryption);
  put(d, "P", r.payload);
  put(d, "e", r.timestamp_ns);
  put(d, "D", r.delivery_receipt);
  put(d, "nr", r.no_response);
  put(d, "eX", r.expiry);
  put(d, "oC", r.original_command);
  return d;
}

// ---------------------------------------------------------------------------
// Reading: each getter leaves its output alone when the key is absent.

class Fields {
 public:
  explicit Fields(const plist::Dict& d) : d_(d) {}

  std::optional<Fault> integer(const char* key, std::optional<int64_t>& out) const {
    const plist::Value* v = plist::find(d_, key);
    if (!v) return std::nullopt;
    auto i = plist::as_int(*v);
    if (!i) return Fault{std::string(key) + " is not an integer"};
    out = *i;
    return std::nullopt;
  }
  std::optional<Fault> string(const char* key, std::optional<std::string>& out) const {
    const plist::Value* v = plist::find(d_, key);
    if (!v) return std::nullopt;
    auto* s = std::get_if<std::string>(&v->v);
    if (!s) return Fault{std::string(key) + " is not a string"};
    out = *s;
    return std::nullopt;
  }
  std::optional<Fault> data(const char* key, std::optional<Bytes>& out) const {
    const plist::Value* v = plist::find(d_, key);
    if (!v) return std::nullopt;
    auto* b = std::get_if<Bytes>(&v->v);
    if (!b) return Fault{std::string(key) + " is not data"};
    out = *b;
    return std::nullopt;
  }
  std::optional<Fault> boolean(const char* key, std::optional<bool>& out) const {
    const plist::Value* v = plist::find(d_, key);
    if (!v) return std::nullopt;
    auto* b = std::get_if<bool>(&v->v);
    if (!b) return Fault{std::string(key) + " is not a boolean"};
    out = *b;
    return std::nullopt;
  }
  // flag reads nr: a boolean, or the integer 0 or 1 some clients write.
  std::optional<Fault> flag(const char* key, std::optional<bool>& out) const {
    const plist::Value* v = plist::find(d_, key);
    if (!v) return std::nullopt;
    if (auto* b = std::get_if<bool>(&v->v)) {
      out = *b;
      return std::nullopt;
    }
    auto i = plist::as_int(*v);
    if (!i || (*i != 0 && *i != 1)) return Fault{std::string(key) + " is not a boolean"};
    out = *i == 1;
    return std::nullopt;
  }
  template <typename T>
  std::optional<Fault> required(const char* key, T& out,
                                std::optional<Fault> (Fields::*get)(const char*, std::optional<T>&)
                                    const) const {
    std::optional<T> v;
    if (auto f = (this->*get)(key, v)) return f;
    if (!v) return Fault{std::string("no ") + key};
    out = std::move(*v);
    return std::nullopt;
  }

 private:
  const plist::Dict& d_;
};

#define IMREF_FAULT(expr) \
  if (auto f_ = (expr)) return refuse(Errc::malformed_message, *f_)

Result<Send> read_send(const plist::Dict& d) {
  Fields f(d);
  Send s;
  IMREF_FAULT(f.required("c", s.command, &Fields::integer));
  IMREF_FAULT(f.required("U", s.uuid, &Fields::data));
  IMREF_FAULT(f.required("sP", s.sender, &Fields::string));
  IMREF_FAULT(f.integer("i", s.id));
  IMREF_FAULT(f.integer("v", s.version));
  IMREF_FAULT(f.string("ua", s.user_agent));
  IMREF_FAULT(f.integer("fcn", s.chunk));
  IMREF_FAULT(f.string("E", s.encryption));
  IMREF_FAULT(f.flag("nr", s.no_response));
  IMREF_FAULT(f.integer("eX", s.expiry));
  const auto* dtl = std::get_if<plist::Array>(&plist::find(d, "dtl")->v);
  if (!dtl) return refuse(Errc::malformed_message, Fault{"dtl is not an array"});
  for (const plist::Value& entry : *dtl) {
    const auto* e = std::get_if<plist::Dict>(&entry.v);
    if (!e) return refuse(Errc::malformed_message, Fault{"dtl entry is not a dict"});
    Fields g(*e);
    Target t;
    IMREF_FAULT(g.required("tP", t.handle, &Fields::string));
    IMREF_FAULT(g.required("t", t.token, &Fields::data));
    IMREF_FAULT(g.data("sT", t.session_token));
    IMREF_FAULT(g.boolean("D", t.delivery_receipt));
    IMREF_FAULT(g.data("P", t.payload));
    IMREF_FAULT(g.string("E", t.encryption));
    s.targets.push_back(std::move(t));
  }
  IMREF_FAULT(check(s));
  return s;
}

Result<Received> read_received(const plist::Dict& d) {
  Fields f(d);
  Received r;
  IMREF_FAULT(f.required("c", r.command, &Fields::integer));
  IMREF_FAULT(f.required("U", r.uuid, &Fields::data));
  IMREF_FAULT(f.required("sP", r.sender, &Fields::string));
  IMREF_FAULT(f.required("tP", r.target, &Fields::string));
  IMREF_FAULT(f.required("t", r.sender_token, &Fields::data));
  IMREF_FAULT(f.string("E", r.encryption));
  IMREF_FAULT(f.data("P", r.payload));
  IMREF_FAULT(f.integer("e", r.timestamp_ns));
  IMREF_FAULT(f.boolean("D", r.delivery_receipt));
  IMREF_FAULT(f.flag("nr", r.no_response));
  IMREF_FAULT(f.integer("eX", r.expiry));
  IMREF_FAULT(f.integer("oC", r.original_command));
  IMREF_FAULT(check(r));
  return r;
}

#undef IMREF_FAULT

}  // namespace

bool is_handle_uri(std::string_view text) {
  bool phone;
  if (text.starts_with("tel:")) {
    phone = true;
    text.remove_prefix(4);
  } else if (text.starts_with("mailto:")) {
    phone = false;
    text.remove_prefix(7);
  } else {
    return false;
  }
  auto h = Handle::parse(text);
  return h.ok() && h->is_phone() == phone;
}

Result<plist::Dict> to_plist(const Envelope& envelope) {
  if (const Send* s = std::get_if<Send>(&envelope)) {
    if (auto f = check(*s)) return refuse(Errc::invalid_argument, *f);
    return send_dict(*s);
  }
  const Received& r = std::get<Received>(envelope);
  if (auto f = check(r)) return refuse(Errc::invalid_argument, *f);
  return received_dict(r);
}

Result<Bytes> encode(const Envelope& envelope) {
  IMREF_TRY(plist::Dict d, to_plist(envelope));
  return plist::encode(plist::Value(std::move(d)));
}

Result<Envelope> from_plist(const plist::Value& value) {
  const auto* d = std::get_if<plist::Dict>(&value.v);
  if (!d) return make_error(Errc::malformed_message, "envelope is not a dict");
  auto wrap = [](auto r) -> Result<Envelope> {
    if (!r.ok()) return r.error();
    return Envelope(std::move(r).value());
  };
  if (plist::find(*d, "dtl")) return wrap(read_send(*d));
  return wrap(read_received(*d));
}

Result<Envelope> decode(ByteView bytes) {
  IMREF_TRY(plist::Value v, plist::decode(bytes));
  return from_plist(v);
}

Result<Received> decode_received(ByteView bytes) {
  IMREF_TRY(Envelope e, decode(bytes));
  if (Received* r = std::get_if<Received>(&e)) return std::move(*r);
  return make_error(Errc::malformed_message, "a send-form envelope where a received one belongs");
}

}  // namespace imref::envelope
