// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The inner message codec (REQ-MESSAGE-*): bplist00 round trips and
// strictness as properties, gzip's header and its bomb limit, the documented
// keys and the <FILE> elements (REQ-ATTACH-4).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "imref/internal/zlib_arena.h"
#include "imref/message.h"
#include "provider_test_util.h"

namespace imref {
namespace {

using test::unhex;

std::string utf8(const std::vector<uint32_t>& cps) {
  std::string out;
  for (uint32_t cp : cps) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

// A valid UTF-8 string: mostly ASCII, some BMP, some astral code points.
rc::Gen<std::string> gen_text() {
  auto cp = rc::gen::weightedOneOf<uint32_t>(
      {{6, rc::gen::inRange<uint32_t>(0, 0x80)},
       {2, rc::gen::suchThat(rc::gen::inRange<uint32_t>(0x80, 0x10000),
                             [](uint32_t c) { return c < 0xD800 || c > 0xDFFF; })},
       {1, rc::gen::inRange<uint32_t>(0x10000, 0x110000)}});
  return rc::gen::map(rc::gen::container<std::vector<uint32_t>>(cp), utf8);
}

rc::Gen<plist::Value> gen_value(int depth) {
  auto b = rc::gen::map(rc::gen::arbitrary<bool>(), [](bool v) { return plist::Value(v); });
  auto i = rc::gen::map(rc::gen::arbitrary<int64_t>(), [](int64_t v) { return plist::Value(v); });
  auto s = rc::gen::map(gen_text(), [](std::string v) { return plist::Value(std::move(v)); });
  auto d = rc::gen::map(rc::gen::arbitrary<Bytes>(), [](Bytes v) { return plist::Value(v); });
  if (depth == 0) return rc::gen::weightedOneOf<plist::Value>({{1, b}, {2, i}, {3, s}, {1, d}});
  auto array = rc::gen::map(rc::gen::container<plist::Array>(gen_value(depth - 1)),
                            [](plist::Array v) { return plist::Value(std::move(v)); });
  auto dict = rc::gen::map(
      rc::gen::container<std::map<std::string, plist::Value>>(gen_text(), gen_value(depth - 1)),
      [](std::map<std::string, plist::Value> m) {
        return plist::Value(plist::Dict(m.begin(), m.end()));
      });
  return rc::gen::weightedOneOf<plist::Value>(
      {{1, b}, {2, i}, {3, s}, {1, d}, {1, array}, {1, dict}});
}

rc::Gen<std::optional<std::string>> gen_optional(rc::Gen<std::string> g) {
  return rc::gen::oneOf(
      rc::gen::just(std::optional<std::string>()),
      rc::gen::map(g, [](std::string v) { return std::optional<std::string>(v); }));
}

rc::Gen<std::string> gen_uuid() {
  return rc::gen::map(rc::gen::container<Bytes>(16, rc::gen::arbitrary<uint8_t>()),
                      [](Bytes b) { return uuid_string(b); });
}

rc::Gen<AttachmentRef> gen_ref() {
  return rc::gen::build<AttachmentRef>(
      rc::gen::set(&AttachmentRef::name, gen_text()), rc::gen::set(&AttachmentRef::url, gen_text()),
      rc::gen::set(&AttachmentRef::owner, gen_text()),
      rc::gen::set(&AttachmentRef::sha1,
                   rc::gen::container<Bytes>(20, rc::gen::arbitrary<uint8_t>())),
      rc::gen::set(&AttachmentRef::size, rc::gen::arbitrary<uint64_t>()),
      rc::gen::set(&AttachmentRef::key,
                   rc::gen::map(rc::gen::container<Bytes>(32, rc::gen::arbitrary<uint8_t>()),
                                [](Bytes b) { return to_secret(b); })));
}

rc::Gen<Message> gen_message() {
  return rc::gen::build<Message>(
      rc::gen::set(&Message::text, gen_text()),
      rc::gen::set(&Message::participants,
                   rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(gen_text()))),
      rc::gen::set(&Message::uuid, gen_uuid()),
      rc::gen::set(&Message::group_id, gen_optional(gen_uuid())),
      rc::gen::set(&Message::group_name, gen_optional(gen_text())),
      rc::gen::set(&Message::effect_id, gen_optional(gen_text())),
      rc::gen::set(&Message::attachments,
                   rc::gen::resize(3, rc::gen::container<std::vector<AttachmentRef>>(gen_ref()))));
}

Bytes encode_ok(const plist::Value& v) {
  return plist::encode(v).value();
}

// REQ-MESSAGE-2: decode(encode(v)) = v, and encode is a fixed point.
RC_GTEST_PROP(Bplist, RoundTrips, ()) {
  auto v = *rc::gen::resize(20, gen_value(3));
  auto bytes = plist::encode(v);
  RC_ASSERT(bytes.ok());
  auto back = plist::decode(*bytes);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == v);
  RC_ASSERT(encode_ok(*back) == *bytes);
}

// REQ-MESSAGE-3: any byte changed, or the data cut short, either fails as
// malformed_message or decodes to something that re-encodes; it never crashes.
RC_GTEST_PROP(Bplist, MutationsFailCleanly, ()) {
  auto v = *rc::gen::resize(10, gen_value(2));
  Bytes bytes = encode_ok(v);
  size_t at = *rc::gen::inRange<size_t>(0, bytes.size());
  uint8_t x = *rc::gen::inRange<int>(1, 256);
  Bytes flipped = bytes;
  flipped[at] ^= x;
  for (const Bytes& input : {flipped, Bytes(bytes.begin(), bytes.begin() + at)}) {
    auto r = plist::decode(input);
    if (r.ok()) {
      RC_ASSERT(plist::encode(*r).ok());
    } else {
      RC_ASSERT(r.code() == Errc::malformed_message);
    }
  }
}

// REQ-MESSAGE-2: the exact bytes of a small dict, written by hand from the
// format: header, objects, offset table, trailer.
TEST(Bplist, KnownEncoding) {
  plist::Dict d;
  d.emplace_back("a", 1);
  d.emplace_back("b", true);
  Bytes expected = unhex(
      "62706c6973743030"  // bplist00
      "d2"
      "01"
      "03"
      "02"
      "04"  // dict of 2: key refs 1, 3; value refs 2, 4
      "5161"
      "1001"
      "5162"
      "09"
      "080d0f1113"  // offsets of the 5 objects
      "000000000000"
      "01"
      "01"
      "0000000000000005"
      "0000000000000000"
      "0000000000000014");
  EXPECT_EQ(encode_ok(plist::Value(d)), expected);
  EXPECT_EQ(*plist::decode(expected), plist::Value(d));
}

// REQ-MESSAGE-2: ASCII when it can, UTF-16BE otherwise; the smallest integers;
// long counts as integer objects.
TEST(Bplist, StringAndIntegerForms) {
  Bytes ascii = encode_ok(plist::Value("hi"));
  EXPECT_EQ(ascii[8], 0x52);
  Bytes utf16 = encode_ok(plist::Value("h\xc3\xa9"));
  EXPECT_EQ(Bytes(utf16.begin() + 8, utf16.begin() + 13), unhex("620068"
                                                                "00e9"));
  Bytes astral = encode_ok(plist::Value("\xf0\x9f\x98\x80"));
  EXPECT_EQ(Bytes(astral.begin() + 8, astral.begin() + 13), unhex("62d83dde00"));
  EXPECT_EQ(encode_ok(plist::Value(int64_t{255}))[8], 0x10);
  EXPECT_EQ(encode_ok(plist::Value(int64_t{256}))[8], 0x11);
  EXPECT_EQ(encode_ok(plist::Value(int64_t{65536}))[8], 0x12);
  EXPECT_EQ(encode_ok(plist::Value(int64_t{1} << 32))[8], 0x13);
  EXPECT_EQ(encode_ok(plist::Value(int64_t{-1}))[8], 0x13);
  Bytes long_string = encode_ok(plist::Value(std::string(15, 'x')));
  EXPECT_EQ(Bytes(long_string.begin() + 8, long_string.begin() + 11), unhex("5f100f"));
  EXPECT_EQ(plist::encode(plist::Value(std::string("\xff"))).code(), Errc::invalid_argument);
}

// bplist builds a file from objects with one-byte offsets and references.
Bytes bplist(const std::vector<std::string>& objects_hex, uint8_t top = 0,
             std::string_view trailer_reserved = "000000000000") {
  Bytes b = to_bytes("bplist00");
  std::vector<uint8_t> offsets;
  for (const auto& o : objects_hex) {
    offsets.push_back(static_cast<uint8_t>(b.size()));
    append(b, unhex(o));
  }
  uint8_t table = static_cast<uint8_t>(b.size());
  append(b, offsets);
  append(b, unhex(trailer_reserved));
  b.push_back(1);
  b.push_back(1);
  append(b, unhex("00000000000000"));
  b.push_back(static_cast<uint8_t>(objects_hex.size()));
  append(b, unhex("00000000000000"));
  b.push_back(top);
  append(b, unhex("00000000000000"));
  b.push_back(table);
  return b;
}

// REQ-MESSAGE-3: each strictness rule, one case each.
TEST(Bplist, StrictDecoder) {
  EXPECT_TRUE(plist::decode(bplist({"09"})).ok());
  struct Case {
    const char* what;
    Bytes data;
  } cases[] = {
      {"header",
       [] {
         auto b = bplist({"09"});
         b[7] = '1';
         return b;
       }()},
      {"reserved trailer byte", bplist({"09"}, 0, "000000000100")},
      {"top out of range", bplist({"09"}, 1)},
      {"cycle", bplist({"a100"})},
      {"reference out of range", bplist({"a101"})},
      {"real of 16 bytes", bplist({"2400000000000000000000000000000000"})},
      {"date of 4 bytes", bplist({"3200000000"})},
      {"uid of 3 bytes", bplist({"82000000"})},
      {"set", bplist({"c0"})},
      {"fill byte", bplist({"0f"})},
      {"16-byte integer beyond 64 bits", bplist({"1400000000000000010000000000000000"})},
      {"non-ASCII in ASCII string", bplist({"5180"})},
      {"lone high surrogate", bplist({"61d800"})},
      {"lone low surrogate", bplist({"61dc00"})},
      {"non-string key", bplist({"d10102", "09", "09"})},
      {"duplicate key", bplist({"d201010202", "5161", "09"})},
      {"short count as integer", bplist({"5f100161"})},
      {"count not an integer", bplist({"5f0961"})},
      {"string into the offset table", bplist({"55"})},
      {"truncated", Bytes(to_bytes("bplist00"))},
  };
  for (const auto& c : cases)
    EXPECT_EQ(test::outcome(plist::decode(c.data)), "malformed_message") << c.what;
  // The offset table must end where the trailer starts.
  Bytes extra = bplist({"09"});
  extra.insert(extra.end() - 32, 0);
  EXPECT_EQ(test::outcome(plist::decode(extra)), "malformed_message");
}

// REQ-MESSAGE-3: nesting deeper than 32 is refused; 32 is fine.
TEST(Bplist, DepthLimit) {
  auto nest = [](size_t depth) {
    plist::Value v(true);
    for (size_t i = 0; i < depth; ++i) v = plist::Value(plist::Array{v});
    return v;
  };
  EXPECT_TRUE(plist::decode(encode_ok(nest(32))).ok());
  // The writer refuses what the reader would (REQ-PLIST-21); the reader's
  // refusal of depth 33 is in message_wire_test.json.
  EXPECT_EQ(test::outcome(plist::encode(nest(33))), "invalid_argument");
}

// REQ-MESSAGE-3: a shared-object DAG that would expand exponentially stops at
// the object limit ("billion laughs").
TEST(Bplist, SharedObjectExpansionIsBounded) {
  // Object k (k < 20) is an array of two references to object k+1; object 20
  // is true: 2^21 objects to visit, 21 of them stored.
  std::vector<std::string> objects;
  for (int k = 0; k < 20; ++k) {
    char buf[8];
    snprintf(buf, sizeof buf, "a2%02x%02x", k + 1, k + 1);
    objects.push_back(buf);
  }
  objects.push_back("09");
  EXPECT_EQ(test::outcome(plist::decode(bplist(objects))), "malformed_message");
}

// REQ-MESSAGE-4: the header deployed clients write, and gunzip(gzip(x)) = x.
TEST(Gzip, HeaderAndRoundTrip) {
  Bytes data = to_bytes("hello hello hello hello");
  Bytes z = gz::gzip(data).value();
  EXPECT_EQ(Bytes(z.begin(), z.begin() + 10), unhex("1f8b0800000000000203"));
  EXPECT_EQ(to_public(gz::gunzip(z).value()), data);
  EXPECT_TRUE(gz::gunzip(gz::gzip({}).value()).value().empty());
}

bool holds(ByteView haystack, ByteView needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
         haystack.end();
}

// REQ-MESSAGE-9: after gzip, gunzip (that succeeds or stops at the limit) and
// the whole message codec, every block zlib used is back in the arena, and no
// block holds the plaintext or the plist; the blocks are the ones zlib used.
TEST(Gzip, NothingLingersInZlibMemory) {
  auto& arena = gz::detail::thread_arena();
  std::string secret = "the secret words are 'rosebud' and 'swordfish', 0123456789";
  Bytes data = to_bytes(secret);
  for (int i = 0; i < 300; ++i) data.push_back(static_cast<uint8_t>(i * 37 % 251));
  auto check_idle = [&](const char* after) {
    EXPECT_EQ(arena.live(), 0u) << after;
    size_t idle_bytes = 0;
    for (ByteView block : arena.idle()) {
      idle_bytes += block.size();
      EXPECT_FALSE(holds(block, to_bytes(secret.substr(0, 16)))) << after;
      EXPECT_FALSE(holds(block, ByteView(data).subspan(data.size() - 32))) << after;
    }
    EXPECT_GT(idle_bytes, 32u << 10) << after;  // the windows, at least
  };
  Bytes z = gz::gzip(data).value();
  check_idle("gzip");
  EXPECT_EQ(to_public(gz::gunzip(z).value()), data);
  check_idle("gunzip");
  EXPECT_EQ(test::outcome(gz::gunzip(z, 100)), "too_large");
  check_idle("gunzip over the limit");

  Message m;
  m.text = secret;
  m.participants = {"mailto:a@example.com"};
  m.uuid = "6C9F1A52-0D5B-4E0A-9C3D-1B2E3F405162";
  Bytes encoded = encode_message(m).value();
  check_idle("encode_message");
  EXPECT_EQ(decode_message(encoded).value(), m);
  check_idle("decode_message");
}

// REQ-MESSAGE-5: a bomb (64 MiB of zeros, about 64 KB compressed) stops at
// 1 MiB with too_large; exactly the limit is fine, one byte more is not.
TEST(Gzip, BombIsRefused) {
  Bytes zeros(64 << 20, 0);
  Bytes bomb = gz::gzip(zeros).value();
  EXPECT_LT(bomb.size(), 100000u);
  EXPECT_EQ(test::outcome(gz::gunzip(bomb)), "too_large");
  Bytes at_limit = gz::gzip(Bytes(gz::kMaxDecompressedLen, 'a')).value();
  EXPECT_TRUE(gz::gunzip(at_limit).ok());
  Bytes over = gz::gzip(Bytes(gz::kMaxDecompressedLen + 1, 'a')).value();
  EXPECT_EQ(test::outcome(gz::gunzip(over)), "too_large");
}

// REQ-MESSAGE-5: truncation, a flipped CRC or length, trailing bytes, a
// second member and a zlib (not gzip) stream are malformed_message.
TEST(Gzip, FormatErrors) {
  Bytes z = gz::gzip(to_bytes("some text to compress")).value();
  auto bad = [](Bytes b) { return test::outcome(gz::gunzip(b)); };
  EXPECT_EQ(bad(Bytes(z.begin(), z.end() - 1)), "malformed_message");
  Bytes crc = z;
  crc[crc.size() - 8] ^= 1;
  EXPECT_EQ(bad(crc), "malformed_message");
  Bytes len = z;
  len[len.size() - 1] ^= 1;
  EXPECT_EQ(bad(len), "malformed_message");
  Bytes trailing = z;
  trailing.push_back(0);
  EXPECT_EQ(bad(trailing), "malformed_message");
  Bytes twice = z;
  append(twice, z);
  EXPECT_EQ(bad(twice), "malformed_message");
  EXPECT_EQ(bad(unhex("789c030000000001")), "malformed_message");  // zlib wrapper
  EXPECT_EQ(bad({}), "malformed_message");
}

Message sample() {
  Message m;
  m.text = "Hello, Bob \xf0\x9f\x91\x8b";
  m.participants = {"mailto:alice@example.com", "tel:+15555550123"};
  m.uuid = "0F0E0D0C-0B0A-4908-8706-050403020100";
  return m;
}

// REQ-MESSAGE-1: the documented keys, in order, empty ones left out.
TEST(MessageCodec, DocumentedKeys) {
  auto d = to_plist(sample()).value();
  std::vector<std::string> keys;
  for (const auto& [k, v] : d) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"t", "p", "r", "pv", "gv", "v"}));
  EXPECT_EQ(d[3].second, plist::Value(0));
  EXPECT_EQ(d[4].second, plist::Value("8"));
  EXPECT_EQ(d[5].second, plist::Value("1"));
  Message g = sample();
  g.text.clear();
  g.group_id = "11111111-2222-3333-4444-555555555555";
  g.group_name = "Climbing";
  g.effect_id = "com.apple.MobileSMS.expressivesend.loud";
  keys.clear();
  plist::Dict gd = to_plist(g).value();
  for (const auto& [k, v] : gd) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"p", "r", "gid", "n", "iid", "pv", "gv", "v"}));
  // REQ-MESSAGE-4: the encoded message starts with the gzip header.
  Bytes e = encode_message(sample()).value();
  EXPECT_EQ(Bytes(e.begin(), e.begin() + 10), unhex("1f8b0800000000000203"));
}

