// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// A device's key set (REQ-KEY-*): RSA-1280 encryption key (e = 65537),
// ECDSA P-256 signing key, EC P-256 encryption key, and the public identity
// they make.
#pragma once

#include <memory>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/identity.h"
#include "imref/result.h"

namespace imref {

// SenderKeys is what sealing needs: the signing key and the identity it
// belongs to. make_sender_keys refuses a key that is not the identity's.
struct SenderKeys {
  std::shared_ptr<const crypto::EcPrivateKey> signing;
  PublicIdentity identity;
};

// RecipientKeys is what opening needs: the RSA key and its identity.
struct RecipientKeys {
  std::shared_ptr<const crypto::RsaPrivateKey> rsa;
  PublicIdentity identity;
};

// make_sender_keys imports a 32-byte signing scalar and checks that its
// public point is the one in |identity| (else Errc::malformed_key).
Result<SenderKeys> make_sender_keys(const crypto::Provider& provider, ByteView signing_scalar,
                                    const PublicIdentity& identity);
// make_recipient_keys imports a PKCS#8 RSA key, checks it is RSA-1280 with
// e = 65537 and that its modulus is the one in |identity|.
Result<RecipientKeys> make_recipient_keys(const crypto::Provider& provider, ByteView rsa_pkcs8,
                                          const PublicIdentity& identity);

class DeviceKeys {
 public:
  // generate draws every key from |rng|.
  static Result<DeviceKeys> generate(const crypto::Provider& provider, crypto::Rng& rng);
  // import validates: RSA must be 1280 bits with e = 65537 and consistent
  // private parts; EC scalars must be in [1, n-1]. Else Errc::malformed_key.
  static Result<DeviceKeys> import(const crypto::Provider& provider, ByteView rsa_pkcs8,
                                   ByteView signing_scalar, ByteView encryption_scalar);

  const PublicIdentity& identity() const { return sender_.identity; }
  const SenderKeys& sender() const { return sender_; }
  const RecipientKeys& recipient() const { return recipient_; }
  const crypto::EcPrivateKey& encryption_key() const { return *encryption_; }
  // encryption_public returns the EC encryption key's 65-byte point.
  Bytes encryption_public() const { return encryption_->public_key().point(); }

  // Serialisations: PKCS#8 DER (RSA) and 32-byte big-endian scalars (EC).
  Result<SecretBytes> rsa_pkcs8() const { return recipient_.rsa->pkcs8(); }
  SecretBytes signing_scalar() const { return sender_.signing->scalar(); }
  SecretBytes encryption_scalar() const { return encryption_->scalar(); }

 private:
  DeviceKeys(SenderKeys sender, RecipientKeys recipient,
             std::shared_ptr<const crypto::EcPrivateKey> encryption)
      : sender_(std::move(sender)),
        recipient_(std::move(recipient)),
        encryption_(std::move(encryption)) {}
  static Result<DeviceKeys> assemble(const crypto::Provider& provider,
                                     std::unique_ptr<crypto::RsaPrivateKey> rsa,
                                     std::unique_ptr<crypto::EcPrivateKey> signing,
                                     std::unique_ptr<crypto::EcPrivateKey> encryption);
  SenderKeys sender_;
  RecipientKeys recipient_;
  std::shared_ptr<const crypto::EcPrivateKey> encryption_;
};

}  // namespace imref
