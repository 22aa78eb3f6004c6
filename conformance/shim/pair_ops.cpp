// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Ops of the reference core: device keys, the identity blob, pair seal/open.
#include "imref/device_keys.h"
#include "imref/identity.h"
#include "imref/pair.h"
#include "ops.h"

namespace imref::shim {

namespace {

using nlohmann::json;

OpResult op_device_generate(Context& ctx) {
  crypto::SystemRng rng;
  IMREF_TRY(auto keys, DeviceKeys::generate(ctx.provider, rng));
  IMREF_TRY(auto pkcs8, keys.rsa_pkcs8());
  const Bytes& identity = keys.identity().blob();
  return json{{"device",
               {{"rsa_private", to_hex(pkcs8)},
                {"signing_private", to_hex(keys.signing_scalar())},
                {"encryption_private", to_hex(keys.encryption_scalar())},
                {"identity", to_hex(identity)},
                {"encryption_public", to_hex(keys.encryption_public())},
                {"ngm_signing_private", to_hex(keys.ngm_signing_scalar())},
                {"ngm_public", to_hex(keys.ngm_public())}}}};
}

OpResult op_identity_encode(Context& ctx) {
  IMREF_TRY(auto id, PublicIdentity::encode(ctx.provider, hex_field(ctx.request, "signing_public"),
                                            hex_field(ctx.request, "rsa_modulus")));
  return json{{"identity", to_hex(id.blob())}};
}

OpResult op_identity_decode(Context& ctx) {
  IMREF_TRY(auto id, ctx.cache.identity(ctx.provider, hex_field(ctx.request, "identity")));
  return json{{"signing_public", to_hex(id.signing_public())},
              {"rsa_modulus", to_hex(id.rsa_modulus())},
              {"rsa_exponent", to_hex(id.encryption_key().exponent())},
              {"identity_hash", to_hex(id.hash())}};
}

// pair.seal reads the whole request, then judges it in the order of
// REQ-PAIR-19: the sender's identity and key, the recipient's identity, then
// seal's own refusals (the size, then the seed).
OpResult op_pair_seal(Context& ctx) {
  const json& sender = field(ctx.request, "sender");
  const Bytes signing_private = hex_field(sender, "signing_private");
  const Bytes sender_identity = hex_field(sender, "identity");
  const Bytes recipient_identity = hex_field(ctx.request, "recipient_identity");
  const Bytes plaintext = hex_field(ctx.request, "plaintext");
  std::optional<Bytes> seed;
  if (ctx.request.contains("seed")) seed = hex_field(ctx.request, "seed");
  IMREF_TRY(auto keys, ctx.cache.sender(ctx.provider, signing_private, sender_identity));
  IMREF_TRY(auto recipient, ctx.cache.identity(ctx.provider, recipient_identity));
  crypto::SystemRng rng;
  std::optional<ByteView> seed_view;
  if (seed) seed_view = ByteView(*seed);
  IMREF_TRY(auto payload, pair::seal(ctx.provider, rng, keys, recipient, plaintext, seed_view));
  return json{{"payload", to_hex(payload)}};
}

OpResult op_pair_open(Context& ctx) {
  const json& recipient = field(ctx.request, "recipient");
  IMREF_TRY(auto keys, ctx.cache.recipient(ctx.provider, hex_field(recipient, "rsa_private"),
                                           hex_field(recipient, "identity")));
  IMREF_TRY(auto sender,
            ctx.cache.identity(ctx.provider, hex_field(ctx.request, "sender_identity")));
  IMREF_TRY(auto plaintext,
            pair::open(ctx.provider, keys, sender, hex_field(ctx.request, "payload")));
  return json{{"plaintext", to_hex(plaintext)}};
}

}  // namespace

void add_pair_ops(OpTable& ops) {
  ops.emplace("device.generate", op_device_generate);
  ops.emplace("identity.encode", op_identity_encode);
  ops.emplace("identity.decode", op_identity_decode);
  ops.emplace("pair.seal", op_pair_seal);
  ops.emplace("pair.open", op_pair_open);
}

}  // namespace imref::shim