// REQ-MESSAGE-1, REQ-MESSAGE-7, REQ-ATTACH-4: decode(encode(m)) = m for any message,
// attachments included; the raw plist decodes the same.
RC_GTEST_PROP(MessageCodec, RoundTrips, ()) {
  Message m = *gen_message();
  auto e = encode_message(m);
  RC_ASSERT(e.ok());
  auto back = decode_message(*e);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == m);
  Bytes raw = plist::encode(plist::Value(to_plist(m).value())).value();
  RC_ASSERT(decode_message(raw).value() == m);
}

// REQ-MESSAGE-7: gzip or bplist00, nothing else; gzip errors inside stay errors.
TEST(MessageCodec, GzipOrRawOnly) {
  EXPECT_EQ(test::outcome(decode_message(to_bytes("<plist>"))), "malformed_message");
  EXPECT_EQ(test::outcome(decode_message({})), "malformed_message");
  Bytes e = encode_message(sample()).value();
  e[e.size() - 5] ^= 1;
  EXPECT_EQ(test::outcome(decode_message(e)), "malformed_message");
  // A gzipped bomb is too_large (REQ-MESSAGE-5).
  EXPECT_EQ(test::outcome(decode_message(gz::gzip(Bytes(4 << 20, 0)).value())), "too_large");
}

