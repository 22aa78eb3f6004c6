// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/identity.h"

#include <algorithm>
#include <array>

#include "imref/internal/defects.h"

namespace imref {

namespace {

// The v2 layout (docs/spec.md REQ-ID-1). Everything but the key bytes is fixed.
//   0  30 81 F6            SEQUENCE, length 246
//   3  81 43               [1], length 67
//   5  00 41               u16be 65
//   7  04 X Y              signing key (65)
//  72  82 81 AE            [2], length 174
//  75  00 AC               u16be 172
//  77  30 81 A9 02 81 A1 00  RSAPublicKey, INTEGER n (161 with leading 00)
//  84  n (160)
// 244  02 03 01 00 01      INTEGER e = 65537
constexpr std::array<uint8_t, 7> kPrefix = {0x30, 0x81, 0xF6, 0x81, 0x43, 0x00, 0x41};
constexpr std::array<uint8_t, 12> kMiddle = {0x82, 0x81, 0xAE, 0x00, 0xAC, 0x30,
                                             0x81, 0xA9, 0x02, 0x81, 0xA1, 0x00};
constexpr std::array<uint8_t, 5> kSuffix = {0x02, 0x03, 0x01, 0x00, 0x01};
constexpr size_t kSigningOffset = 7;
constexpr size_t kMiddleOffset = 72;
constexpr size_t kModulusOffset = 84;
constexpr size_t kSuffixOffset = 244;
constexpr uint8_t kExponent[] = {0x01, 0x00, 0x01};

bool matches(ByteView blob, size_t offset, ByteView expected) {
  return std::equal(expected.begin(), expected.end(), blob.begin() + offset);
}

Error malformed(std::string why) {
  return make_error(Errc::malformed_identity, std::move(why));
}

bool framed(ByteView blob) {
  return matches(blob, 0, kPrefix) && matches(blob, kMiddleOffset, kMiddle) &&
         matches(blob, kSuffixOffset, kSuffix);
}

}  // namespace

Result<PublicIdentity> PublicIdentity::decode(const crypto::Provider& provider, ByteView blob) {
  if (blob.size() != kIdentityBlobLen) return malformed("identity blob must be 249 bytes");
  if (defects::on(defects::Defect::identity_lenient_framing) && !framed(blob)) {
    // The keys read at their offsets; the bytes around them never looked at.
    return encode(provider, blob.subspan(kSigningOffset, crypto::kP256PointLen),
                  blob.subspan(kModulusOffset, kRsaModulusLen));
  }
  if (!matches(blob, 0, kPrefix)) return malformed("bad header or signing key length");
  if (!matches(blob, kMiddleOffset, kMiddle)) return malformed("bad RSA key header");
  if (!matches(blob, kSuffixOffset, kSuffix)) return malformed("RSA exponent must be 65537");
  ByteView modulus = blob.subspan(kModulusOffset, kRsaModulusLen);
  // INTEGER n carries one leading 00, so n must have its top bit set (exactly
  // 1280 bits); a real modulus is odd.
  if ((modulus[0] & 0x80) == 0) return malformed("RSA modulus is not 1280 bits");
  if ((modulus[kRsaModulusLen - 1] & 1) == 0) return malformed("RSA modulus is even");

  auto signing = provider.ec_public_from_point(blob.subspan(kSigningOffset, crypto::kP256PointLen));
  if (!signing.ok()) return malformed("signing key is not an uncompressed P-256 point");
  auto rsa = provider.rsa_public_from_components(modulus, kExponent);
  if (!rsa.ok()) return malformed("RSA key refused: " + rsa.error().detail);

  PublicIdentity id;
  id.blob_.assign(blob.begin(), blob.end());
  id.hash_ = defects::on(defects::Defect::identity_hash_whole_blob)
                 ? provider.sha256(id.blob_)
                 : provider.sha256(id.material());
  id.signing_key_ = std::move(signing).value();
  id.encryption_key_ = std::move(rsa).value();
  return id;
}

Result<PublicIdentity> PublicIdentity::encode(const crypto::Provider& provider,
                                              ByteView signing_public, ByteView rsa_modulus) {
  if (signing_public.size() != crypto::kP256PointLen)
    return malformed("signing key must be a 65-byte uncompressed point");
  if (defects::on(defects::Defect::identity_strip_leading_zero) &&
      rsa_modulus.size() == kRsaModulusLen + 1 && rsa_modulus[0] == 0)
    rsa_modulus = rsa_modulus.subspan(1);
  if (rsa_modulus.size() != kRsaModulusLen) return malformed("RSA modulus must be 160 bytes");
  Bytes blob;
  blob.reserve(kIdentityBlobLen);
  append(blob, kPrefix);
  append(blob, signing_public);
  append(blob, kMiddle);
  append(blob, rsa_modulus);
  append(blob, kSuffix);
  return decode(provider, blob);
}

Bytes PublicIdentity::material() const {
  Bytes m;
  m.reserve(kIdentityMaterialLen);
  m.insert(m.end(), blob_.begin() + 5, blob_.begin() + kMiddleOffset);
  m.insert(m.end(), blob_.begin() + 75, blob_.end());
  return m;
}

ByteView PublicIdentity::signing_public() const {
  return ByteView(blob_).subspan(kSigningOffset, crypto::kP256PointLen);
}

ByteView PublicIdentity::rsa_modulus() const {
  return ByteView(blob_).subspan(kModulusOffset, kRsaModulusLen);
}

}  // namespace imref
