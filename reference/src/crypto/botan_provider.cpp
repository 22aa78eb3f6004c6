// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The Botan 2 backend. Botan reports failure by exception; every public entry
// point here catches them and returns an Errc, so none crosses the seam.
// Methods without an error channel (hashes, HMAC, key accessors) are
// noexcept: they can fail only to allocate, which then terminates.
//
// Botan objects that carry state (hashes, MACs, ciphers, PK operations) are
// made per call, from prototypes where the lookup by name would cost more,
// so concurrent const use of a Provider or a key is safe. Keys themselves are
// immutable once built.
#include <botan/ber_dec.h>
#include <botan/bigint.h>
#include <botan/divide.h>
#include <botan/ec_group.h>
#include <botan/ecdh.h>
#include <botan/ecdsa.h>
#include <botan/hash.h>
#include <botan/kdf.h>
#include <botan/mac.h>
#include <botan/numthry.h>
#include <botan/oaep.h>
#include <botan/pkcs8.h>
#include <botan/pubkey.h>
#include <botan/rsa.h>
#include <botan/scrypt.h>
#include <botan/stream_cipher.h>
#include <botan/system_rng.h>

#include <optional>

#include "crypto/backends.h"
#include "imref/internal/ecdsa_signature.h"
#include "imref/internal/p256_scalar.h"
#include "imref/internal/rsa_key_rules.h"

namespace imref::crypto {
namespace {

constexpr size_t kSha1Len = 20;
constexpr size_t kSha256Len = 32;
constexpr size_t kSha256BlockLen = 64;
constexpr size_t kAesBlockLen = 16;
constexpr size_t kP256CoordLen = 32;
// RFC 8017 §7.1: EM = 00 ‖ seed ‖ DB needs k >= 2·hLen + 2.
constexpr size_t kOaepOverhead = 2 * kSha1Len + 2;
// rsa_generate's range: Botan refuses to generate under 1024 bits; above
// 16384 (OpenSSL's ceiling too) generation takes minutes.
constexpr size_t kMinRsaGenerateBits = 1024;
constexpr size_t kMaxRsaGenerateBits = 16384;
// Bounds ec_generate against an Rng that never yields a valid scalar; a sane
// one is rejected with probability about 2^-32 per draw.
constexpr int kMaxScalarDraws = 64;

// BotanRng lets Botan draw from an imref Rng, so keys generated from a
// DeterministicRng are reproducible. It refuses extra input: Botan would
// otherwise mix timestamps into some draws.
class BotanRng final : public Botan::RandomNumberGenerator {
 public:
  explicit BotanRng(Rng& rng) : rng_(rng) {}
  void randomize(uint8_t output[], size_t length) override { rng_.fill({output, length}); }
  bool accepts_input() const override { return false; }
  void add_entropy(const uint8_t[], size_t) override {}
  std::string name() const override { return "imref-rng"; }
  void clear() override {}
  bool is_seeded() const override { return true; }

 private:
  Rng& rng_;
};

// internal_rng feeds Botan's randomised internals: blinding, and the
// primality tests of the key check. (ECDSA nonces are RFC 6979 in this Botan
// build.) Botan's System_RNG reads the kernel and is thread-safe.
Botan::RandomNumberGenerator& internal_rng() {
  return Botan::system_rng();
}

// run calls |f| and turns an exception into an Error: Botan's own exceptions
// become |on_botan_error|, anything else (allocation) crypto_failure.
template <class F>
auto run(Errc on_botan_error, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Botan::Exception& e) {
    return make_error(on_botan_error, e.what());
  } catch (const std::exception& e) {
    return make_error(Errc::crypto_failure, e.what());
  }
}

// fresh returns a new, unkeyed object of |prototype|'s algorithm. Botan 2's
// clone() returns an owning raw pointer: kept in `auto` it leaked, keyed state
// and all (finding F2 in docs/fuzzing.md).
template <class Algorithm>
std::unique_ptr<Algorithm> fresh(const Algorithm& prototype) {
  return std::unique_ptr<Algorithm>(prototype.clone());
}

// make_key returns a new |Impl| as its interface type, the form Result holds.
template <class Interface, class Impl, class... Args>
std::unique_ptr<Interface> make_key(Args&&... args) {
  return std::make_unique<Impl>(std::forward<Args>(args)...);
}

template <class V>
Bytes public_copy(const V& v) {
  return Bytes(v.begin(), v.end());
}
template <class V>
SecretBytes secret_copy(const V& v) {
  return SecretBytes(v.begin(), v.end());
}

Botan::BigInt to_bigint(ByteView v) {
  return Botan::BigInt(v.data(), v.size());
}

// as_label passes a binary label through Botan's std::string API unchanged.
std::string as_label(ByteView label) {
  return std::string(reinterpret_cast<const char*>(label.data()), label.size());
}

// make_oaep builds the EME directly: Botan's padding-name parser cannot carry
// a binary label ("OAEP(SHA-1,MGF1(SHA-1),label)" breaks on ',', '(', ')', '/').
Botan::OAEP make_oaep(ByteView label) {
  return Botan::OAEP(Botan::HashFunction::create_or_throw("SHA-1").release(),
                     Botan::HashFunction::create_or_throw("SHA-1").release(), as_label(label));
}

// ---------------------------------------------------------------- RSA

class BotanRsaPublicKey final : public RsaPublicKey {
 public:
  explicit BotanRsaPublicKey(Botan::RSA_PublicKey key) : key_(std::move(key)) {}

