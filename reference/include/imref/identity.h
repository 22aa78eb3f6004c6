// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The v2 public identity blob ("public-message-identity-key", 249 bytes):
// a device's ECDSA P-256 signing key and RSA-1280 encryption key, in the
// DER-shaped layout deployed clients exchange (docs/spec.md, REQ-ID-*).
#pragma once

#include <memory>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/result.h"

namespace imref {

inline constexpr size_t kIdentityBlobLen = 249;
inline constexpr size_t kIdentityMaterialLen = 241;
inline constexpr size_t kIdentityHashLen = 32;
inline constexpr size_t kRsaModulusLen = 160;  // 1280 bits
inline constexpr size_t kRsaBits = 1280;

// PublicIdentity is a decoded v2 identity blob. It is valid by construction:
// the only ways to make one check every byte of the layout, that the signing
// key is a point on P-256 and that the modulus has exactly 1280 bits. The
// parsed keys and the identity hash are computed once, here.
class PublicIdentity {
 public:
  // decode parses |blob| strictly. Any deviation is Errc::malformed_identity.
  static Result<PublicIdentity> decode(const crypto::Provider& provider, ByteView blob);
  // encode builds the blob from a 65-byte uncompressed signing point and a
  // 160-byte modulus (no leading zero; e is always 65537). Bad keys are
  // Errc::malformed_identity.
  static Result<PublicIdentity> encode(const crypto::Provider& provider, ByteView signing_public,
                                       ByteView rsa_modulus);

  // blob returns the 249 encoded bytes.
  const Bytes& blob() const { return blob_; }
  // material returns M = blob[5:72] ‖ blob[75:249] (241 bytes), the bytes
  // the identity hash covers.
  Bytes material() const;
  // hash returns SHA-256(material()): H(identity) in the pair tag.
  const Bytes& hash() const { return hash_; }
  ByteView signing_public() const;  // 65 bytes: 04 ‖ X ‖ Y
  ByteView rsa_modulus() const;     // 160 bytes

  const crypto::EcPublicKey& signing_key() const { return *signing_key_; }
  const crypto::RsaPublicKey& encryption_key() const { return *encryption_key_; }

  bool operator==(const PublicIdentity& other) const { return blob_ == other.blob_; }

 private:
  PublicIdentity() = default;
  Bytes blob_;
  Bytes hash_;
  std::shared_ptr<const crypto::EcPublicKey> signing_key_;
  std::shared_ptr<const crypto::RsaPublicKey> encryption_key_;
};

}  // namespace imref
