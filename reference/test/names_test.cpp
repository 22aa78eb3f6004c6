// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The small name types (imref/names.h): each is made only from a valid value,
// at the limit and one past it (REQ-DIR-1 for handles).
#include "imref/names.h"

#include <gtest/gtest.h>

#include "imref/crypto/rng.h"

namespace imref {
namespace {

TEST(Names, PushTokenIsExactly32Bytes) {
  EXPECT_EQ(PushToken::from(Bytes(31, 1)).code(), Errc::invalid_argument);
  EXPECT_EQ(PushToken::from(Bytes(33, 1)).code(), Errc::invalid_argument);
  EXPECT_EQ(PushToken::from({}).code(), Errc::invalid_argument);
  auto token = PushToken::from(Bytes(32, 0xab));
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->bytes(), Bytes(32, 0xab));
  EXPECT_EQ(token->hex(), to_hex(Bytes(32, 0xab)));
  EXPECT_LT(PushToken::from(Bytes(32, 1)).value(), PushToken::from(Bytes(32, 2)).value());
  crypto::DeterministicRng a(1, "names"), b(1, "names");
  EXPECT_EQ(PushToken::random(a).bytes(), b.bytes(32));  // the rng's next 32 bytes
}

TEST(Names, HandleIsAPhoneNumberOrAnEmailAddress) {
  auto phone = Handle::parse("+14155550100");
  ASSERT_TRUE(phone.ok());
  EXPECT_TRUE(phone->is_phone());
  auto email = Handle::parse("a@example.com");
  ASSERT_TRUE(email.ok());
  EXPECT_FALSE(email->is_phone());
  EXPECT_EQ(email->str(), "a@example.com");
  for (const char* bad : {"", "bogus", "+0155550100", "mailto:a@example.com", "a@b"})
    EXPECT_EQ(Handle::parse(bad).code(), Errc::invalid_handle) << bad;
}

TEST(Names, AccountIsOneTo64Bytes) {
  EXPECT_EQ(Account::make("").code(), Errc::invalid_argument);
  EXPECT_TRUE(Account::make("a").ok());
  EXPECT_TRUE(Account::make(std::string(64, 'a')).ok());
  EXPECT_EQ(Account::make(std::string(65, 'a')).code(), Errc::invalid_argument);
}

TEST(Names, DeviceNameIsNotEmpty) {
  EXPECT_EQ(DeviceName::make("").code(), Errc::invalid_argument);
  auto name = DeviceName::make("iphone");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->str(), "iphone");
  EXPECT_TRUE(*name < std::string_view("ipod"));
}

}  // namespace
}  // namespace imref