  Bytes modulus() const noexcept override {
    return public_copy(Botan::BigInt::encode(key_.get_n()));
  }
  Bytes exponent() const noexcept override {
    return public_copy(Botan::BigInt::encode(key_.get_e()));
  }
  size_t bits() const override { return key_.get_n().bits(); }

  Result<Bytes> encrypt_oaep_sha1(Rng& rng, ByteView message, ByteView label) const override {
    const size_t k = key_.get_n().bytes();
    if (k < kOaepOverhead || message.size() > k - kOaepOverhead)
      return make_error(Errc::too_large, "message over the OAEP limit of the key");
    return run(Errc::crypto_failure, [&]() -> Result<Bytes> {
      // Encode EM without its leading zero byte (k-1 bytes, so always below
      // n), then apply the bare RSA public operation. The seed, OAEP's only
      // random input, comes from the caller's Rng so vectors are reproducible.
      BotanRng seed_rng(rng);
      const Botan::OAEP oaep = make_oaep(label);
      const auto em = oaep.encode(message.data(), message.size(), 8 * (k - 1), seed_rng);
      Botan::PK_Encryptor_EME encryptor(key_, internal_rng(), "Raw");  // deterministic
      return encryptor.encrypt(em, internal_rng());
    });
  }

 private:
  Botan::RSA_PublicKey key_;
};

class BotanRsaPrivateKey final : public RsaPrivateKey {
 public:
  explicit BotanRsaPrivateKey(std::unique_ptr<Botan::RSA_PrivateKey> key)
      : key_(std::move(key)), public_(Botan::RSA_PublicKey(key_->get_n(), key_->get_e())) {}

  const RsaPublicKey& public_key() const override { return public_; }

  Result<SecretBytes> decrypt_oaep_sha1(ByteView ciphertext, ByteView label) const override {
    const size_t k = key_->get_n().bytes();
    if (k < kOaepOverhead || ciphertext.size() != k)
      return make_error(Errc::decrypt_failed, "decryption failed");
    // One code for every failure, Botan's or ours: no padding oracle.
    return run(Errc::decrypt_failed, [&]() -> Result<SecretBytes> {
      // RSADP is the same primitive as RSASP1 (RFC 8017 §5.1.2, §5.2.1).
      // Botan's raw signer returns all k bytes of EM, whereas its raw
      // decryptor strips leading zeros, and the length of that output would
      // tell whether EM starts with 00 (Manger's oracle).
      Botan::PK_Signer rsadp(*key_, internal_rng(), "Raw");
      const auto em = rsadp.sign_message(ciphertext.data(), ciphertext.size(), internal_rng());
      if (em.size() != k) return make_error(Errc::decrypt_failed, "decryption failed");
      const Botan::OAEP oaep = make_oaep(label);
      const Botan::EME& eme = oaep;  // unpad is public only through the base
      uint8_t valid_mask = 0;
      const auto message = eme.unpad(valid_mask, em.data(), em.size());
      if (valid_mask == 0) return make_error(Errc::decrypt_failed, "decryption failed");
      return secret_copy(message);
    });
  }

