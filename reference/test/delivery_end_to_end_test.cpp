// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// deliver and receive end to end on every backend (REQ-DELIVERY-*,
// REQ-MESSAGE-6): fan-out counts with the sender's own devices, groups, the
// offline queue, the attachment fallback, replays, failures that are
// reported and never shown, and the operator who cannot read.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "imref/delivery.h"
#include "imref/directory.h"
#include "imref/pair.h"
#include "provider_test_util.h"
#include "test_names.h"

namespace imref {
namespace {

using delivery::Received;

constexpr const char* kAlice = "alice@example.com";
constexpr const char* kBob = "bob@example.com";
constexpr const char* kCarol = "+15555550123";

// Six devices per backend: alice 0-1, bob 2-4, carol 5.
const std::vector<DeviceKeys>& keys_pool(const std::string& backend) {
  // Leaked on purpose: Botan keys must not outlive Botan's allocator at exit.
  static auto* pools = new std::map<std::string, std::vector<DeviceKeys>>;
  auto& pool = (*pools)[backend];
  if (pool.empty()) {
    for (int i = 0; i < 6; ++i) {
      crypto::DeterministicRng rng(2000 + i, "delivery-test-pool");
      pool.push_back(DeviceKeys::generate(test::backend(backend), rng).value());
    }
  }
  return pool;
}

PushToken token(size_t i) {
  return test::token_filled(static_cast<uint8_t>(0xa0 + i));
}

bool contains(ByteView haystack, ByteView needle) {
  return !needle.empty() && std::search(haystack.begin(), haystack.end(), needle.begin(),
                                        needle.end()) != haystack.end();
}

class Delivery : public test::ProviderTest {
 protected:
  void SetUp() override {
    test::ProviderTest::SetUp();
    const auto& pool = keys_pool(backend_name());
    const char* handles[] = {kAlice, kAlice, kBob, kBob, kBob, kCarol};
    for (size_t i = 0; i < 6; ++i)
      devices_.push_back(delivery::Device{test::handle(handles[i]), pool[i].identity(), token(i)});
    for (size_t i = 0; i < 6; ++i) {
      receivers_.emplace_back(
          provider(), pool[i].recipient(),
          [this](std::string_view handle, const PushToken& t) -> std::optional<PublicIdentity> {
            for (const auto& d : devices_)
              if (d.handle.str() == handle && d.push_token == t) return d.identity;
            return std::nullopt;
          },
          blobs_);
    }
  }

