// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// shim_request: imref::shim::Shim::handle_line on arbitrary bytes, with a
// shim over each backend (docs/shim-protocol.md). The input is up to 16
// request lines, sent to both shims after a `reset`, so each input is one
// short history of the world (registration, delivery, keychain ops) and
// depends on nothing before it.
//   - handle_line never throws and answers one line: a JSON object with "id"
//     (the request's integer id, else null) and a boolean "ok";
//   - a failure carries an "error" from the set the op documents (plus
//     malformed_request; unimplemented for an unknown op) and a "detail";
//   - a success carries the op's fields, of the documented sizes;
//   - both backends answer alike: same ok and error, and for the ops with no
//     randomness (hello aside from its name, identity.*, pair.open,
//     keychain.*) the same fields.
// device.generate is skipped: a fresh RSA key from the system RNG takes a
// tenth of a second and reads no input. The shims' key caches hold only keys
// parsed from bytes, and the world is reset before every input.
#include <nlohmann/json.hpp>
#include <set>

#include "common.h"
#include "shim.h"

namespace imref::fuzz {

namespace {

using nlohmann::json;

// op_errors is every op the shim serves with the errors docs/shim-protocol.md
// documents for it.
const std::map<std::string, std::set<std::string>>& op_errors() {
  static const std::map<std::string, std::set<std::string>> kErrors = {
      {"hello", {}},
      {"identity.encode", {"malformed_identity"}},
      {"identity.decode", {"malformed_identity"}},
      {"pair.seal", {"malformed_identity", "malformed_key", "too_large", "invalid_argument"}},
      {"pair.open",
       {"malformed_payload", "bad_signature", "decrypt_failed", "malformed_identity",
        "malformed_key"}},
      {"keychain.seal", {"invalid_argument", "too_large"}},
      {"keychain.open", {"store_corrupt", "bad_passcode", "invalid_argument"}},
      {"reset", {}},
      {"clock.advance", {"invalid_argument"}},
      {"account.create", {"invalid_argument", "duplicate"}},
      {"device.add", {"duplicate", "unknown_account", "too_large", "invalid_argument"}},
      {"device.registration_request", {"not_found", "locked", "invalid_argument"}},
      {"dir.register",
       {"too_large", "unknown_account", "malformed_identity", "malformed_key", "bad_signature",
        "replayed_request", "duplicate"}},
      {"email.add", {"invalid_handle", "unknown_account", "duplicate"}},
      {"email.read", {}},
      {"email.confirm", {"unknown_account", "bad_token", "duplicate"}},
      {"carrier.create", {"duplicate", "invalid_argument"}},
      {"carrier.issue_sim", {"not_found"}},
      {"phone.add",
       {"invalid_handle", "unknown_account", "consent_required", "not_attested", "duplicate",
        "not_found"}},
      {"dir.lookup", {"invalid_handle", "unknown_handle"}},
      {"device.remove", {"unknown_account", "not_found"}},
      {"handle.remove", {"unknown_account", "unknown_handle"}},
      {"device.connect", {"not_found"}},
      {"device.disconnect", {"not_found"}},
      {"alerts.read", {"not_found"}},
      {"device.reboot", {"not_found"}},
      {"device.lock", {"not_found"}},
      {"device.unlock", {"not_found", "bad_passcode", "invalid_argument"}},
      {"device.state", {"not_found"}},
      {"send",
       {"invalid_handle", "unknown_handle", "invalid_argument", "too_large", "not_found",
        "locked"}},
      {"receive", {"not_found", "locked"}},
      {"relay.state", {}},
      {"relay.configure", {"invalid_argument"}},
      {"relay.replay", {"not_found"}},
      {"relay.reorder", {"not_found"}},
      {"relay.rewrite", {"not_found", "malformed_message"}},
      {"blob.list", {}},
      {"blob.tamper", {"not_found", "invalid_argument"}},
      {"blob.remove", {"not_found"}},
  };
  return kErrors;
}

// The ops whose answers hold no randomness, so both backends must give the
// same fields.
bool deterministic(const std::string& op) {
  static const std::set<std::string> kOps = {"hello",     "identity.encode", "identity.decode",
                                             "pair.open", "keychain.seal",   "keychain.open"};
  return kOps.count(op) > 0;
}

bool is_hex_of(const json& v, size_t bytes) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  auto b = from_hex(s);
  return b.ok() && (bytes == SIZE_MAX || b->size() == bytes) &&
         std::none_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'F'; });
}

