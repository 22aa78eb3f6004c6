// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// pair-ec (REQ-PAIREC-*) beyond the vector files: the primitives under it
// against their published anchors (NIST SP 800-38A F.5.5 through the 64-bit
// counter, the P-256 base point through the compact decoding), the counter's
// wrap, the seam's decompression on both backends, the refusal order, and
// RapidCheck properties: seal → open round trip, compact → expand, any bit
// flip refused with the class the layout gives.
#include "imref/pair_ec.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "imref/device_keys.h"
#include "pair_ec_forge.h"
#include "provider_test_util.h"

namespace imref {
namespace {

using test::unhex;

constexpr char kGx[] = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
constexpr char kGy[] = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

class PairEc : public test::ProviderTest {
 protected:
  std::unique_ptr<crypto::EcPrivateKey> key(const std::string& label) {
    crypto::DeterministicRng rng(99, label);
    return pair_ec::generate_compactable(provider(), rng).value();
  }
  crypto::DeterministicRng rng_{7, "pair-ec-test"};
};

// SP 800-38A F.5.5 (CTR-AES256): the IV's low half does not wrap in four
// blocks, so the 64-bit counter gives the published ciphertext (REQ-PAIREC-13).
TEST_P(PairEc, Ctr64MatchesSp80038aF55) {
  const Bytes key = unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
  auto out = pair_ec::aes256_ctr64(
      provider(), key, unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
      unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_hex(*out),
            "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
            "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");
}

// The low 64 bits wrap inside their 8 bytes; the high half never changes
// (REQ-PAIREC-13). Each keystream block is AES(counter block), got from the
// seam one block at a time.
TEST_P(PairEc, Ctr64WrapsInsideTheLowHalf) {
  const Bytes key(32, 0x42);
  Bytes iv = unhex("0102030405060708fffffffffffffffe");
  auto block = [&](const char* counter) {
    return provider().aes_ctr(key, unhex(counter), Bytes(16, 0)).value();
  };
  Bytes want = block("0102030405060708fffffffffffffffe");
  append(want, block("0102030405060708ffffffffffffffff"));
  append(want, block("01020304050607080000000000000000"));
  append(want, block("01020304050607080000000000000001"));
  want.resize(60);
  auto got = pair_ec::aes256_ctr64(provider(), key, iv, Bytes(60, 0));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(to_hex(*got), to_hex(want));
  // The seam's own counter carries into the high half: they differ here.
  EXPECT_NE(to_hex(provider().aes_ctr(key, iv, Bytes(60, 0)).value()), to_hex(want));
}

// The base point's Y is the smaller one and odd: expand gives G; the seam
// decompresses both parities (REQ-PAIREC-2).
TEST_P(PairEc, ExpandGivesTheBasePoint) {
  auto point = pair_ec::expand(provider(), unhex(kGx));
  ASSERT_TRUE(point.ok());
  EXPECT_EQ(to_hex(*point), std::string("04") + kGx + kGy);
  auto odd = provider().ec_point_from_x(unhex(kGx), true);
  auto even = provider().ec_point_from_x(unhex(kGx), false);
  ASSERT_TRUE(odd.ok() && even.ok());
  EXPECT_EQ(to_hex(*odd), std::string("04") + kGx + kGy);
  EXPECT_NE(to_hex(*even), to_hex(*odd));
  EXPECT_FALSE(pair_ec::is_compactable(*even));
  EXPECT_EQ(to_hex(pair_ec::compact(provider(), *odd).value()), kGx);
  EXPECT_EQ(pair_ec::compact(provider(), *even).code(), Errc::malformed_key);
}

TEST_P(PairEc, ExpandRefusesBadX) {
  EXPECT_EQ(pair_ec::expand(provider(), Bytes(31, 1)).code(), Errc::malformed_key);
  EXPECT_EQ(pair_ec::expand(provider(), Bytes(33, 1)).code(), Errc::malformed_key);
  EXPECT_EQ(pair_ec::expand(provider(), Bytes(32, 0xFF)).code(), Errc::malformed_key);
  EXPECT_EQ(provider().ec_point_from_x(Bytes(32, 0xFF), false).code(), Errc::malformed_key);
  EXPECT_EQ(
      pair_ec::expand(provider(),
                      unhex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"))
          .code(),
      Errc::malformed_key);
}

// REQ-PAIREC-1, -3: a generated device has a compactable NGM key besides its
// pair keys, and a compactable encryption key (its first prekey).
TEST_P(PairEc, GeneratedDeviceHasCompactableKeys) {
  for (int i = 0; i < 3; ++i) {
    auto keys = DeviceKeys::generate(provider(), rng_);
    ASSERT_TRUE(keys.ok());
    ASSERT_TRUE(keys->has_ngm());
    EXPECT_TRUE(pair_ec::is_compactable(keys->ngm_signing_key().public_key().point()));
    EXPECT_TRUE(pair_ec::is_compactable(keys->encryption_public()));
    EXPECT_NE(keys->ngm_signing_key().public_key().point(),
              to_public(keys->identity().signing_public()));
    auto again = DeviceKeys::import(provider(), keys->rsa_pkcs8().value(), keys->signing_scalar(),
                                    keys->encryption_scalar(), keys->ngm_signing_scalar());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->ngm_public(), keys->ngm_public());
  }
}

// REQ-PAIREC-4, -5, -7: sign, verify, age.
TEST_P(PairEc, PrekeyRecordRoundTripAndAge) {
  auto device = key("device"), prekey = key("prekey");
  auto pub = pair_ec::PublicKey::from_private(provider(), *device).value();
  auto record = pair_ec::sign_prekey(provider(), *device, *prekey, 1700000000.5);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->size(), pair_ec::kPrekeyRecordLen);
  auto parsed = pair_ec::parse_prekey_record(*record).value();
  EXPECT_EQ(pair_ec::encode_prekey_record(parsed), *record);
  auto v = pair_ec::verify_prekey(provider(), pub, *record, 1700000000 + 12355200);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->timestamp, 1700000000.5);
  EXPECT_EQ(pair_ec::verify_prekey(provider(), pub, *record, 1700000001 + 12355200).code(),
            Errc::expired);
  EXPECT_TRUE(pair_ec::verify_prekey(provider(), pub, *record, 1).ok());  // future passes
  auto other = pair_ec::PublicKey::from_private(provider(), *prekey).value();
  EXPECT_EQ(pair_ec::verify_prekey(provider(), other, *record).code(), Errc::bad_signature);
  EXPECT_EQ(pair_ec::sign_prekey(provider(), *device, *prekey, std::nan("")).code(),
            Errc::invalid_argument);
}

