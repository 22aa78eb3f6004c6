// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The layers under the message (docs/shim-protocol.md): MMCS attachment
// crypto (attachment.encrypt, attachment.decrypt) and the push envelope as
// bytes (envelope.encode, envelope.decode). Each op reads its JSON, makes one
// library call and writes the answer.
#include "imref/attachment.h"
#include "envelope_json.h"
#include "imref/envelope.h"
#include "ops.h"

namespace imref::shim {

namespace {

using nlohmann::json;

// attachment.encrypt {content, key?}: key is 32 bytes of hex; without it the
// world's Rng draws one.
OpResult op_attachment_encrypt(Context& ctx) {
  Bytes content = hex_field(ctx.request, "content");
  Result<attachment::MmcsObject> sealed =
      ctx.request.contains("key")
          ? attachment::seal(ctx.provider, hex_field(ctx.request, "key"), content)
          : attachment::seal_fresh(ctx.provider, ctx.world->rng, content);
  if (!sealed.ok()) return sealed.error();
  return json{{"ciphertext", to_hex(sealed->ciphertext)},
              {"decryption_key", to_hex(sealed->decryption_key)},
              {"signature", to_hex(sealed->signature)}};
}

OpResult op_attachment_decrypt(Context& ctx) {
  Bytes ciphertext = hex_field(ctx.request, "ciphertext");
  Bytes key = hex_field(ctx.request, "decryption_key");
  Bytes signature = hex_field(ctx.request, "signature");
  IMREF_TRY(SecretBytes content, attachment::unseal(ctx.provider, ciphertext, key, signature));
  return json{{"content", to_hex(content)}};
}

// The JSON form of an envelope: the wire keys as member names, data as hex,
// plus "form": "send" or "received".

std::optional<int64_t> opt_int(const json& o, const char* key) {
  if (!o.contains(key)) return std::nullopt;
  return int_field(o, key);
}
std::optional<std::string> opt_string(const json& o, const char* key) {
  if (!o.contains(key)) return std::nullopt;
  return string_field(o, key);
}
std::optional<Bytes> opt_hex(const json& o, const char* key) {
  if (!o.contains(key)) return std::nullopt;
  return hex_field(o, key);
}
std::optional<bool> opt_bool(const json& o, const char* key) {
  if (!o.contains(key)) return std::nullopt;
  return bool_field(o, key);
}

void reject_unknown(const json& o, std::initializer_list<const char*> known) {
  if (!o.is_object()) throw BadRequest{"envelope must be an object"};
  for (const auto& [k, v] : o.items()) {
    bool found = false;
    for (const char* n : known) found = found || k == n;
    if (!found) throw BadRequest{"unknown envelope member: " + k};
  }
}

envelope::Envelope envelope_from_json(const json& o) {
  std::string form = string_field(o, "form");
  if (form == "send") {
    reject_unknown(o, {"form", "c", "U", "sP", "i", "v", "ua", "fcn", "E", "dtl", "nr", "eX"});
    envelope::Send s;
    s.command = int_field(o, "c");
    s.uuid = hex_field(o, "U");
    s.sender = string_field(o, "sP");
    s.id = opt_int(o, "i");
    s.version = opt_int(o, "v");
    s.user_agent = opt_string(o, "ua");
    s.chunk = opt_int(o, "fcn");
    s.encryption = opt_string(o, "E");
    const json& dtl = field(o, "dtl");
    if (!dtl.is_array()) throw BadRequest{"field must be a list: dtl"};
    for (const json& e : dtl) {
      reject_unknown(e, {"tP", "t", "sT", "D", "P", "E"});
      s.targets.push_back({string_field(e, "tP"), hex_field(e, "t"), opt_hex(e, "sT"),
                           opt_bool(e, "D"), opt_hex(e, "P"), opt_string(e, "E")});
    }
    s.no_response = opt_bool(o, "nr");
    s.expiry = opt_int(o, "eX");
    return s;
  }
  if (form != "received") throw BadRequest{"envelope form must be send or received"};
  reject_unknown(o, {"form", "c", "U", "sP", "tP", "t", "E", "P", "e", "D", "nr", "eX", "oC"});
  envelope::Received r;
  r.command = int_field(o, "c");
  r.uuid = hex_field(o, "U");
  r.sender = string_field(o, "sP");
  r.target = string_field(o, "tP");
  r.sender_token = hex_field(o, "t");
  r.encryption = opt_string(o, "E");
  r.payload = opt_hex(o, "P");
  r.timestamp_ns = opt_int(o, "e");
  r.delivery_receipt = opt_bool(o, "D");
  r.no_response = opt_bool(o, "nr");
  r.expiry = opt_int(o, "eX");
  r.original_command = opt_int(o, "oC");
  return r;
}

OpResult op_envelope_encode(Context& ctx) {
  envelope::Envelope e = envelope_from_json(field(ctx.request, "envelope"));
  IMREF_TRY(Bytes bytes, envelope::encode(e));
  return json{{"bytes", to_hex(bytes)}};
}

OpResult op_envelope_decode(Context& ctx) {
  IMREF_TRY(envelope::Envelope e, envelope::decode(hex_field(ctx.request, "bytes")));
  return json{{"envelope", conformance::envelope_json(e)}};
}

}  // namespace

void add_wire_ops(OpTable& ops) {
  ops["attachment.encrypt"] = op_attachment_encrypt;
  ops["attachment.decrypt"] = op_attachment_decrypt;
  ops["envelope.encode"] = op_envelope_encode;
  ops["envelope.decode"] = op_envelope_decode;
}

}  // namespace imref::shim
