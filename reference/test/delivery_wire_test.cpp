// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The layers under the message: every plist type (REQ-PLIST-20..22), the
// push envelope as bytes (REQ-ENVELOPE-20..24) and MMCS objects
// (REQ-ATTACH-20..22) on every backend.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>

#include "imref/attachment.h"
#include "imref/envelope.h"
#include "imref/internal/defects.h"
#include "imref/plist.h"
#include "provider_test_util.h"
#include "test_names.h"

namespace imref {
namespace {

using test::outcome;

// ---------------------------------------------------------------------------
// Property lists.

rc::Gen<std::string> gen_ascii_or_utf8() {
  return rc::gen::oneOf(rc::gen::just(std::string("amrln")),
                        rc::gen::just(std::string("h\xC3\xA9")),
                        rc::gen::just(std::string("\xF0\x9F\x98\x80 x")),
                        rc::gen::map(rc::gen::inRange<int>(0, 100000),
                                     [](int n) { return "k" + std::to_string(n); }));
}

rc::Gen<plist::Value> gen_scalar() {
  using plist::Value;
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::arbitrary<bool>(), [](bool v) { return Value(v); }),
      rc::gen::map(rc::gen::arbitrary<int64_t>(), [](int64_t v) { return Value(v); }),
      rc::gen::map(rc::gen::arbitrary<uint64_t>(), [](uint64_t v) { return Value(v); }),
      rc::gen::map(rc::gen::arbitrary<uint64_t>(),
                   [](uint64_t bits) { return Value(plist::Real{std::bit_cast<double>(bits)}); }),
      rc::gen::map(rc::gen::arbitrary<uint64_t>(),
                   [](uint64_t bits) { return Value(plist::Date{std::bit_cast<double>(bits)}); }),
      rc::gen::map(rc::gen::arbitrary<uint64_t>(), [](uint64_t v) { return Value(plist::Uid{v}); }),
      rc::gen::just(Value(plist::Null{})),
      rc::gen::map(gen_ascii_or_utf8(), [](std::string s) { return Value(std::move(s)); }),
      rc::gen::map(rc::gen::arbitrary<Bytes>(), [](Bytes b) { return Value(std::move(b)); }));
}

rc::Gen<plist::Value> gen_value(int depth) {
  if (depth == 0) return gen_scalar();
  auto array = rc::gen::map(rc::gen::container<plist::Array>(gen_value(depth - 1)),
                            [](plist::Array a) { return plist::Value(std::move(a)); });
  auto dict = rc::gen::map(rc::gen::container<std::map<std::string, plist::Value>>(
                               gen_ascii_or_utf8(), gen_value(depth - 1)),
                           [](std::map<std::string, plist::Value> m) {
                             return plist::Value(plist::Dict(m.begin(), m.end()));
                           });
  return rc::gen::weightedOneOf<plist::Value>({{3, gen_scalar()}, {1, array}, {1, dict}});
}

// REQ-PLIST-20, REQ-PLIST-21: every type round-trips, reals and dates bit for
// bit (NaN included), and re-encoding is a fixed point.
RC_GTEST_PROP(PlistTypes, RoundTrip, ()) {
  const plist::Value v = *gen_value(2);
  auto bytes = plist::encode(v);
  RC_ASSERT(bytes.ok());
  auto back = plist::decode(*bytes);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == v);
  RC_ASSERT(plist::encode(*back).value() == *bytes);
}

// REQ-PLIST-21: the integer and UID widths the writer picks.
TEST(PlistTypes, Widths) {
  auto marker = [](plist::Value v) { return plist::encode(v).value()[8]; };
  EXPECT_EQ(marker(plist::Value(uint64_t{UINT64_MAX})), 0x14);
  EXPECT_EQ(marker(plist::Value(uint64_t{uint64_t{1} << 63})), 0x14);
  EXPECT_EQ(marker(plist::Value(uint64_t{INT64_MAX})), 0x13);
  EXPECT_EQ(marker(plist::Value(uint64_t{5})), 0x10);
  EXPECT_EQ(marker(plist::Value(int64_t{-1})), 0x13);
  EXPECT_EQ(marker(plist::Value(plist::Uid{0xFF})), 0x80);
  EXPECT_EQ(marker(plist::Value(plist::Uid{0x100})), 0x81);
  EXPECT_EQ(marker(plist::Value(plist::Uid{0x10000})), 0x83);
  EXPECT_EQ(marker(plist::Value(plist::Uid{uint64_t{1} << 32})), 0x87);
  EXPECT_EQ(marker(plist::Value(plist::Real{0.5})), 0x23);
  EXPECT_EQ(marker(plist::Value(plist::Date{0.5})), 0x33);
  EXPECT_EQ(marker(plist::Value(plist::Null{})), 0x00);
  // The uint64_t constructor keeps small values in int64_t.
  EXPECT_TRUE(std::holds_alternative<int64_t>(plist::Value(uint64_t{7}).v));
  EXPECT_EQ(plist::as_uint(plist::Value(uint64_t{UINT64_MAX})), UINT64_MAX);
  EXPECT_EQ(plist::as_uint(plist::Value(int64_t{-1})), std::nullopt);
  EXPECT_EQ(plist::as_int(plist::Value(uint64_t{UINT64_MAX})), std::nullopt);
}