// REQ-PAIREC-24..27: seal's refusals.
TEST_P(PairEc, SealRefusals) {
  auto alice = key("alice"), bob = key("bob"), pre = key("pre");
  auto bob_pub = pair_ec::PublicKey::from_private(provider(), *bob).value();
  auto prekey = pair_ec::verify_prekey(provider(), bob_pub,
                                       pair_ec::sign_prekey(provider(), *bob, *pre, 1).value())
                    .value();
  Bytes big(pair_ec::kMaxMessageLen + 1, 0);
  EXPECT_EQ(pair_ec::seal(provider(), rng_, *alice, bob_pub, prekey, big, 0).code(),
            Errc::too_large);
  Bytes zero(32, 0);
  pair_ec::SealOptions o;
  o.ephemeral_scalar = ByteView(zero);
  EXPECT_EQ(pair_ec::seal(provider(), rng_, *alice, bob_pub, prekey, Bytes{1}, 0, o).code(),
            Errc::malformed_key);
  crypto::DeterministicRng r(5, "nc");
  std::unique_ptr<crypto::EcPrivateKey> nc;
  do nc = provider().ec_generate(r).value();
  while (pair_ec::is_compactable(nc->public_key().point()));
  EXPECT_EQ(pair_ec::seal(provider(), rng_, *nc, bob_pub, prekey, Bytes{1}, 0).code(),
            Errc::malformed_key);
}

// REQ-PAIREC-12: both padding rules; REQ-PAIREC-21: unpad.
TEST(PairEcPadding, RulesAndUnpad) {
  EXPECT_EQ(pair_ec::padding_count(0, pair_ec::Padding::ios), 196u);
  EXPECT_EQ(pair_ec::padding_count(196, pair_ec::Padding::ios), 0u);
  EXPECT_EQ(pair_ec::padding_count(197, pair_ec::Padding::ios), 11u);
  EXPECT_EQ(pair_ec::padding_count(17, pair_ec::Padding::clients), 15u);
  EXPECT_EQ(pair_ec::padding_count(32, pair_ec::Padding::clients), 0u);
  EXPECT_EQ(pair_ec::unpad(Bytes{1, 2, 3}).code(), Errc::malformed_payload);
  EXPECT_EQ(pair_ec::unpad(Bytes{9, 2, 0, 0, 0}).code(), Errc::malformed_payload);
  auto ok = pair_ec::unpad(Bytes{9, 8, 1, 0, 0, 0});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 1u);
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(PairEc);

// ---- properties, across backends ----

struct Parties {
  std::unique_ptr<crypto::EcPrivateKey> alice, bob, pre_new, pre_old;
  std::optional<pair_ec::PublicKey> alice_pub, bob_pub;
  std::optional<pair_ec::VerifiedPrekey> prekey;
};

const Parties& parties(const crypto::Provider& p) {
  static auto* cache = new std::map<std::string, Parties>;
  auto it = cache->find(std::string(p.name()));
  if (it != cache->end()) return it->second;
  Parties s;
  crypto::DeterministicRng rng(11, "pair-ec-props");
  s.alice = pair_ec::generate_compactable(p, rng).value();
  s.bob = pair_ec::generate_compactable(p, rng).value();
  s.pre_new = pair_ec::generate_compactable(p, rng).value();
  s.pre_old = pair_ec::generate_compactable(p, rng).value();
  s.alice_pub = pair_ec::PublicKey::from_private(p, *s.alice).value();
  s.bob_pub = pair_ec::PublicKey::from_private(p, *s.bob).value();
  s.prekey = pair_ec::verify_prekey(p, *s.bob_pub,
                                    pair_ec::sign_prekey(p, *s.bob, *s.pre_new, 1e9).value())
                 .value();
  return cache->emplace(std::string(p.name()), std::move(s)).first->second;
}

