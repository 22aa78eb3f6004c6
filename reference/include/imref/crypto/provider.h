// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The crypto seam. Every primitive imref uses goes through Provider; protocol
// code above it never includes a backend header. Two implementations live in
// every binary: "openssl" (OpenSSL 3, EVP only) and "botan" (Botan 2).
//
// Keys are opaque handles made by a Provider: parsed once, used many times.
// Everything the protocol draws (keys, message seeds) comes from the Rng the
// caller passes. ECDSA nonces are the backend's: RFC 6979 in Botan (so its
// signatures are reproducible), the DRBG in OpenSSL 3.0.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "imref/bytes.h"
#include "imref/crypto/rng.h"
#include "imref/result.h"

namespace imref::crypto {

enum class Hash { sha1, sha256 };
// der: ASN.1 SEQUENCE of two INTEGERs (strict DER). raw: r ‖ s, 32 bytes each.
enum class SigFormat { der, raw };

inline constexpr size_t kP256PointLen = 65;   // 04 ‖ X ‖ Y
inline constexpr size_t kP256ScalarLen = 32;  // big-endian
inline constexpr uint32_t kRsaExponent = 65537;

// ScryptParams: cost N = 2^log2_n, block size r, parallelism p (RFC 7914).
struct ScryptParams {
  uint8_t log2_n = 0;
  uint32_t r = 0;
  uint32_t p = 0;
};

// scrypt_supported tells whether every backend runs |params| with an output
// of |length| bytes: log2_n 1..20, r 1..32, p 1..16, 128·r·N at most 1 GiB,
// length 1..1024, and N < 2^(16 r) as RFC 7914 section 2 requires (so
// log2_n 15 at most when r = 1). The bounds keep one call's memory and time
// finite.
inline bool scrypt_supported(const ScryptParams& params, size_t length) {
  return params.log2_n >= 1 && params.log2_n <= 20 && params.r >= 1 && params.r <= 32 &&
         params.p >= 1 && params.p <= 16 && params.log2_n < 16 * params.r &&
         (uint64_t{128} * params.r << params.log2_n) <= (uint64_t{1} << 30) && length >= 1 &&
         length <= 1024;
}

class RsaPublicKey {
 public:
  virtual ~RsaPublicKey() = default;
  // modulus returns n big-endian, without leading zero bytes.
  virtual Bytes modulus() const = 0;
  // exponent returns e big-endian, without leading zero bytes.
  virtual Bytes exponent() const = 0;
  virtual size_t bits() const = 0;
  // encrypt_oaep_sha1 is RSAES-OAEP with SHA-1 and MGF1-SHA-1. A message over
  // the key's OAEP limit is Errc::too_large. The Botan backend draws the OAEP
  // seed from |rng| (so vector generation is reproducible); OpenSSL 3 has no
  // way to take it and draws from its own DRBG.
  virtual Result<Bytes> encrypt_oaep_sha1(Rng& rng, ByteView message,
                                          ByteView label = {}) const = 0;
};

class RsaPrivateKey {
 public:
  virtual ~RsaPrivateKey() = default;
  virtual const RsaPublicKey& public_key() const = 0;
  // decrypt_oaep_sha1 returns Errc::decrypt_failed for every bad ciphertext,
  // whatever the reason (length, range, padding, label).
  virtual Result<SecretBytes> decrypt_oaep_sha1(ByteView ciphertext, ByteView label = {}) const = 0;
  // pkcs8 returns the PKCS#8 PrivateKeyInfo DER encoding.
  virtual Result<SecretBytes> pkcs8() const = 0;
};

class EcPublicKey {
 public:
  virtual ~EcPublicKey() = default;
  // point returns the 65-byte uncompressed encoding.
  virtual Bytes point() const = 0;
  // verify checks an ECDSA P-256 signature over |message| hashed with |hash|.
  // Any failure, including a malformed signature, is Errc::bad_signature.
  virtual Status verify(Hash hash, SigFormat format, ByteView message,
                        ByteView signature) const = 0;
};

class EcPrivateKey {
 public:
  virtual ~EcPrivateKey() = default;
  virtual const EcPublicKey& public_key() const = 0;
  // scalar returns the private scalar, 32 bytes big-endian.
  virtual SecretBytes scalar() const = 0;
  virtual Result<Bytes> sign(Hash hash, SigFormat format, ByteView message) const = 0;
  // ecdh returns the 32-byte X coordinate of the shared point. |peer_point|
  // must be a valid uncompressed P-256 point (else Errc::malformed_key).
  virtual Result<SecretBytes> ecdh(ByteView peer_point) const = 0;
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string_view name() const = 0;