plist::Dict sample_dict() {
  return to_plist(sample()).value();
}

Result<Message> decode_dict(plist::Dict d) {
  return decode_message(gz::gzip(plist::encode(plist::Value(std::move(d))).value()).value());
}

// REQ-MESSAGE-8: r and p required, documented types, unknown keys ignored.
TEST(MessageCodec, KeysAreChecked) {
  auto without = [](std::string_view key) {
    plist::Dict d = sample_dict();
    std::erase_if(d, [&](const auto& kv) { return kv.first == key; });
    return d;
  };
  auto with = [](std::string_view key, plist::Value v) {
    plist::Dict d = sample_dict();
    std::erase_if(d, [&](const auto& kv) { return kv.first == key; });
    d.emplace_back(std::string(key), std::move(v));
    return d;
  };
  EXPECT_TRUE(decode_dict(sample_dict()).ok());
  EXPECT_EQ(test::outcome(decode_dict(without("r"))), "malformed_message");
  EXPECT_EQ(test::outcome(decode_dict(without("p"))), "malformed_message");
  EXPECT_EQ(test::outcome(decode_dict(with("r", "0f0e0d0c-0b0a-4908-8706-050403020100"))),
            "malformed_message");
  EXPECT_EQ(test::outcome(decode_dict(with("p", plist::Array{}))), "malformed_message");
  EXPECT_EQ(test::outcome(decode_dict(with("p", plist::Array{1}))), "malformed_message");
  EXPECT_EQ(test::outcome(decode_dict(with("t", 5))), "malformed_message");
  EXPECT_EQ(test::outcome(decode_dict(with("pv", "0"))), "malformed_message");
  EXPECT_EQ(test::outcome(decode_dict(with("gid", Bytes{1}))), "malformed_message");
  EXPECT_TRUE(decode_dict(with("bid", plist::Array{true, Bytes{1, 2}})).ok());
  EXPECT_TRUE(decode_dict(without("pv")).ok());
  EXPECT_EQ(test::outcome(decode_message(
                gz::gzip(plist::encode(plist::Value(plist::Array{})).value()).value())),
            "malformed_message");
  // Encoding refuses what decoding would.
  Message m = sample();
  m.uuid = "not a uuid";
  EXPECT_EQ(test::outcome(encode_message(m)), "invalid_argument");
  m = sample();
  m.participants.clear();
  EXPECT_EQ(test::outcome(encode_message(m)), "invalid_argument");
}