  Result<SecretBytes> pkcs8() const override {
    return run(Errc::crypto_failure, [&]() -> Result<SecretBytes> {
      return secret_copy(Botan::PKCS8::BER_encode(*key_));
    });
  }

 private:
  std::unique_ptr<Botan::RSA_PrivateKey> key_;
  BotanRsaPublicKey public_;
};

// parse_pkcs8_rsa reads a PrivateKeyInfo (RFC 5208) holding an rsaEncryption
// key, once read_rsa_pkcs8 has found it in the one strict form (REQ-KEY-8):
// Botan's BER decoder alone skips end-of-contents objects and keeps any
// AlgorithmIdentifier parameters (findings F6, F7). Not PKCS8::load_key,
// which also takes PEM and RSA-PSS keys. Throws Botan::Exception on any
// deviation.
std::unique_ptr<Botan::RSA_PrivateKey> parse_pkcs8_rsa(ByteView der) {
  if (!read_rsa_pkcs8(der))
    throw Botan::Decoding_Error("not a DER PKCS#8 rsaEncryption key of the one form");
  size_t version = 0;
  Botan::AlgorithmIdentifier algorithm;
  Botan::secure_vector<uint8_t> rsa_private_key;
  Botan::BER_Decoder(der.data(), der.size())
      .start_cons(Botan::SEQUENCE)
      .decode(version)
      .decode(algorithm)
      .decode(rsa_private_key, Botan::OCTET_STRING)
      .discard_remaining()  // optional attributes
      .end_cons()
      .verify_end();
  if (version != 0) throw Botan::Decoding_Error("PKCS#8: unsupported version");
  if (algorithm.get_oid() != Botan::OID::from_string("RSA"))
    throw Botan::Decoding_Error("PKCS#8: not an rsaEncryption key");
  return std::make_unique<Botan::RSA_PrivateKey>(algorithm, rsa_private_key);
}

// rsa_key_is_consistent is Botan's strong check_key without its closing
// RSA-PSS self-signature, which needs a modulus of about 530 bits and so
// refused smaller, valid keys. What that self-test guards is proven directly:
// with p, q prime, n = pq, e·d = 1 mod lcm(p-1, q-1) and the CRT parts derived
// from d, the private operation inverts the public one.
bool rsa_key_is_consistent(const Botan::RSA_PrivateKey& key) {
  // The weak check: sizes, e odd >= 3, n = pq, p != q, d1, d2 and c from d.
  if (!key.check_key(internal_rng(), false)) return false;
  const Botan::BigInt& p = key.get_p();
  const Botan::BigInt& q = key.get_q();
  constexpr size_t kPrimeTestBits = 128;  // the strong check's error bound
  if (!Botan::is_prime(p, internal_rng(), kPrimeTestBits) ||
      !Botan::is_prime(q, internal_rng(), kPrimeTestBits))
    return false;
  return Botan::ct_modulo(key.get_e() * key.get_d(), Botan::lcm(p - 1, q - 1)) == 1;
}

// ---------------------------------------------------------------- EC P-256

const char* emsa_for(Hash hash) {
  // EMSA1 hashes, then truncates to the order's 256 bits: the ECDSA rule.
  return hash == Hash::sha1 ? "EMSA1(SHA-1)" : "EMSA1(SHA-256)";
}

// decode_point accepts exactly 04 ‖ X ‖ Y naming a point on |group|, else
// nullopt. Botan's OS2ECP would also take compressed and hybrid forms.
std::optional<Botan::PointGFp> decode_point(const Botan::EC_Group& group, ByteView in) {
  if (in.size() != kP256PointLen || in[0] != 0x04) return std::nullopt;
  // Botan 2's OS2ECP does not range-check X and Y, so X + p would be a second
  // encoding of the point with X.
  const ByteView x = in.subspan(1, kP256CoordLen);
  const ByteView y = in.subspan(1 + kP256CoordLen);
  if (to_bigint(x) >= group.get_p() || to_bigint(y) >= group.get_p()) return std::nullopt;
  try {
    Botan::PointGFp point = group.OS2ECP(in.data(), in.size());
    if (point.is_zero() || !point.on_the_curve()) return std::nullopt;
    return point;
  } catch (const Botan::Exception&) {
    return std::nullopt;
  }
}

class BotanEcPublicKey final : public EcPublicKey {
 public:
  BotanEcPublicKey(const Botan::EC_Group& group, const Botan::PointGFp& point)
      : key_(group, point), point_(point.encode(Botan::PointGFp::UNCOMPRESSED)) {}