// REQ-PLIST-21: the writer refuses what the reader could not read back.
TEST(PlistTypes, WriterRefusesDepthOver32) {
  plist::Value v = plist::Array{};
  for (int i = 0; i < 32; ++i) v = plist::Array{v};
  EXPECT_TRUE(plist::encode(v).ok());
  v = plist::Array{v};
  EXPECT_EQ(outcome(plist::encode(v)), "invalid_argument");
}

// REQ-PLIST-20: a 16-byte integer holding 2^64-1 (as CoreFoundation writes
// amrln) reads as uint64_t; one with a high half is refused.
TEST(PlistTypes, SixteenByteIntegers) {
  Bytes b = plist::encode(plist::Value(uint64_t{UINT64_MAX})).value();
  EXPECT_EQ(plist::as_uint(plist::decode(b).value()), UINT64_MAX);
  b[9 + 7] = 1;  // the high half's last byte
  EXPECT_EQ(outcome(plist::decode(b)), "malformed_message");
}

// REQ-MESSAGE-3, REQ-PLIST-22: a duplicate key is refused; the defect keeps the last.
TEST(PlistTypes, DuplicateKeys) {
  // {"a": 1, "a": 2} by hand: objects "a", 1, 2, dict.
  Bytes b = to_bytes("bplist00");
  append(b, Bytes{0x51, 'a', 0x10, 1, 0x10, 2, 0xD2, 0, 0, 1, 2});
  const uint8_t table = static_cast<uint8_t>(b.size());
  append(b, Bytes{8, 10, 12, 14});
  append(b, Bytes{0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 4,
                  0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, table});
  EXPECT_EQ(outcome(plist::decode(b)), "malformed_message");
  defects::Scoped bug({defects::Defect::plist_duplicate_keys});
  auto v = plist::decode(b);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, plist::Value(plist::Dict{{"a", 2}}));
}

// ---------------------------------------------------------------------------
// The push envelope.

envelope::Received received() {
  envelope::Received r;
  r.uuid = Bytes(16, 0xAB);
  r.sender = "tel:+15555550100";
  r.target = "mailto:bob@example.com";
  r.sender_token = Bytes(32, 0x11);
  r.encryption = "pair";
  r.payload = Bytes(40, 0x22);
  r.timestamp_ns = 1764752400123456789;
  return r;
}

envelope::Send send() {
  envelope::Send s;
  s.uuid = Bytes(16, 0xAB);
  s.sender = "tel:+15555550100";
  s.id = 12345;
  s.version = 8;
  s.encryption = "pair";
  s.targets.push_back({"mailto:bob@example.com", Bytes(32, 0x33), Bytes(48, 0x44), true,
                       Bytes(40, 0x55), std::nullopt});
  return s;
}

// REQ-ENVELOPE-20, REQ-ENVELOPE-22: both forms round-trip and decode tells
// them apart by dtl.
TEST(Envelope, BothFormsRoundTrip) {
  for (const envelope::Envelope& e : {envelope::Envelope(received()), envelope::Envelope(send())}) {
    Bytes b = envelope::encode(e).value();
    EXPECT_EQ(envelope::decode(b).value(), e);
  }
  EXPECT_EQ(envelope::decode_received(envelope::encode(send()).value()).error().code,
            Errc::malformed_message);
}

// REQ-ENVELOPE-21, -24: encode refuses what decode refuses, with invalid_argument.
TEST(Envelope, WriterRefusesWhatTheReaderRefuses) {
  auto refused = [](auto edit) {
    envelope::Received r = received();
    edit(r);
    return outcome(envelope::encode(r));
  };
  EXPECT_EQ(refused([](auto& r) { r.sender = "+15555550100"; }), "invalid_argument");
  EXPECT_EQ(refused([](auto& r) { r.target = "mailto:+15555550100"; }), "invalid_argument");
  EXPECT_EQ(refused([](auto& r) { r.uuid.pop_back(); }), "invalid_argument");
  EXPECT_EQ(refused([](auto& r) { r.sender_token.pop_back(); }), "invalid_argument");
  EXPECT_EQ(refused([](auto& r) { r.encryption.reset(); }), "invalid_argument");
  EXPECT_EQ(refused([](auto& r) { r.timestamp_ns = -1; }), "invalid_argument");
  envelope::Send s = send();
  s.targets.clear();
  EXPECT_EQ(outcome(envelope::encode(s)), "invalid_argument");
  s = send();
  s.encryption.reset();  // P in the entry with no E anywhere
  EXPECT_EQ(outcome(envelope::encode(s)), "invalid_argument");
  s.targets[0].encryption = "pair-ec";
  EXPECT_TRUE(envelope::encode(s).ok());
}

