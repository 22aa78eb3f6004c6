// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// imref::Device, a client device in the library, on every backend: keys only
// after the first unlock since boot (REQ-KEYCHAIN-10), a registration the
// directory accepts (REQ-DIR-2), alerts held while offline (REQ-ALERT-3),
// fan-out of a send to every device once (REQ-DELIVERY-1), a refused send
// that leaves no blob, and receive (REQ-DELIVERY-9).
#include "imref/device.h"

#include <gtest/gtest.h>

#include <map>

#include "imref/internal/defects.h"
#include "provider_test_util.h"
#include "test_names.h"

namespace imref {
namespace {

constexpr keychain::KdfParams kFastKdf{10, 8, 1};
const std::string kAlice = "alice@example.com";
const std::string kBob = "bob@example.com";

// Three devices' keys per backend, made once: RSA-1280 generation is slow.
const std::vector<DeviceKeys>& keys_pool(const std::string& backend) {
  // Leaked on purpose: Botan keys must not outlive Botan's allocator at exit.
  static auto* pools = new std::map<std::string, std::vector<DeviceKeys>>;
  auto& pool = (*pools)[backend];
  for (int i = static_cast<int>(pool.size()); i < 3; ++i) {
    crypto::DeterministicRng rng(4000 + i, "device-test-pool");
    pool.push_back(DeviceKeys::generate(test::backend(backend), rng).value());
  }
  return pool;
}

class DeviceTest : public test::ProviderTest {
 protected:
  Device& make(size_t key_index, const std::string& passcode = "0000") {
    auto d = Device::create(provider(), disk_, "/d" + std::to_string(devices_.size()), rng_,
                            to_bytes(passcode), keys_pool(backend_name())[key_index], kFastKdf);
    EXPECT_TRUE(d.ok()) << d.error().detail;
    devices_.push_back(std::move(d).value());
    Device& made = *devices_.back();
    relay_.connect(made.push_token(), [&made](const relay::Push& p) { made.deliver(p); });
    return made;
  }

  Status register_on(Device& d, const std::string& account) {
    IMREF_TRY(auto r, d.registration_request(d, account, clock_.now(), rng_));
    return directory_.register_device(r);
  }

  // add_handle gives |account| a verified email address.
  void add_handle(const std::string& account, const std::string& email) {
    ASSERT_TRUE(directory_.add_email(account, email).ok());
    auto tokens = directory_.read_email(email);
    ASSERT_EQ(tokens.size(), 1u);
    ASSERT_TRUE(directory_.confirm_email(account, tokens[0]).ok());
  }

  Network network() {
    return Network{[this](const Handle& h) { return directory_.lookup(h); }, relay_, blobs_,
                   clock_};
  }

  ManualClock clock_;
  crypto::DeterministicRng rng_{7, "device-test"};
  MemoryFileSystem disk_;
  directory::Directory directory_{test::backend(GetParam()), rng_, clock_};
  relay::Relay relay_{clock_, relay::PushVersion::v16k};
  attachment::BlobStore blobs_;
  std::vector<std::unique_ptr<Device>> devices_;
};

TEST_P(DeviceTest, KeysAreLockedAfterRebootUntilUnlock) {
  Device& d = make(0, "1234");
  ASSERT_TRUE(d.keys().ok());
  d.reboot();
  EXPECT_EQ(d.keys().code(), Errc::locked);
  EXPECT_EQ(d.registration_request(d, "a", 0, rng_).code(), Errc::locked);
  EXPECT_EQ(d.unlock(to_bytes("0000")).code(), Errc::bad_passcode);
  EXPECT_EQ(d.keys().code(), Errc::locked);
  ASSERT_TRUE(d.unlock(to_bytes("1234")).ok());
  auto keys = d.keys();
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ((*keys)->identity().blob(), d.identity());
  d.lock();  // the screen: the keys stay usable (REQ-KEYCHAIN-8)
  EXPECT_TRUE(d.keys().ok());
}

TEST_P(DeviceTest, RefusesABadPasscodeAndMakesNothing) {
  const auto& keys = keys_pool(backend_name())[0];
  EXPECT_EQ(Device::create(provider(), disk_, "/x", rng_, {}, keys, kFastKdf).code(),
            Errc::invalid_argument);
  EXPECT_EQ(Device::create(provider(), disk_, "/x", rng_, Bytes(257, '1'), keys, kFastKdf).code(),
            Errc::invalid_argument);
  EXPECT_FALSE(disk_.exists("/x"));
}

TEST_P(DeviceTest, RegistrationIsSignedByTheSigner) {
  ASSERT_TRUE(directory_.create_account(test::account("a")).ok());
  Device& d = make(0);
  Device& other = make(1);
  auto forged = other.registration_request(d, "a", clock_.now(), rng_);
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(forged->push_token, d.push_token().bytes());
  EXPECT_EQ(directory_.register_device(*forged).code(), Errc::bad_signature);
  EXPECT_TRUE(register_on(d, "a").ok());
}

TEST_P(DeviceTest, AlertsWaitWhileOfflineAndArriveAtConnect) {
  ASSERT_TRUE(directory_.create_account(test::account("a")).ok());
  Device& first = make(0);
  ASSERT_TRUE(register_on(first, "a").ok());
  first.disconnect(directory_);
  Device& second = make(1);
  ASSERT_TRUE(register_on(second, "a").ok());
  EXPECT_TRUE(first.take_alerts(directory_).empty());  // offline: held by the relay
  first.connect(directory_);
  auto alerts = first.take_alerts(directory_);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].what, second.push_token().hex());
  EXPECT_TRUE(first.take_alerts(directory_).empty());  // read once
}

