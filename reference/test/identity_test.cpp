// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Device keys and the v2 identity (REQ-KEY-*, REQ-ID-*), on every backend.
// The vector files cover the decoder byte by byte; these tests cover key
// generation, import validation and the real blob.
#include "imref/identity.h"

#include <gtest/gtest.h>

#include "imref/device_keys.h"
#include "provider_test_util.h"

namespace imref {
namespace {

using test::unhex;

// A 1280-bit RSA key with e = 3 (made once with pyca/cryptography).
constexpr const char* kRsaExponent3Pkcs8 =
    "30820306020100300d06092a864886f70d0101010500048202f0308202ec0201000281a100c9bd2a962c65b1af8f"
    "2921708bd5d696a2fbd6500b18895bcbf834b9837c8d2e47f1110f040229eb1ba2348cc6ac3b4f329195954e509e"
    "aaeff162199516d51069c07200da0bda09e1f621d37032807d2fcb456f8c244b9a6fd829fdb5430c4e94aae7d57b"
    "4e019e22cb368559561c26caa94becb8ea7f09f474e84f3f68faee77b64328b0790745b622a22df270e3865d6b34"
    "40b29778c3dd91f89a620963ed0201030281a100867e1c641d99211fb4c6164b07e3e4646ca7e4355cbb063d32a5"
    "787bacfdb3742ff60b5f5801714767c1785dd9c8278a21b663b8dee069c74aa0ec110e0f38b59bd5a155e6b2915b"
    "ebf96be24acc55a79afd837f9d7ffe37e46e0a4e415783e8e9c6b4a78a50e415e6ec0de4d58eabb1216f2ed5e762"
    "71c5da8186827d782394b6b34d5fd4bdefc46fe8d0ef901b59a4c23735f403a0b66208f2cff45d4ae62b025100f1"
    "1e9b454f263bf82605dc845b05c3b57940b84e7bcdbfb8fd20d9c5ee7f26dcda38b9ea9825233c56cae5d3bc2a96"
    "3ea30042e202641b5c10a91c2de3232794e4a914b9bf8dbdc1b955ee4773c604fd025100d63064ead0be124e732d"
    "3e03f83a02bbbcc0208bb006ebc44b4847e82a80f3c03e49cbc145b1b124d5e7b8b7c70a2f50c2a90c36eef80442"
    "fd9c4c98b724b57a556f4e98ed98a96f16cfd264625305b1025100a0bf122e34c427fac403e8583cae8278fb807a"
    "defd33d525fe15e683f454c4933c25d1471018c22839dc9937d2c70ed46caad74156ed6792b5c612c942176fb898"
    "70b87bd509292bd0e3f42fa28403530251008ecaedf1e07eb6def7737ead5026ac7d288015b27559f282dcdada9a"
    "c700a280298687d62e7676188e9a7b252f5c1f8b2c70b2cf49faad81fe6833107a1878fc38f4df109e65c64a0f35"
    "36ed96e203cb025062f6fde58a6ed3aa1f41abe07a1c864e7b2513573c6c3418b0252163e5ff9d9ca085dfba8e50"
    "f2ac30aaf008ecd666304230094c195e2fa7fb4ccea4e693f80401aecc00ba9a36f7514f2e51ec7270ce";

class Identity : public test::ProviderTest {
 protected:
  // The vector files' devices: generated once, not per test.
  const nlohmann::json& devices() {
    static const nlohmann::json d = test::read_json("vectors/pair_open_test.json")["testGroups"];
    return d;
  }
  Bytes field(const nlohmann::json& device, const char* name) {
    return unhex(device[name].get<std::string>());
  }
  DeviceKeys import(const nlohmann::json& d) {
    auto k = DeviceKeys::import(provider(), field(d, "rsa_private"), field(d, "signing_private"),
                                field(d, "encryption_private"));
    EXPECT_TRUE(k.ok()) << k.error().detail;
    return std::move(k).value();
  }
};

// REQ-ID-5, REQ-ID-6: the real blob decodes, hashes to the published value
// and re-encodes to the same bytes.
TEST_P(Identity, RealBlobRoundTripsAndHashes) {
  auto real = test::read_json("vectors/external/real-artifacts.json")["identity_blob"];
  Bytes blob = unhex(real["hex"].get<std::string>());
  auto id = PublicIdentity::decode(provider(), blob);
  ASSERT_TRUE(id.ok()) << id.error().detail;
  EXPECT_EQ(to_hex(id->hash()), real["sha256_of_identity_material_hex"].get<std::string>());
  EXPECT_EQ(id->material().size(), kIdentityMaterialLen);
  EXPECT_EQ(to_hex(id->hash()), to_hex(provider().sha256(id->material())));
  auto again = PublicIdentity::encode(provider(), id->signing_public(), id->rsa_modulus());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->blob(), blob);
}

// REQ-KEY-1, REQ-KEY-2: generated keys have the guide's shapes, and the same
// Rng output gives the same device.
TEST_P(Identity, GeneratedDeviceHasTheGuidesKeys) {
  crypto::DeterministicRng rng1(99), rng2(99);
  auto a = DeviceKeys::generate(provider(), rng1);
  auto b = DeviceKeys::generate(provider(), rng2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->recipient().rsa->public_key().bits(), 1280u);
  EXPECT_EQ(a->recipient().rsa->public_key().exponent(), (Bytes{1, 0, 1}));
  EXPECT_EQ(a->identity().blob().size(), kIdentityBlobLen);
  EXPECT_EQ(a->encryption_public().size(), 65u);
  EXPECT_NE(a->encryption_public(), to_public(a->identity().signing_public()));
  EXPECT_EQ(a->identity().blob(), b->identity().blob());
}

// REQ-KEY-7: PKCS#8 and scalars export and import to the same device.
TEST_P(Identity, ExportImportRoundTrip) {
  DeviceKeys k = import(devices()[0]["sender"]);
  auto pkcs8 = k.rsa_pkcs8();
  ASSERT_TRUE(pkcs8.ok());
  auto again = DeviceKeys::import(provider(), *pkcs8, k.signing_scalar(), k.encryption_scalar());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->identity().blob(), k.identity().blob());
  EXPECT_EQ(again->encryption_public(), k.encryption_public());
  EXPECT_EQ(k.signing_scalar().size(), 32u);
}