  Bytes point() const noexcept override { return point_; }

  Status verify(Hash hash, SigFormat format, ByteView message, ByteView signature) const override {
    const std::optional<Bytes> raw =
        format == SigFormat::der ? der_to_raw(signature) : to_public(signature);
    if (!raw || raw->size() != kP256RawSignatureLen)
      return make_error(Errc::bad_signature, "malformed signature");
    try {
      Botan::PK_Verifier verifier(key_, emsa_for(hash), Botan::IEEE_1363);
      if (verifier.verify_message(message.data(), message.size(), raw->data(), raw->size()))
        return ok_status();
    } catch (const std::exception&) {
      // Falls through: any failure reads as a bad signature.
    }
    return make_error(Errc::bad_signature, "signature does not verify");
  }

 private:
  Botan::ECDSA_PublicKey key_;
  Bytes point_;
};

class BotanEcPrivateKey final : public EcPrivateKey {
 public:
  // The scalar is held twice because Botan types keys by use: ECDSA keys
  // cannot agree, ECDH keys cannot sign.
  BotanEcPrivateKey(const Botan::EC_Group& group, const Botan::BigInt& scalar)
      : group_(group),
        ecdsa_(internal_rng(), group, scalar),
        ecdh_(internal_rng(), group, scalar),
        public_(group, ecdsa_.public_point()) {}

  const EcPublicKey& public_key() const override { return public_; }

  SecretBytes scalar() const noexcept override {
    return secret_copy(Botan::BigInt::encode_1363(ecdsa_.private_value(), kP256ScalarLen));
  }

  Result<Bytes> sign(Hash hash, SigFormat format, ByteView message) const override {
    return run(Errc::crypto_failure, [&]() -> Result<Bytes> {
      Botan::PK_Signer signer(ecdsa_, internal_rng(), emsa_for(hash), Botan::IEEE_1363);
      const Bytes raw = signer.sign_message(message.data(), message.size(), internal_rng());
      if (raw.size() != kP256RawSignatureLen)
        return make_error(Errc::crypto_failure, "unexpected ECDSA signature size");
      return format == SigFormat::der ? raw_to_der(raw) : raw;
    });
  }

  Result<SecretBytes> ecdh(ByteView peer_point) const override {
    if (!decode_point(group_, peer_point))
      return make_error(Errc::malformed_key, "peer point is not an uncompressed P-256 point");
    return run(Errc::crypto_failure, [&]() -> Result<SecretBytes> {
      // "Raw": no KDF, the result is X of the shared point, p-sized.
      Botan::PK_Key_Agreement agreement(ecdh_, internal_rng(), "Raw");
      const Botan::SymmetricKey shared =
          agreement.derive_key(0, peer_point.data(), peer_point.size(), nullptr, 0);
      return secret_copy(shared.bits_of());
    });
  }

 private:
  Botan::EC_Group group_;
  Botan::ECDSA_PrivateKey ecdsa_;
  Botan::ECDH_PrivateKey ecdh_;
  BotanEcPublicKey public_;
};

// ---------------------------------------------------------------- Provider

class BotanProvider final : public Provider {
 public:
  // The constructor throws if Botan lacks an algorithm; see the factory.
  BotanProvider()
      : sha1_(Botan::HashFunction::create_or_throw("SHA-1")),
        sha256_(Botan::HashFunction::create_or_throw("SHA-256")),
        hmac_sha256_(Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)")),
        hkdf_sha256_(Botan::KDF::create_or_throw("HKDF(SHA-256)")),
        aes128_ctr_(Botan::StreamCipher::create_or_throw("CTR-BE(AES-128)")),
        aes256_ctr_(Botan::StreamCipher::create_or_throw("CTR-BE(AES-256)")),
        p256_("secp256r1") {}