// REQ-ATTACH-4: the <FILE> attributes, and what a bad one is.
TEST(MessageCodec, FileElements) {
  Message m = sample();
  AttachmentRef a;
  a.name = "a \"b\" <c> & d.jpg";
  a.url = "mmcs://blobs.imref.invalid/7";
  a.owner = "7";
  a.sha1 = Bytes(20, 0xab);
  a.size = 1234;
  a.key = SecretBytes(32, 0xcd);
  m.attachments.push_back(a);
  auto dict = to_plist(m).value();
  EXPECT_EQ(std::get<std::string>(dict[1].second.v),
            "<html><body><FILE name=\"a &quot;b&quot; &lt;c&gt; &amp; d.jpg\" "
            "mmcs-url=\"mmcs://blobs.imref.invalid/7\" mmcs-owner=\"7\" mmcs-signature-hex=\"" +
                to_hex(Bytes(20, 0xab)) + "\" file-size=\"1234\" decryption-key=\"" +
                to_hex(Bytes(32, 0xcd)) + "\"/></body></html>");
  EXPECT_EQ(decode_message(encode_message(m).value()).value(), m);

  // XHTML of the caller's own is sent as is and must hold exactly the attachments.
  m.xhtml = "<html><body>hi " + file_element(a) + "</body></html>";
  EXPECT_EQ(decode_message(encode_message(m).value()).value(), m);
  m.xhtml = "<html><body>hi</body></html>";
  EXPECT_EQ(test::outcome(encode_message(m)), "invalid_argument");
  m.attachments.clear();
  EXPECT_EQ(decode_message(encode_message(m).value()).value(), m);

  auto with_x = [](std::string xhtml) {
    plist::Dict with = sample_dict();
    with.emplace_back("x", std::move(xhtml));
    return decode_dict(std::move(with));
  };
  std::string sig = to_hex(Bytes(20, 1)), key = to_hex(Bytes(32, 2));
  auto file = [&](std::string attrs) { return "<html><body><FILE " + attrs + "/></body></html>"; };
  std::string good = "mmcs-url=\"u\" mmcs-signature-hex=\"" + sig +
                     "\" file-size=\"5\" decryption-key=\"" + key + "\"";
  auto ok = with_x(file(good + " extra=\"ignored\""));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->attachments.size(), 1u);
  EXPECT_EQ(ok->attachments[0].size, 5u);
  EXPECT_TRUE(with_x("<html><body>no files</body></html>")->attachments.empty());
  for (std::string bad : {
           "mmcs-signature-hex=\"" + sig + "\" file-size=\"5\" decryption-key=\"" + key + "\"",
           "mmcs-url=\"u\" mmcs-signature-hex=\"" + sig.substr(2) +
               "\" file-size=\"5\" decryption-key=\"" + key + "\"",
           "mmcs-url=\"u\" mmcs-signature-hex=\"" + sig + "\" file-size=\"05\" decryption-key=\"" +
               key + "\"",
           "mmcs-url=\"u\" mmcs-signature-hex=\"" + sig + "\" file-size=\"-5\" decryption-key=\"" +
               key + "\"",
           "mmcs-url=\"u\" mmcs-signature-hex=\"" + sig + "\" file-size=\"5\" decryption-key=\"" +
               key + "00\"",
           good + " mmcs-url=\"v\"",
           "mmcs-url=\"a&b\" mmcs-signature-hex=\"" + sig + "\" file-size=\"5\" decryption-key=\"" +
               key + "\"",
           "mmcs-url='u' mmcs-signature-hex=\"" + sig + "\" file-size=\"5\" decryption-key=\"" +
               key + "\"",
       })
    EXPECT_EQ(test::outcome(with_x(file(bad))), "malformed_message") << bad;
  EXPECT_EQ(test::outcome(with_x("<html><body><FILE " + good)), "malformed_message");
}

