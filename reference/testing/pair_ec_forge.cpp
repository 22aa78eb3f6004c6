// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "pair_ec_forge.h"

#include <array>

namespace imref::forge {

namespace {

// n of P-256, big-endian.
constexpr std::array<uint8_t, 32> kN = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};

}  // namespace

Bytes inner_message(ByteView message, uint32_t counter) {
  pair_ec::Inner inner;
  inner.message.assign(message.begin(), message.end());
  inner.counter = counter;
  SecretBytes s = pair_ec::encode_inner(inner);
  return Bytes(s.begin(), s.end());
}

Bytes high_s_signature(ByteView raw) {
  Bytes out(raw.begin(), raw.end());
  int borrow = 0;
  for (size_t i = 32; i-- > 0;) {
    int d = int{kN[i]} - int{raw[32 + i]} - borrow;
    borrow = d < 0 ? 1 : 0;
    out[32 + i] = static_cast<uint8_t>(d + 256 * borrow);
  }
  return out;
}

Result<pair_ec::Outer> build_outer(const crypto::Provider& provider,
                                   const crypto::EcPrivateKey& sender, ByteView recipient_x,
                                   ByteView prekey_point, const EcRecipe& recipe) {
  IMREF_TRY(auto ephemeral, provider.ec_private_from_scalar(recipe.ephemeral_scalar));
  const Bytes eph_point = ephemeral->public_key().point();
  const ByteView eph_x = ByteView(eph_point).subspan(1, 32);
  const ByteView prekey_x = prekey_point.subspan(1, 32);
  IMREF_TRY(SecretBytes shared, ephemeral->ecdh(prekey_point));
  const ByteView label(reinterpret_cast<const uint8_t*>(pair_ec::kHkdfSalt.data()),
                       pair_ec::kHkdfSalt.size());
  IMREF_TRY(SecretBytes okm, recipe.salt_as_info
                                 ? provider.hkdf_sha256(shared, {}, label, pair_ec::kHkdfLen)
                                 : provider.hkdf_sha256(shared, label, {}, pair_ec::kHkdfLen));
  Bytes padded = recipe.inner;
  append(padded, recipe.fill);
  if (recipe.count) {
    append(padded, *recipe.count);
  } else {
    const uint32_t n = static_cast<uint32_t>(recipe.fill.size());
    for (int i = 0; i < 4; ++i) padded.push_back(static_cast<uint8_t>(n >> (8 * i)));
  }
  const ByteView okm_view(okm);
  pair_ec::Outer outer;
  if (recipe.ciphertext) {
    outer.ciphertext = *recipe.ciphertext;
  } else {
    IMREF_TRY(outer.ciphertext,
              pair_ec::aes256_ctr64(provider, okm_view.first(32), okm_view.subspan(32), padded));
  }
  const ByteView device_x =
      recipe.signed_device_x ? ByteView(*recipe.signed_device_x) : recipient_x;
  Bytes to_sign;
  append(to_sign, shared);
  append(to_sign, recipe.swap_signed_xs ? eph_x : prekey_x);
  append(to_sign, recipe.swap_signed_xs ? prekey_x : eph_x);
  append(to_sign, device_x);
  append(to_sign, outer.ciphertext);
  IMREF_TRY(
      outer.signature,
      sender.sign(crypto::Hash::sha256,
                  recipe.der_signature ? crypto::SigFormat::der : crypto::SigFormat::raw, to_sign));
  if (recipe.high_s && !recipe.der_signature) outer.signature = high_s_signature(outer.signature);
  outer.ephemeral.assign(eph_x.begin(), eph_x.end());
  const Bytes sender_point = sender.public_key().point();
  outer.validator = recipe.validator ? *recipe.validator
                                     : pair_ec::validator(ByteView(sender_point).subspan(1, 32),
                                                          recipient_x, prekey_x);
  return outer;
}

}  // namespace imref::forge