TEST_P(DeviceTest, AlertsDroppedOfflineIsADefectOfTheDevice) {
  defects::Scoped defect({defects::Defect::alerts_dropped_offline});
  ASSERT_TRUE(directory_.create_account(test::account("a")).ok());
  Device& first = make(0);
  ASSERT_TRUE(register_on(first, "a").ok());
  first.disconnect(directory_);
  ASSERT_TRUE(register_on(make(1), "a").ok());
  first.connect(directory_);
  EXPECT_TRUE(first.take_alerts(directory_).empty());
}

TEST_P(DeviceTest, SendReachesEveryDeviceOnceAndReceiveShowsIt) {
  ASSERT_TRUE(directory_.create_account(test::account("alice")).ok());
  ASSERT_TRUE(directory_.create_account(test::account("bob")).ok());
  Device& alice = make(0);
  Device& alice2 = make(1);
  Device& bob = make(2);
  ASSERT_TRUE(register_on(alice, "alice").ok());
  ASSERT_TRUE(register_on(alice2, "alice").ok());
  ASSERT_TRUE(register_on(bob, "bob").ok());
  add_handle("alice", kAlice);
  add_handle("bob", kBob);

  Network net = network();
  Outgoing m{kAlice, {kBob, kBob, kAlice}, "hi", {}, {}, {{"a.txt", to_bytes("file")}}};
  auto sent = alice.send(m, net, rng_);
  ASSERT_TRUE(sent.ok()) << sent.error().detail;
  EXPECT_EQ(sent->report.pushes, 2u);  // bob once, alice2; never the sender
  EXPECT_TRUE(alice.pending().empty());

  auto got = bob.receive(net);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->shown.size(), 1u);
  EXPECT_EQ(got->shown[0].message.text, "hi");
  EXPECT_EQ(got->shown[0].message.uuid, sent->uuid);
  EXPECT_EQ(got->shown[0].message.participants, (std::vector<std::string>{kAlice, kBob}));
  ASSERT_EQ(got->shown[0].message.attachments.size(), 1u);
  EXPECT_EQ(attachment::fetch(provider(), blobs_, got->shown[0].message.attachments[0]).value(),
            to_secret(to_bytes("file")));
  ASSERT_TRUE(alice2.receive(net).ok());

  // The same push again is a duplicate, after a reboot too (REQ-DELIVERY-9).
  for (const auto& p : bob.handed()) bob.pending().push_back(p);
  bob.reboot();
  EXPECT_EQ(bob.receive(net).code(), Errc::locked);
  EXPECT_EQ(bob.pending().size(), 1u);  // still waiting
  ASSERT_TRUE(bob.unlock(to_bytes("0000")).ok());
  auto again = bob.receive(net);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->shown.empty());
  EXPECT_EQ(again->duplicates, 1u);
}

TEST_P(DeviceTest, RefusedSendLeavesNoBlobAndNoPush) {
  ASSERT_TRUE(directory_.create_account(test::account("alice")).ok());
  Device& alice = make(0);
  ASSERT_TRUE(register_on(alice, "alice").ok());
  add_handle("alice", kAlice);
  Network net = network();
  // An unknown recipient is refused after the attachment's content is read
  // but before anything is uploaded or pushed.
  Outgoing m{kAlice, {"nobody@example.com"}, "x", {}, {}, {{"a", to_bytes("data")}}};
  EXPECT_EQ(alice.send(m, net, rng_).code(), Errc::unknown_handle);
  EXPECT_TRUE(blobs_.urls().empty());
  EXPECT_EQ(relay_.delivered(), 0u);
  // A sender that is not one of the handle's devices sends nothing either.
  Device& stranger = make(1);
  Outgoing as_alice{kAlice, {kAlice}, "x", {}, {}, {}};
  EXPECT_EQ(stranger.send(as_alice, net, rng_).code(), Errc::invalid_argument);
  EXPECT_EQ(alice.send(Outgoing{kAlice, {}, "x", {}, {}, {}}, net, rng_).code(),
            Errc::invalid_argument);
  EXPECT_TRUE(blobs_.urls().empty());
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(DeviceTest);

TEST(Defects, ScopedSwitchesOnAndRestores) {
  using defects::Defect;
  EXPECT_FALSE(defects::on(Defect::show_replays));
  {
    defects::Scoped outer({Defect::show_replays});
    EXPECT_TRUE(defects::on(Defect::show_replays));
    {
      defects::Scoped inner({Defect::pair_oaep_label});
      EXPECT_TRUE(defects::on(Defect::show_replays));
      EXPECT_TRUE(defects::on(Defect::pair_oaep_label));
    }
    EXPECT_FALSE(defects::on(Defect::pair_oaep_label));
  }
  for (size_t i = 0; i < defects::kDefectCount; ++i)
    EXPECT_FALSE(defects::on(static_cast<Defect>(i))) << i;
}

}  // namespace
}  // namespace imref
