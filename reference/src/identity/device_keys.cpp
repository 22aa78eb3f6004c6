// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/device_keys.h"

#include "imref/internal/defects.h"
#include "imref/pair_ec.h"

namespace imref {

namespace {

Status check_rsa_shape(const crypto::RsaPublicKey& key) {
  if (key.bits() != kRsaBits) return make_error(Errc::malformed_key, "RSA key must be 1280 bits");
  if (key.exponent() != Bytes{0x01, 0x00, 0x01})
    return make_error(Errc::malformed_key, "RSA exponent must be 65537");
  return ok_status();
}

}  // namespace

Result<SenderKeys> make_sender_keys(const crypto::Provider& provider, ByteView signing_scalar,
                                    const PublicIdentity& identity) {
  IMREF_TRY(auto key, provider.ec_private_from_scalar(signing_scalar));
  Bytes point = key->public_key().point();
  if (!std::equal(point.begin(), point.end(), identity.signing_public().begin()))
    return make_error(Errc::malformed_key, "signing key does not match the identity");
  return SenderKeys{std::move(key), identity};
}

Result<RecipientKeys> make_recipient_keys(const crypto::Provider& provider, ByteView rsa_pkcs8,
                                          const PublicIdentity& identity) {
  IMREF_TRY(auto key, provider.rsa_private_from_pkcs8(rsa_pkcs8));
  IMREF_CHECK(check_rsa_shape(key->public_key()));
  Bytes modulus = key->public_key().modulus();
  if (!std::equal(modulus.begin(), modulus.end(), identity.rsa_modulus().begin()))
    return make_error(Errc::malformed_key, "RSA key does not match the identity");
  return RecipientKeys{std::move(key), identity};
}

Result<DeviceKeys> DeviceKeys::assemble(const crypto::Provider& provider,
                                        std::unique_ptr<crypto::RsaPrivateKey> rsa,
                                        std::unique_ptr<crypto::EcPrivateKey> signing,
                                        std::unique_ptr<crypto::EcPrivateKey> encryption,
                                        std::unique_ptr<crypto::EcPrivateKey> ngm) {
  IMREF_CHECK(check_rsa_shape(rsa->public_key()));
  auto identity =
      PublicIdentity::encode(provider, signing->public_key().point(), rsa->public_key().modulus());
  if (!identity.ok()) return make_error(Errc::malformed_key, identity.error().detail);
  SenderKeys sender{std::move(signing), *identity};
  RecipientKeys recipient{std::move(rsa), std::move(identity).value()};
  return DeviceKeys(std::move(sender), std::move(recipient), std::move(encryption), std::move(ngm));
}

Bytes DeviceKeys::ngm_public() const {
  Bytes point = ngm_->public_key().point();
  return Bytes(point.begin() + 1, point.begin() + 1 + pair_ec::kCompactLen);
}

Result<DeviceKeys> DeviceKeys::generate(const crypto::Provider& provider, crypto::Rng& rng) {
  IMREF_TRY(auto rsa, provider.rsa_generate(rng, kRsaBits));
  IMREF_TRY(auto signing, provider.ec_generate(rng));
  // The EC encryption key is the first prekey: compactable (REQ-PAIREC-3).
  IMREF_TRY(auto encryption, pair_ec::generate_compactable(provider, rng));
  if (defects::on(defects::Defect::keygen_foreign_identity)) {
    // The identity carries another signing key than the one the device keeps.
    IMREF_TRY(auto foreign, provider.ec_generate(rng));
    IMREF_TRY(auto identity, PublicIdentity::encode(provider, foreign->public_key().point(),
                                                    rsa->public_key().modulus()));
    IMREF_TRY(auto ngm, pair_ec::generate_compactable(provider, rng));
    return DeviceKeys(SenderKeys{std::move(signing), identity},
                      RecipientKeys{std::move(rsa), identity}, std::move(encryption),
                      std::move(ngm));
  }
  // Drawn after every older key, so those keep their values (REQ-PAIREC-3).
  IMREF_TRY(auto ngm, pair_ec::generate_compactable(provider, rng));
  return assemble(provider, std::move(rsa), std::move(signing), std::move(encryption),
                  std::move(ngm));
}

Result<DeviceKeys> DeviceKeys::import(const crypto::Provider& provider, ByteView rsa_pkcs8,
                                      ByteView signing_scalar, ByteView encryption_scalar) {
  IMREF_TRY(auto rsa, provider.rsa_private_from_pkcs8(rsa_pkcs8));
  IMREF_TRY(auto signing, provider.ec_private_from_scalar(signing_scalar));
  IMREF_TRY(auto encryption, provider.ec_private_from_scalar(encryption_scalar));
  return assemble(provider, std::move(rsa), std::move(signing), std::move(encryption), nullptr);
}

Result<DeviceKeys> DeviceKeys::import(const crypto::Provider& provider, ByteView rsa_pkcs8,
                                      ByteView signing_scalar, ByteView encryption_scalar,
                                      ByteView ngm_signing_scalar) {
  IMREF_TRY(auto rsa, provider.rsa_private_from_pkcs8(rsa_pkcs8));
  IMREF_TRY(auto signing, provider.ec_private_from_scalar(signing_scalar));
  IMREF_TRY(auto encryption, provider.ec_private_from_scalar(encryption_scalar));
  IMREF_TRY(auto ngm, pair_ec::private_from_scalar(provider, ngm_signing_scalar));
  return assemble(provider, std::move(rsa), std::move(signing), std::move(encryption),
                  std::move(ngm));
}

}  // namespace imref