void check_success(const std::string& op, const json& r) {
  if (op == "hello") {
    IMREF_FUZZ_ASSERT(r.value("protocol", "") == "imref-shim/1", "hello: wrong protocol");
    IMREF_FUZZ_ASSERT(r.contains("ops") && r["ops"].is_array(), "hello: no ops list");
  } else if (op == "identity.decode") {
    IMREF_FUZZ_ASSERT(is_hex_of(r["signing_public"], 65) && is_hex_of(r["rsa_modulus"], 160) &&
                          r["rsa_exponent"] == "010001" && is_hex_of(r["identity_hash"], 32),
                      "identity.decode: fields missing or of the wrong size");
  } else if (op == "identity.encode") {
    IMREF_FUZZ_ASSERT(is_hex_of(r["identity"], kIdentityBlobLen),
                      "identity.encode: identity missing or not 249 bytes");
  } else if (op == "pair.seal") {
    IMREF_FUZZ_ASSERT(is_hex_of(r["payload"], SIZE_MAX), "pair.seal: payload missing");
  } else if (op == "pair.open") {
    IMREF_FUZZ_ASSERT(is_hex_of(r["plaintext"], SIZE_MAX), "pair.open: plaintext missing");
  } else if (op == "device.add") {
    IMREF_FUZZ_ASSERT(is_hex_of(r["push_token"], 32) &&
                          is_hex_of(r["identity"], kIdentityBlobLen) &&
                          is_hex_of(r["encryption_public"], 65),
                      "device.add: fields missing or of the wrong size");
  } else if (op == "dir.lookup") {
    IMREF_FUZZ_ASSERT(r.contains("devices") && r["devices"].is_array(), "dir.lookup: no devices");
    for (const auto& d : r["devices"])
      IMREF_FUZZ_ASSERT(d.size() == 3 && is_hex_of(d["push_token"], 32), "dir.lookup: bad device");
  } else if (op_errors().count(op) == 0) {
    fail(__FILE__, __LINE__, "success for an op the shim does not serve: " + op);
  }
}

// check_response holds one answer line to the protocol; returns it parsed.
json check_response(const std::string& line, const json& request) {
  IMREF_FUZZ_ASSERT(line.find('\n') == std::string::npos, "response is more than one line");
  json r = json::parse(line, nullptr, false);
  IMREF_FUZZ_ASSERT(!r.is_discarded() && r.is_object(), "response is not a JSON object: " + line);
  IMREF_FUZZ_ASSERT(r.contains("id") && r.contains("ok") && r["ok"].is_boolean(),
                    "response lacks id or ok: " + line);
  const bool is_object = request.is_object();
  json want_id = nullptr;
  if (is_object && request.contains("id") && request["id"].is_number_integer())
    want_id = request["id"];
  IMREF_FUZZ_ASSERT(r["id"] == want_id, "response id is not the request's: " + line);

  std::string op;
  bool op_is_string = false, op_known = false;
  if (is_object && request.contains("op") && request["op"].is_string()) {
    op = request["op"].get<std::string>();
    op_is_string = true;
    op_known = op_errors().count(op) > 0;
  }
  if (r["ok"].get<bool>()) {
    IMREF_FUZZ_ASSERT(op_known && !want_id.is_null(), "success for a malformed request: " + line);
    check_success(op, r);
    return r;
  }
  IMREF_FUZZ_ASSERT(r.contains("error") && r["error"].is_string() && r.contains("detail") &&
                        r["detail"].is_string(),
                    "error response lacks error or detail: " + line);
  const std::string error = r["error"].get<std::string>();
  if (error == "malformed_request") return r;
  if (error == "unimplemented") {
    IMREF_FUZZ_ASSERT(op_is_string && !op_known, "unimplemented for a served op: " + line);
    return r;
  }
  IMREF_FUZZ_ASSERT(op_known && op_errors().at(op).count(error),
                    "error " + error + " is not documented for op " + op);
  return r;
}

constexpr size_t kMaxLines = 16;

// one_line sends |line| to both shims and holds the answers to the protocol
// and to each other.
void one_line(shim::Shim& ossl, shim::Shim& bot, std::string_view line) {
  const json request = json::parse(line, nullptr, false);
  if (request.is_object()) {
    auto op = request.find("op");
    if (op != request.end() && *op == "device.generate") return;
  }
  const json o = check_response(ossl.handle_line(line), request);
  const json b = check_response(bot.handle_line(line), request);
  IMREF_FUZZ_ASSERT(o["ok"] == b["ok"] && o.value("error", "") == b.value("error", ""),
                    "backends answer differently: openssl " + o.dump() + ", botan " + b.dump());
  if (!o["ok"].get<bool>()) return;
  if (!deterministic(request["op"].get<std::string>())) return;  // random fields
  json fo = o, fb = b;
  fo.erase("implementation");
  fb.erase("implementation");
  IMREF_FUZZ_ASSERT(fo == fb,
                    "backends answer differently: openssl " + o.dump() + ", botan " + b.dump());
}

}  // namespace

void fuzz(ByteView input) {
  static shim::Shim ossl(openssl());
  static shim::Shim bot(botan());
  for (auto* s : {&ossl, &bot}) s->handle_line(R"({"id":0,"op":"reset"})");
  std::string_view rest(reinterpret_cast<const char*>(input.data()), input.size());
  for (size_t n = 0; n < kMaxLines; ++n) {
    const size_t end = rest.find('\n');
    one_line(ossl, bot, rest.substr(0, end));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
}

}  // namespace imref::fuzz
