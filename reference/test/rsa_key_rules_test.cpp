// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The RSA key rules both backends share (crypto/rsa_key_rules.h): one strict
// DER form of PKCS#8 RSA private keys (REQ-KEY-8) and one bound on RSA
// public keys (REQ-KEY-9). Every deviation below keeps the key's values, so
// a lenient decoder would take it: each must be malformed_key on every
// backend. The fuzz target backend_diff found the forms the backends used to
// disagree on (docs/fuzzing.md, F4-F7).
#include "imref/internal/rsa_key_rules.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "provider_test_util.h"

namespace imref::test {
namespace {

using crypto::read_rsa_pkcs8;
using crypto::rsa_public_in_bounds;

Bytes tlv(uint8_t tag, ByteView content) {
  Bytes out{tag};
  const size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<uint8_t>(n));
  } else if (n < 0x100) {
    out.insert(out.end(), {0x81, static_cast<uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x82, static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)});
  }
  append(out, content);
  return out;
}

// integer encodes a big-endian unsigned value as a minimal DER INTEGER.
Bytes integer(ByteView value) {
  while (value.size() > 1 && value[0] == 0) value = value.subspan(1);
  Bytes content;
  if (value.empty() || (value[0] & 0x80)) content.push_back(0);
  append(content, value);
  return tlv(0x02, content);
}

// elements splits well-formed DER content (test data) into its elements.
std::vector<Bytes> elements(ByteView der) {
  std::vector<Bytes> out;
  size_t pos = 0;
  while (pos < der.size()) {
    size_t len = der[pos + 1], header = 2;
    if (len & 0x80) {
      const size_t octets = len & 0x7f;
      len = 0;
      for (size_t i = 0; i < octets; ++i) len = len << 8 | der[pos + 2 + i];
      header += octets;
    }
    out.emplace_back(der.begin() + pos, der.begin() + pos + header + len);
    pos += header + len;
  }
  return out;
}

Bytes content_of(ByteView element) {
  const size_t header = element[1] & 0x80 ? 2 + (element[1] & 0x7f) : 2;
  return Bytes(element.begin() + header, element.end());
}

// Pkcs8 is a PKCS#8 RSA key in parts, so a test can change one; encode
// recomputes every length around the parts.
struct Pkcs8 {
  Bytes version, algorithm, rsa_version;
  std::vector<Bytes> integers;  // n, e, d, p, q, dp, dq, qinv as INTEGER elements
  Bytes after_integers, after_rsa_key, after_octets, after_info;

  explicit Pkcs8(ByteView der) {
    const auto info = elements(content_of(der));
    version = info.at(0);
    algorithm = info.at(1);
    auto rsa = elements(content_of(elements(content_of(info.at(2))).at(0)));
    rsa_version = rsa.at(0);
    integers.assign(rsa.begin() + 1, rsa.end());
  }

  Bytes encode() const {
    Bytes rsa = rsa_version;
    for (const Bytes& i : integers) append(rsa, i);
    append(rsa, after_integers);
    Bytes octets = tlv(0x30, rsa);
    append(octets, after_rsa_key);
    Bytes info = version;
    append(info, algorithm);
    append(info, tlv(0x04, octets));
    append(info, after_octets);
    Bytes out = tlv(0x30, info);
    append(out, after_info);
    return out;
  }
};

enum Field { kN, kE, kD, kP, kQ, kDp, kDq, kQinv };

// base_key is a 1024-bit key as the backends write it: the canonical form.
const Bytes& base_key() {
  static const Bytes der = [] {
    crypto::DeterministicRng rng(8, "rsa-key-rules");
    auto key = backend("botan").rsa_generate(rng, 1024);
    auto pkcs8 = key.value()->pkcs8();
    return Bytes(pkcs8->begin(), pkcs8->end());
  }();
  return der;
}

struct Deviation {
  const char* name;
  std::function<void(Pkcs8&)> apply;
};

