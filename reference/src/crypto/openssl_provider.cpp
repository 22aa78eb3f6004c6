// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The OpenSSL 3 backend of the crypto seam: EVP interfaces only (the build
// defines OPENSSL_API_COMPAT so a deprecated call would not compile).
// Algorithms are fetched once, in the constructor; keys are parsed once into
// an EVP_PKEY held by their handle. Every OpenSSL failure clears the error
// queue so no state leaks from one call into the next.
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <cstddef>
#include <iterator>

#include "crypto/backends.h"
#include "imref/internal/ecdsa_signature.h"
#include "imref/internal/p256_scalar.h"
#include "imref/internal/rsa_key_rules.h"

namespace imref::crypto {

namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using Bn = Owned<BIGNUM, BN_clear_free>;
using BnCtx = Owned<BN_CTX, BN_CTX_free>;
using Pkey = std::shared_ptr<EVP_PKEY>;
using PkeyCtx = Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using MdCtx = Owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using CipherCtx = Owned<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using MacCtx = Owned<EVP_MAC_CTX, EVP_MAC_CTX_free>;
using KdfCtx = Owned<EVP_KDF_CTX, EVP_KDF_CTX_free>;
using ParamBld = Owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using Params = Owned<OSSL_PARAM, OSSL_PARAM_free>;
using EcPoint = Owned<EC_POINT, EC_POINT_free>;

Error failure(Errc code, std::string detail) {
  ERR_clear_error();
  return make_error(code, std::move(detail));
}

Pkey wrap(EVP_PKEY* raw) {
  return Pkey(raw, EVP_PKEY_free);
}

Bn bn_from(ByteView bytes) {
  return Bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

Bytes bn_bytes(const BIGNUM* bn) {
  Bytes out(static_cast<size_t>(BN_num_bytes(bn)));
  BN_bn2bin(bn, out.data());
  return out;
}

Bytes pkey_bn_param(const EVP_PKEY* pkey, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) return {};
  Bn bn(raw);
  return bn_bytes(bn.get());
}

// The algorithms every call uses, fetched once.
struct Algorithms {
  EVP_MD* sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_CIPHER* aes128_ctr = EVP_CIPHER_fetch(nullptr, "AES-128-CTR", nullptr);
  EVP_CIPHER* aes256_ctr = EVP_CIPHER_fetch(nullptr, "AES-256-CTR", nullptr);
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_KDF* hkdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF* scrypt = EVP_KDF_fetch(nullptr, "SCRYPT", nullptr);
  EC_GROUP* p256 = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  ~Algorithms() {
    EVP_MD_free(sha1);
    EVP_MD_free(sha256);
    EVP_CIPHER_free(aes128_ctr);
    EVP_CIPHER_free(aes256_ctr);
    EVP_MAC_free(hmac);
    EVP_KDF_free(hkdf);
    EVP_KDF_free(scrypt);
    EC_GROUP_free(p256);
  }
  bool complete() const {
    return sha1 && sha256 && aes128_ctr && aes256_ctr && hmac && hkdf && scrypt && p256;
  }
  const EVP_MD* md(Hash h) const { return h == Hash::sha1 ? sha1 : sha256; }
};

// ---------------------------------------------------------------- RSA

class OsslRsaPublicKey final : public RsaPublicKey {
 public:
  OsslRsaPublicKey(const Algorithms& alg, Pkey pkey)
      : alg_(alg),
        pkey_(std::move(pkey)),
        n_(pkey_bn_param(pkey_.get(), OSSL_PKEY_PARAM_RSA_N)),
        e_(pkey_bn_param(pkey_.get(), OSSL_PKEY_PARAM_RSA_E)),
        bits_(static_cast<size_t>(EVP_PKEY_get_bits(pkey_.get()))) {}

  Bytes modulus() const override { return n_; }
  Bytes exponent() const override { return e_; }
  size_t bits() const override { return bits_; }

