// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The key directory: registration with proof of possession, handle
// verification (email token, carrier attestation, SMS consent), lookup,
// alerts and removal. Every refused call must leave the directory unchanged.
#include "imref/directory.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "imref/device_keys.h"
#include "provider_test_util.h"
#include "test_names.h"

namespace imref {
namespace {

using directory::Alert;
using directory::AlertKind;
using directory::Carrier;
using directory::Directory;
using directory::RegistrationRequest;
using imref::ManualClock;

std::string outcome(const Status& s) {
  return s.ok() ? "ok" : std::string(errc_name(s.code()));
}

class DirectoryTest : public test::ProviderTest {
 protected:
  void SetUp() override {
    test::ProviderTest::SetUp();
    dir_ = std::make_unique<Directory>(provider(), rng_, clock_);
    ASSERT_TRUE(dir_->create_account(test::account("alice")).ok());
    ASSERT_TRUE(dir_->create_account(test::account("bob")).ok());
  }

  const DeviceKeys& keys(size_t i) {
    while (keys_.size() <= i) keys_.push_back(*DeviceKeys::generate(provider(), rng_));
    return keys_[i];
  }
  Bytes token(uint8_t i) { return Bytes(32, i); }
  Result<std::vector<directory::DeviceRecord>> lookup(std::string_view text) {
    return test::lookup_text(*dir_, text);
  }

  // request builds a request for device |i| signed by device |signer|.
  RegistrationRequest request(const std::string& account, size_t i, size_t signer) {
    RegistrationRequest r;
    r.account = account;
    r.push_token = token(static_cast<uint8_t>(i + 1));
    r.identity = keys(i).identity().blob();
    r.encryption_key = keys(i).encryption_public();
    r.timestamp = clock_.now();
    r.nonce = rng_.bytes(16);
    r.signature = *keys(signer).sender().signing->sign(crypto::Hash::sha256, crypto::SigFormat::der,
                                                       directory::registration_message(r));
    return r;
  }
  Status reg(const std::string& account, size_t i) {
    return dir_->register_device(request(account, i, i));
  }
  std::string verify_email(const std::string& account, const std::string& email) {
    if (!dir_->add_email(account, email).ok()) return "add failed";
    auto tokens = dir_->read_email(email);
    if (tokens.size() != 1) return "no token";
    return outcome(dir_->confirm_email(account, tokens[0]));
  }
  std::vector<Alert> alerts(size_t i) { return *dir_->read_alerts(token(uint8_t(i + 1))); }

  crypto::DeterministicRng rng_{7, "directory-test"};
  ManualClock clock_;
  std::unique_ptr<Directory> dir_;
  std::vector<DeviceKeys> keys_;
};

// REQ-DIR-1: a registered device appears in lookup with its public material.
TEST_P(DirectoryTest, LookupReturnsEveryDeviceOfTheAccount) {
  ASSERT_EQ(outcome(reg("alice", 0)), "ok");
  ASSERT_EQ(outcome(reg("alice", 1)), "ok");
  ASSERT_EQ(verify_email("alice", "alice@example.com"), "ok");
  auto found = lookup("alice@example.com");
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].identity, keys(0).identity().blob());
  EXPECT_EQ((*found)[0].encryption_key, keys(0).encryption_public());
  EXPECT_EQ((*found)[1].push_token.bytes(), token(2));
}

// REQ-DIR-2: a request signed by any key but the identity's own is refused.
TEST_P(DirectoryTest, RegistrationSignedByAnotherKeyIsRefused) {
  EXPECT_EQ(outcome(dir_->register_device(request("alice", 0, 1))), "bad_signature");
  auto r = request("alice", 0, 0);
  r.timestamp += 1;  // any signed byte changed
  EXPECT_EQ(outcome(dir_->register_device(r)), "bad_signature");
  r = request("alice", 0, 0);
  r.account = "bob";  // signed for alice
  EXPECT_EQ(outcome(dir_->register_device(r)), "bad_signature");
  ASSERT_EQ(verify_email("alice", "a@example.com"), "ok");
  EXPECT_TRUE(lookup("a@example.com")->empty());
}

// REQ-DIR-3: replays (same nonce) and requests outside the window are refused.
TEST_P(DirectoryTest, ReplayedAndStaleRequestsAreRefused) {
  auto r = request("alice", 0, 0);
  ASSERT_EQ(outcome(dir_->register_device(r)), "ok");
  ASSERT_EQ(outcome(dir_->remove_device("alice", r.push_token)), "ok");
  EXPECT_EQ(outcome(dir_->register_device(r)), "replayed_request");
  auto stale = request("alice", 1, 1);
  clock_.advance(directory::kRequestWindowSeconds + 1);
  EXPECT_EQ(outcome(dir_->register_device(stale)), "replayed_request");
  EXPECT_EQ(outcome(reg("alice", 1)), "ok");  // a fresh request still works
}

