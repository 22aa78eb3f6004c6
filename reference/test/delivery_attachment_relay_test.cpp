// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Attachments (REQ-ATTACH-1..3) on every backend, and the push relay
// (REQ-DELIVERY-3..6) with an injected clock.
#include <gtest/gtest.h>

#include "imref/attachment.h"
#include "imref/relay.h"
#include "provider_test_util.h"
#include "test_names.h"

namespace imref {
namespace {

using test::outcome;

class Attachment : public test::ProviderTest {
 protected:
  crypto::DeterministicRng rng_{11, "attachment-test"};
  attachment::BlobStore store_;
};

// REQ-ATTACH-1, REQ-ATTACH-2: AES-256-CTR from a zero counter under a fresh 32-byte key
// from the Rng; the reference carries SHA-1 and size of the encrypted blob.
TEST_P(Attachment, EncryptsWithAFreshKeyFromZeroCounter) {
  Bytes content = rng_.bytes(5000);
  crypto::DeterministicRng copy{11, "attachment-test"};
  (void)copy.bytes(5000);
  auto e = attachment::encrypt(provider(), rng_, content, "photo.jpg").value();
  Bytes expected_key = copy.bytes(32);
  EXPECT_EQ(to_public(e.ref.key), expected_key);
  EXPECT_EQ(e.blob, provider().aes_ctr(expected_key, Bytes(16, 0), content).value());
  EXPECT_EQ(e.ref.sha1, provider().sha1(e.blob));
  EXPECT_EQ(e.ref.size, 5000u);
  EXPECT_EQ(e.ref.name, "photo.jpg");
  EXPECT_NE(e.blob, content);
  // Each attachment gets its own key.
  auto again = attachment::encrypt(provider(), rng_, content).value();
  EXPECT_NE(again.ref.key, e.ref.key);
  EXPECT_NE(again.blob, e.blob);
}

// REQ-ATTACH-1, REQ-ATTACH-3: upload then fetch gives the content back, for every size
// around the AES block.
TEST_P(Attachment, UploadThenFetch) {
  for (size_t n : {0, 1, 15, 16, 17, 100000}) {
    Bytes content = rng_.bytes(n);
    auto ref = attachment::upload(provider(), rng_, store_, content).value();
    EXPECT_EQ(store_.get(ref.url).value().size(), n);
    EXPECT_EQ(to_public(attachment::fetch(provider(), store_, ref).value()), content);
  }
}

// REQ-ATTACH-3: every single-bit flip of the blob, a truncated or extended
// blob, another blob and a wrong size in the reference are blob_mismatch.
TEST_P(Attachment, TamperedBlobIsRefused) {
  Bytes content = rng_.bytes(64);
  auto ref = attachment::upload(provider(), rng_, store_, content).value();
  Bytes blob = store_.get(ref.url).value();
  for (size_t bit = 0; bit < blob.size() * 8; ++bit) {
    Bytes t = blob;
    t[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
    ASSERT_EQ(outcome(attachment::decrypt(provider(), ref, t)), "blob_mismatch") << bit;
  }
  EXPECT_EQ(outcome(attachment::decrypt(provider(), ref, ByteView(blob).first(63))),
            "blob_mismatch");
  Bytes longer = blob;
  longer.push_back(0);
  EXPECT_EQ(outcome(attachment::decrypt(provider(), ref, longer)), "blob_mismatch");
  auto other = attachment::upload(provider(), rng_, store_, content).value();
  ASSERT_TRUE(store_.replace(ref.url, store_.get(other.url).value()).ok());
  EXPECT_EQ(outcome(attachment::fetch(provider(), store_, ref)), "blob_mismatch");
  AttachmentRef wrong_size = other;
  wrong_size.size += 1;
  EXPECT_EQ(outcome(attachment::fetch(provider(), store_, wrong_size)), "blob_mismatch");
  AttachmentRef gone = other;
  gone.url += "x";
  EXPECT_EQ(outcome(attachment::fetch(provider(), store_, gone)), "not_found");
  AttachmentRef short_key = other;
  short_key.key.resize(16);
  EXPECT_EQ(outcome(attachment::fetch(provider(), store_, short_key)), "invalid_argument");
}

// A provider that counts aes_ctr calls and forwards everything else.
class Counting final : public crypto::Provider {
 public:
  explicit Counting(const crypto::Provider& p) : p_(p) {}
  mutable int aes_calls = 0;
  std::string_view name() const override { return p_.name(); }
  Bytes sha1(ByteView d) const override { return p_.sha1(d); }
  Bytes sha256(ByteView d) const override { return p_.sha256(d); }
  Bytes hmac_sha256(ByteView k, ByteView m) const override { return p_.hmac_sha256(k, m); }
  Result<SecretBytes> hkdf_sha256(ByteView i, ByteView s, ByteView f, size_t n) const override {
    return p_.hkdf_sha256(i, s, f, n);
  }
  Result<SecretBytes> scrypt(ByteView pw, ByteView salt, const crypto::ScryptParams& params,
                             size_t len) const override {
    return p_.scrypt(pw, salt, params, len);
  }
  Result<Bytes> aes_ctr(ByteView k, ByteView c, ByteView in) const override {
    ++aes_calls;
    return p_.aes_ctr(k, c, in);
  }
  Result<std::unique_ptr<crypto::RsaPrivateKey>> rsa_generate(crypto::Rng& r,
                                                              size_t b) const override {
    return p_.rsa_generate(r, b);
  }
  Result<std::unique_ptr<crypto::RsaPrivateKey>> rsa_private_from_pkcs8(ByteView d) const override {
    return p_.rsa_private_from_pkcs8(d);
  }
  Result<std::unique_ptr<crypto::RsaPublicKey>> rsa_public_from_components(
      ByteView n, ByteView e) const override {
    return p_.rsa_public_from_components(n, e);
  }
  Result<std::unique_ptr<crypto::EcPrivateKey>> ec_generate(crypto::Rng& r) const override {
    return p_.ec_generate(r);
  }
  Result<std::unique_ptr<crypto::EcPrivateKey>> ec_private_from_scalar(ByteView s) const override {
    return p_.ec_private_from_scalar(s);
  }
  Result<std::unique_ptr<crypto::EcPublicKey>> ec_public_from_point(ByteView p) const override {
    return p_.ec_public_from_point(p);
  }
  Result<Bytes> ec_point_from_x(ByteView x, bool odd_y) const override {
    return p_.ec_point_from_x(x, odd_y);
  }

 private:
  const crypto::Provider& p_;
};

// REQ-ATTACH-3: a blob that does not match is refused before any decryption.
TEST_P(Attachment, HashIsCheckedBeforeDecrypting) {
  Counting counting(provider());
  auto ref = attachment::upload(provider(), rng_, store_, rng_.bytes(100)).value();
  Bytes blob = store_.get(ref.url).value();
  blob[0] ^= 1;
  EXPECT_EQ(outcome(attachment::decrypt(counting, ref, blob)), "blob_mismatch");
  EXPECT_EQ(counting.aes_calls, 0);
  blob[0] ^= 1;
  EXPECT_TRUE(attachment::decrypt(counting, ref, blob).ok());
  EXPECT_EQ(counting.aes_calls, 1);
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(Attachment);

// ---------------------------------------------------------------------------

relay::Push push_to(uint8_t device, uint8_t n, size_t payload_len = 300) {
  return relay::Push{.token = test::token_filled(device),
                     .sender_token = test::token_filled(0xee),
                     .sender = "alice@example.com",
                     .timestamp = 1000 + n,
                     .message_uuid = Bytes(16, n),
                     .payload = Bytes(payload_len, n)};
}

struct Inbox {
  std::vector<relay::Push> got;
  relay::Relay::Sink sink() {
    return [this](const relay::Push& p) { got.push_back(p); };
  }
};

// REQ-DELIVERY-3: an online device gets the push at once; the relay keeps nothing.
TEST(Relay, OnlineDeliveryKeepsNothing) {
  ManualClock clock;
  relay::Relay r(clock, relay::PushVersion::v16k);
  Inbox a;
  r.connect(test::token_filled(1), a.sink());
  ASSERT_TRUE(r.push(push_to(1, 1)).ok());
  ASSERT_EQ(a.got.size(), 1u);
  EXPECT_EQ(a.got[0], push_to(1, 1));
  EXPECT_TRUE(r.queued().empty());
  EXPECT_EQ(r.delivered(), 1u);
}

// REQ-DELIVERY-4: offline pushes queue, arrive in order on connect, and are
// deleted; later pushes to the now-online device arrive at once.
TEST(Relay, OfflineQueueThenDeliverInOrderAndDelete) {
  ManualClock clock;
  relay::Relay r(clock, relay::PushVersion::v16k);
  for (uint8_t n = 1; n <= 3; ++n) ASSERT_TRUE(r.push(push_to(2, n)).ok());
  ASSERT_TRUE(r.push(push_to(3, 9)).ok());
  EXPECT_EQ(r.queued().size(), 4u);
  Inbox b;
  clock.advance(3600);
  r.connect(test::token_filled(2), b.sink());
  ASSERT_EQ(b.got.size(), 3u);
  for (uint8_t n = 1; n <= 3; ++n) EXPECT_EQ(b.got[n - 1], push_to(2, n));
  ASSERT_EQ(r.queued().size(), 1u);  // only device 3's
  EXPECT_EQ(r.queued()[0].token, test::token_filled(3));
  ASSERT_TRUE(r.push(push_to(2, 4)).ok());
  EXPECT_EQ(b.got.size(), 4u);
  // Offline again: queued again.
  r.disconnect(test::token_filled(2));
  ASSERT_TRUE(r.push(push_to(2, 5)).ok());
  EXPECT_EQ(b.got.size(), 4u);
  EXPECT_EQ(r.queued().size(), 2u);
}

// REQ-DELIVERY-5: 30 days minus a second is still delivered; 30 days is dropped.
TEST(Relay, ThirtyDayExpiry) {
  for (int64_t waited : {relay::kRetention - 1, relay::kRetention, relay::kRetention + 86400}) {
    ManualClock clock(1'700'000'000);
    relay::Relay r(clock, relay::PushVersion::v4k);
    ASSERT_TRUE(r.push(push_to(4, 1)).ok());
    clock.advance(waited - 10);
    ASSERT_TRUE(r.push(push_to(4, 2)).ok());  // younger: survives
    clock.advance(10);
    Inbox d;
    r.connect(test::token_filled(4), d.sink());
    bool kept = waited < relay::kRetention;
    ASSERT_EQ(d.got.size(), kept ? 2u : 1u) << waited;
    EXPECT_EQ(d.got.back(), push_to(4, 2));
    EXPECT_EQ(r.dropped(), kept ? 0u : 1u);
    EXPECT_TRUE(r.queued().empty());
  }
  // expire() alone drops too.
  ManualClock clock;
  relay::Relay r(clock, relay::PushVersion::v4k);
  ASSERT_TRUE(r.push(push_to(5, 1)).ok());
  clock.advance(relay::kRetention);
  r.expire();
  EXPECT_TRUE(r.queued().empty());
}

// REQ-DELIVERY-6: 4,096 or 16,384 bytes by version; one more is too_large
// and nothing is kept or delivered.
TEST(Relay, SizeLimitByVersion) {
  for (auto [version, limit] : {std::pair{relay::PushVersion::v4k, size_t{4096}},
                                std::pair{relay::PushVersion::v16k, size_t{16384}}}) {
    ManualClock clock;
    relay::Relay r(clock, version);
    EXPECT_EQ(r.limit(), limit);
    Inbox a;
    r.connect(test::token_filled(1), a.sink());
    EXPECT_TRUE(r.push(push_to(1, 1, limit)).ok());
    EXPECT_EQ(outcome(r.push(push_to(1, 2, limit + 1))), "too_large");
    EXPECT_EQ(outcome(r.push(push_to(7, 3, limit + 1))), "too_large");
    EXPECT_EQ(a.got.size(), 1u);
    EXPECT_TRUE(r.queued().empty());
  }
}

}  // namespace
}  // namespace imref