// REQ-KEY-8: every way out of the one DER form.
const std::vector<Deviation>& deviations() {
  static const std::vector<Deviation> kAll = {
      {"PrivateKeyInfo version 1", [](Pkcs8& k) { k.version = unhex("020101"); }},
      {"PrivateKeyInfo version padded", [](Pkcs8& k) { k.version = unhex("02020000"); }},
      {"PrivateKeyInfo version with a long-form length",
       [](Pkcs8& k) { k.version = unhex("02810100"); }},
      {"AlgorithmIdentifier without parameters",
       [](Pkcs8& k) { k.algorithm = unhex("300b06092a864886f70d010101"); }},
      {"AlgorithmIdentifier parameters overrun their SEQUENCE (F7)",
       [](Pkcs8& k) { k.algorithm = unhex("300d06092a864886f70d0101010520"); }},
      {"AlgorithmIdentifier parameters not NULL",
       [](Pkcs8& k) { k.algorithm = unhex("300d06092a864886f70d0101010400"); }},
      {"AlgorithmIdentifier NULL with content",
       [](Pkcs8& k) { k.algorithm = unhex("300e06092a864886f70d010101050100"); }},
      {"AlgorithmIdentifier RSASSA-PSS",
       [](Pkcs8& k) { k.algorithm = unhex("300d06092a864886f70d01010a0500"); }},
      {"RSAPrivateKey version 1", [](Pkcs8& k) { k.rsa_version = unhex("020101"); }},
      {"RSAPrivateKey version 2 (F5)", [](Pkcs8& k) { k.rsa_version = unhex("020102"); }},
      {"RSAPrivateKey version -128 (F5)", [](Pkcs8& k) { k.rsa_version = unhex("020180"); }},
      {"end-of-contents before the version (F6)",
       [](Pkcs8& k) { k.version = unhex("0000020100"); }},
      {"end-of-contents after the version (F6)", [](Pkcs8& k) { k.version = unhex("0201000000"); }},
      {"end-of-contents inside the RSAPrivateKey (F6)",
       [](Pkcs8& k) { k.rsa_version = unhex("0201000000"); }},
      {"INTEGER with a sign-padding zero too many",
       [](Pkcs8& k) {
         Bytes e = content_of(k.integers[kE]);
         e.insert(e.begin(), 0);
         k.integers[kE] = tlv(0x02, e);
       }},
      {"INTEGER negative (no sign padding)",
       [](Pkcs8& k) {
         k.integers[kN] = tlv(0x02, ByteView(content_of(k.integers[kN])).subspan(1));
       }},
      {"INTEGER zero", [](Pkcs8& k) { k.integers[kQinv] = unhex("020100"); }},
      {"INTEGER length with a leading zero octet",
       [](Pkcs8& k) {
         Bytes n = unhex("02820081");
         append(n, content_of(k.integers[kN]));
         k.integers[kN] = n;
       }},
      {"other prime infos after the integers", [](Pkcs8& k) { k.after_integers = unhex("3000"); }},
      {"bytes after the RSAPrivateKey", [](Pkcs8& k) { k.after_rsa_key = unhex("00"); }},
      {"attributes", [](Pkcs8& k) { k.after_octets = unhex("a000"); }},
      {"public key (PKCS#8 v2)", [](Pkcs8& k) { k.after_octets = unhex("8100"); }},
      {"bytes after the PrivateKeyInfo", [](Pkcs8& k) { k.after_info = unhex("00"); }},
      {"an integer missing", [](Pkcs8& k) { k.integers.pop_back(); }},
      {"e over 64 bits", [](Pkcs8& k) { k.integers[kE] = integer(unhex("010000000000000001")); }},
      {"d longer than n",
       [](Pkcs8& k) { k.integers[kD] = integer(Bytes(content_of(k.integers[kN]).size() + 1, 1)); }},
      {"n over 16384 bits",
       [](Pkcs8& k) { k.integers[kN] = integer(Bytes(crypto::kMaxRsaModulusBits / 8 + 1, 0xff)); }},
  };
  return kAll;
}

