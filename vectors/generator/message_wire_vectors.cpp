// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// message_wire_test.json: the layers under the message. MMCS attachment
// objects (REQ-ATTACH-*: known answers and every refusal) and push
// envelopes as bplist00 bytes (REQ-ENVELOPE-*, REQ-PLIST-*: both forms, every
// plist type a deployed writer uses, and every structural refusal). Invalid
// plists are built object by object (Raw below), since no encoder writes a
// cycle or a bad offset.
#include <bit>

#include "envelope_json.h"
#include "generate.h"
#include "imref/attachment.h"
#include "imref/envelope.h"

namespace imref::vectorgen {

namespace {


Json notes() {
  Json n;
  note(n, "KnownAnswer", "BASIC",
       "An MMCS object computed independently (OpenSSL command line and Python hashlib): "
       "AES-256-CTR from a zero counter block, 00 || key, 81 || SHA-1(salt || ciphertext).",
       {"OpenBubbles/rustpush@b2996d5 src/icloud/mmcs.rs", "beeper/imessage@3bed8bd ids/mmcs.go"});
  note(n, "EdgeLength", "EDGE_CASE",
       "Contents of 0, 1, 15, 16, 17 and 1000 bytes: CTR has no padding and the ciphertext is as "
       "long as the content.");
  note(n, "UpperCaseHex", "EDGE_CASE",
       "The same object with every hex input in upper case, as Apple and beeper write it: "
       "readers must be case-insensitive.");
  note(n, "UnprefixedKey", "MODIFIED_PARAMETER",
       "The decryption key is the bare 32-byte AES key, or has a first byte other than 00, or "
       "another length: deployed readers drop the first byte, so a 32-byte key loses a key "
       "byte and decrypts to garbage.");
  note(n, "UnprefixedSignature", "MODIFIED_PARAMETER",
       "The signature is the bare 20-byte SHA-1, or starts with a byte other than 81 (01 is "
       "CloudKit's fileChecksum prefix), or has another length.");
  note(n, "UnsaltedSignature", "MISSING_STEP",
       "81 || SHA-1(ciphertext) without the salt: deployed receivers compare the salted hash and "
       "refuse it, so the object cannot be read.");
  note(n, "TamperedCiphertext", "MISSING_STEP",
       "The ciphertext was changed (a bit flipped, truncated, extended, another object's) after "
       "signing: the receiver must refuse it (blob_mismatch) before decrypting anything.");
  note(n, "ReceivedForm", "BASIC",
       "A push as the service hands it to a device: c, U, sP, tP, t (the sender's token), E, P, "
       "e and the flags.");
  note(n, "SendForm", "BASIC",
       "A push as a client sends it: c, U, sP, i, v, ua, fcn, E and one dtl entry per device.");
  note(n, "ControlCommand", "BASIC",
       "Typing (eX 0, nr, no payload), delivered and read receipts (101, 102), an edit (118), an "
       "async pointer (104 with oC): no P and no E where none is sent.");
  note(n, "ForeignWriter", "EDGE_CASE",
       "Bytes no imref encoder writes but CoreFoundation, plistlib or the Rust plist crate do: "
       "shared equal objects, wider offsets and references, every plist type in unknown keys "
       "(which are ignored), nr as an integer.");
  note(n, "PlistTypes", "EDGE_CASE",
       "Unknown keys carry null, reals of 4 and 8 bytes, a date, UIDs, a 16-byte integer holding "
       "2^64-1, a negative integer and UTF-16 strings: a reader must take them all.");
  note(n, "PlistStructure", "MISSING_STEP",
       "A broken bplist00: header, trailer, offset table, an offset or reference out of range, a "
       "cycle, nesting deeper than 32. A lenient reader loops, reads out of bounds or gives two "
       "readers two different values.");
  note(n, "PlistDuplicateKey", "MISSING_STEP",
       "A dict holds a key twice: readers that keep the first and readers that keep the last "
       "see different envelopes.");
  note(n, "PlistObject", "MODIFIED_PARAMETER",
       "An object the format does not allow: a 16-byte integer beyond 64 bits, a UID of 3 "
       "bytes, a 4-byte date, a set, a non-ASCII byte in an ASCII string, a lone surrogate, a "
       "key that is not a string, a count under 15 written as an integer.");
  note(n, "MissingField", "MISSING_STEP", "A required envelope key is absent.");
  note(n, "WrongType", "MODIFIED_PARAMETER",
       "An envelope key holds another type or size than documented (U not 16 bytes, t not 32, "
       "c as a string, nr = 2, e negative).");
  note(n, "BareHandle", "MODIFIED_PARAMETER",
       "A handle without its tel: or mailto: scheme: deployed readers parse them as URIs and "
       "refuse a bare one.",
       {"beeper/imessage@3bed8bd imessage/direct/util/uri/uri.go"});
  note(n, "PayloadWithoutEncryption", "MISSING_STEP",
       "P without an E for it: the receiver could not tell pair from pair-ec.");
  return n;
}

// ---------------------------------------------------------------------------
// Attachments.

Bytes seeded(const std::string& label, size_t n) {
  crypto::DeterministicRng rng(20261203, "mmcs:" + label);
  return rng.bytes(n);
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

struct Object {
  Bytes content, key;
  attachment::MmcsObject mmcs;
};

Object make_object(const crypto::Provider& p, Bytes key, Bytes content) {
  auto sealed = attachment::seal(p, key, content);
  claim(sealed.ok(), "attachment::seal takes a 32-byte key");
  return {std::move(content), std::move(key), std::move(sealed).value()};
}

void add_valid_object(TestList& tests, const Object& o, const std::string& comment,
                      const std::string& flag, bool upper_case = false) {
  Json& t = tests.add(comment, {flag},
                      {"REQ-ATTACH-1", "REQ-ATTACH-2", "REQ-ATTACH-20", "REQ-ATTACH-21"}, "valid");
  auto h = [upper_case](ByteView b) { return upper_case ? upper(to_hex(b)) : to_hex(b); };
  t["content"] = h(o.content);
  t["key"] = h(o.key);
  t["ciphertext"] = h(o.mmcs.ciphertext);
  t["decryption_key"] = h(o.mmcs.decryption_key);
  t["signature"] = h(o.mmcs.signature);
}

void add_invalid_object(TestList& tests, ByteView ciphertext, ByteView decryption_key,
                        ByteView signature, const std::string& comment, const std::string& flag,
                        const std::string& requirement, const std::string& error) {
  Json& t = tests.add(comment, {flag}, {requirement}, "invalid");
  t["ciphertext"] = to_hex(ciphertext);
  t["decryption_key"] = to_hex(decryption_key);
  t["signature"] = to_hex(signature);
  t["error"] = error;
}

Json attachment_tests(const crypto::Provider& p) {
  TestList tests;
  Bytes key0(32);
  for (size_t i = 0; i < 32; ++i) key0[i] = static_cast<uint8_t>(i);
  const Object fixed = make_object(p, key0, to_bytes("MMCS attachment test vector, 40 bytes!!"));
  claim(to_hex(fixed.mmcs.ciphertext).starts_with("bfdd43e5") &&
            to_hex(fixed.mmcs.ciphertext).ends_with("c60da2") &&
            to_hex(fixed.mmcs.signature) == "8102c88573e97d321494433d60c2c39e7e0bc1d89f" &&
            to_hex(attachment::chunk_id(p, fixed.mmcs.ciphertext)) ==
                "01cceb163a83b574022cadcc75aad2cb15ed37c1d7",
        "the fixed MMCS vector matches the values computed with OpenSSL and hashlib");
  add_valid_object(tests, fixed,
                   "key 00..1f, 39-byte content: ciphertext bfdd43e5..c60da2, signature "
                   "8102c885..d89f (computed with OpenSSL's command line and Python hashlib)",
                   "KnownAnswer");
  const Object empty = make_object(p, key0, {});
  claim(to_hex(empty.mmcs.signature) == "816d9c593d8fc735a2c4c2aeb8d3131c9f02277b07",
        "the empty object's signature is 81 || SHA-1(salt)");
  add_valid_object(tests, empty, "empty content: signature 81 || SHA-1(salt) = 816d9c59..7b07",
                   "EdgeLength");
  for (size_t n : {1, 15, 16, 17, 1000}) {
    std::string label = std::to_string(n);
    add_valid_object(tests, make_object(p, seeded("key" + label, 32), seeded("content" + label, n)),
                     label + "-byte content under a seeded key", "EdgeLength");
  }
  add_valid_object(tests, fixed, "the known-answer object with every hex string in upper case",
                   "UpperCaseHex", true);

  const Bytes& ct = fixed.mmcs.ciphertext;
  const ByteView dk = fixed.mmcs.decryption_key;
  const Bytes& sig = fixed.mmcs.signature;
  auto with_first = [](ByteView b, uint8_t first) {
    Bytes out = to_public(b);
    out[0] = first;
    return out;
  };
  add_invalid_object(tests, ct, key0, sig, "decryption key of 32 bytes: the bare AES key",
                     "UnprefixedKey", "REQ-ATTACH-20", "malformed_message");
  add_invalid_object(tests, ct, with_first(dk, 0x01), sig, "decryption key 01 || key",
                     "UnprefixedKey", "REQ-ATTACH-20", "malformed_message");
  Bytes long_key = to_public(dk);
  long_key.push_back(0);
  add_invalid_object(tests, ct, long_key, sig, "decryption key of 34 bytes", "UnprefixedKey",
                     "REQ-ATTACH-20", "malformed_message");
  add_invalid_object(tests, ct, dk, ByteView(sig).subspan(1),
                     "signature of 20 bytes: the bare salted SHA-1", "UnprefixedSignature",
                     "REQ-ATTACH-21", "malformed_message");
  add_invalid_object(tests, ct, dk, with_first(sig, 0x01),
                     "signature 01 || SHA-1 (CloudKit's fileChecksum prefix)",
                     "UnprefixedSignature", "REQ-ATTACH-21", "malformed_message");
  Bytes long_sig = sig;
  long_sig.push_back(0);
  add_invalid_object(tests, ct, dk, long_sig, "signature of 22 bytes", "UnprefixedSignature",
                     "REQ-ATTACH-21", "malformed_message");
  Bytes unsalted{attachment::kSignaturePrefix};
  append(unsalted, p.sha1(ct));
  add_invalid_object(tests, ct, dk, unsalted, "signature 81 || SHA-1(ciphertext), no salt",
                     "UnsaltedSignature", "REQ-ATTACH-21", "blob_mismatch");
  Bytes flipped = ct;
  flipped[7] ^= 0x01;
  add_invalid_object(tests, flipped, dk, sig, "ciphertext with bit 0 of byte 7 flipped",
                     "TamperedCiphertext", "REQ-ATTACH-3", "blob_mismatch");
  add_invalid_object(tests, ByteView(ct).first(ct.size() - 1), dk, sig,
                     "ciphertext without its last byte", "TamperedCiphertext", "REQ-ATTACH-3",
                     "blob_mismatch");
  Bytes extended = ct;
  extended.push_back(0);
  add_invalid_object(tests, extended, dk, sig, "ciphertext with a zero byte appended",
                     "TamperedCiphertext", "REQ-ATTACH-3", "blob_mismatch");
  add_invalid_object(tests, empty.mmcs.ciphertext, dk, sig,
                     "the empty ciphertext under the known-answer signature", "TamperedCiphertext",
                     "REQ-ATTACH-3", "blob_mismatch");
  const Object other = make_object(p, key0, to_bytes("another object"));
  add_invalid_object(tests, other.mmcs.ciphertext, dk, sig,
                     "another object's ciphertext under this one's key and signature",
                     "TamperedCiphertext", "REQ-ATTACH-3", "blob_mismatch");
  Json group;
  group["type"] = "AttachmentTest";
  group["tests"] = tests.take();
  return group;
}

// ---------------------------------------------------------------------------
// Raw plists.

void put_be(Bytes& out, uint64_t v, size_t n) {
  for (size_t i = n; i-- > 0;) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

Bytes marker(uint8_t type, size_t count) {
  Bytes out;
  if (count < 15) {
    out.push_back(static_cast<uint8_t>(type | count));
  } else {
    out.push_back(static_cast<uint8_t>(type | 0x0F));
    out.push_back(0x10);
    out.push_back(static_cast<uint8_t>(count));
  }
  return out;
}

Bytes ascii(std::string_view s) {
  Bytes out = marker(0x50, s.size());
  append(out, to_bytes(s));
  return out;
}
Bytes data_object(ByteView b) {
  Bytes out = marker(0x40, b.size());
  append(out, b);
  return out;
}
Bytes int1(uint8_t v) {
  return {0x10, v};
}
Bytes real8(double d) {
  Bytes out{0x23};
  put_be(out, std::bit_cast<uint64_t>(d), 8);
  return out;
}

// Raw is a bplist00 built object by object with references of |ref_size|
// bytes; offsets take the fewest bytes unless |offset_size| is set.
struct Raw {
  std::vector<Bytes> objects;
  uint64_t top = 0;
  size_t ref_size = 1, offset_size = 0;

  size_t add(Bytes o) {
    objects.push_back(std::move(o));
    return objects.size() - 1;
  }
  Bytes refs(const std::vector<size_t>& r) const {
    Bytes out;
    for (size_t x : r) put_be(out, x, ref_size);
    return out;
  }
  size_t array(const std::vector<size_t>& items) {
    Bytes o = marker(0xA0, items.size());
    append(o, refs(items));
    return add(std::move(o));
  }
  size_t dict(const std::vector<std::pair<size_t, size_t>>& entries) {
    Bytes o = marker(0xD0, entries.size());
    std::vector<size_t> keys, values;
    for (auto [k, v] : entries) {
      keys.push_back(k);
      values.push_back(v);
    }
    append(o, refs(keys));
    append(o, refs(values));
    return add(std::move(o));
  }
  Bytes build() const {
    Bytes out = to_bytes("bplist00");
    std::vector<uint64_t> offsets;
    for (const Bytes& o : objects) {
      offsets.push_back(out.size());
      append(out, o);
    }
    uint64_t table = out.size();
    size_t os = offset_size;
    if (os == 0) {
      os = 1;
      while (os < 8 && table >> (8 * os)) ++os;
    }
    for (uint64_t o : offsets) put_be(out, o, os);
    out.insert(out.end(), 6, 0);
    out.push_back(static_cast<uint8_t>(os));
    out.push_back(static_cast<uint8_t>(ref_size));
    put_be(out, objects.size(), 8);
    put_be(out, top, 8);
    put_be(out, table, 8);
    return out;
  }
};

const Bytes kUuid = {0x6B, 0x2A, 0x91, 0x0C, 0x55, 0x3E, 0x4F, 0x10,
                     0x8A, 0x77, 0x02, 0xD4, 0x19, 0xE6, 0x3B, 0xC1};
constexpr std::string_view kAlice = "tel:+15555550100";
constexpr std::string_view kBob = "mailto:bob@example.com";

Bytes token(const std::string& label) {
  return seeded("token:" + label, envelope::kTokenLen);
}

// received_entries adds the keys of a plain received push (c 100, U, sP, tP,
// t, E pair, P) to |raw| and returns them as (key, value) references.
std::vector<std::pair<size_t, size_t>> received_entries(Raw& raw) {
  std::vector<std::pair<size_t, size_t>> e;
  auto kv = [&](std::string_view k, Bytes v) {
    size_t key = raw.add(ascii(k));
    e.emplace_back(key, raw.add(std::move(v)));
  };
  kv("c", int1(100));
  kv("U", data_object(kUuid));
  kv("sP", ascii(kAlice));
  kv("tP", ascii(kBob));
  kv("t", data_object(token("alice")));
  kv("E", ascii("pair"));
  kv("P", data_object(seeded("payload", 40)));
  return e;
}

envelope::Received plain_received() {
  envelope::Received r;
  r.command = envelope::kMessage;
  r.uuid = kUuid;
  r.sender = std::string(kAlice);
  r.target = std::string(kBob);
  r.sender_token = token("alice");
  r.encryption = "pair";
  r.payload = seeded("payload", 40);
  return r;
}

Json to_vector_json(const envelope::Envelope& e) {
  return Json::parse(conformance::envelope_json(e).dump());
}

void add_valid_envelope(TestList& tests, ByteView bytes, const envelope::Envelope& e,
                        const std::string& comment, std::vector<std::string> flags,
                        std::vector<std::string> requirements) {
  auto back = envelope::decode(bytes);
  claim(back.ok() && *back == e, comment + ": the reference decodes the bytes to the envelope");
  Json& t = tests.add(comment, std::move(flags), std::move(requirements), "valid");
  t["bytes"] = to_hex(bytes);
  t["envelope"] = to_vector_json(e);
}

void add_encoded(TestList& tests, const envelope::Envelope& e, const std::string& comment,
                 std::vector<std::string> flags, std::vector<std::string> requirements) {
  auto bytes = envelope::encode(e);
  claim(bytes.ok(), comment + ": the reference encodes it");
  add_valid_envelope(tests, *bytes, e, comment, std::move(flags), std::move(requirements));
}

void add_invalid_envelope(TestList& tests, ByteView bytes, const std::string& comment,
                          const std::string& flag, std::vector<std::string> requirements) {
  claim(!envelope::decode(bytes).ok(), comment + ": the reference refuses it");
  Json& t = tests.add(comment, {flag}, std::move(requirements), "invalid");
  t["bytes"] = to_hex(bytes);
  t["error"] = "malformed_message";
}

void encoder_cases(TestList& tests) {
  const std::vector<std::string> recv = {"REQ-ENVELOPE-20", "REQ-ENVELOPE-22", "REQ-PLIST-21"};
  const std::vector<std::string> send = {"REQ-ENVELOPE-20", "REQ-ENVELOPE-21", "REQ-PLIST-21"};
  envelope::Received r = plain_received();
  r.timestamp_ns = 1764752400123456789;
  r.delivery_receipt = true;
  add_encoded(tests, r, "received message: c 100, U, sP, tP, t, E pair, P, e in ns, D",
              {"ReceivedForm"}, recv);

  envelope::Received typing;
  typing.uuid = kUuid;
  typing.sender = std::string(kAlice);
  typing.target = std::string(kBob);
  typing.sender_token = token("alice");
  typing.no_response = true;
  typing.expiry = 0;
  add_encoded(tests, typing, "received typing indicator: c 100, eX 0, nr, no P, no E",
              {"ControlCommand"}, recv);
  envelope::Received delivered = typing;
  delivered.command = envelope::kDelivered;
  delivered.expiry.reset();
  add_encoded(tests, delivered, "received delivery receipt: c 101, nr, no payload",
              {"ControlCommand"}, recv);
  envelope::Received read = delivered;
  read.command = envelope::kRead;
  read.timestamp_ns = 1764752401000000000;
  add_encoded(tests, read, "received read receipt: c 102 with e", {"ControlCommand"}, recv);
  envelope::Received async = plain_received();
  async.command = envelope::kAsync;
  async.original_command = envelope::kMessage;
  add_encoded(tests, async, "received async pointer: c 104, oC 100", {"ControlCommand"}, recv);
  envelope::Received edit = plain_received();
  edit.command = envelope::kEditUnsend;
  edit.encryption = "pair-ec";
  edit.no_response = true;
  add_encoded(tests, edit, "received edit: c 118, E pair-ec, nr", {"ControlCommand"}, recv);

  envelope::Send s;
  s.uuid = kUuid;
  s.sender = std::string(kAlice);
  s.id = 0x9E3779B9;
  s.version = 8;
  s.user_agent = "[macOS,14.5,23F79,MacBookPro18,3]";
  s.chunk = 1;
  s.encryption = "pair";
  s.targets.push_back({std::string(kBob), token("bob-phone"), seeded("session:bob-phone", 48), true,
                       seeded("payload:bob-phone", 40), std::nullopt});
  s.targets.push_back({std::string(kBob), token("bob-mac"), seeded("session:bob-mac", 48), true,
                       seeded("payload:bob-mac", 40), std::nullopt});
  s.targets.push_back({std::string(kAlice), token("alice-mac"), seeded("session:alice-mac", 48),
                       false, seeded("payload:alice-mac", 40), std::nullopt});
  add_encoded(tests, s,
              "send form: E at the top, three dtl entries (two of bob's devices, the sender's "
              "own other device with D false)",
              {"SendForm"}, send);
  envelope::Send per_entry = s;
  per_entry.encryption.reset();
  per_entry.user_agent.reset();
  per_entry.targets[0].encryption = "pair-ec";
  per_entry.targets[1].encryption = "pair";
  per_entry.targets[2].encryption = "pair";
  add_encoded(tests, per_entry, "send form: E in every dtl entry, pair-ec for one device",
              {"SendForm"}, send);
  envelope::Send typing_send;
  typing_send.uuid = kUuid;
  typing_send.sender = std::string(kAlice);
  typing_send.targets.push_back({std::string(kBob), token("bob-phone"), std::nullopt, std::nullopt,
                                 std::nullopt, std::nullopt});
  typing_send.no_response = true;
  typing_send.expiry = 0;
  add_encoded(tests, typing_send, "send form typing: eX 0, nr, dtl without P or E",
              {"SendForm", "ControlCommand"}, send);
}

void foreign_cases(TestList& tests) {
  const std::vector<std::string> reqs = {"REQ-PLIST-20", "REQ-ENVELOPE-23"};
  {
    Raw raw;
    auto e = received_entries(raw);
    auto kv = [&](std::string_view k, Bytes v) {
      size_t key = raw.add(ascii(k));
      e.emplace_back(key, raw.add(std::move(v)));
    };
    kv("x-null", {0x00});
    kv("x-real4", {0x22, 0x3F, 0xC0, 0x00, 0x00});  // 1.5f
    kv("x-real8", real8(-0.25));
    Bytes date{0x33};
    put_be(date, std::bit_cast<uint64_t>(786445200.5), 8);
    kv("sd", date);
    kv("x-uid1", {0x80, 0x07});
    kv("x-uid2", {0x81, 0x01, 0x00});
    kv("x-uid4", {0x83, 0x00, 0x01, 0x00, 0x00});
    kv("x-uid8", {0x87, 0, 0, 0, 1, 0, 0, 0, 0});
    Bytes u64max{0x14};
    put_be(u64max, 0, 8);
    put_be(u64max, ~uint64_t{0}, 8);
    kv("amrln", u64max);
    Bytes negative{0x13};
    put_be(negative, static_cast<uint64_t>(int64_t{-5}), 8);
    kv("x-neg", negative);
    kv("x-utf16", {0x63, 0x00, 0xE9, 0xD8, 0x3D, 0xDE, 0x00});  // é and U+1F600
    kv("x-false", {0x08});
    kv("x-true", {0x09});
    raw.top = raw.dict(e);
    add_valid_envelope(tests, raw.build(), plain_received(),
                       "received message with unknown keys of every plist type: null, real of 4 "
                       "and 8 bytes, a date, UIDs of 1, 2, 4, 8 bytes, 2^64-1 as a 16-byte "
                       "integer, -5, a UTF-16 string, booleans",
                       {"ForeignWriter", "PlistTypes"}, reqs);
  }
  {
    // CoreFoundation writes equal objects once: sP and tP share one string.
    Raw raw;
    std::vector<std::pair<size_t, size_t>> e;
    size_t handle = raw.add(ascii(kAlice));
    e.emplace_back(raw.add(ascii("c")), raw.add(int1(100)));
    e.emplace_back(raw.add(ascii("U")), raw.add(data_object(kUuid)));
    e.emplace_back(raw.add(ascii("sP")), handle);
    e.emplace_back(raw.add(ascii("tP")), handle);
    e.emplace_back(raw.add(ascii("t")), raw.add(data_object(token("alice"))));
    raw.top = raw.dict(e);
    envelope::Received r;
    r.uuid = kUuid;
    r.sender = r.target = std::string(kAlice);
    r.sender_token = token("alice");
    add_valid_envelope(tests, raw.build(), r,
                       "received push to the sender's own handle: sP and tP are one shared "
                       "object, the top object is the last",
                       {"ForeignWriter"}, reqs);
  }
  {
    Raw raw;
    raw.ref_size = 2;
    raw.offset_size = 4;
    auto e = received_entries(raw);
    raw.top = raw.dict(e);
    add_valid_envelope(tests, raw.build(), plain_received(),
                       "references of 2 bytes and offsets of 4, wider than needed",
                       {"ForeignWriter"}, reqs);
  }
  {
    Raw raw;
    auto e = received_entries(raw);
    size_t k = raw.add(ascii("nr"));
    e.emplace_back(k, raw.add(int1(1)));
    for (int i = 0; i < 9; ++i) {
      size_t key = raw.add(ascii("x-extra-" + std::to_string(i)));
      e.emplace_back(key, raw.add(ascii("v")));
    }
    raw.top = raw.dict(e);
    envelope::Received r = plain_received();
    r.no_response = true;
    add_valid_envelope(tests, raw.build(), r,
                       "nr written as the integer 1; 17 keys, so the dict's count is an integer "
                       "object",
                       {"ForeignWriter"}, reqs);
  }
}

// broken builds a received push, lets |edit| change it, and adds it as a
// refusal.
template <typename Edit>
void broken(TestList& tests, const std::string& comment, const std::string& flag,
            std::vector<std::string> requirements, Edit edit) {
  Raw raw;
  auto e = received_entries(raw);
  edit(raw, e);
  if (raw.top == 0) raw.top = raw.dict(e);
  add_invalid_envelope(tests, raw.build(), comment, flag, std::move(requirements));
}

// broken_bytes takes the plain push's bytes and lets |edit| change them.
template <typename Edit>
void broken_bytes(TestList& tests, const std::string& comment, const std::string& flag, Edit edit) {
  Raw raw;
  auto e = received_entries(raw);
  raw.top = raw.dict(e);
  Bytes b = raw.build();
  edit(b);
  add_invalid_envelope(tests, b, comment, flag, {"REQ-MESSAGE-3", "REQ-PLIST-22"});
}

using Entries = std::vector<std::pair<size_t, size_t>>;

void plist_refusals(TestList& tests) {
  const std::vector<std::string> structure = {"REQ-MESSAGE-3", "REQ-PLIST-22"};
  const std::vector<std::string> object = {"REQ-PLIST-20"};
  broken_bytes(tests, "header bplist01", "PlistStructure", [](Bytes& b) { b[7] = '1'; });
  broken_bytes(tests, "a reserved trailer byte set", "PlistStructure",
               [](Bytes& b) { b[b.size() - 30] = 1; });
  broken_bytes(tests, "a byte between the offset table and the trailer", "PlistStructure",
               [](Bytes& b) { b.insert(b.end() - 32, 0); });
  broken_bytes(tests, "truncated: the trailer's last byte cut", "PlistStructure",
               [](Bytes& b) { b.pop_back(); });
  broken_bytes(tests, "offset size 0 in the trailer", "PlistStructure",
               [](Bytes& b) { b[b.size() - 26] = 0; });
  broken_bytes(tests, "the top object number equals the object count", "PlistStructure",
               [](Bytes& b) { b[b.size() - 9] = b[b.size() - 17]; });
  broken_bytes(tests, "an offset pointing into the offset table", "PlistStructure", [](Bytes& b) {
    size_t table = b[b.size() - 1];
    b[table] = static_cast<uint8_t>(table);
  });
  broken_bytes(tests, "an offset pointing into the header", "PlistStructure", [](Bytes& b) {
    size_t table = b[b.size() - 1];
    b[table + 1] = 3;
  });
  broken(tests, "a dict value reference past the last object", "PlistStructure", structure,
         [](Raw&, Entries& e) { e[0].second = 200; });
  broken(tests, "a cycle: two arrays under x-self that hold each other", "PlistStructure",
         structure, [](Raw& raw, Entries& e) {
           size_t k = raw.add(ascii("x-self"));
           size_t arr = raw.objects.size() + 1;  // the array after the next object
           size_t v = raw.add(Bytes{0xA1, static_cast<uint8_t>(arr)});
           raw.add(Bytes{0xA1, static_cast<uint8_t>(v)});
           e.emplace_back(k, v);
         });
  broken(tests, "a cycle: the top dict holds itself under x-self", "PlistStructure", structure,
         [](Raw& raw, Entries& e) {
           size_t k = raw.add(ascii("x-self"));
           e.emplace_back(k, raw.objects.size());  // the dict about to be added
         });
  broken(tests, "arrays nested 33 deep under x-deep", "PlistStructure", structure,
         [](Raw& raw, Entries& e) {
           size_t inner = raw.add(Bytes{0xA0});
           for (int i = 0; i < 33; ++i) inner = raw.add(Bytes{0xA1, static_cast<uint8_t>(inner)});
           e.emplace_back(raw.add(ascii("x-deep")), inner);
         });
  broken(tests, "the key t twice, the second with another token", "PlistDuplicateKey",
         {"REQ-MESSAGE-3", "REQ-PLIST-22"}, [](Raw& raw, Entries& e) {
           size_t k = raw.add(ascii("t"));
           e.emplace_back(k, raw.add(data_object(token("mallory"))));
         });
  broken(tests, "an unknown key twice", "PlistDuplicateKey", {"REQ-MESSAGE-3", "REQ-PLIST-22"},
         [](Raw& raw, Entries& e) {
           size_t k = raw.add(ascii("x-twice"));
           e.emplace_back(k, raw.add(int1(1)));
           e.emplace_back(k, raw.add(int1(2)));
         });
  broken(tests, "a 16-byte integer with a high half not zero", "PlistObject", object,
         [](Raw& raw, Entries& e) {
           Bytes v{0x14};
           put_be(v, 1, 8);
           put_be(v, 0, 8);
           e.emplace_back(raw.add(ascii("x-wide")), raw.add(v));
         });
  broken(tests, "a UID of 3 bytes", "PlistObject", object, [](Raw& raw, Entries& e) {
    e.emplace_back(raw.add(ascii("x-uid")), raw.add(Bytes{0x82, 1, 2, 3}));
  });
  broken(tests, "a date of 4 bytes", "PlistObject", object, [](Raw& raw, Entries& e) {
    e.emplace_back(raw.add(ascii("sd")), raw.add(Bytes{0x32, 0x4E, 0x6E, 0x6B, 0x28}));
  });
  broken(tests, "a set (marker C1)", "PlistObject", object, [](Raw& raw, Entries& e) {
    size_t one = raw.add(int1(1));
    e.emplace_back(raw.add(ascii("x-set")), raw.add(Bytes{0xC1, static_cast<uint8_t>(one)}));
  });
  broken(tests, "byte 0xE9 in an ASCII string", "PlistObject", object, [](Raw& raw, Entries& e) {
    e.emplace_back(raw.add(ascii("x-latin1")), raw.add(Bytes{0x52, 'h', 0xE9}));
  });
  broken(tests, "a lone high surrogate in a UTF-16 string", "PlistObject", object,
         [](Raw& raw, Entries& e) {
           e.emplace_back(raw.add(ascii("x-utf16")), raw.add(Bytes{0x62, 0xD8, 0x3D, 0x00, 0x41}));
         });
  broken(tests, "an integer as a dict key", "PlistObject", object,
         [](Raw& raw, Entries& e) { e.emplace_back(raw.add(int1(7)), raw.add(int1(7))); });
  broken(tests, "a count of 2 written as an integer object", "PlistObject", object,
         [](Raw& raw, Entries& e) {
           e.emplace_back(raw.add(ascii("x-count")), raw.add(Bytes{0x4F, 0x10, 0x02, 0xAB, 0xCD}));
         });
}

void envelope_refusals(TestList& tests) {
  const std::vector<std::string> reqs = {"REQ-ENVELOPE-22"};
  auto drop = [](const char* key) {
    return [key](Raw& raw, Entries& e) {
      for (auto it = e.begin(); it != e.end(); ++it)
        if (raw.objects[it->first] == ascii(key)) {
          e.erase(it);
          return;
        }
    };
  };
  auto replace = [](const char* key, Bytes value) {
    return [key, value](Raw& raw, Entries& e) {
      for (auto& kv : e)
        if (raw.objects[kv.first] == ascii(key)) kv.second = raw.add(value);
    };
  };
  for (const char* key : {"c", "U", "sP", "tP", "t"})
    broken(tests, std::string("received push without ") + key, "MissingField", reqs, drop(key));
  broken(tests, "U of 15 bytes", "WrongType", {"REQ-ENVELOPE-21"},
         replace("U", data_object(ByteView(kUuid).first(15))));
  broken(tests, "t of 31 bytes", "WrongType", {"REQ-ENVELOPE-21"},
         replace("t", data_object(ByteView(token("alice")).first(31))));
  broken(tests, "c as the string \"100\"", "WrongType", {"REQ-ENVELOPE-23"},
         replace("c", ascii("100")));
  broken(tests, "P as a string", "WrongType", {"REQ-ENVELOPE-23"}, replace("P", ascii("pair")));
  broken(tests, "nr = 2", "WrongType", {"REQ-ENVELOPE-23"},
         [](Raw& raw, Entries& e) { e.emplace_back(raw.add(ascii("nr")), raw.add(int1(2))); });
  broken(tests, "e negative", "WrongType", {"REQ-ENVELOPE-23"}, [](Raw& raw, Entries& e) {
    Bytes v{0x13};
    put_be(v, static_cast<uint64_t>(int64_t{-1}), 8);
    e.emplace_back(raw.add(ascii("e")), raw.add(v));
  });
  broken(tests, "sP a bare phone number", "BareHandle", {"REQ-ENVELOPE-21"},
         replace("sP", ascii("+15555550100")));
  broken(tests, "tP a bare email address", "BareHandle", {"REQ-ENVELOPE-21"},
         replace("tP", ascii("bob@example.com")));
  broken(tests, "sP tel: with an email address", "BareHandle", {"REQ-ENVELOPE-21"},
         replace("sP", ascii("tel:bob@example.com")));
  broken(tests, "P without E", "PayloadWithoutEncryption", {"REQ-ENVELOPE-24"}, drop("E"));
  broken(tests, "the top object an array", "WrongType", {"REQ-ENVELOPE-23"},
         [](Raw& raw, Entries& e) { raw.top = raw.array({e[0].second}); });
  // Send form.
  auto send_form = [](Raw& raw, Entries& e, Bytes dtl_entry_extra_key) {
    // Turns the push into a send form with one dtl entry {tP, t} (+ extra).
    e.erase(e.begin() + 3, e.begin() + 5);  // tP and t move into the entry
    std::vector<std::pair<size_t, size_t>> entry = {{raw.add(ascii("tP")), raw.add(ascii(kBob))}};
    if (!dtl_entry_extra_key.empty())
      entry.emplace_back(raw.add(ascii("x")), raw.add(dtl_entry_extra_key));
    size_t d = raw.dict(entry);
    e.emplace_back(raw.add(ascii("dtl")), raw.array({d}));
  };
  broken(tests, "send form whose dtl entry has no t", "MissingField", {"REQ-ENVELOPE-22"},
         [&](Raw& raw, Entries& e) { send_form(raw, e, {}); });
  broken(tests, "send form with an empty dtl", "MissingField", {"REQ-ENVELOPE-22"},
         [](Raw& raw, Entries& e) {
           e.erase(e.begin() + 3, e.begin() + 5);
           e.emplace_back(raw.add(ascii("dtl")), raw.add(Bytes{0xA0}));
         });
  broken(tests, "send form whose dtl is a dict", "WrongType", {"REQ-ENVELOPE-23"},
         [](Raw& raw, Entries& e) {
           e.erase(e.begin() + 3, e.begin() + 5);
           e.emplace_back(raw.add(ascii("dtl")), raw.add(Bytes{0xD0}));
         });
}

Json envelope_tests(size_t first_tc_id) {
  TestList tests;
  encoder_cases(tests);
  foreign_cases(tests);
  plist_refusals(tests);
  envelope_refusals(tests);
  Json list = tests.take();
  for (Json& t : list) t["tcId"] = t["tcId"].get<size_t>() + first_tc_id - 1;
  Json group;
  group["type"] = "EnvelopeTest";
  group["tests"] = std::move(list);
  return group;
}

}  // namespace

// The groups in file order; tcIds run on from one group to the next, so a
// new case goes into a new group at the end, never into an earlier one.
Json message_wire_vectors(const crypto::Provider& p) {
  Json attachments = attachment_tests(p);
  Json envelopes = envelope_tests(attachments["tests"].size() + 1);
  return envelope(
      "imref-message-wire-v1", "message_wire_test_schema.json",
      {"The layers under the message (docs/spec.md section 8): MMCS attachment objects "
       "(REQ-ATTACH-*) and the push envelope as bplist00 bytes (REQ-ENVELOPE-*, REQ-PLIST-*).",
       "AttachmentTest, valid: attachment.encrypt {content, key} must give exactly ciphertext, "
       "decryption_key and signature, and attachment.decrypt of those must give content. "
       "Invalid: attachment.decrypt must fail with the error class given.",
       "EnvelopeTest, valid: envelope.decode of bytes must give envelope (the JSON form of "
       "docs/shim-protocol.md), and envelope.encode of envelope must give bytes that decode to "
       "it (key order and widths are the writer's). Invalid: envelope.decode must fail with the "
       "error class given."},
      notes(), Json::array({std::move(attachments), std::move(envelopes)}));
}

}  // namespace imref::vectorgen