  Result<Bytes> encrypt_oaep_sha1(Rng&, ByteView message, ByteView label) const override {
    size_t k = n_.size();
    if (k < 42 || message.size() > k - 42)
      return make_error(Errc::too_large, "message over the OAEP limit of the key");
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_.get(), nullptr));
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 || !set_oaep(alg_, ctx.get(), label))
      return failure(Errc::crypto_failure, "OAEP set-up failed");
    size_t out_len = k;
    Bytes out(out_len);
    if (EVP_PKEY_encrypt(ctx.get(), out.data(), &out_len, message.data(), message.size()) != 1)
      return failure(Errc::crypto_failure, "OAEP encryption failed");
    out.resize(out_len);
    return out;
  }

  // set_oaep selects OAEP with SHA-1 and MGF1-SHA-1 and sets the label.
  static bool set_oaep(const Algorithms& alg, EVP_PKEY_CTX* ctx, ByteView label) {
    if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx, alg.sha1) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, alg.sha1) != 1)
      return false;
    if (label.empty()) return true;
    // OpenSSL takes ownership of the label buffer.
    void* copy = OPENSSL_memdup(label.data(), label.size());
    if (!copy) return false;
    if (EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, copy, static_cast<int>(label.size())) != 1) {
      OPENSSL_free(copy);
      return false;
    }
    return true;
  }

  const Pkey& pkey() const { return pkey_; }

 private:
  const Algorithms& alg_;
  Pkey pkey_;
  Bytes n_, e_;
  size_t bits_;
};

class OsslRsaPrivateKey final : public RsaPrivateKey {
 public:
  OsslRsaPrivateKey(const Algorithms& alg, Pkey pkey) : alg_(alg), public_(alg, std::move(pkey)) {}

  const RsaPublicKey& public_key() const override { return public_; }

  Result<SecretBytes> decrypt_oaep_sha1(ByteView ciphertext, ByteView label) const override {
    const size_t k = public_.modulus().size();
    // One code for every failure: a distinguishable reason would be an oracle.
    auto failed = [] { return failure(Errc::decrypt_failed, "OAEP decryption failed"); };
    if (ciphertext.size() != k) return failed();
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, public_.pkey().get(), nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
        !OsslRsaPublicKey::set_oaep(alg_, ctx.get(), label))
      return failed();
    SecretBytes out(k);
    size_t out_len = k;
    if (EVP_PKEY_decrypt(ctx.get(), out.data(), &out_len, ciphertext.data(), ciphertext.size()) !=
        1)
      return failed();
    out.resize(out_len);
    return out;
  }

  Result<SecretBytes> pkcs8() const override {
    Owned<OSSL_ENCODER_CTX, OSSL_ENCODER_CTX_free> enc(OSSL_ENCODER_CTX_new_for_pkey(
        public_.pkey().get(), EVP_PKEY_KEYPAIR, "DER", "PrivateKeyInfo", nullptr));
    unsigned char* data = nullptr;
    size_t len = 0;
    if (!enc || OSSL_ENCODER_to_data(enc.get(), &data, &len) != 1)
      return failure(Errc::crypto_failure, "PKCS#8 encoding failed");
    SecretBytes out(data, data + len);
    OPENSSL_clear_free(data, len);
    return out;
  }

 private:
  const Algorithms& alg_;
  OsslRsaPublicKey public_;
};

// ---------------------------------------------------------------- EC

class OsslEcPublicKey final : public EcPublicKey {
 public:
  OsslEcPublicKey(const Algorithms& alg, Pkey pkey, Bytes point)
      : alg_(alg), pkey_(std::move(pkey)), point_(std::move(point)) {}

  Bytes point() const override { return point_; }

  Status verify(Hash hash, SigFormat format, ByteView message, ByteView signature) const override {
    auto bad = [] { return failure(Errc::bad_signature, "signature does not verify"); };
    Bytes der;
    if (format == SigFormat::der) {
      // Strictness lives in the shared codec; OpenSSL sees a re-encoding.
      auto raw = der_to_raw(signature);
      if (!raw) return bad();
      der = raw_to_der(*raw);
    } else {
      if (signature.size() != kP256RawSignatureLen) return bad();
      der = raw_to_der(signature);
    }
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx ||
        EVP_DigestVerifyInit(ctx.get(), nullptr, alg_.md(hash), nullptr, pkey_.get()) != 1 ||
        EVP_DigestVerify(ctx.get(), der.data(), der.size(), message.data(), message.size()) != 1)
      return bad();
    return ok_status();
  }

  const Pkey& pkey() const { return pkey_; }

 private:
  const Algorithms& alg_;
  Pkey pkey_;
  Bytes point_;
};

class OsslEcPrivateKey final : public EcPrivateKey {
 public:
  OsslEcPrivateKey(const Algorithms& alg, Pkey pkey, Bytes point, SecretBytes scalar)
      : alg_(alg),
        public_(alg, pkey, std::move(point)),
        pkey_(std::move(pkey)),
        scalar_(std::move(scalar)) {}