class RsaKeyRules : public ProviderTest {};

TEST_P(RsaKeyRules, CanonicalPkcs8Imports) {
  EXPECT_EQ(Pkcs8(base_key()).encode(), base_key());  // the parts rebuild the key
  ASSERT_TRUE(read_rsa_pkcs8(base_key()));
  auto key = provider().rsa_private_from_pkcs8(base_key());
  ASSERT_TRUE(key.ok()) << key.error().detail;
  auto again = (*key)->pkcs8();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Bytes(again->begin(), again->end()), base_key());
}

// REQ-KEY-8
TEST_P(RsaKeyRules, EveryOtherPkcs8FormIsMalformed) {
  for (const Deviation& d : deviations()) {
    Pkcs8 parts(base_key());
    d.apply(parts);
    const Bytes der = parts.encode();
    ASSERT_NE(der, base_key()) << d.name;
    EXPECT_FALSE(read_rsa_pkcs8(der)) << d.name;
    EXPECT_EQ(outcome(provider().rsa_private_from_pkcs8(der)), "malformed_key") << d.name;
  }
  // Around the whole key: a bare PKCS#1 RSAPrivateKey, end-of-contents
  // before it (F6), a BER indefinite length.
  const Bytes info = content_of(base_key());
  Bytes leading_eoc = unhex("0000"), indefinite = unhex("3080");
  append(leading_eoc, base_key());
  append(indefinite, info);
  append(indefinite, unhex("0000"));
  for (const Bytes& der : {content_of(elements(info).at(2)), leading_eoc, indefinite}) {
    EXPECT_FALSE(read_rsa_pkcs8(der)) << to_hex(der);
    EXPECT_EQ(outcome(provider().rsa_private_from_pkcs8(der)), "malformed_key") << to_hex(der);
  }
}

// odd_value is a |bits|-bit odd number: top and bottom bits set.
Bytes odd_value(size_t bits) {
  Bytes v((bits + 7) / 8, 0x5a);
  v[0] = static_cast<uint8_t>(1u << ((bits - 1) % 8));
  v.back() |= 1;
  return v;
}

// REQ-KEY-9
TEST_P(RsaKeyRules, PublicKeysAreBounded) {
  struct Case {
    size_t n_bits, e_bits;
    bool accepted;
  };
  for (const Case c : {Case{16384, 17, true}, Case{16385, 17, false}, Case{2048, 64, true},
                       Case{2048, 65, false}, Case{4096, 65, false}, Case{1024, 3, true}}) {
    const Bytes n = odd_value(c.n_bits), e = odd_value(c.e_bits);
    const std::string what =
        std::to_string(c.n_bits) + "-bit n, " + std::to_string(c.e_bits) + "-bit e";
    EXPECT_EQ(rsa_public_in_bounds(n, e), c.accepted) << what;
    EXPECT_EQ(outcome(provider().rsa_public_from_components(n, e)),
              c.accepted ? "ok" : "malformed_key")
        << what;
  }
  const Bytes n = odd_value(1024);
  Bytes even_n = n;
  even_n.back() ^= 1;
  for (const auto& [modulus, exponent, what] :
       std::vector<std::tuple<Bytes, Bytes, const char*>>{{even_n, unhex("010001"), "even n"},
                                                          {n, unhex("010000"), "even e"},
                                                          {n, unhex("01"), "e = 1"},
                                                          {n, n, "e = n"},
                                                          {Bytes{}, unhex("03"), "empty n"}}) {
    EXPECT_FALSE(rsa_public_in_bounds(modulus, exponent)) << what;
    EXPECT_EQ(outcome(provider().rsa_public_from_components(modulus, exponent)), "malformed_key")
        << what;
  }
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(RsaKeyRules);

}  // namespace
}  // namespace imref::test