// REQ-DIR-4: duplicate push tokens, oversized fields, unknown accounts.
TEST_P(DirectoryTest, BadRequestsAreTypedAndChangeNothing) {
  ASSERT_EQ(outcome(reg("alice", 0)), "ok");
  auto dup = request("bob", 1, 1);
  dup.push_token = token(1);
  dup.signature = *keys(1).sender().signing->sign(crypto::Hash::sha256, crypto::SigFormat::der,
                                                  directory::registration_message(dup));
  EXPECT_EQ(outcome(dir_->register_device(dup)), "duplicate");
  auto big = request("alice", 1, 1);
  big.push_token.push_back(0);
  EXPECT_EQ(outcome(dir_->register_device(big)), "too_large");
  big = request("alice", 1, 1);
  big.account = std::string(65, 'a');
  EXPECT_EQ(outcome(dir_->register_device(big)), "too_large");
  EXPECT_EQ(outcome(dir_->register_device(request("carol", 1, 1))), "unknown_account");
  auto bad_id = request("alice", 1, 1);
  bad_id.identity[0] ^= 1;
  EXPECT_EQ(outcome(dir_->register_device(bad_id)), "malformed_identity");
  EXPECT_EQ(outcome(dir_->create_account(test::account("alice"))), "duplicate");
  EXPECT_EQ(Account::make("").code(), Errc::invalid_argument);
  EXPECT_EQ(Account::make(std::string(65, 'a')).code(), Errc::invalid_argument);
  EXPECT_TRUE(Account::make(std::string(64, 'a')).ok());
  // Nothing changed: alice has one device, which received no alert.
  ASSERT_EQ(verify_email("alice", "a@example.com"), "ok");
  EXPECT_EQ(lookup("a@example.com")->size(), 1u);
  EXPECT_EQ(alerts(0), (std::vector<Alert>{{AlertKind::email, "a@example.com"}}));
}

// REQ-DIR-5: handles are validated strictly.
TEST(DirectoryHandles, StrictValidation) {
  for (const char* ok : {"+14155550100", "+447700900123", "+12345678"}) {
    EXPECT_TRUE(directory::valid_phone(ok)) << ok;
  }
  for (const char* bad : {"14155550100", "+04155550100", "+1415555010a", "+1234567",
                          "+1234567890123456", "+", "", "+1 4155550100"}) {
    EXPECT_FALSE(directory::valid_phone(bad)) << bad;
  }
  for (const char* ok : {"a@example.com", "first.last+tag@sub.example.org", "x_y%z@a-b.io"}) {
    EXPECT_TRUE(directory::valid_email(ok)) << ok;
  }
  for (const char* bad : {"a@b", "@example.com", "a@@example.com", "a@example..com",
                          ".a@example.com", "a.@example.com", "a@-x.com", "a@x-.com",
                          "a b@example.com", "a@ex ample.com", "a@example.com.", ""}) {
    EXPECT_FALSE(directory::valid_email(bad)) << bad;
  }
}

TEST_P(DirectoryTest, MalformedHandlesAreInvalidHandle) {
  EXPECT_EQ(outcome(dir_->add_email("alice", "not-an-email")), "invalid_handle");
  EXPECT_EQ(outcome(dir_->add_phone("alice", "555-0100", Carrier(), "sim", true)),
            "invalid_handle");
  EXPECT_EQ(lookup("bogus").code(), Errc::invalid_handle);
  EXPECT_EQ(outcome(dir_->add_email("carol", "c@example.com")), "unknown_account");
}