  const EcPublicKey& public_key() const override { return public_; }
  SecretBytes scalar() const override { return scalar_; }

  Result<Bytes> sign(Hash hash, SigFormat format, ByteView message) const override {
    MdCtx ctx(EVP_MD_CTX_new());
    size_t len = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, alg_.md(hash), nullptr, pkey_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size()) != 1)
      return failure(Errc::crypto_failure, "ECDSA set-up failed");
    Bytes der(len);
    if (EVP_DigestSign(ctx.get(), der.data(), &len, message.data(), message.size()) != 1)
      return failure(Errc::crypto_failure, "ECDSA signing failed");
    der.resize(len);
    auto raw = der_to_raw(der);
    if (!raw) return failure(Errc::crypto_failure, "OpenSSL produced a non-DER signature");
    return format == SigFormat::raw ? *raw : raw_to_der(*raw);
  }

  Result<SecretBytes> ecdh(ByteView peer_point) const override;

 private:
  const Algorithms& alg_;
  OsslEcPublicKey public_;
  Pkey pkey_;
  SecretBytes scalar_;
};

// Builds an EC EVP_PKEY from an already validated point and optional scalar.
Pkey ec_pkey(ByteView point, const BIGNUM* priv) {
  ParamBld bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1 ||
      (priv && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv) != 1))
    return nullptr;
  Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                        params.get()) != 1)
    return nullptr;
  return wrap(raw);
}

// valid_point: 65 bytes, uncompressed, coordinates below p, on the curve.
bool valid_point(const Algorithms& alg, ByteView point) {
  if (point.size() != kP256PointLen || point[0] != 0x04) return false;
  EcPoint p(EC_POINT_new(alg.p256));
  BnCtx bn(BN_CTX_new());
  return p && bn &&
         EC_POINT_oct2point(alg.p256, p.get(), point.data(), point.size(), bn.get()) == 1 &&
         EC_POINT_is_on_curve(alg.p256, p.get(), bn.get()) == 1 &&
         EC_POINT_is_at_infinity(alg.p256, p.get()) == 0;
}

Result<SecretBytes> OsslEcPrivateKey::ecdh(ByteView peer_point) const {
  if (!valid_point(alg_, peer_point))
    return failure(Errc::malformed_key, "peer point is not an uncompressed P-256 point");
  Pkey peer = ec_pkey(peer_point, nullptr);
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_.get(), nullptr));
  size_t len = 32;
  SecretBytes out(len);
  if (!peer || !ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1 ||
      EVP_PKEY_derive(ctx.get(), out.data(), &len) != 1 || len != 32)
    return failure(Errc::crypto_failure, "ECDH failed");
  return out;
}

// ---------------------------------------------------------------- provider

class OpensslProvider final : public Provider {
 public:
  bool ready() const { return alg_.complete(); }
  std::string_view name() const override { return "openssl"; }

  Bytes sha1(ByteView data) const override { return digest(alg_.sha1, data); }
  Bytes sha256(ByteView data) const override { return digest(alg_.sha256, data); }