// REQ-ENVELOPE-23: unknown keys are ignored; nr reads as 0/1 too.
TEST(Envelope, UnknownKeysAndIntegerNr) {
  plist::Dict d = envelope::to_plist(received()).value();
  d.emplace_back("htu", true);
  d.emplace_back("x-date", plist::Date{1.0});
  d.emplace_back("nr", 1);
  envelope::Received want = received();
  want.no_response = true;
  EXPECT_EQ(envelope::from_plist(plist::Value(d)).value(), envelope::Envelope(want));
  d.back().second = 2;
  EXPECT_EQ(outcome(envelope::from_plist(plist::Value(d))), "malformed_message");
}

// REQ-ENVELOPE-22: the defect drops t, and the reference refuses its own output.
TEST(Envelope, TokenDroppedDefect) {
  defects::Scoped bug({defects::Defect::envelope_token_dropped});
  Bytes b = envelope::encode(received()).value();
  EXPECT_EQ(outcome(envelope::decode(b)), "malformed_message");
}

// ---------------------------------------------------------------------------
// MMCS objects.

class Mmcs : public test::ProviderTest {};

Bytes key00to1f() {
  Bytes k(32);
  for (size_t i = 0; i < 32; ++i) k[i] = static_cast<uint8_t>(i);
  return k;
}

// REQ-ATTACH-20, REQ-ATTACH-21, REQ-ATTACH-22: the fixed object (OpenSSL CLI).
TEST_P(Mmcs, KnownAnswer) {
  auto o =
      attachment::seal(provider(), key00to1f(), to_bytes("MMCS attachment test vector, 40 bytes!!"))
          .value();
  EXPECT_EQ(to_hex(o.ciphertext),
            "bfdd43e50a28eba4c890f207b84003a0843805da6acffa86d299e91d68f6061d6cc5c1bbc60da2");
  EXPECT_EQ(to_hex(o.signature), "8102c88573e97d321494433d60c2c39e7e0bc1d89f");
  EXPECT_EQ(to_hex(o.decryption_key), "00" + to_hex(key00to1f()));
  EXPECT_EQ(to_hex(attachment::chunk_id(provider(), o.ciphertext)),
            "01cceb163a83b574022cadcc75aad2cb15ed37c1d7");
  EXPECT_EQ(to_hex(attachment::signature(provider(), {})),
            "816d9c593d8fc735a2c4c2aeb8d3131c9f02277b07");
  auto back = attachment::unseal(provider(), o.ciphertext, o.decryption_key, o.signature);
  EXPECT_EQ(to_public(back.value()), to_bytes("MMCS attachment test vector, 40 bytes!!"));
}

// REQ-ATTACH-22: chunks of 5 MiB; the last one shorter; none for nothing.
TEST_P(Mmcs, ChunkIds) {
  EXPECT_TRUE(attachment::chunk_ids(provider(), {}).empty());
  Bytes object(attachment::kChunkLen + 1, 0x5A);
  auto ids = attachment::chunk_ids(provider(), object);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0],
            attachment::chunk_id(provider(), ByteView(object).first(attachment::kChunkLen)));
  EXPECT_EQ(ids[1], attachment::chunk_id(provider(), ByteView(object).last(1)));
  EXPECT_EQ(ids[0].size(), attachment::kChunkIdLen);
  EXPECT_EQ(ids[0][0], 0x01);
  EXPECT_EQ(attachment::chunk_ids(provider(), ByteView(object).first(attachment::kChunkLen)).size(),
            1u);
}

// REQ-ATTACH-20, REQ-ATTACH-21: prefixes and lengths are checked before the
// hash; the hash before decrypting.
TEST_P(Mmcs, RefusalsInOrder) {
  auto o = attachment::seal(provider(), key00to1f(), Bytes(100, 7)).value();
  const Bytes& ct = o.ciphertext;
  Bytes bare_key = key00to1f();
  Bytes bare_sig(o.signature.begin() + 1, o.signature.end());
  EXPECT_EQ(outcome(attachment::unseal(provider(), ct, bare_key, o.signature)),
            "malformed_message");
  EXPECT_EQ(outcome(attachment::unseal(provider(), ct, o.decryption_key, bare_sig)),
            "malformed_message");
  Bytes tampered = ct;
  tampered[50] ^= 0x80;
  EXPECT_EQ(outcome(attachment::unseal(provider(), tampered, o.decryption_key, o.signature)),
            "blob_mismatch");
  EXPECT_EQ(outcome(attachment::unseal(provider(), tampered, bare_key, o.signature)),
            "malformed_message");
  EXPECT_EQ(to_hex(attachment::key_from_wire(o.decryption_key).value()), to_hex(bare_key));
  EXPECT_EQ(attachment::sha1_from_wire(o.signature).value(), bare_sig);
  EXPECT_EQ(outcome(attachment::wire_key(Bytes(31, 0))), "invalid_argument");
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(Mmcs);

}  // namespace
}  // namespace imref
