// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Ops of pair-ec (docs/shim-protocol.md): compact keys, signed prekey
// records, seal and open. Keys come from the shim's KeyCache: parsed once.
#include <cmath>

#include "imref/pair_ec.h"
#include "ops.h"

namespace imref::shim {

namespace {

using nlohmann::json;

double number_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_number()) throw BadRequest{std::string("field must be a number: ") + name};
  return v.get<double>();
}

OpResult op_key_compact(Context& ctx) {
  IMREF_TRY(Bytes x, pair_ec::compact(ctx.provider, hex_field(ctx.request, "public")));
  return json{{"x", to_hex(x)}};
}

OpResult op_key_expand(Context& ctx) {
  IMREF_TRY(Bytes point, pair_ec::expand(ctx.provider, hex_field(ctx.request, "x")));
  return json{{"public", to_hex(point)}};
}

OpResult op_prekey_sign(Context& ctx) {
  const Bytes ngm = hex_field(ctx.request, "ngm_signing_private");
  const Bytes prekey = hex_field(ctx.request, "prekey_private");
  const double timestamp = number_field(ctx.request, "timestamp");
  IMREF_TRY(auto device, ctx.cache.ec_private(ctx.provider, ngm, true));
  IMREF_TRY(auto pre, ctx.cache.ec_private(ctx.provider, prekey, false));
  IMREF_TRY(Bytes record, pair_ec::sign_prekey(ctx.provider, *device, *pre, timestamp));
  return json{{"record", to_hex(record)}};
}

OpResult op_prekey_verify(Context& ctx) {
  const Bytes ngm_public = hex_field(ctx.request, "ngm_public");
  const Bytes record = hex_field(ctx.request, "record");
  std::optional<int64_t> now;
  if (ctx.request.contains("now")) now = int_field(ctx.request, "now");
  IMREF_TRY(auto device, ctx.cache.compact_public(ctx.provider, ngm_public));
  IMREF_TRY(auto verified, pair_ec::verify_prekey(ctx.provider, device, record, now));
  return json{{"prekey", to_hex(verified.prekey.x())}, {"timestamp", verified.timestamp}};
}

// pair-ec.seal reads the whole request, then judges it in this order: the
// sender's key, the recipient's key, its prekey record, the counter, then
// seal's own refusals (the size, the ephemeral).
OpResult op_pair_ec_seal(Context& ctx) {
  const json& sender = field(ctx.request, "sender");
  const json& recipient = field(ctx.request, "recipient");
  const Bytes ngm_private = hex_field(sender, "ngm_signing_private");
  const Bytes ngm_public = hex_field(recipient, "ngm_public");
  const Bytes record = hex_field(recipient, "prekey_record");
  const Bytes message = hex_field(ctx.request, "message");
  const int64_t counter = int_field(ctx.request, "counter");
  std::optional<Bytes> ephemeral, fill;
  if (ctx.request.contains("ephemeral_private"))
    ephemeral = hex_field(ctx.request, "ephemeral_private");
  if (ctx.request.contains("fill")) fill = hex_field(ctx.request, "fill");

  IMREF_TRY(auto signing, ctx.cache.ec_private(ctx.provider, ngm_private, true));
  IMREF_TRY(auto device, ctx.cache.compact_public(ctx.provider, ngm_public));
  IMREF_TRY(auto prekey, pair_ec::verify_prekey(ctx.provider, device, record));
  if (counter < 0 || counter > int64_t{UINT32_MAX})
    return make_error(Errc::invalid_argument, "counter must be 0..2^32-1");
  pair_ec::SealOptions options;
  if (ephemeral) options.ephemeral_scalar = ByteView(*ephemeral);
  if (fill) options.fill = ByteView(*fill);
  crypto::SystemRng rng;
  IMREF_TRY(Bytes payload, pair_ec::seal(ctx.provider, rng, *signing, device, prekey, message,
                                         static_cast<uint32_t>(counter), options));
  return json{{"payload", to_hex(payload)}};
}

OpResult op_pair_ec_open(Context& ctx) {
  const json& recipient = field(ctx.request, "recipient");
  const Bytes ngm_private = hex_field(recipient, "ngm_signing_private");
  const json& prekeys_json = field(recipient, "prekeys");
  if (!prekeys_json.is_array()) throw BadRequest{"field must be an array: prekeys"};
  std::vector<Bytes> prekey_scalars;
  for (const json& p : prekeys_json) {
    if (!p.is_string()) throw BadRequest{"prekeys must be hex strings"};
    auto bytes = from_hex(p.get_ref<const std::string&>());
    if (!bytes.ok()) throw BadRequest{"prekeys must be hex strings"};
    prekey_scalars.push_back(std::move(bytes).value());
  }
  const Bytes sender_public = hex_field(ctx.request, "sender_ngm_public");
  const Bytes payload = hex_field(ctx.request, "payload");

  IMREF_TRY(auto signing, ctx.cache.ec_private(ctx.provider, ngm_private, true));
  std::vector<std::shared_ptr<const crypto::EcPrivateKey>> prekeys;
  std::vector<const crypto::EcPrivateKey*> views;
  for (const Bytes& scalar : prekey_scalars) {
    IMREF_TRY(auto key, ctx.cache.ec_private(ctx.provider, scalar, false));
    views.push_back(key.get());
    prekeys.push_back(std::move(key));
  }
  IMREF_TRY(auto sender, ctx.cache.compact_public(ctx.provider, sender_public));
  IMREF_TRY(auto opened, pair_ec::open(ctx.provider, *signing, views, sender, payload));
  return json{{"message", to_hex(opened.message)}, {"counter", opened.counter}};
}

}  // namespace

void add_pair_ec_ops(OpTable& ops) {
  ops.emplace("key.compact", op_key_compact);
  ops.emplace("key.expand", op_key_expand);
  ops.emplace("prekey.sign", op_prekey_sign);
  ops.emplace("prekey.verify", op_prekey_verify);
  ops.emplace("pair-ec.seal", op_pair_ec_seal);
  ops.emplace("pair-ec.open", op_pair_ec_open);
}

}  // namespace imref::shim