  virtual Bytes sha1(ByteView data) const = 0;
  virtual Bytes sha256(ByteView data) const = 0;
  virtual Bytes hmac_sha256(ByteView key, ByteView message) const = 0;
  // hkdf_sha256 (RFC 5869). |length| above 255 * 32 is Errc::invalid_argument.
  virtual Result<SecretBytes> hkdf_sha256(ByteView ikm, ByteView salt, ByteView info,
                                          size_t length) const = 0;
  // scrypt (RFC 7914) derives |length| bytes from |password| and |salt|.
  // Parameters scrypt_supported refuses are Errc::invalid_argument.
  virtual Result<SecretBytes> scrypt(ByteView password, ByteView salt, const ScryptParams& params,
                                     size_t length) const = 0;
  // aes_ctr encrypts or decrypts |input| with AES-128 or AES-256 (by key
  // length) in CTR mode from the 16-byte |counter_block|, incrementing it as a
  // 128-bit big-endian integer.
  virtual Result<Bytes> aes_ctr(ByteView key, ByteView counter_block, ByteView input) const = 0;

  // rsa_generate makes an RSA key with e = 65537 from |rng| alone: the same
  // Rng output gives the same key on the same backend.
  virtual Result<std::unique_ptr<RsaPrivateKey>> rsa_generate(Rng& rng, size_t bits) const = 0;
  // rsa_private_from_pkcs8 parses and checks a PKCS#8 RSA key in the one DER
  // form of REQ-KEY-8 (any size within REQ-KEY-9), else Errc::malformed_key.
  virtual Result<std::unique_ptr<RsaPrivateKey>> rsa_private_from_pkcs8(ByteView der) const = 0;
  // rsa_public_from_components takes big-endian n and e within REQ-KEY-9
  // (n odd, at most 16384 bits; e odd, 3 <= e < n, at most 64 bits), else
  // Errc::malformed_key.
  virtual Result<std::unique_ptr<RsaPublicKey>> rsa_public_from_components(
      ByteView modulus, ByteView exponent) const = 0;

  // ec_generate draws the scalar from |rng| (rejection sampling, so the same
  // Rng output gives the same key on every backend).
  virtual Result<std::unique_ptr<EcPrivateKey>> ec_generate(Rng& rng) const = 0;
  // ec_private_from_scalar accepts 32 bytes in [1, n-1], else malformed_key.
  virtual Result<std::unique_ptr<EcPrivateKey>> ec_private_from_scalar(ByteView scalar) const = 0;
  // ec_public_from_point accepts only a 65-byte uncompressed point on P-256.
  virtual Result<std::unique_ptr<EcPublicKey>> ec_public_from_point(ByteView point) const = 0;
  // ec_point_from_x decompresses: the 65-byte uncompressed point whose X is
  // the 32 big-endian bytes |x| and whose Y has the parity |odd_y| (SEC 1
  // 2.3.4, the 02/03 form). Another length, x >= p or an X with no point on
  // P-256 is Errc::malformed_key. Which Y a compact key means (pair-ec takes
  // min(y, p - y), REQ-PAIREC-2) is decided above the seam.
  virtual Result<Bytes> ec_point_from_x(ByteView x, bool odd_y) const = 0;
};

// provider_names lists the backends compiled in: {"openssl", "botan"}.
const std::vector<std::string>& provider_names();
// get_provider returns the process-wide instance for |name|, or
// Errc::unsupported. Instances are thread-safe and live until exit.
Result<const Provider*> get_provider(std::string_view name);

}  // namespace imref::crypto