  std::string_view name() const override { return "botan"; }

  Bytes sha1(ByteView data) const noexcept override { return digest(*sha1_, data); }
  Bytes sha256(ByteView data) const noexcept override { return digest(*sha256_, data); }

  Bytes hmac_sha256(ByteView key, ByteView message) const noexcept override {
    // RFC 2104 replaces a key longer than the block by its hash. Doing it here
    // gives the same MAC and lifts Botan's 4096-byte HMAC key limit.
    Bytes hashed_key;
    ByteView mac_key = key;
    if (key.size() > kSha256BlockLen) {
      hashed_key = sha256(key);
      mac_key = hashed_key;
    }
    const auto mac = fresh(*hmac_sha256_);
    mac->set_key(mac_key.data(), mac_key.size());
    mac->update(message.data(), message.size());
    return public_copy(mac->final());
  }

  Result<SecretBytes> hkdf_sha256(ByteView ikm, ByteView salt, ByteView info,
                                  size_t length) const override {
    if (length > 255 * kSha256Len)
      return make_error(Errc::invalid_argument, "HKDF output over 255 * 32 bytes");
    return run(Errc::crypto_failure, [&]() -> Result<SecretBytes> {
      const auto kdf = fresh(*hkdf_sha256_);
      return secret_copy(kdf->derive_key(length, ikm.data(), ikm.size(), salt.data(), salt.size(),
                                         info.data(), info.size()));
    });
  }

  Result<SecretBytes> scrypt(ByteView password, ByteView salt, const ScryptParams& params,
                             size_t length) const override {
    if (!scrypt_supported(params, length))
      return make_error(Errc::invalid_argument, "scrypt parameters out of range");
    return run(Errc::crypto_failure, [&]() -> Result<SecretBytes> {
      Botan::Scrypt scrypt(size_t{1} << params.log2_n, params.r, params.p);
      SecretBytes out(length);
      scrypt.derive_key(out.data(), out.size(), reinterpret_cast<const char*>(password.data()),
                        password.size(), salt.data(), salt.size());
      return out;
    });
  }

  Result<Bytes> aes_ctr(ByteView key, ByteView counter_block, ByteView input) const override {
    if (key.size() != 16 && key.size() != 32)
      return make_error(Errc::invalid_argument, "AES key must be 16 or 32 bytes");
    if (counter_block.size() != kAesBlockLen)
      return make_error(Errc::invalid_argument, "AES-CTR counter block must be 16 bytes");
    return run(Errc::crypto_failure, [&]() -> Result<Bytes> {
      // CTR-BE with a full-block IV counts over all 128 bits, big-endian.
      const auto cipher = fresh(key.size() == 16 ? *aes128_ctr_ : *aes256_ctr_);
      cipher->set_key(key.data(), key.size());
      cipher->set_iv(counter_block.data(), counter_block.size());
      Bytes out(input.size());
      cipher->cipher(input.data(), out.data(), input.size());
      return out;
    });
  }

  Result<std::unique_ptr<RsaPrivateKey>> rsa_generate(Rng& rng, size_t bits) const override {
    if (bits < kMinRsaGenerateBits || bits > kMaxRsaGenerateBits)
      return make_error(Errc::invalid_argument, "RSA key size out of range");
    return run(Errc::crypto_failure, [&]() -> Result<std::unique_ptr<RsaPrivateKey>> {
      BotanRng botan_rng(rng);
      return make_key<RsaPrivateKey, BotanRsaPrivateKey>(
          std::make_unique<Botan::RSA_PrivateKey>(botan_rng, bits, kRsaExponent));
    });
  }

  Result<std::unique_ptr<RsaPrivateKey>> rsa_private_from_pkcs8(ByteView der) const override {
    return run(Errc::malformed_key, [&]() -> Result<std::unique_ptr<RsaPrivateKey>> {
      auto key = parse_pkcs8_rsa(der);
      if (!rsa_key_is_consistent(*key))
        return make_error(Errc::malformed_key, "RSA key parts are inconsistent");
      return make_key<RsaPrivateKey, BotanRsaPrivateKey>(std::move(key));
    });
  }

