// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// A device's key set (REQ-KEY-*): RSA-1280 encryption key (e = 65537),
// ECDSA P-256 signing key, EC P-256 encryption key, and the public identity
// they make; for pair-ec (REQ-PAIREC-1, -3) the NGM device signing key
// (P-256 ECDSA, compactable), and the EC encryption key is the first prekey
// (compactable when generated).
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
  // generate draws every key from |rng|, in this order: RSA, signing, the EC
  // encryption key (drawn again until compactable), then the NGM device
  // signing key (drawn until compactable).
  static Result<DeviceKeys> generate(const crypto::Provider& provider, crypto::Rng& rng);
  // import validates: RSA must be 1280 bits with e = 65537 and consistent
  // private parts; EC scalars must be in [1, n-1]; the NGM key, when given,
  // compactable. Else Errc::malformed_key. Without an NGM key the device has
  // none (has_ngm() false: it can only use pair). The encryption key may be
  // any scalar (a prekey's Y does not matter to ECDH).
  static Result<DeviceKeys> import(const crypto::Provider& provider, ByteView rsa_pkcs8,
                                   ByteView signing_scalar, ByteView encryption_scalar);
  static Result<DeviceKeys> import(const crypto::Provider& provider, ByteView rsa_pkcs8,
                                   ByteView signing_scalar, ByteView encryption_scalar,
                                   ByteView ngm_signing_scalar);

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

  // The NGM device signing key (pair-ec), when the device has one.
  bool has_ngm() const { return ngm_ != nullptr; }
  const crypto::EcPrivateKey& ngm_signing_key() const { return *ngm_; }
  std::shared_ptr<const crypto::EcPrivateKey> ngm_signing_shared() const { return ngm_; }
  SecretBytes ngm_signing_scalar() const { return ngm_->scalar(); }
  // ngm_public returns the NGM key's compact form, its 32-byte X.
  Bytes ngm_public() const;

 private:
  DeviceKeys(SenderKeys sender, RecipientKeys recipient,
             std::shared_ptr<const crypto::EcPrivateKey> encryption,
             std::shared_ptr<const crypto::EcPrivateKey> ngm)
      : sender_(std::move(sender)),
        recipient_(std::move(recipient)),
        encryption_(std::move(encryption)),
        ngm_(std::move(ngm)) {}
  static Result<DeviceKeys> assemble(const crypto::Provider& provider,
                                     std::unique_ptr<crypto::RsaPrivateKey> rsa,
                                     std::unique_ptr<crypto::EcPrivateKey> signing,
                                     std::unique_ptr<crypto::EcPrivateKey> encryption,
                                     std::unique_ptr<crypto::EcPrivateKey> ngm);
  SenderKeys sender_;
  RecipientKeys recipient_;
  std::shared_ptr<const crypto::EcPrivateKey> encryption_;
  std::shared_ptr<const crypto::EcPrivateKey> ngm_;  // null: no NGM key
};

}  // namespace imref