// REQ-VERIFY-1, REQ-VERIFY-2: an address is usable only after its token is
// followed; reused, expired, wrong-account and forged tokens are bad_token.
TEST_P(DirectoryTest, EmailTokensAreSingleUseExpiringAndBound) {
  ASSERT_EQ(outcome(reg("alice", 0)), "ok");
  ASSERT_EQ(outcome(dir_->add_email("alice", "a@example.com")), "ok");
  EXPECT_EQ(lookup("a@example.com").code(), Errc::unknown_handle);
  auto t = dir_->read_email("a@example.com");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].size(), 2 * directory::kEmailTokenSize);
  EXPECT_EQ(outcome(dir_->confirm_email("bob", t[0])), "bad_token");
  EXPECT_EQ(outcome(dir_->confirm_email("alice", std::string(32, '0'))), "bad_token");
  EXPECT_EQ(outcome(dir_->confirm_email("alice", t[0])), "ok");
  EXPECT_EQ(outcome(dir_->confirm_email("alice", t[0])), "bad_token");
  EXPECT_TRUE(lookup("a@example.com").ok());

  ASSERT_EQ(outcome(dir_->add_email("alice", "late@example.com")), "ok");
  auto late = dir_->read_email("late@example.com");
  clock_.advance(directory::kEmailTokenLifetimeSeconds);
  EXPECT_EQ(outcome(dir_->confirm_email("alice", late[0])), "bad_token");
  EXPECT_EQ(lookup("late@example.com").code(), Errc::unknown_handle);
}

// REQ-VERIFY-3, REQ-VERIFY-4: the carrier attests the number for the SIM; a
// carrier that is not zero-rated sends no SMS without consent.
TEST_P(DirectoryTest, PhoneNeedsAttestationAndConsent) {
  Carrier free_carrier(true), paid_carrier(false);
  free_carrier.issue_sim("sim-1", "+14155550100");
  paid_carrier.issue_sim("sim-2", "+14155550101");
  EXPECT_EQ(outcome(dir_->add_phone("alice", "+14155550100", free_carrier, "sim-9", false)),
            "not_attested");
  EXPECT_EQ(outcome(dir_->add_phone("alice", "+14155550100", free_carrier, "sim-1", false)), "ok");
  EXPECT_EQ(outcome(dir_->add_phone("bob", "+14155550101", paid_carrier, "sim-2", false)),
            "consent_required");
  EXPECT_EQ(lookup("+14155550101").code(), Errc::unknown_handle);
  EXPECT_EQ(outcome(dir_->add_phone("bob", "+14155550101", paid_carrier, "sim-2", true)), "ok");
  EXPECT_TRUE(lookup("+14155550101").ok());
  EXPECT_EQ(outcome(dir_->add_phone("bob", "+14155550100", free_carrier, "sim-1", false)),
            "duplicate");
}

// REQ-ALERT-1, REQ-ALERT-2: every existing device is alerted, queued, naming
// what was added; the new device does not alert itself.
TEST_P(DirectoryTest, AlertsReachEveryExistingDeviceButNotTheNewOne) {
  ASSERT_EQ(outcome(reg("alice", 0)), "ok");
  EXPECT_TRUE(alerts(0).empty());
  ASSERT_EQ(outcome(reg("alice", 1)), "ok");
  ASSERT_EQ(verify_email("alice", "a@example.com"), "ok");
  Carrier carrier;
  carrier.issue_sim("s", "+14155550100");
  ASSERT_EQ(outcome(dir_->add_phone("alice", "+14155550100", carrier, "s", false)), "ok");
  ASSERT_EQ(outcome(reg("bob", 2)), "ok");  // another account: no alert for alice
  EXPECT_EQ(alerts(0), (std::vector<Alert>{{AlertKind::device, to_hex(token(2))},
                                           {AlertKind::email, "a@example.com"},
                                           {AlertKind::phone, "+14155550100"}}));
  EXPECT_EQ(alerts(1), (std::vector<Alert>{{AlertKind::email, "a@example.com"},
                                           {AlertKind::phone, "+14155550100"}}));
  EXPECT_TRUE(alerts(0).empty());  // reading empties the queue
  EXPECT_TRUE(alerts(2).empty());
  EXPECT_EQ(dir_->read_alerts(token(99)).code(), Errc::not_found);
}

// REQ-DIR-6: removal is effective at once.
TEST_P(DirectoryTest, RemovalIsImmediate) {
  ASSERT_EQ(outcome(reg("alice", 0)), "ok");
  ASSERT_EQ(outcome(reg("alice", 1)), "ok");
  ASSERT_EQ(verify_email("alice", "a@example.com"), "ok");
  ASSERT_EQ(outcome(dir_->remove_device("alice", token(1))), "ok");
  auto found = lookup("a@example.com");
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].push_token.bytes(), token(2));
  EXPECT_EQ(outcome(dir_->remove_device("alice", token(1))), "not_found");
  EXPECT_EQ(outcome(dir_->remove_handle("bob", "a@example.com")), "unknown_handle");
  ASSERT_EQ(outcome(dir_->remove_handle("alice", "a@example.com")), "ok");
  EXPECT_EQ(lookup("a@example.com").code(), Errc::unknown_handle);
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(DirectoryTest);

}  // namespace
}  // namespace imref