// REQ-KEY-3: an RSA key of another size is refused.
TEST_P(Identity, ImportRefusesRsaOfWrongSize) {
  crypto::DeterministicRng rng(5);
  auto rsa = provider().rsa_generate(rng, 1024);
  ASSERT_TRUE(rsa.ok());
  DeviceKeys k = import(devices()[0]["sender"]);
  auto r = DeviceKeys::import(provider(), (*rsa)->pkcs8().value(), k.signing_scalar(),
                              k.encryption_scalar());
  EXPECT_EQ(r.code(), Errc::malformed_key);
}

// REQ-KEY-4: an RSA key with e = 3 is refused.
TEST_P(Identity, ImportRefusesOtherExponent) {
  DeviceKeys k = import(devices()[0]["sender"]);
  auto r = DeviceKeys::import(provider(), unhex(kRsaExponent3Pkcs8), k.signing_scalar(),
                              k.encryption_scalar());
  EXPECT_EQ(r.code(), Errc::malformed_key);
}

// REQ-KEY-5: scalars outside [1, n-1] and points off the curve are refused.
TEST_P(Identity, ImportRefusesOutOfRangeScalarsAndBadPoints) {
  DeviceKeys k = import(devices()[0]["sender"]);
  Bytes pkcs8 = to_public(k.rsa_pkcs8().value());
  Bytes order = unhex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  for (const Bytes& bad : {Bytes(32, 0), order, Bytes(32, 0xff), Bytes(31, 1), Bytes(33, 1)}) {
    EXPECT_EQ(DeviceKeys::import(provider(), pkcs8, bad, k.encryption_scalar()).code(),
              Errc::malformed_key);
    EXPECT_EQ(DeviceKeys::import(provider(), pkcs8, k.signing_scalar(), bad).code(),
              Errc::malformed_key);
  }
  Bytes off_curve = k.encryption_public();
  off_curve[64] ^= 1;
  EXPECT_EQ(provider().ec_public_from_point(off_curve).code(), Errc::malformed_key);
}

// REQ-KEY-6: keys that do not belong together are refused.
TEST_P(Identity, ImportRefusesMismatchedParts) {
  DeviceKeys alice = import(devices()[0]["sender"]);
  DeviceKeys bob = import(devices()[0]["recipient"]);
  EXPECT_EQ(make_sender_keys(provider(), bob.signing_scalar(), alice.identity()).code(),
            Errc::malformed_key);
  EXPECT_EQ(make_recipient_keys(provider(), bob.rsa_pkcs8().value(), alice.identity()).code(),
            Errc::malformed_key);
  EXPECT_TRUE(make_sender_keys(provider(), alice.signing_scalar(), alice.identity()).ok());
  EXPECT_TRUE(make_recipient_keys(provider(), alice.rsa_pkcs8().value(), alice.identity()).ok());
  // The CRT coefficient is the last INTEGER of the PKCS#8 encoding: changing
  // its last byte leaves a well-formed key whose private parts disagree.
  Bytes broken = to_public(alice.rsa_pkcs8().value());
  broken.back() ^= 0x01;
  EXPECT_EQ(provider().rsa_private_from_pkcs8(broken).code(), Errc::malformed_key);
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(Identity);

}  // namespace
}  // namespace imref