  Result<std::unique_ptr<RsaPublicKey>> rsa_public_from_components(
      ByteView modulus, ByteView exponent) const override {
    if (!rsa_public_in_bounds(modulus, exponent))  // REQ-KEY-9
      return make_error(Errc::malformed_key, "invalid RSA modulus or exponent");
    return run(Errc::malformed_key, [&]() -> Result<std::unique_ptr<RsaPublicKey>> {
      const Botan::BigInt n = to_bigint(modulus);
      const Botan::BigInt e = to_bigint(exponent);
      return make_key<RsaPublicKey, BotanRsaPublicKey>(Botan::RSA_PublicKey(n, e));
    });
  }

  Result<std::unique_ptr<EcPrivateKey>> ec_generate(Rng& rng) const override {
    // Rejection sampling on raw 32-byte draws, the rule both backends share,
    // so one Rng output gives one key everywhere.
    for (int draw = 0; draw < kMaxScalarDraws; ++draw) {
      SecretBytes candidate(kP256ScalarLen);
      rng.fill(candidate);
      if (p256_scalar_in_range(candidate)) return ec_private_from_scalar(candidate);
    }
    return make_error(Errc::crypto_failure, "Rng yielded no P-256 scalar");
  }

  Result<std::unique_ptr<EcPrivateKey>> ec_private_from_scalar(ByteView scalar) const override {
    if (!p256_scalar_in_range(scalar))
      return make_error(Errc::malformed_key, "P-256 scalar must be 32 bytes in [1, n-1]");
    return run(Errc::crypto_failure, [&]() -> Result<std::unique_ptr<EcPrivateKey>> {
      return make_key<EcPrivateKey, BotanEcPrivateKey>(p256_, to_bigint(scalar));
    });
  }

  Result<std::unique_ptr<EcPublicKey>> ec_public_from_point(ByteView point) const override {
    const std::optional<Botan::PointGFp> decoded = decode_point(p256_, point);
    if (!decoded) return make_error(Errc::malformed_key, "not an uncompressed P-256 point");
    return run(Errc::crypto_failure, [&]() -> Result<std::unique_ptr<EcPublicKey>> {
      return make_key<EcPublicKey, BotanEcPublicKey>(p256_, *decoded);
    });
  }

  Result<Bytes> ec_point_from_x(ByteView x, bool odd_y) const override {
    if (x.size() != kP256CoordLen) return make_error(Errc::malformed_key, "X must be 32 bytes");
    // Botan 2's OS2ECP does not range-check X (decode_point), so x >= p is
    // refused here; the square root then fails for an X with no point.
    if (to_bigint(x) >= p256_.get_p()) return make_error(Errc::malformed_key, "X is not below p");
    uint8_t compressed[1 + kP256CoordLen];
    compressed[0] = odd_y ? 0x03 : 0x02;
    std::copy(x.begin(), x.end(), compressed + 1);
    try {
      Botan::PointGFp point = p256_.OS2ECP(compressed, sizeof compressed);
      if (point.is_zero() || !point.on_the_curve())
        return make_error(Errc::malformed_key, "no P-256 point has this X");
      return public_copy(point.encode(Botan::PointGFp::UNCOMPRESSED));
    } catch (const Botan::Exception&) {
      return make_error(Errc::malformed_key, "no P-256 point has this X");
    }
  }

 private:
  static Bytes digest(const Botan::HashFunction& prototype, ByteView data) {
    const auto hash = fresh(prototype);
    hash->update(data.data(), data.size());
    return public_copy(hash->final());
  }

  // Prototypes, only ever copied by fresh(): never used to compute directly.
  std::unique_ptr<Botan::HashFunction> sha1_;
  std::unique_ptr<Botan::HashFunction> sha256_;
  std::unique_ptr<Botan::MessageAuthenticationCode> hmac_sha256_;
  std::unique_ptr<Botan::KDF> hkdf_sha256_;
  std::unique_ptr<Botan::StreamCipher> aes128_ctr_;
  std::unique_ptr<Botan::StreamCipher> aes256_ctr_;
  Botan::EC_Group p256_;
};

}  // namespace

std::unique_ptr<Provider> make_botan_provider() {
  // A Botan build without one of our algorithms yields no backend, which
  // get_provider reports as Errc::unsupported.
  try {
    return std::make_unique<BotanProvider>();
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace imref::crypto