  Bytes hmac_sha256(ByteView key, ByteView message) const override {
    static const uint8_t kEmpty = 0;  // OpenSSL wants a non-null key pointer
    MacCtx ctx(EVP_MAC_CTX_new(alg_.hmac));
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
        OSSL_PARAM_construct_end()};
    Bytes out(32);
    size_t len = 0;
    if (!ctx ||
        EVP_MAC_init(ctx.get(), key.empty() ? &kEmpty : key.data(), key.size(), params) != 1 ||
        EVP_MAC_update(ctx.get(), message.data(), message.size()) != 1 ||
        EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1)
      std::abort();  // cannot fail on valid arguments; nothing safe to return
    return out;
  }

  Result<SecretBytes> hkdf_sha256(ByteView ikm, ByteView salt, ByteView info,
                                  size_t length) const override {
    if (length > 255 * 32) return make_error(Errc::invalid_argument, "HKDF length over 8160");
    if (length == 0) return SecretBytes{};
    static uint8_t kEmpty = 0;
    auto octets = [](const char* name, ByteView v) {
      return OSSL_PARAM_construct_octet_string(
          name, v.empty() ? &kEmpty : const_cast<uint8_t*>(v.data()), v.size());
    };
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
        octets(OSSL_KDF_PARAM_KEY, ikm), octets(OSSL_KDF_PARAM_SALT, salt),
        octets(OSSL_KDF_PARAM_INFO, info), OSSL_PARAM_construct_end()};
    KdfCtx ctx(EVP_KDF_CTX_new(alg_.hkdf));
    SecretBytes out(length);
    if (!ctx || EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1)
      return failure(Errc::crypto_failure, "HKDF failed");
    return out;
  }

  Result<SecretBytes> scrypt(ByteView password, ByteView salt, const ScryptParams& params,
                             size_t length) const override {
    if (!scrypt_supported(params, length))
      return make_error(Errc::invalid_argument, "scrypt parameters out of range");
    static uint8_t kEmpty = 0;
    auto octets = [](const char* name, ByteView v) {
      return OSSL_PARAM_construct_octet_string(
          name, v.empty() ? &kEmpty : const_cast<uint8_t*>(v.data()), v.size());
    };
    uint64_t n = uint64_t{1} << params.log2_n;
    uint32_t r = params.r, p = params.p;
    // OpenSSL's default cap (32 MiB) is below what scrypt_supported allows;
    // the cap here is the seam's bound plus scrypt's small extra buffers.
    uint64_t max_mem = (uint64_t{1} << 30) + uint64_t{128} * r * (p + 2);
    OSSL_PARAM ossl_params[] = {octets(OSSL_KDF_PARAM_PASSWORD, password),
                                octets(OSSL_KDF_PARAM_SALT, salt),
                                OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
                                OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
                                OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
                                OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &max_mem),
                                OSSL_PARAM_construct_end()};
    KdfCtx ctx(EVP_KDF_CTX_new(alg_.scrypt));
    SecretBytes out(length);
    if (!ctx || EVP_KDF_derive(ctx.get(), out.data(), out.size(), ossl_params) != 1)
      return failure(Errc::crypto_failure, "scrypt failed");
    return out;
  }

  Result<Bytes> aes_ctr(ByteView key, ByteView counter_block, ByteView input) const override {
    const EVP_CIPHER* cipher = key.size() == 16   ? alg_.aes128_ctr
                               : key.size() == 32 ? alg_.aes256_ctr
                                                  : nullptr;
    if (!cipher) return make_error(Errc::invalid_argument, "AES key must be 16 or 32 bytes");
    if (counter_block.size() != 16)
      return make_error(Errc::invalid_argument, "counter block must be 16 bytes");
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    Bytes out(input.size());
    int len = 0;
    if (!ctx ||
        EVP_EncryptInit_ex2(ctx.get(), cipher, key.data(), counter_block.data(), nullptr) != 1 ||
        (!input.empty() && EVP_EncryptUpdate(ctx.get(), out.data(), &len, input.data(),
                                             static_cast<int>(input.size())) != 1))
      return failure(Errc::crypto_failure, "AES-CTR failed");
    return out;
  }

  Result<std::unique_ptr<RsaPrivateKey>> rsa_generate(Rng& rng, size_t bits) const override;

  Result<std::unique_ptr<RsaPrivateKey>> rsa_private_from_pkcs8(ByteView der) const override {
    // The shared strict form (REQ-KEY-8) first: OpenSSL's decoder also takes
    // a bare PKCS#1 key, other RSAPrivateKey versions and BER.
    if (!read_rsa_pkcs8(der))
      return failure(Errc::malformed_key, "not a DER PKCS#8 rsaEncryption key of the one form");
    EVP_PKEY* raw = nullptr;
    Owned<OSSL_DECODER_CTX, OSSL_DECODER_CTX_free> dec(OSSL_DECODER_CTX_new_for_pkey(
        &raw, "DER", "PrivateKeyInfo", "RSA", EVP_PKEY_KEYPAIR, nullptr, nullptr));
    const unsigned char* data = der.data();
    size_t left = der.size();
    if (!dec || OSSL_DECODER_from_data(dec.get(), &data, &left) != 1 || !raw)
      return failure(Errc::malformed_key, "not a PKCS#8 RSA private key");
    Pkey pkey = wrap(raw);
    if (left != 0 || !EVP_PKEY_is_a(pkey.get(), "RSA"))
      return failure(Errc::malformed_key, "not a PKCS#8 RSA private key");
    PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    // EVP_PKEY_check: n = pq, p and q prime, d and the CRT values consistent.
    if (!check || EVP_PKEY_check(check.get()) != 1)
      return failure(Errc::malformed_key, "RSA private key parts do not match");
    return std::unique_ptr<RsaPrivateKey>(new OsslRsaPrivateKey(alg_, std::move(pkey)));
  }

  Result<std::unique_ptr<RsaPublicKey>> rsa_public_from_components(
      ByteView modulus, ByteView exponent) const override {
    if (!rsa_public_in_bounds(modulus, exponent))  // REQ-KEY-9
      return failure(Errc::malformed_key, "RSA public key out of range");
    Bn n = bn_from(modulus), e = bn_from(exponent);
    if (!n || !e) return failure(Errc::crypto_failure, "RSA parameters");
    ParamBld bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
      return failure(Errc::crypto_failure, "RSA parameters");
    Params params(OSSL_PARAM_BLD_to_param(bld.get()));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
      return failure(Errc::malformed_key, "RSA public key refused");
    return std::unique_ptr<RsaPublicKey>(new OsslRsaPublicKey(alg_, wrap(raw)));
  }

  Result<std::unique_ptr<EcPrivateKey>> ec_generate(Rng& rng) const override {
    // Rejection sampling, the rule both backends share: the same Rng output
    // gives the same key everywhere.
    for (int attempt = 0; attempt < 64; ++attempt) {
      SecretBytes candidate(kP256ScalarLen);
      rng.fill(candidate);
      if (p256_scalar_in_range(candidate)) return ec_private_from_scalar(candidate);
    }
    return make_error(Errc::crypto_failure, "the Rng gave no scalar in range");
  }

  Result<std::unique_ptr<EcPrivateKey>> ec_private_from_scalar(ByteView scalar) const override {
    if (scalar.size() != kP256ScalarLen || !p256_scalar_in_range(scalar))
      return failure(Errc::malformed_key, "P-256 scalar must be 32 bytes in [1, n-1]");
    Bn d = bn_from(scalar);
    EcPoint pub(EC_POINT_new(alg_.p256));
    BnCtx bn(BN_CTX_new());
    Bytes point(kP256PointLen);
    if (!d || !pub || !bn ||
        EC_POINT_mul(alg_.p256, pub.get(), d.get(), nullptr, nullptr, bn.get()) != 1 ||
        EC_POINT_point2oct(alg_.p256, pub.get(), POINT_CONVERSION_UNCOMPRESSED, point.data(),
                           point.size(), bn.get()) != kP256PointLen)
      return failure(Errc::crypto_failure, "P-256 public key computation failed");
    Pkey pkey = ec_pkey(point, d.get());
    if (!pkey) return failure(Errc::crypto_failure, "P-256 key construction failed");
    return std::unique_ptr<EcPrivateKey>(
        new OsslEcPrivateKey(alg_, std::move(pkey), std::move(point), to_secret(scalar)));
  }

  Result<std::unique_ptr<EcPublicKey>> ec_public_from_point(ByteView point) const override {
    if (!valid_point(alg_, point))
      return failure(Errc::malformed_key, "not an uncompressed P-256 point");
    Pkey pkey = ec_pkey(point, nullptr);
    if (!pkey) return failure(Errc::malformed_key, "P-256 point refused");
    return std::unique_ptr<EcPublicKey>(
        new OsslEcPublicKey(alg_, std::move(pkey), to_public(point)));
  }

  Result<Bytes> ec_point_from_x(ByteView x, bool odd_y) const override {
    if (x.size() != kP256ScalarLen) return failure(Errc::malformed_key, "X must be 32 bytes");
    // OpenSSL refuses x >= p and an X with no square root (no point).
    uint8_t compressed[1 + kP256ScalarLen];
    compressed[0] = odd_y ? 0x03 : 0x02;
    std::copy(x.begin(), x.end(), compressed + 1);
    EcPoint p(EC_POINT_new(alg_.p256));
    BnCtx bn(BN_CTX_new());
    Bytes point(kP256PointLen);
    if (!p || !bn) return failure(Errc::crypto_failure, "allocation failed");
    if (EC_POINT_oct2point(alg_.p256, p.get(), compressed, sizeof compressed, bn.get()) != 1 ||
        EC_POINT_is_on_curve(alg_.p256, p.get(), bn.get()) != 1)
      return failure(Errc::malformed_key, "no P-256 point has this X");
    if (EC_POINT_point2oct(alg_.p256, p.get(), POINT_CONVERSION_UNCOMPRESSED, point.data(),
                           point.size(), bn.get()) != kP256PointLen)
      return failure(Errc::crypto_failure, "P-256 point encoding failed");
    return point;
  }

 private:
  Bytes digest(const EVP_MD* md, ByteView data) const {
    Bytes out(static_cast<size_t>(EVP_MD_get_size(md)));
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1) std::abort();
    return out;
  }

  Algorithms alg_;
};