const crypto::Provider& backend(size_t i) {
  return test::backend(test::all_backends()[i % test::all_backends().size()]);
}

// REQ-PAIREC-8..18: what one backend seals the other opens, under either
// prekey, with either padding rule.
RC_GTEST_PROP(PairEcProperty, SealThenOpenRoundTrips,
              (std::vector<uint8_t> message, uint32_t counter, bool clients, bool use_old)) {
  const size_t b = *rc::gen::inRange<size_t>(0, 4);
  const crypto::Provider& sealer = backend(b);
  const crypto::Provider& opener = backend(b / 2);
  const Parties& s = parties(sealer);
  const Parties& o = parties(opener);  // same keys: same seed, same rule on both backends
  crypto::DeterministicRng rng(counter, "prop");
  pair_ec::SealOptions opt;
  opt.padding = clients ? pair_ec::Padding::clients : pair_ec::Padding::ios;
  pair_ec::VerifiedPrekey pre =
      use_old
          ? pair_ec::VerifiedPrekey{pair_ec::PublicKey::from_private(sealer, *s.pre_old).value(), 0}
          : *s.prekey;
  auto payload = pair_ec::seal(sealer, rng, *s.alice, *s.bob_pub, pre, message, counter, opt);
  RC_ASSERT(payload.ok());
  const crypto::EcPrivateKey* keys[] = {o.pre_new.get(), o.pre_old.get()};
  auto opened = pair_ec::open(opener, *o.bob, keys, *o.alice_pub, *payload);
  RC_ASSERT(opened.ok());
  RC_ASSERT(Bytes(opened->message.begin(), opened->message.end()) == Bytes(message));
  RC_ASSERT(opened->counter == counter);
  RC_ASSERT(opened->prekey_index == (use_old ? 1u : 0u));
}

// REQ-PAIREC-2, -3: compact then expand gives the point back.
RC_GTEST_PROP(PairEcProperty, CompactThenExpand, (uint64_t seed)) {
  const crypto::Provider& p = backend(seed);
  crypto::DeterministicRng rng(seed, "compact");
  auto k = pair_ec::generate_compactable(p, rng).value();
  const Bytes point = k->public_key().point();
  auto x = pair_ec::compact(p, point);
  RC_ASSERT(x.ok());
  RC_ASSERT(pair_ec::expand(backend(seed + 1), *x).value() == point);
}

// REQ-PAIREC-17..21: any one bit flipped is refused, with malformed_payload
// where the parser (the layout) refuses it, else bad_signature; it never opens.
RC_GTEST_PROP(PairEcProperty, AnyBitFlipIsRefused, (std::vector<uint8_t> message, uint32_t pos)) {
  const crypto::Provider& p = backend(pos);
  const Parties& s = parties(p);
  crypto::DeterministicRng rng(pos, "flip");
  Bytes payload = pair_ec::seal(p, rng, *s.alice, *s.bob_pub, *s.prekey, message, 1).value();
  const size_t at = pos % payload.size();
  payload[at] ^= static_cast<uint8_t>(1u << (pos % 8));
  const crypto::EcPrivateKey* keys[] = {s.pre_new.get(), s.pre_old.get()};
  auto opened = pair_ec::open(p, *s.bob, keys, *s.alice_pub, payload);
  RC_ASSERT(!opened.ok());
  auto parsed = pair_ec::parse_outer(payload);
  if (!parsed.ok()) {
    RC_ASSERT(opened.code() == Errc::malformed_payload);
  } else {
    RC_ASSERT(opened.code() == Errc::bad_signature || opened.code() == Errc::malformed_payload);
  }
}

// REQ-PAIREC-20: a forged payload signed properly fails only as decrypt_failed.
TEST(PairEcForge, AfterTheSignatureOneClass) {
  const crypto::Provider& p = backend(0);
  const Parties& s = parties(p);
  forge::EcRecipe r;
  r.inner = {0x0A, 0x01, 0x61};  // no counter
  r.ephemeral_scalar = to_public(s.pre_old->scalar());
  const Bytes bob_point = s.bob->public_key().point();
  auto outer = forge::build_outer(p, *s.alice, ByteView(bob_point).subspan(1, 32),
                                  s.pre_new->public_key().point(), r);
  ASSERT_TRUE(outer.ok());
  const crypto::EcPrivateKey* keys[] = {s.pre_new.get()};
  auto opened = pair_ec::open(p, *s.bob, keys, *s.alice_pub, pair_ec::encode_outer(*outer));
  EXPECT_EQ(opened.code(), Errc::decrypt_failed);
  EXPECT_EQ(opened.error().detail, "decryption failed");
}

}  // namespace
}  // namespace imref
