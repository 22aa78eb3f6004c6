// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/bytes.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "imref/crypto/rng.h"

namespace imref {
namespace {

TEST(Hex, RoundTripsKnownBytes) {
  Bytes b = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(to_hex(b), "0001abff");
  auto back = from_hex("0001ABff");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, b);
}

TEST(Hex, RejectsOddLengthAndNonHex) {
  EXPECT_EQ(from_hex("abc").code(), Errc::invalid_argument);
  EXPECT_EQ(from_hex("zz").code(), Errc::invalid_argument);
  EXPECT_EQ(from_hex("0x").code(), Errc::invalid_argument);
}

// Every byte value at either position of a pair: exactly the 22 hex digits
// (either case) decode, and nothing else does (0x80 and above included).
TEST(Hex, AcceptsExactlyTheHexDigits) {
  const std::string digits = "0123456789abcdefABCDEF";
  for (int c = 0; c < 256; ++c) {
    const bool hex = digits.find(static_cast<char>(c)) != std::string::npos;
    const std::string first{static_cast<char>(c), '0'}, second{'0', static_cast<char>(c)};
    EXPECT_EQ(from_hex(first).ok(), hex) << c;
    EXPECT_EQ(from_hex(second).ok(), hex) << c;
  }
}

RC_GTEST_PROP(Hex, DecodeInvertsEncode, (const std::vector<uint8_t>& data)) {
  auto back = from_hex(to_hex(data));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == data);
}

RC_GTEST_PROP(ConstantTimeEqual, AgreesWithEquality,
              (const std::vector<uint8_t>& a, const std::vector<uint8_t>& b)) {
  RC_ASSERT(constant_time_equal(a, b) == (a == b));
  RC_ASSERT(constant_time_equal(a, a));
}

TEST(SecureWipe, ZeroesMemory) {
  uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  secure_wipe(buf, sizeof buf);
  for (uint8_t b : buf) EXPECT_EQ(b, 0);
}

TEST(DeterministicRng, SameSeedSameBytesDifferentSeedDifferentBytes) {
  crypto::DeterministicRng a(7), b(7), c(8), d(7, "other");
  Bytes x = a.bytes(100), y = b.bytes(100);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, c.bytes(100));
  EXPECT_NE(x, d.bytes(100));
}

TEST(DeterministicRng, SplitReadsEqualOneRead) {
  crypto::DeterministicRng a(42), b(42);
  Bytes whole = a.bytes(150);
  Bytes part = b.bytes(63);
  append(part, b.bytes(87));
  EXPECT_EQ(whole, part);
}

// Pins the keystream: the vector files depend on it never changing.
TEST(DeterministicRng, KnownOutput) {
  crypto::DeterministicRng rng(0, "");
  // ChaCha20 with an all-zero key and nonce, block 0 (RFC 7539 A.1 test 1).
  EXPECT_EQ(to_hex(rng.bytes(16)), "76b8e0ada0f13d90405d6ae55386bd28");
}

TEST(SystemRng, ProducesDistinctOutputs) {
  crypto::SystemRng rng;
  EXPECT_NE(rng.bytes(32), rng.bytes(32));
}

}  // namespace
}  // namespace imref