  const DeviceKeys& keys(size_t i) { return keys_pool(backend_name())[i]; }
  delivery::SendingDevice sender(size_t i) {
    return {keys(i).sender(), devices_[i].handle, devices_[i].push_token};
  }
  std::span<const delivery::Device> of(size_t first, size_t count) {
    return std::span<const delivery::Device>(devices_).subspan(first, count);
  }
  // connect_all brings every device online; each push goes to its receiver
  // and is recorded.
  void connect(size_t i) {
    relay_.connect(token(i), [this, i](const relay::Push& p) {
      got_[i].push_back(p);
      results_[i].push_back(receivers_[i].receive(p));
    });
  }
  void connect_all() {
    for (size_t i = 0; i < 6; ++i) connect(i);
  }
  Message message(std::string text, std::vector<std::string> participants) {
    Message m;
    m.text = std::move(text);
    m.participants = std::move(participants);
    m.uuid = uuid_string(rng_.bytes(16));
    return m;
  }
  Result<delivery::Report> send(size_t from, std::span<const delivery::Device> to,
                                const Message& m) {
    return delivery::deliver(provider(), rng_, relay_, blobs_, sender(from), to, of(0, 2), m,
                             1'764'300'000);
  }

  crypto::DeterministicRng rng_{21, "delivery-test"};
  ManualClock clock_{1'764'300'000};
  relay::Relay relay_{clock_, relay::PushVersion::v4k};
  attachment::BlobStore blobs_;
  std::vector<delivery::Device> devices_;
  std::vector<delivery::Receiver> receivers_;
  std::map<size_t, std::vector<relay::Push>> got_;
  std::map<size_t, std::vector<Received>> results_;
};

// REQ-DELIVERY-1, REQ-DELIVERY-2: one message to bob (3 devices) reaches all three and
// alice's other device, not the sending one; the clear metadata is as sent.
TEST_P(Delivery, FanOutIncludesTheSendersOtherDevices) {
  connect_all();
  Message m = message("hi bob", {kAlice, kBob});
  auto report = send(0, of(2, 3), m);
  ASSERT_TRUE(report.ok()) << report.error().detail;
  EXPECT_EQ(report->pushes, 4u);
  EXPECT_FALSE(report->via_attachment);
  EXPECT_EQ(got_.count(0), 0u);
  EXPECT_EQ(got_.count(5), 0u);
  for (size_t i : {1, 2, 3, 4}) {
    ASSERT_EQ(got_[i].size(), 1u) << i;
    const auto& p = got_[i][0];
    EXPECT_EQ(p.token, token(i));
    EXPECT_EQ(p.sender, kAlice);
    EXPECT_EQ(p.sender_token, token(0));
    EXPECT_EQ(p.timestamp, 1'764'300'000);
    EXPECT_EQ(p.message_uuid, uuid_bytes(m.uuid).value());
    EXPECT_EQ(p.encryption, relay::Encryption::pair);
    ASSERT_EQ(results_[i][0].outcome, Received::Outcome::shown) << i;
    const auto& shown = *results_[i][0].shown;
    EXPECT_EQ(shown.message, m);
    EXPECT_EQ(shown.sender, kAlice);
    EXPECT_EQ(shown.timestamp, 1'764'300'000);
  }
  // Each device's copy is sealed for it alone.
  EXPECT_NE(got_[2][0].payload, got_[3][0].payload);
}

// REQ-DELIVERY-1: a group message reaches every member's devices and the
// sender's other device; bob replying reaches alice's two and carol.
TEST_P(Delivery, GroupFanOut) {
  connect_all();
  Message m = message("group hello", {kAlice, kBob, kCarol});
  m.group_id = "11111111-2222-3333-4444-555555555555";
  m.group_name = "Climbing";
  auto report = send(0, of(2, 4), m);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->pushes, 5u);
  for (size_t i : {1, 2, 3, 4, 5}) {
    ASSERT_EQ(results_[i].size(), 1u);
    EXPECT_EQ(results_[i][0].shown->message.group_name, "Climbing");
  }
  // Bob (device 3) answers: alice's 2 devices, carol, bob's other 2.
  Message reply = message("reply", {kAlice, kBob, kCarol});
  std::vector<delivery::Device> to = {devices_[0], devices_[1], devices_[5]};
  auto r2 =
      delivery::deliver(provider(), rng_, relay_, blobs_,
                        {keys(3).sender(), test::handle(kBob), token(3)}, to, of(2, 3), reply, 5);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->pushes, 5u);
  for (size_t i : {0, 1, 2, 4, 5}) EXPECT_EQ(results_[i].back().shown->message.text, "reply");
  EXPECT_EQ(results_[3].size(), 1u);
}

// REQ-DELIVERY-4, REQ-DELIVERY-5: offline devices get their copies when they connect;
// one that stays away 30 days gets nothing, and the relay holds nothing.
TEST_P(Delivery, OfflineDevicesAndExpiry) {
  connect(1);
  connect(2);
  Message m = message("while you were out", {kAlice, kBob});
  ASSERT_TRUE(send(0, of(2, 3), m).ok());
  EXPECT_EQ(relay_.queued().size(), 2u);  // devices 3 and 4
  clock_.advance(29 * 86400);
  connect(3);
  ASSERT_EQ(results_[3].size(), 1u);
  EXPECT_EQ(results_[3][0].shown->message.text, "while you were out");
  clock_.advance(86400);
  connect(4);
  EXPECT_EQ(results_[4].size(), 0u);
  EXPECT_TRUE(relay_.queued().empty());
  EXPECT_EQ(relay_.dropped(), 1u);
}

// REQ-DELIVERY-6: a message too large for a 4 KB push goes to the blob store;
// every push stays within the limit and every device shows the whole text.
TEST_P(Delivery, LongMessageUsesTheAttachmentPath) {
  connect_all();
  std::string text;
  for (uint8_t b : rng_.bytes(12000)) text += static_cast<char>('!' + b % 90);  // incompressible
  Message m = message(text, {kAlice, kBob});
  auto report = send(0, of(2, 3), m);
  ASSERT_TRUE(report.ok()) << report.error().detail;
  EXPECT_TRUE(report->via_attachment);
  EXPECT_EQ(blobs_.size(), 1u);
  for (size_t i : {1, 2, 3, 4}) {
    EXPECT_LE(got_[i][0].payload.size(), relay_.limit());
    ASSERT_EQ(results_[i][0].outcome, Received::Outcome::shown);
    EXPECT_EQ(results_[i][0].shown->message, m);
  }
  // A short message stays inline.
  ASSERT_FALSE(send(0, of(2, 1), message("short", {kAlice, kBob}))->via_attachment);
  // On a 16 KB relay the same message fits in the push.
  relay::Relay big(clock_, relay::PushVersion::v16k);
  auto r16 = delivery::deliver(provider(), rng_, big, blobs_, sender(0), of(2, 1), {}, m, 1);
  ASSERT_TRUE(r16.ok());
  EXPECT_FALSE(r16->via_attachment);
}

// REQ-ATTACH-3, REQ-DELIVERY-8: a long-message blob the operator changed is
// refused (blob_mismatch) and not shown.
TEST_P(Delivery, TamperedLongMessageIsNotShown) {
  std::string text;
  for (uint8_t b : rng_.bytes(8000)) text += static_cast<char>('!' + b % 90);
  ASSERT_TRUE(send(0, of(2, 1), message(text, {kAlice, kBob}))->via_attachment);
  const auto& [url, blob] = *blobs_.contents().begin();
  Bytes changed = blob;
  changed[100] ^= 0x20;
  ASSERT_TRUE(blobs_.replace(url, changed).ok());
  connect(2);
  ASSERT_EQ(results_[2].size(), 1u);
  EXPECT_EQ(results_[2][0].outcome, Received::Outcome::failed);
  EXPECT_EQ(results_[2][0].error, Errc::blob_mismatch);
  EXPECT_TRUE(receivers_[2].inbox().empty());
  EXPECT_EQ(receivers_[2].failures(), std::vector<Errc>{Errc::blob_mismatch});
}

// REQ-DELIVERY-9: a relay that replays and reorders gains nothing: each UUID
// is shown once, in the order it first arrives.
TEST_P(Delivery, ReplayIsShownOnce) {
  Message m1 = message("first", {kAlice, kBob}), m2 = message("second", {kAlice, kBob});
  ASSERT_TRUE(send(0, of(2, 1), m1).ok());
  ASSERT_TRUE(send(0, of(2, 1), m2).ok());
  auto held = relay_.queued();
  ASSERT_EQ(held.size(), 4u);  // device 2 and alice's device 1, twice
  std::vector<relay::Push> for_bob;
  for (const auto& p : held)
    if (p.token == token(2)) for_bob.push_back(p);
  auto& bob = receivers_[2];
  EXPECT_EQ(bob.receive(for_bob[1]).outcome, Received::Outcome::shown);
  EXPECT_EQ(bob.receive(for_bob[0]).outcome, Received::Outcome::shown);
  EXPECT_EQ(bob.receive(for_bob[1]).outcome, Received::Outcome::duplicate);
  EXPECT_EQ(bob.receive(for_bob[0]).outcome, Received::Outcome::duplicate);
  // Re-sealed by the sender with the same UUID: still shown once.
  ASSERT_TRUE(send(0, of(2, 1), m1).ok());
  connect(2);
  EXPECT_EQ(results_[2].back().outcome, Received::Outcome::duplicate);
  ASSERT_EQ(bob.inbox().size(), 2u);
  EXPECT_EQ(bob.inbox()[0].message.text, "second");
  EXPECT_EQ(bob.inbox()[1].message.text, "first");
  EXPECT_TRUE(bob.failures().empty());
}

// REQ-KEYCHAIN-10: a receiver whose keys are forgotten (a reboot) opens nothing and records
// nothing; given its keys back it opens the push, and what it showed before the reboot is
// still a duplicate.
TEST_P(Delivery, ReceiverWithoutKeysIsLockedAndKeepsItsHistory) {
  Message m1 = message("before", {kAlice, kBob}), m2 = message("after", {kAlice, kBob});
  ASSERT_TRUE(send(0, of(2, 1), m1).ok());
  ASSERT_TRUE(send(0, of(2, 1), m2).ok());
  std::vector<relay::Push> for_bob;
  for (const auto& p : relay_.queued())
    if (p.token == token(2)) for_bob.push_back(p);
  ASSERT_EQ(for_bob.size(), 2u);
  auto& bob = receivers_[2];
  ASSERT_EQ(bob.receive(for_bob[0]).outcome, Received::Outcome::shown);

  bob.forget_keys();
  EXPECT_FALSE(bob.has_keys());
  const Received locked = bob.receive(for_bob[1]);
  EXPECT_EQ(locked.outcome, Received::Outcome::failed);
  EXPECT_EQ(locked.error, Errc::locked);
  EXPECT_TRUE(bob.failures().empty());
  EXPECT_EQ(bob.inbox().size(), 1u);

  bob.use_keys(keys(2).recipient());
  EXPECT_EQ(bob.receive(for_bob[1]).outcome, Received::Outcome::shown);
  EXPECT_EQ(bob.receive(for_bob[0]).outcome, Received::Outcome::duplicate);
  ASSERT_EQ(bob.inbox().size(), 2u);
  EXPECT_EQ(bob.inbox()[1].message.text, "after");
}

// REQ-DELIVERY-7, REQ-DELIVERY-8, REQ-DELIVERY-10: failures are reported with their code and never
// shown.
TEST_P(Delivery, FailuresAreReportedNotShown) {
  ASSERT_TRUE(send(0, of(2, 1), message("x", {kAlice, kBob})).ok());
  std::optional<relay::Push> queued_for_bob;
  for (const auto& p : relay_.queued())
    if (p.token == token(2)) queued_for_bob = p;
  ASSERT_TRUE(queued_for_bob);
  const relay::Push good = *queued_for_bob;
  auto& bob = receivers_[2];
  auto fails_with = [&](relay::Push p, Errc code) {
    auto r = bob.receive(p);
    EXPECT_EQ(r.outcome, Received::Outcome::failed);
    EXPECT_EQ(r.error, code);
    EXPECT_FALSE(r.shown);
  };
  relay::Push p = good;
  p.sender_token = token(5);
  fails_with(p, Errc::not_found);  // no such device of alice
  p = good;
  p.payload[20] ^= 1;
  fails_with(p, Errc::bad_signature);
  p = good;
  p.message_uuid[0] ^= 1;
  fails_with(p, Errc::malformed_message);  // U differs from r
  p = good;
  p.sender = kCarol;  // carol's "device" with alice's token and identity
  devices_.push_back({test::handle(kCarol), keys(0).identity(), token(0)});
  fails_with(p, Errc::malformed_message);  // not a participant
  p = good;
  p.encryption = relay::Encryption::pair_ec;
  fails_with(p, Errc::unsupported);
  // The right sender, but another recipient's copy.
  std::optional<relay::Push> for_alice;
  for (const auto& q : relay_.queued())
    if (q.token == token(1)) for_alice = q;
  ASSERT_TRUE(for_alice);
  fails_with(*for_alice, Errc::decrypt_failed);
  EXPECT_TRUE(bob.inbox().empty());
  EXPECT_EQ(bob.failures().size(), 6u);
  // The untouched push still shows.
  EXPECT_EQ(bob.receive(good).outcome, Received::Outcome::shown);
}

relay::Push sealed_push(const crypto::Provider& provider, crypto::Rng& rng, const DeviceKeys& from,
                        const DeviceKeys& to, ByteView plaintext) {
  return relay::Push{
      .token = token(2),
      .sender_token = token(0),
      .sender = kAlice,
      .message_uuid = Bytes(16, 1),
      .payload = pair::seal(provider, rng, from.sender(), to.identity(), plaintext).value()};
}

// REQ-MESSAGE-6, REQ-MESSAGE-5: a sealed gzip bomb is too_large for its
// recipient, but for anyone else it fails at the tag (decrypt_failed) — it is
// never decompressed before the tag check. Sealed garbage is malformed_message.
TEST_P(Delivery, NothingIsDecompressedBeforeTheTag) {
  Bytes bomb = gz::gzip(Bytes(8 << 20, 0)).value();
  ASSERT_LT(bomb.size(), pair::kMaxPlaintextLen);
  auto& bob = receivers_[2];
  EXPECT_EQ(bob.receive(sealed_push(provider(), rng_, keys(0), keys(2), bomb)).error,
            Errc::too_large);
  EXPECT_EQ(bob.receive(sealed_push(provider(), rng_, keys(0), keys(3), bomb)).error,
            Errc::decrypt_failed);
  auto tampered = sealed_push(provider(), rng_, keys(0), keys(2), bomb);
  tampered.payload[200] ^= 1;
  EXPECT_EQ(bob.receive(tampered).error, Errc::bad_signature);
  EXPECT_EQ(
      bob.receive(sealed_push(provider(), rng_, keys(0), keys(2), to_bytes("not a plist"))).error,
      Errc::malformed_message);
  EXPECT_TRUE(bob.inbox().empty());
}

// register_all puts the six devices in |dir| (accounts alice, bob, carol,
// each with its e-mail address verified) and returns everything the directory
// was given or answered to |seen|: the signed registrations, the
// confirmation tokens, every lookup and every alert.
void register_all(directory::Directory& dir, crypto::Rng& rng, const Clock& clock,
                  const std::vector<DeviceKeys>& keys, std::vector<Bytes>& seen) {
  const char* accounts[] = {"alice", "alice", "bob", "bob", "bob", "carol"};
  for (const char* a : {"alice", "bob", "carol"})
    EXPECT_TRUE(dir.create_account(test::account(a)).ok());
  for (size_t i = 0; i < 6; ++i) {
    directory::RegistrationRequest r;
    r.account = accounts[i];
    r.push_token = token(i).bytes();
    r.identity = keys[i].identity().blob();
    r.encryption_key = keys[i].encryption_public();
    r.timestamp = static_cast<uint64_t>(clock.now());
    r.nonce = rng.bytes(directory::kNonceSize);
    Bytes message = directory::registration_message(r);
    r.signature = keys[i]
                      .sender()
                      .signing->sign(crypto::Hash::sha256, crypto::SigFormat::der, message)
                      .value();
    EXPECT_TRUE(dir.register_device(r).ok());
    seen.push_back(message);
    seen.push_back(r.signature);
  }
  for (const char* a : {"alice", "bob", "carol"}) {
    std::string email = std::string(a) + "@example.com";
    EXPECT_TRUE(dir.add_email(a, email).ok());
    for (const auto& t : dir.read_email(email)) {
      seen.push_back(to_bytes(t));
      EXPECT_TRUE(dir.confirm_email(a, t).ok());
    }
    auto found = dir.lookup(test::handle(email));
    ASSERT_TRUE(found.ok()) << email;
    for (const auto& d : *found) {
      seen.push_back(d.identity);
      seen.push_back(d.encryption_key);
      seen.push_back(d.push_token.bytes());
    }
  }
  for (size_t i = 0; i < 6; ++i) {
    auto alerts = dir.read_alerts(token(i));
    ASSERT_TRUE(alerts.ok());
    for (const auto& alert : *alerts)
      seen.push_back(to_bytes(std::string(directory::alert_kind_name(alert.kind)) + alert.what));
  }
}

// REQ-DELIVERY-11: with every device registered in a directory and offline,
// after a message, a long message and an attachment, nothing the directory,
// the relay or the blob store holds contains the text, the encoded message,
// a pair key, an attachment key or any private key.
TEST_P(Delivery, TheOperatorCannotRead) {
  directory::Directory dir(provider(), rng_, clock_);
  std::vector<Bytes> held;
  register_all(dir, rng_, clock_, keys_pool(backend_name()), held);
  // Alerts: 4 for new devices (alice 1, bob 1 + 2), 6 for the addresses (one per device).
  ASSERT_EQ(held.size(), 6u * 2u + 3u + 6u * 3u + 4u + 6u);

  std::string secret_text = "meet at the usual place at nine, bring the blue folder please!";
  Message m = message(secret_text, {kAlice, kBob, kCarol});
  Bytes photo = rng_.bytes(3000);
  m.attachments.push_back(attachment::upload(provider(), rng_, blobs_, photo, "p.jpg").value());
  ASSERT_TRUE(send(0, of(2, 4), m).ok());
  std::string long_text;
  for (uint8_t b : rng_.bytes(9000)) long_text += static_cast<char>('!' + b % 90);
  Message big = message(long_text, {kAlice, kBob});
  ASSERT_TRUE(send(0, of(2, 3), big)->via_attachment);

  size_t from_directory = held.size();
  for (const auto& p : relay_.queued()) {
    Bytes all = p.token.bytes();
    append(all, p.sender_token);
    append(all, to_bytes(p.sender));
    append(all, p.message_uuid);
    append(all, p.payload);
    held.push_back(std::move(all));
  }
  for (const auto& [url, blob] : blobs_.contents()) {
    held.push_back(blob);
    held.push_back(to_bytes(url));
  }
  ASSERT_EQ(held.size() - from_directory, 5u + 4u + 2u * 2u);

  std::vector<std::pair<std::string, Bytes>> needles = {
      {"text", to_bytes(secret_text)},
      {"long text", to_bytes(long_text.substr(0, 64))},
      {"photo", Bytes(photo.begin(), photo.begin() + 64)},
      {"photo key", to_public(m.attachments[0].key)},
      {"encoded message", encode_message(m).value()},
      {"raw plist", plist::encode(plist::Value(to_plist(m).value())).value()},
      {"encoded long message", encode_message(big).value()},
  };
  // The key of every pair payload, recovered with its recipient's private key.
  for (const auto& p : relay_.queued()) {
    size_t i = 0;
    while (token(i) != p.token) ++i;
    auto body = pair::parse_payload(p.payload).value().body;
    auto block = keys(i).recipient().rsa->decrypt_oaep_sha1(ByteView(body).first(160)).value();
    needles.push_back({"pair key", Bytes(block.begin(), block.begin() + 16)});
  }
  for (size_t i = 0; i < 6; ++i) {
    needles.push_back({"rsa pkcs8", to_public(keys(i).rsa_pkcs8().value())});
    needles.push_back({"signing scalar", to_public(keys(i).signing_scalar())});
    needles.push_back({"encryption scalar", to_public(keys(i).encryption_scalar())});
  }
  for (const auto& [what, needle] : needles) {
    ASSERT_GE(needle.size(), 16u) << what;
    for (const auto& h : held) EXPECT_FALSE(contains(h, needle)) << what;
  }
  // The scan can find things: the payloads and the public keys are there.
  EXPECT_TRUE(contains(held[from_directory], relay_.queued()[0].payload));
  EXPECT_TRUE(contains(held[0], keys(0).identity().blob()));
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(Delivery);

}  // namespace
}  // namespace imref