// A probable prime of |bits| bits with its top two bits set (so the product
// of two has exactly twice the bits) and gcd(p - 1, e) = 1, drawn from |rng|
// alone; BN_check_prime's own randomness cannot change its verdict.
Bn random_prime(Rng& rng, size_t bits, const BIGNUM* e, BN_CTX* ctx) {
  SecretBytes buf(bits / 8);
  Bn p(BN_secure_new()), p1(BN_new()), g(BN_new());
  if (!p || !p1 || !g) return nullptr;
  for (;;) {
    rng.fill(buf);
    buf[0] |= 0xC0;
    buf.back() |= 0x01;
    if (!BN_bin2bn(buf.data(), static_cast<int>(buf.size()), p.get())) return nullptr;
    if (!BN_sub(p1.get(), p.get(), BN_value_one()) || !BN_gcd(g.get(), p1.get(), e, ctx))
      return nullptr;
    if (!BN_is_one(g.get())) continue;
    int prime = BN_check_prime(p.get(), ctx, nullptr);
    if (prime < 0) return nullptr;
    if (prime == 1) return p;
  }
}

Result<std::unique_ptr<RsaPrivateKey>> OpensslProvider::rsa_generate(Rng& rng, size_t bits) const {
  if (bits < 1024 || bits > 16384 || bits % 16 != 0)
    return make_error(Errc::invalid_argument,
                      "RSA size must be 1024..16384 bits, a multiple of 16");
  BnCtx ctx(BN_CTX_new());
  Bn e(BN_new());
  if (!ctx || !e || !BN_set_word(e.get(), kRsaExponent))
    return failure(Errc::crypto_failure, "BN allocation");
  Bn p = random_prime(rng, bits / 2, e.get(), ctx.get());
  Bn q;
  do {
    q = random_prime(rng, bits / 2, e.get(), ctx.get());
  } while (q && p && BN_cmp(p.get(), q.get()) == 0);
  if (!p || !q) return failure(Errc::crypto_failure, "prime generation failed");
  // The CRT coefficient is q^-1 mod p: keep p > q, as PKCS#1 implementations expect.
  if (BN_cmp(p.get(), q.get()) < 0) std::swap(p, q);

  Bn n(BN_new()), p1(BN_new()), q1(BN_new()), phi(BN_new()), g(BN_new()), lcm(BN_new()),
      d(BN_secure_new()), dp(BN_secure_new()), dq(BN_secure_new()), qinv(BN_secure_new()),
      rem(BN_new());
  bool ok = n && p1 && q1 && phi && g && lcm && d && dp && dq && qinv && rem &&
            BN_mul(n.get(), p.get(), q.get(), ctx.get()) &&
            BN_sub(p1.get(), p.get(), BN_value_one()) &&
            BN_sub(q1.get(), q.get(), BN_value_one()) &&
            BN_mul(phi.get(), p1.get(), q1.get(), ctx.get()) &&
            BN_gcd(g.get(), p1.get(), q1.get(), ctx.get()) &&
            BN_div(lcm.get(), rem.get(), phi.get(), g.get(), ctx.get()) &&
            BN_mod_inverse(d.get(), e.get(), lcm.get(), ctx.get()) &&
            BN_mod(dp.get(), d.get(), p1.get(), ctx.get()) &&
            BN_mod(dq.get(), d.get(), q1.get(), ctx.get()) &&
            BN_mod_inverse(qinv.get(), q.get(), p.get(), ctx.get()) &&
            static_cast<size_t>(BN_num_bits(n.get())) == bits;
  if (!ok) return failure(Errc::crypto_failure, "RSA key computation failed");

  ParamBld bld(OSSL_PARAM_BLD_new());
  ok = bld && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dp.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dq.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv.get());
  Params params(ok ? OSSL_PARAM_BLD_to_param(bld.get()) : nullptr);
  PkeyCtx pctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !pctx || EVP_PKEY_fromdata_init(pctx.get()) != 1 ||
      EVP_PKEY_fromdata(pctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) != 1)
    return failure(Errc::crypto_failure, "RSA key construction failed");
  return std::unique_ptr<RsaPrivateKey>(new OsslRsaPrivateKey(alg_, wrap(raw)));
}

}  // namespace

std::unique_ptr<Provider> make_openssl_provider() {
  auto p = std::make_unique<OpensslProvider>();
  if (!p->ready()) return nullptr;
  return p;
}

}  // namespace imref::crypto