// REQ-MESSAGE-7, REQ-MESSAGE-1: a message written by another implementation
// (CPython's plistlib, keys in insertion order, integer objects shared) decodes,
// raw and gzipped.
TEST(MessageCodec, DecodesAnotherWriter) {
  Bytes raw = unhex(
      "62706c6973743030d80102030405060708090a0e0f1011121351745170517253676964516e527076"
      "5267765176670067007200fc00df0020d83ddc4ba30b0c0d5f10186d61696c746f3a616c69636540"
      "6578616d706c652e636f6d5f101074656c3a2b31353535353535303132335f10166d61696c746f3a"
      "626f62406578616d706c652e636f6d5f102431313131313131312d323232322d333333332d343434"
      "342d3535353535353535353535355f102441414141414141412d424242422d434343432d44444444"
      "2d45454545454545454545454558436c696d62696e6710005138513108191b1d1f2325282b2d3c40"
      "5b6e87aed5dee0e200000000000001010000000000000014000000000000000000000000000000e4");
  Message m = decode_message(raw).value();
  EXPECT_EQ(m.text, "gr\xc3\xbc\xc3\x9f \xf0\x9f\x91\x8b");
  EXPECT_EQ(m.participants,
            (std::vector<std::string>{"mailto:alice@example.com", "tel:+15555550123",
                                      "mailto:bob@example.com"}));
  EXPECT_EQ(m.uuid, "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(m.group_id, "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE");
  EXPECT_EQ(m.group_name, "Climbing");
  EXPECT_EQ(decode_message(gz::gzip(raw).value()).value(), m);
}

// Message UUIDs are upper-case 8-4-4-4-12 and convert to 16 bytes and back.
TEST(MessageCodec, Uuids) {
  Bytes b = unhex("0f0e0d0c0b0a49088706050403020100");
  EXPECT_EQ(uuid_string(b), "0F0E0D0C-0B0A-4908-8706-050403020100");
  EXPECT_EQ(uuid_bytes(uuid_string(b)).value(), b);
  EXPECT_FALSE(is_message_uuid("0f0e0d0c-0b0a-4908-8706-050403020100"));
  EXPECT_FALSE(is_message_uuid("0F0E0D0C0B0A-4908-8706-050403020100-"));
  EXPECT_FALSE(uuid_bytes("x").ok());
}

}  // namespace
}  // namespace imref
