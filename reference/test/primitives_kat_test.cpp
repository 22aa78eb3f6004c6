// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// One published known answer per primitive, and the seam's contract (provider.h)
// test by test, against every backend. Cross-backend tests and properties
// check that the two backends are interchangeable.
//
// Sources of the known answers:
//   SHA-1, SHA-256       FIPS 180-2 appendix examples, "abc"
//   HMAC-SHA256          RFC 4231 test case 2 ("Jefe")
//   HKDF-SHA256          RFC 5869 A.1
//   scrypt               RFC 7914 section 12, vectors 1 and 2
//   AES-128/256-CTR      NIST SP 800-38A F.5.1 and F.5.5
//   RSAES-OAEP SHA-1     RSA Labs pkcs-1v2-1-vec oaep-vect.txt, Example 1.1 (the
//                        1024-bit key as PKCS#8, built from its n, e, d, p, q)
//   ECDSA P-256 SHA-256  RFC 6979 A.2.5, message "sample"
//   ECDH P-256           NIST CAVS KAS ECC CDH primitive vectors, P-256 COUNT = 0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "provider_test_util.h"

namespace imref::test {
namespace {

using crypto::DeterministicRng;
using crypto::Hash;
using crypto::Provider;
using crypto::SigFormat;

// ---- Known-answer data ----------------------------------------------------

// oaep-vect.txt Example 1: PKCS#8 PrivateKeyInfo of the 1024-bit key.
constexpr char kOaepPkcs8[] =
    "30820276020100300d06092a864886f70d0101010500048202603082025c02010002818100a8b3b284af8eb50b"
    "387034a860f146c4919f318763cd6c5598c8ae4811a1e0abc4c7e0b082d693a5e7fced675cf4668512772c0cbc"
    "64a742c6c630f533c8cc72f62ae833c40bf25842e984bb78bdbf97c0107d55bdb662f5c4e0fab9845cb5148ef7"
    "392dd3aaff93ae1e6b667bb3d4247616d4f5ba10d4cfd226de88d39f16fb020301000102818053339cfdb79fc8"
    "466a655c7316aca85c55fd8f6dd898fdaf119517ef4f52e8fd8e258df93fee180fa0e4ab29693cd83b152a553d"
    "4ac4d1812b8b9fa5af0e7f55fe7304df41570926f3311f15c4d65a732c483116ee3d3d2d0af3549ad9bf7cbfb7"
    "8ad884f84d5beb04724dc7369b31def37d0cf539e9cfcdd3de653729ead5d1024100d32737e7267ffe1341b2d5"
    "c0d150a81b586fb3132bed2f8d5262864a9cb9f30af38be448598d413a172efb802c21acf1c11c520c2f26a471"
    "dcad212eac7ca39d024100cc8853d1d54da630fac004f471f281c7b8982d8224a490edbeb33d3e3d5cc93c4765"
    "703d1dd791642f1f116a0dd852be2419b2af72bfe9a030e860b0288b5d7702400e12bf1718e9cef5599ba1c388"
    "2fe8046a90874eefce8f2ccc20e4f2741fb0a33a3848aec9c9305fbecbd2d76819967d4671acc6431e4037968d"
    "b37878e695c102410095297b0f95a2fa67d00707d609dfd4fc05c89dafc2ef6d6ea55bec771ea333734d9251e7"
    "9082ecda866efef13c459e1a631386b7e354c899f5f112ca85d7158302404f456c502493bdc0ed2ab756a3a6ed"
    "4d67352a697d4216e93212b127a63d5411ce6fa98d5dbefd73263e3728142743818166ed7dd63687dd2a8ca1d2"
    "f4fbd8e1";
constexpr char kOaepModulus[] =
    "a8b3b284af8eb50b387034a860f146c4919f318763cd6c5598c8ae4811a1e0abc4c7e0b082d693a5e7fced675c"
    "f4668512772c0cbc64a742c6c630f533c8cc72f62ae833c40bf25842e984bb78bdbf97c0107d55bdb662f5c4e0"
    "fab9845cb5148ef7392dd3aaff93ae1e6b667bb3d4247616d4f5ba10d4cfd226de88d39f16fb";
// Example 1.1.
constexpr char kOaepMessage[] = "6628194e12073db03ba94cda9ef9532397d50dba79b987004afefe34";
constexpr char kOaepSeed[] = "18b776ea21069d69776a33e96bad48e1dda0a5ef";
constexpr char kOaepCiphertext[] =
    "354fe67b4a126d5d35fe36c777791a3f7ba13def484e2d3908aff722fad468fb21696de95d0be911c2d3174f8a"
    "fcc201035f7b6d8e69402de5451618c21a535fa9d7bfc5b8dd9fc243f8cf927db31322d6e881eaa91a996170e6"
    "57a05a266426d98c88003f8477c1227094a0d9fa1e8c4024309ce1ecccb5210035d47ac72e8a";

// P-256 domain: order n, generator G, and -G.
constexpr char kP256Order[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
constexpr char kP256G[] =
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
constexpr char kP256MinusG[] =
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a";

// RFC 6979 A.2.5.
constexpr char kRfc6979Private[] =
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
constexpr char kRfc6979Public[] =
    "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
constexpr char kRfc6979SampleSha256Raw[] =
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
constexpr char kRfc6979SampleSha256Der[] =
    "3046022100efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
    "022100f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";

// CAVS KAS ECC CDH primitive, [P-256] COUNT = 0.
constexpr char kCdhQcavs[] =
    "04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287"
    "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac";
constexpr char kCdhDiut[] = "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534";
constexpr char kCdhQiut[] =
    "04ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230"
    "28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141";
constexpr char kCdhZiut[] = "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b";

// SP 800-38A F.5: the counter block and plaintext shared by F.5.1 and F.5.5.
constexpr char kCtrInitialCounter[] = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
constexpr char kCtrPlaintext[] =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

// FixedRng returns |bytes| and then zeros: it makes the OAEP seed a test input.
class FixedRng final : public crypto::Rng {
 public:
  explicit FixedRng(Bytes bytes) : bytes_(std::move(bytes)) {}
  void fill(std::span<uint8_t> out) override {
    for (uint8_t& b : out) b = pos_ < bytes_.size() ? bytes_[pos_++] : 0;
  }

 private:
  Bytes bytes_;
  size_t pos_ = 0;
};

Bytes flip_bit(Bytes b, size_t bit) {
  b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  return b;
}

Bytes public_bytes(const SecretBytes& s) {
  return Bytes(s.begin(), s.end());
}

std::vector<const Provider*> all_providers() {
  std::vector<const Provider*> out;
  for (const auto& name : all_backends()) out.push_back(&backend(name));
  return out;
}

class Primitives : public ProviderTest {
 protected:
  std::unique_ptr<crypto::RsaPrivateKey> oaep_key() {
    auto key = provider().rsa_private_from_pkcs8(unhex(kOaepPkcs8));
    EXPECT_TRUE(key.ok()) << errc_name(key.code()) << ": " << key.error().detail;
    return key.ok() ? std::move(key).value() : nullptr;
  }
  std::unique_ptr<crypto::EcPrivateKey> ec_key(const char* scalar_hex) {
    auto key = provider().ec_private_from_scalar(unhex(scalar_hex));
    EXPECT_TRUE(key.ok()) << errc_name(key.code()) << ": " << key.error().detail;
    return key.ok() ? std::move(key).value() : nullptr;
  }
};

// ---- Hashes, MAC, KDF -------------------------------------------------------

TEST_P(Primitives, Sha1Abc) {
  EXPECT_EQ(to_hex(provider().sha1(to_bytes("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST_P(Primitives, Sha256Abc) {
  EXPECT_EQ(to_hex(provider().sha256(to_bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_P(Primitives, HmacSha256Rfc4231Case2) {
  EXPECT_EQ(
      to_hex(provider().hmac_sha256(to_bytes("Jefe"), to_bytes("what do ya want for nothing?"))),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_P(Primitives, HkdfSha256Rfc5869A1) {
  auto okm = provider().hkdf_sha256(Bytes(22, 0x0b), unhex("000102030405060708090a0b0c"),
                                    unhex("f0f1f2f3f4f5f6f7f8f9"), 42);
  ASSERT_TRUE(okm.ok()) << errc_name(okm.code());
  EXPECT_EQ(to_hex(*okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST_P(Primitives, HkdfLengthLimitIs255Blocks) {
  auto longest = provider().hkdf_sha256(Bytes(32, 1), {}, {}, 255 * 32);
  ASSERT_TRUE(longest.ok()) << errc_name(longest.code());
  EXPECT_EQ(longest->size(), 255u * 32);
  EXPECT_EQ(outcome(provider().hkdf_sha256(Bytes(32, 1), {}, {}, 255 * 32 + 1)),
            "invalid_argument");
}

TEST_P(Primitives, ScryptRfc7914Section12) {
  auto first = provider().scrypt({}, {}, {4, 1, 1}, 64);  // N = 16
  ASSERT_TRUE(first.ok()) << errc_name(first.code());
  EXPECT_EQ(to_hex(*first),
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
  auto second = provider().scrypt(to_bytes("password"), to_bytes("NaCl"), {10, 8, 16}, 64);
  ASSERT_TRUE(second.ok()) << errc_name(second.code());
  EXPECT_EQ(to_hex(*second),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
}

// Both backends refuse exactly what scrypt_supported refuses.
TEST_P(Primitives, ScryptBoundsAreTheSeams) {
  const crypto::ScryptParams refused[] = {
      {0, 1, 1}, {21, 1, 1}, {1, 0, 1},  {1, 33, 1},
      {1, 1, 0}, {1, 1, 17}, {20, 9, 1},  // 128 * 9 * 2^20 > 1 GiB
      {16, 1, 1}};                        // RFC 7914: N < 2^(16 r)
  for (const auto& params : refused)
    EXPECT_EQ(outcome(provider().scrypt(to_bytes("pw"), {}, params, 32)), "invalid_argument")
        << int(params.log2_n) << " " << params.r << " " << params.p;
  EXPECT_EQ(outcome(provider().scrypt(to_bytes("pw"), {}, {1, 1, 1}, 0)), "invalid_argument");
  EXPECT_EQ(outcome(provider().scrypt(to_bytes("pw"), {}, {1, 1, 1}, 1025)), "invalid_argument");
  EXPECT_EQ(outcome(provider().scrypt(to_bytes("pw"), {}, {1, 1, 1}, 1024)), "ok");
  EXPECT_EQ(outcome(provider().scrypt(to_bytes("pw"), {}, {15, 1, 1}, 32)), "ok");
}

// ---- AES-CTR -----------------------------------------------------------------

TEST_P(Primitives, AesCtr128Sp80038aF51) {
  const Bytes key = unhex("2b7e151628aed2a6abf7158809cf4f3c");
  const std::string ct =
      "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
      "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";
  auto out = provider().aes_ctr(key, unhex(kCtrInitialCounter), unhex(kCtrPlaintext));
  ASSERT_TRUE(out.ok()) << errc_name(out.code());
  EXPECT_EQ(to_hex(*out), ct);
  // F.5.2: decryption is the same operation.
  auto back = provider().aes_ctr(key, unhex(kCtrInitialCounter), unhex(ct));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(to_hex(*back), kCtrPlaintext);
}

TEST_P(Primitives, AesCtr256Sp80038aF55) {
  const Bytes key = unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
  const std::string ct =
      "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
      "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6";
  auto out = provider().aes_ctr(key, unhex(kCtrInitialCounter), unhex(kCtrPlaintext));
  ASSERT_TRUE(out.ok()) << errc_name(out.code());
  EXPECT_EQ(to_hex(*out), ct);
  auto back = provider().aes_ctr(key, unhex(kCtrInitialCounter), unhex(ct));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(to_hex(*back), kCtrPlaintext);
}

// The counter is one 128-bit integer: the carry out of the low 64 bits reaches
// the high half, and all-ones wraps to zero.
TEST_P(Primitives, AesCtrCounterCarriesAcross128Bits) {
  const Bytes input(32, 0x5a);
  for (const char* key_hex : {"000102030405060708090a0b0c0d0e0f",
                              "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}) {
    const Bytes key = unhex(key_hex);
    struct Case {
      const char* counter;
      const char* next;
    };
    for (const Case& c :
         {Case{"f0f1f2f3f4f5f600ffffffffffffffff", "f0f1f2f3f4f5f6010000000000000000"},
          Case{"000000000000000000000000ffffffff", "00000000000000000000000100000000"},
          Case{"ffffffffffffffffffffffffffffffff", "00000000000000000000000000000000"}}) {
      SCOPED_TRACE(std::string("key ") + key_hex + " counter " + c.counter);
      auto two = provider().aes_ctr(key, unhex(c.counter), input);
      auto second = provider().aes_ctr(key, unhex(c.next), Bytes(input.begin() + 16, input.end()));
      auto first =
          provider().aes_ctr(key, unhex(c.counter), Bytes(input.begin(), input.begin() + 16));
      ASSERT_TRUE(two.ok() && second.ok() && first.ok());
      EXPECT_EQ(to_hex(*two), to_hex(*first) + to_hex(*second));
    }
  }
}

TEST_P(Primitives, AesCtrRejectsOtherKeyAndCounterLengths) {
  const Bytes counter(16, 0), input(20, 1);
  for (size_t len : {0, 1, 15, 17, 24, 31, 33, 64}) {
    EXPECT_EQ(outcome(provider().aes_ctr(Bytes(len, 7), counter, input)), "invalid_argument")
        << "key length " << len;
  }
  for (size_t len : {0, 8, 12, 15, 17, 32}) {
    EXPECT_EQ(outcome(provider().aes_ctr(Bytes(16, 7), Bytes(len, 0), input)), "invalid_argument")
        << "counter length " << len;
  }
}

// ---- RSA-OAEP ----------------------------------------------------------------

TEST_P(Primitives, RsaOaepSha1DecryptOaepVectExample11) {
  auto key = oaep_key();
  ASSERT_TRUE(key);
  const auto& pub = key->public_key();
  EXPECT_EQ(to_hex(pub.modulus()), kOaepModulus);
  EXPECT_EQ(to_hex(pub.exponent()), "010001");
  EXPECT_EQ(pub.bits(), 1024u);
  auto msg = key->decrypt_oaep_sha1(unhex(kOaepCiphertext));
  ASSERT_TRUE(msg.ok()) << errc_name(msg.code());
  EXPECT_EQ(to_hex(*msg), kOaepMessage);
  // The example has an empty label: any other label is decrypt_failed.
  EXPECT_EQ(outcome(key->decrypt_oaep_sha1(unhex(kOaepCiphertext), to_bytes("x"))),
            "decrypt_failed");
}

// Encryption is randomised; with the example's seed as Rng output, Botan (which
// takes the seed from the caller's Rng) must reproduce the example exactly.
// OpenSSL draws its own seed, so there the ciphertext only has to decrypt.
TEST_P(Primitives, RsaOaepSha1EncryptOaepVectExample11) {
  auto key = oaep_key();
  ASSERT_TRUE(key);
  FixedRng rng(unhex(kOaepSeed));
  auto ct = key->public_key().encrypt_oaep_sha1(rng, unhex(kOaepMessage));
  ASSERT_TRUE(ct.ok()) << errc_name(ct.code());
  EXPECT_EQ(ct->size(), 128u);
  if (backend_name() == "botan") {
    EXPECT_EQ(to_hex(*ct), kOaepCiphertext);
  }
  auto back = key->decrypt_oaep_sha1(*ct);
  ASSERT_TRUE(back.ok()) << errc_name(back.code());
  EXPECT_EQ(to_hex(*back), kOaepMessage);
}

TEST_P(Primitives, RsaOaepLimitIsModulusMinus42) {
  auto key = oaep_key();
  ASSERT_TRUE(key);
  DeterministicRng rng(1);
  const Bytes label = to_bytes("label");
  const Bytes longest(128 - 42, 0xab);
  auto ct = key->public_key().encrypt_oaep_sha1(rng, longest, label);
  ASSERT_TRUE(ct.ok()) << errc_name(ct.code());
  auto back = key->decrypt_oaep_sha1(*ct, label);
  ASSERT_TRUE(back.ok()) << errc_name(back.code());
  EXPECT_EQ(public_bytes(*back), longest);
  EXPECT_EQ(outcome(key->public_key().encrypt_oaep_sha1(rng, Bytes(128 - 41, 0xab), label)),
            "too_large");
  EXPECT_EQ(outcome(key->public_key().encrypt_oaep_sha1(rng, Bytes(1000, 0xab))), "too_large");
  // The empty message is within the limit.
  auto empty = key->public_key().encrypt_oaep_sha1(rng, {});
  ASSERT_TRUE(empty.ok()) << errc_name(empty.code());
  auto empty_back = key->decrypt_oaep_sha1(*empty);
  ASSERT_TRUE(empty_back.ok()) << errc_name(empty_back.code());
  EXPECT_TRUE(empty_back->empty());
}

TEST_P(Primitives, RsaPkcs8ExportImportRoundTrips) {
  auto key = oaep_key();
  ASSERT_TRUE(key);
  auto der = key->pkcs8();
  ASSERT_TRUE(der.ok()) << errc_name(der.code());
  auto again = provider().rsa_private_from_pkcs8(*der);
  ASSERT_TRUE(again.ok()) << errc_name(again.code());
  EXPECT_EQ((*again)->public_key().modulus(), key->public_key().modulus());
  EXPECT_EQ((*again)->public_key().exponent(), key->public_key().exponent());
  auto msg = (*again)->decrypt_oaep_sha1(unhex(kOaepCiphertext));
  ASSERT_TRUE(msg.ok()) << errc_name(msg.code());
  EXPECT_EQ(to_hex(*msg), kOaepMessage);
  auto der_again = (*again)->pkcs8();
  ASSERT_TRUE(der_again.ok());
  EXPECT_EQ(public_bytes(*der_again), public_bytes(*der));
}

TEST_P(Primitives, RsaPkcs8RejectsGarbage) {
  const Bytes der = unhex(kOaepPkcs8);
  EXPECT_EQ(outcome(provider().rsa_private_from_pkcs8({})), "malformed_key");
  EXPECT_EQ(outcome(provider().rsa_private_from_pkcs8(Bytes(der.begin(), der.end() - 1))),
            "malformed_key");
  EXPECT_EQ(outcome(provider().rsa_private_from_pkcs8(unhex(kRfc6979Private))), "malformed_key");
}

TEST_P(Primitives, RsaPublicFromComponentsEncryptsToThePrivateKey) {
  auto key = oaep_key();
  ASSERT_TRUE(key);
  auto pub = provider().rsa_public_from_components(unhex(kOaepModulus), unhex("010001"));
  ASSERT_TRUE(pub.ok()) << errc_name(pub.code());
  EXPECT_EQ((*pub)->bits(), 1024u);
  DeterministicRng rng(2);
  auto ct = (*pub)->encrypt_oaep_sha1(rng, to_bytes("hello"), to_bytes("L"));
  ASSERT_TRUE(ct.ok()) << errc_name(ct.code());
  auto msg = key->decrypt_oaep_sha1(*ct, to_bytes("L"));
  ASSERT_TRUE(msg.ok()) << errc_name(msg.code());
  EXPECT_EQ(public_bytes(*msg), to_bytes("hello"));
}

TEST_P(Primitives, RsaGenerateIsDeterministicPerBackend) {
  DeterministicRng rng_a(20260101, "rsa"), rng_b(20260101, "rsa"), rng_c(20260102, "rsa");
  auto a = provider().rsa_generate(rng_a, 1280);
  auto b = provider().rsa_generate(rng_b, 1280);
  ASSERT_TRUE(a.ok()) << errc_name(a.code()) << ": " << a.error().detail;
  ASSERT_TRUE(b.ok()) << errc_name(b.code()) << ": " << b.error().detail;
  const auto& pub = (*a)->public_key();
  EXPECT_EQ(pub.bits(), 1280u);
  EXPECT_EQ(pub.modulus().size(), 160u);
  EXPECT_EQ(to_hex(pub.exponent()), "010001");
  EXPECT_EQ(pub.modulus(), (*b)->public_key().modulus());
  auto der_a = (*a)->pkcs8();
  auto der_b = (*b)->pkcs8();
  ASSERT_TRUE(der_a.ok() && der_b.ok());
  EXPECT_EQ(public_bytes(*der_a), public_bytes(*der_b));
  // A different seed gives a different key.
  auto c = provider().rsa_generate(rng_c, 1280);
  ASSERT_TRUE(c.ok());
  EXPECT_NE((*c)->public_key().modulus(), pub.modulus());
  // And the generated key works.
  DeterministicRng rng(3);
  auto ct = pub.encrypt_oaep_sha1(rng, to_bytes("generated"));
  ASSERT_TRUE(ct.ok());
  auto msg = (*a)->decrypt_oaep_sha1(*ct);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(public_bytes(*msg), to_bytes("generated"));
}

// ---- EC keys -------------------------------------------------------------------

TEST_P(Primitives, EcPublicFromPointAcceptsOnlyUncompressedPointsOnTheCurve) {
  const Bytes g = unhex(kP256G);
  auto ok = provider().ec_public_from_point(g);
  ASSERT_TRUE(ok.ok()) << errc_name(ok.code());
  EXPECT_EQ((*ok)->point(), g);

  Bytes off_curve = g;
  off_curve.back() ^= 1;
  Bytes compressed(g.begin(), g.begin() + 33);
  compressed[0] = 0x03;  // Gy is odd
  Bytes hybrid = g;
  hybrid[0] = 0x07;
  Bytes zero_point(65, 0);
  zero_point[0] = 0x04;
  Bytes coordinates(g.begin() + 1, g.end());
  Bytes too_long = g;
  too_long.push_back(0);
  const std::vector<std::pair<const char*, Bytes>> bad = {
      {"off curve", off_curve},
      {"compressed", compressed},
      {"hybrid", hybrid},
      {"(0, 0)", zero_point},
      {"no 04 prefix", coordinates},
      {"66 bytes", too_long},
      {"infinity (00)", Bytes{0x00}},
      {"empty", Bytes{}},
  };
  for (const auto& [what, point] : bad) {
    EXPECT_EQ(outcome(provider().ec_public_from_point(point)), "malformed_key") << what;
  }
}

TEST_P(Primitives, EcPrivateFromScalarAcceptsOneToOrderMinusOne) {
  auto one = provider().ec_private_from_scalar(unhex(std::string(63, '0') + "1"));
  ASSERT_TRUE(one.ok()) << errc_name(one.code());
  EXPECT_EQ(to_hex((*one)->public_key().point()), kP256G);
  EXPECT_EQ(to_hex((*one)->scalar()), std::string(63, '0') + "1");

  Bytes n_minus_1 = unhex(kP256Order);
  n_minus_1.back() -= 1;
  auto last = provider().ec_private_from_scalar(n_minus_1);
  ASSERT_TRUE(last.ok()) << errc_name(last.code());
  EXPECT_EQ(to_hex((*last)->public_key().point()), kP256MinusG);

  Bytes n_plus_1 = unhex(kP256Order);
  n_plus_1.back() += 1;
  const std::vector<std::pair<const char*, Bytes>> bad = {
      {"0", Bytes(32, 0)},          {"n", unhex(kP256Order)},   {"n+1", n_plus_1},
      {"2^256-1", Bytes(32, 0xff)}, {"31 bytes", Bytes(31, 1)}, {"33 bytes", Bytes(33, 1)},
      {"empty", Bytes{}},
  };
  for (const auto& [what, scalar] : bad) {
    EXPECT_EQ(outcome(provider().ec_private_from_scalar(scalar)), "malformed_key") << what;
  }
}

// ---- ECDSA -----------------------------------------------------------------------

TEST_P(Primitives, EcdsaVerifiesRfc6979SampleSha256) {
  auto pub = provider().ec_public_from_point(unhex(kRfc6979Public));
  ASSERT_TRUE(pub.ok()) << errc_name(pub.code());
  const Bytes sample = to_bytes("sample");
  EXPECT_TRUE(
      (*pub)->verify(Hash::sha256, SigFormat::raw, sample, unhex(kRfc6979SampleSha256Raw)).ok());
  EXPECT_TRUE(
      (*pub)->verify(Hash::sha256, SigFormat::der, sample, unhex(kRfc6979SampleSha256Der)).ok());
  // Wrong message, wrong hash, swapped formats.
  EXPECT_EQ(outcome((*pub)->verify(Hash::sha256, SigFormat::raw, to_bytes("test"),
                                   unhex(kRfc6979SampleSha256Raw))),
            "bad_signature");
  EXPECT_EQ(
      outcome((*pub)->verify(Hash::sha1, SigFormat::raw, sample, unhex(kRfc6979SampleSha256Raw))),
      "bad_signature");
  EXPECT_EQ(
      outcome((*pub)->verify(Hash::sha256, SigFormat::der, sample, unhex(kRfc6979SampleSha256Raw))),
      "bad_signature");
  EXPECT_EQ(
      outcome((*pub)->verify(Hash::sha256, SigFormat::raw, sample, unhex(kRfc6979SampleSha256Der))),
      "bad_signature");
}

// Botan signs with RFC 6979 nonces (provider.h), so it must reproduce A.2.5.
TEST_P(Primitives, EcdsaSignIsRfc6979OnBotan) {
  auto key = ec_key(kRfc6979Private);
  ASSERT_TRUE(key);
  EXPECT_EQ(to_hex(key->public_key().point()), kRfc6979Public);
  auto sig = key->sign(Hash::sha256, SigFormat::raw, to_bytes("sample"));
  ASSERT_TRUE(sig.ok()) << errc_name(sig.code());
  if (backend_name() == "botan") {
    EXPECT_EQ(to_hex(*sig), kRfc6979SampleSha256Raw);
  }
  EXPECT_TRUE(
      key->public_key().verify(Hash::sha256, SigFormat::raw, to_bytes("sample"), *sig).ok());
}

// A fresh signature verifies in the format and hash it was made with; flipping
// any one of its bits makes it bad_signature (every bit for SHA-256, the hash
// the protocol signs with; a sample for SHA-1 to keep the test fast).
TEST_P(Primitives, EcdsaSignVerifiesAndEveryBitFlipIsRejected) {
  DeterministicRng rng(6979);
  auto gen = provider().ec_generate(rng);
  ASSERT_TRUE(gen.ok()) << errc_name(gen.code());
  const auto& key = **gen;
  const Bytes msg = to_bytes("imref ECDSA sign/verify");
  for (Hash hash : {Hash::sha256, Hash::sha1}) {
    for (SigFormat format : {SigFormat::raw, SigFormat::der}) {
      SCOPED_TRACE(std::string(hash == Hash::sha1 ? "sha1 " : "sha256 ") +
                   (format == SigFormat::raw ? "raw" : "der"));
      auto sig = key.sign(hash, format, msg);
      ASSERT_TRUE(sig.ok()) << errc_name(sig.code());
      if (format == SigFormat::raw) {
        EXPECT_EQ(sig->size(), 64u);
      } else {
        ASSERT_GE(sig->size(), 8u);
        EXPECT_EQ((*sig)[0], 0x30);
        EXPECT_EQ(size_t{(*sig)[1]} + 2, sig->size());
      }
      EXPECT_TRUE(key.public_key().verify(hash, format, msg, *sig).ok());
      const Hash other = hash == Hash::sha1 ? Hash::sha256 : Hash::sha1;
      EXPECT_EQ(outcome(key.public_key().verify(other, format, msg, *sig)), "bad_signature");
      const size_t step = hash == Hash::sha256 ? 1 : 37;
      std::string not_rejected;  // "bit:outcome" for every flip that is not bad_signature
      for (size_t bit = 0; bit < sig->size() * 8; bit += step) {
        const std::string o =
            outcome(key.public_key().verify(hash, format, msg, flip_bit(*sig, bit)));
        if (o != "bad_signature") not_rejected += " " + std::to_string(bit) + ":" + o;
      }
      EXPECT_EQ(not_rejected, "") << "signature " << to_hex(*sig);
    }
  }
}

// ---- ECDH --------------------------------------------------------------------------

TEST_P(Primitives, EcdhCavsP256Count0) {
  auto key = ec_key(kCdhDiut);
  ASSERT_TRUE(key);
  EXPECT_EQ(to_hex(key->public_key().point()), kCdhQiut);
  auto z = key->ecdh(unhex(kCdhQcavs));
  ASSERT_TRUE(z.ok()) << errc_name(z.code());
  EXPECT_EQ(to_hex(*z), kCdhZiut);
}

TEST_P(Primitives, EcdhIsSymmetricAndRejectsBadPoints) {
  DeterministicRng rng(5869);
  auto a = provider().ec_generate(rng);
  auto b = provider().ec_generate(rng);
  ASSERT_TRUE(a.ok() && b.ok());
  auto ab = (*a)->ecdh((*b)->public_key().point());
  auto ba = (*b)->ecdh((*a)->public_key().point());
  ASSERT_TRUE(ab.ok() && ba.ok());
  EXPECT_EQ(ab->size(), 32u);
  EXPECT_EQ(public_bytes(*ab), public_bytes(*ba));
  Bytes off_curve = unhex(kP256G);
  off_curve.back() ^= 1;
  EXPECT_EQ(outcome((*a)->ecdh(off_curve)), "malformed_key");
  EXPECT_EQ(outcome((*a)->ecdh(Bytes{0x00})), "malformed_key");
  const Bytes g = unhex(kP256G);
  Bytes compressed(g.begin(), g.begin() + 33);
  compressed[0] = 0x03;
  EXPECT_EQ(outcome((*a)->ecdh(compressed)), "malformed_key");
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(Primitives);

// ---- Across backends -----------------------------------------------------------------

// ec_generate's scalar depends on the Rng output alone, so every backend
// derives the same key from the same seed.
// REQ-CRYPTO-1, REQ-CRYPTO-6: the same Rng output gives the same key on
// every backend.
TEST(CrossBackend, EcGenerateGivesTheSameScalarEverywhere) {
  for (uint64_t seed : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u}) {
    std::vector<std::pair<std::string, Bytes>> scalars, points;
    for (const auto& name : all_backends()) {
      DeterministicRng rng(seed, "ec");
      auto key = backend(name).ec_generate(rng);
      ASSERT_TRUE(key.ok()) << name << ": " << errc_name(key.code());
      scalars.emplace_back(name, public_bytes((*key)->scalar()));
      points.emplace_back(name, (*key)->public_key().point());
      EXPECT_EQ(scalars.back().second.size(), 32u) << name;
    }
    for (size_t i = 1; i < scalars.size(); ++i) {
      EXPECT_EQ(to_hex(scalars[i].second), to_hex(scalars[0].second))
          << "seed " << seed << ": " << scalars[i].first << " vs " << scalars[0].first;
      EXPECT_EQ(points[i].second, points[0].second) << "seed " << seed;
    }
  }
}

TEST(CrossBackend, OaepEncryptOnOneDecryptsOnTheOther) {
  for (const auto& enc_name : all_backends()) {
    for (const auto& dec_name : all_backends()) {
      SCOPED_TRACE(enc_name + " -> " + dec_name);
      auto enc_key = backend(enc_name).rsa_private_from_pkcs8(unhex(kOaepPkcs8));
      auto dec_key = backend(dec_name).rsa_private_from_pkcs8(unhex(kOaepPkcs8));
      ASSERT_TRUE(enc_key.ok() && dec_key.ok());
      DeterministicRng rng(4);
      const Bytes msg = to_bytes("cross-backend OAEP"), label = to_bytes("label");
      auto ct = (*enc_key)->public_key().encrypt_oaep_sha1(rng, msg, label);
      ASSERT_TRUE(ct.ok()) << errc_name(ct.code());
      auto back = (*dec_key)->decrypt_oaep_sha1(*ct, label);
      ASSERT_TRUE(back.ok()) << errc_name(back.code());
      EXPECT_EQ(public_bytes(*back), msg);
    }
  }
}

TEST(CrossBackend, Pkcs8ExportedByOneImportsOnTheOther) {
  for (const auto& from : all_backends()) {
    auto key = backend(from).rsa_private_from_pkcs8(unhex(kOaepPkcs8));
    ASSERT_TRUE(key.ok()) << from;
    auto der = (*key)->pkcs8();
    ASSERT_TRUE(der.ok()) << from;
    for (const auto& to : all_backends()) {
      auto again = backend(to).rsa_private_from_pkcs8(*der);
      ASSERT_TRUE(again.ok()) << from << " -> " << to << ": " << errc_name(again.code());
      EXPECT_EQ(to_hex((*again)->public_key().modulus()), kOaepModulus);
      auto msg = (*again)->decrypt_oaep_sha1(unhex(kOaepCiphertext));
      ASSERT_TRUE(msg.ok());
      EXPECT_EQ(to_hex(*msg), kOaepMessage);
    }
  }
}

TEST(CrossBackend, SignOnOneVerifiesOnTheOther) {
  const Bytes msg = to_bytes("cross-backend ECDSA");
  for (const auto& signer : all_backends()) {
    auto key = backend(signer).ec_private_from_scalar(unhex(kRfc6979Private));
    ASSERT_TRUE(key.ok()) << signer;
    for (SigFormat format : {SigFormat::raw, SigFormat::der}) {
      auto sig = (*key)->sign(Hash::sha256, format, msg);
      ASSERT_TRUE(sig.ok()) << signer;
      for (const auto& verifier : all_backends()) {
        auto pub = backend(verifier).ec_public_from_point((*key)->public_key().point());
        ASSERT_TRUE(pub.ok()) << verifier;
        EXPECT_TRUE((*pub)->verify(Hash::sha256, format, msg, *sig).ok())
            << signer << " -> " << verifier << (format == SigFormat::raw ? " raw" : " der");
      }
    }
  }
}

// ---- Properties ------------------------------------------------------------------------

// Random key (AES-128 or AES-256), counter and input. Some counters end in
// 0xff bytes so that carries across bytes and the 2^128 wrap are exercised.
RC_GTEST_PROP(AesCtrProperty, IsItsOwnInverseAndAgreesAcrossBackends, ()) {
  const size_t key_len = *rc::gen::element<size_t>(16, 32);
  const Bytes key = *rc::gen::container<Bytes>(key_len, rc::gen::arbitrary<uint8_t>());
  Bytes counter = *rc::gen::container<Bytes>(16, rc::gen::arbitrary<uint8_t>());
  const int ones = *rc::gen::inRange(0, 17);
  std::fill(counter.end() - ones, counter.end(), uint8_t{0xff});
  const Bytes input = *rc::gen::arbitrary<Bytes>();
  std::optional<Bytes> reference;
  for (const Provider* p : all_providers()) {
    auto ct = p->aes_ctr(key, counter, input);
    RC_ASSERT(ct.ok());
    RC_ASSERT(ct->size() == input.size());
    auto back = p->aes_ctr(key, counter, *ct);
    RC_ASSERT(back.ok());
    RC_ASSERT(*back == input);
    if (!reference) reference = *ct;
    RC_ASSERT(*ct == *reference);
  }
}

RC_GTEST_PROP(HmacSha256Property, AgreesAcrossBackends, (const Bytes& key, const Bytes& msg)) {
  std::optional<Bytes> reference;
  for (const Provider* p : all_providers()) {
    Bytes mac = p->hmac_sha256(key, msg);
    RC_ASSERT(mac.size() == 32u);
    if (!reference) reference = mac;
    RC_ASSERT(mac == *reference);
  }
}

}  // namespace
}  // namespace imref::test
