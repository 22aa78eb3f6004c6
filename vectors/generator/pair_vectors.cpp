// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// pair_open_test.json and pair_seal_test.json. Invalid payloads are built
// here from the primitives, one deviation at a time, then signed properly
// where the point is to reach the check after the signature.
#include <botan/bigint.h>
#include <botan/numthry.h>
#include <botan/rng.h>
#include <botan/rsa.h>

#include <algorithm>
#include <optional>
#include <tuple>

#include "generate.h"
#include "imref/internal/ecdsa_signature.h"
#include "imref/pair.h"
#include "pair_forge.h"

namespace imref::vectorgen {

namespace {

using crypto::Hash;
using crypto::SigFormat;
using forge::Built;
using forge::Recipe;

constexpr uint8_t kP256Order[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

class PairKit {
 public:
  PairKit(const crypto::Provider& p, const DeviceKeys& sender, const DeviceKeys& recipient)
      : p_(p), sender_(sender), recipient_(recipient), rng_(20261128, "pair-vectors") {}

  crypto::Rng& rng() { return rng_; }
  Built build(const Recipe& r) {
    return forge::build_body(p_, rng_, sender_.identity(), recipient_.identity(), r).value();
  }
  Bytes sign(const DeviceKeys& signer, ByteView data, Hash hash = Hash::sha1,
             SigFormat format = SigFormat::der) {
    return signer.sender().signing->sign(hash, format, data).value();
  }
  Bytes frame(ByteView body, ByteView sig) { return pair::encode_payload(body, sig).value(); }
  Bytes payload(const Built& b) { return frame(b.body, sign(sender_, b.body)); }
  Bytes seed() { return rng_.bytes(pair::kSeedLen); }
  Bytes plaintext(size_t n) { return rng_.bytes(n); }

 private:
  const crypto::Provider& p_;
  const DeviceKeys& sender_;
  const DeviceKeys& recipient_;
  crypto::DeterministicRng rng_;
};

Json notes() {
  Json n;
  const std::string usenix =
      "Garman, Green, Kaptchuk, Miers, Rushanan: Dancing on the Lip of the Volcano: Chosen "
      "Ciphertext Attacks on Apple iMessage, USENIX Security 2016";
  const std::string eurocrypt =
      "Bellare, Stepanovs: Security under Message-Derived Keys: Signcryption in iMessage, "
      "EUROCRYPT 2020";
  note(n, "Normal", "BASIC", "A payload exactly as seal() produces it.");
  note(n, "EdgeLength", "EDGE_CASE",
       "A plaintext length at a boundary: empty, one AES block, the 100-byte inline limit, the "
       "OAEP limit of a 1280-bit key (118), or the largest encodable body.");
  note(n, "InlineSplit", "EDGE_CASE",
       "The sender put a number of ciphertext bytes other than min(100, n) inside the RSA block. "
       "The tag protects the plaintext whatever the split, so the reference accepts 0 to 102.");
  note(n, "HighS", "SIGNATURE_MALLEABILITY",
       "The signature's s is replaced by n - s: still a valid ECDSA signature. A receiver that "
       "demands low s refuses payloads from deployed senders.");
  note(n, "WrongVersion", "MODIFIED_PARAMETER", "The first byte is not 0x02.");
  note(n, "LengthMismatch", "MISSING_STEP",
       "A declared length does not match the bytes present. A parser that trusts it reads out of "
       "bounds or ignores data.");
  note(n, "ShortBody", "MISSING_STEP", "The body is shorter than the 160-byte RSA block.");
  note(n, "TrailingBytes", "MISSING_STEP",
       "Bytes follow the signature. Accepting them makes payloads malleable outside the "
       "signature.");
  note(n, "ModifiedSignature", "SIGNATURE_FORGERY", "The signature was altered.");
  note(n, "ModifiedBody", "SIGNATURE_FORGERY", "The signed body was altered after signing.");
  note(n, "WrongSigner", "SIGNATURE_FORGERY", "Signed by a key other than the claimed sender's.");
  note(n, "WrongHash", "MODIFIED_PARAMETER", "Signed over SHA-256(body) instead of SHA-1(body).");
  note(n, "SignatureEncoding", "INVALID_ENCODING",
       "The signature is not strict DER (raw r||s, BER length, padded integer).");
  note(n, "WrongSignedData", "MISSING_STEP", "The signature covers more than the body.");
  note(n, "ResignedByAttacker", "CHOSEN_CIPHERTEXT",
       "The payload's signature was stripped and replaced by an attacker-controlled identity's. "
       "Before iOS 9.3 this made the receiver a decryption oracle; the tag binds both "
       "identities, so it must fail as decrypt_failed.",
       {usenix, eurocrypt});
  note(n, "WrongRecipient", "MISSING_STEP",
       "Sealed for another device: the RSA block does not decrypt with this key.", {eurocrypt});
  note(n, "WrongTag", "MISSING_STEP",
       "A validly signed payload whose 40-bit tag does not match. Observed clients skip the tag "
       "check; the guide says the receiver checks it.",
       {usenix});
  note(n, "TagWithoutIdentities", "LEGACY",
       "The tag omits the identities (or the 0x02 byte), or swaps them: a receiver that accepts "
       "it does not bind sender and recipient.",
       {usenix, eurocrypt});
  note(n, "RandomKey", "LEGACY", "A 128-bit random key with no tag, as before iOS 9.3.", {usenix});
  note(n, "CtrCounterZero", "MODIFIED_PARAMETER", "AES-CTR started from counter block 0, not 1.");
  note(n, "ModifiedCiphertext", "CHOSEN_CIPHERTEXT",
       "The ciphertext was altered and the payload re-signed by the real sender: only the tag "
       "can catch it.",
       {usenix});
  note(n, "ShortKeyBlock", "MISSING_STEP", "The RSA block decrypts to fewer than 16 bytes.");
  note(n, "BadOaep", "MISSING_STEP",
       "The RSA block is not a valid OAEP encryption (random bytes, value above the modulus, a "
       "label). Every such failure must read the same as a tag failure.",
       {"Manger, A Chosen Ciphertext Attack on RSA OAEP, CRYPTO 2001"});
  note(n, "SeedGiven", "BASIC", "The seed is given: key and ciphertext are exact.");
  note(n, "TooLarge", "EDGE_CASE", "The body would not fit the 16-bit length field.");
  note(n, "BadSeed", "MODIFIED_PARAMETER", "The seed is not 11 bytes.");
  note(n, "RsaKeySize", "MODIFIED_PARAMETER",
       "The recipient's RSA key is not 1280 bits. Where its modulus begins the identity's, a "
       "receiver that compares only the key's own bytes takes it for the identity's key.");
  note(n, "RsaExponent", "MODIFIED_PARAMETER",
       "The recipient's RSA key has an exponent other than 65537; the identity holds its modulus, "
       "so only the exponent rule refuses it.");
  note(n, "KeyNotIdentity", "MISSING_STEP",
       "The recipient's RSA key is a real key but not the one its identity holds. A receiver that "
       "does not compare them decrypts with one key and binds the tag to another identity.");
  note(n, "RsaKeyEncoding", "INVALID_ENCODING",
       "The recipient's RSA key is a working key, but not in the one PKCS#8 DER form: PKCS#1, "
       "other versions, missing NULL parameters, attributes, non-minimal lengths or integers, "
       "extra elements. Decoders differ on which of these they take (docs/fuzzing.md F5-F7).");
  note(n, "RsaIntegerLength", "INVALID_ENCODING",
       "An INTEGER of the recipient's PKCS#8 key is longer than n: d plus a multiple of "
       "lcm(p - 1, q - 1), still a working exponent. REQ-KEY-8 admits no such encoding.");
  note(n, "ScalarEdge", "EDGE_CASE",
       "The sender's signing scalar is 1 or n - 1, the ends of [1, n - 1], with the identity of "
       "its point.");
  note(n, "ScalarOutOfRange", "MODIFIED_PARAMETER",
       "The sender's signing scalar is 0 or at least n. A key that reduces it mod n signs as "
       "another scalar: n + 1 signs as 1, whose identity the test gives.");
  note(n, "ScalarLength", "MODIFIED_PARAMETER",
       "The sender's signing scalar is not 32 bytes, though its value is in range. A reader that "
       "takes any length accepts it.");
  return n;
}

Json keys_json(const DeviceKeys& k) {
  return device_json(k);
}

// high_s returns a DER signature with s replaced by n - s.
Bytes high_s(const DeviceKeys& signer, ByteView body) {
  Bytes raw = signer.sender().signing->sign(Hash::sha1, SigFormat::raw, body).value();
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int d = int(kP256Order[i]) - raw[32 + i] - borrow;
    borrow = d < 0;
    raw[32 + i] = static_cast<uint8_t>(d + (borrow ? 256 : 0));
  }
  return crypto::raw_to_der(raw);
}

const std::vector<std::string> kOpenReqs = {"REQ-PAIR-2", "REQ-PAIR-3",  "REQ-PAIR-4",
                                            "REQ-PAIR-5", "REQ-PAIR-11", "REQ-PAIR-12"};

// OpenCases builds pair_open_test.json: alice seals for bob; carol is another
// recipient, mallory another signer. Every case draws from kit_'s one seeded
// stream, so the groups must run in file order.
class OpenCases {
 public:
  explicit OpenCases(const crypto::Provider& p)
      : alice_(vector_device(p, "alice")),
        bob_(vector_device(p, "bob")),
        carol_(vector_device(p, "carol")),
        mallory_(vector_device(p, "mallory")),
        kit_(p, alice_, bob_) {}

  // Valid payloads: every boundary of the layout, every split of the ciphertext
  // between the RSA block and the body tail, a high-s signature.
  void valid_cases();
  // make_reference seals the payload the framing and signature cases damage.
  void make_reference();
  // Framing up to the body (malformed_payload, REQ-PAIR-7..9).
  void version_and_body_length_cases();
  // Framing after the body (malformed_payload, REQ-PAIR-8, -10).
  void signature_length_and_trailing_cases();
  // A signature that does not verify (bad_signature, REQ-PAIR-5, -11).
  void signature_cases();
  // Signed properly but sealed for another device or with a wrong tag
  // (decrypt_failed, REQ-PAIR-12, -14).
  void recipient_and_tag_cases();
  // Ciphertext altered and re-signed by the real sender: only the tag catches it
  // (decrypt_failed, REQ-PAIR-12, -14).
  void modified_ciphertext_cases();
  // An RSA block that is too short or not OAEP (decrypt_failed, REQ-PAIR-4, -14).
  void key_block_cases();
  // open_group wraps the tests so far. resigned_group is the chosen-ciphertext
  // attack: alice's payloads to bob, their signature replaced by mallory's,
  // presented as from mallory; its tcIds continue after |first_ids|.
  Json open_group();
  Json resigned_group(size_t first_ids);
  // recipient_key_group: RSA keys the recipient must refuse to import
  // (malformed_key, REQ-KEY-3, -4, -8, -9), each in a test's "recipient"
  // with an identity its modulus matches; its tcIds continue after |first_ids|.
  Json recipient_key_group(const crypto::Provider& p, size_t first_ids);
  // signature_encoding_group: signatures whose r and s are right but whose
  // DER is not the one strict form (bad_signature, REQ-PAIR-11); a lenient
  // reader re-encodes them and they verify. tcIds continue after |first_ids|.
  Json signature_encoding_group(size_t first_ids);

 private:
  void valid(const Recipe& r, const Built& b, const Bytes& payload, std::string comment,
             std::vector<std::string> flags, std::vector<std::string> reqs);
  void invalid(const Bytes& payload, std::string comment, std::string flag,
               std::vector<std::string> reqs, std::string error);
  Recipe recipe(size_t n);

  DeviceKeys alice_, bob_, carol_, mallory_;
  PairKit kit_;
  TestList tests_;
  Bytes reference_, reference_body_;  // the whole payload and its signed body
  size_t body_len_ = 0, sig_at_ = 0;  // the body's length; where the signature starts
};

void OpenCases::valid(const Recipe& r, const Built& b, const Bytes& payload, std::string comment,
                      std::vector<std::string> flags, std::vector<std::string> reqs) {
  Json& t = tests_.add(std::move(comment), std::move(flags), std::move(reqs), "valid");
  t["payload"] = to_hex(payload);
  t["plaintext"] = to_hex(r.plaintext);
  t["seed"] = to_hex(r.seed);
  t["key"] = to_hex(b.key);
}

void OpenCases::invalid(const Bytes& payload, std::string comment, std::string flag,
                        std::vector<std::string> reqs, std::string error) {
  Json& t = tests_.add(std::move(comment), {std::move(flag)}, std::move(reqs), "invalid");
  t["payload"] = to_hex(payload);
  t["error"] = std::move(error);
}

Recipe OpenCases::recipe(size_t n) {
  Recipe r;
  r.plaintext = kit_.plaintext(n);
  r.seed = kit_.seed();
  return r;
}

void OpenCases::valid_cases() {
  // Plaintext lengths, including every boundary of the layout.
  for (size_t n : {0, 1, 15, 16, 99, 100, 101, 102, 117, 118, 1000, 4096, 16384,
                   static_cast<int>(pair::kMaxPlaintextLen)}) {
    Recipe r = recipe(n);
    Built b = kit_.build(r);
    valid(r, b, kit_.payload(b), "plaintext of " + std::to_string(n) + " bytes", {"EdgeLength"},
          kOpenReqs);
  }
  // Every split of ciphertext between the RSA block and the body tail.
  for (size_t k = 0; k <= 102; ++k) {
    Recipe r = recipe(150);
    r.inline_len = k;
    Built b = kit_.build(r);
    auto reqs = kOpenReqs;
    reqs.push_back("REQ-PAIR-13");
    valid(r, b, kit_.payload(b), std::to_string(k) + " of 150 ciphertext bytes in the RSA block",
          {k == 100 ? "Normal" : "InlineSplit"}, reqs);
  }
  {
    Recipe r = recipe(200);
    Built b = kit_.build(r);
    valid(r, b, kit_.frame(b.body, high_s(alice_, b.body)), "signature with high s", {"HighS"},
          {"REQ-PAIR-11"});
  }
}

void OpenCases::make_reference() {
  Recipe r = recipe(200);
  Built b = kit_.build(r);
  reference_ = kit_.payload(b);
  reference_body_ = b.body;
  body_len_ = b.body.size();
  sig_at_ = 3 + body_len_ + 1;
}

void OpenCases::version_and_body_length_cases() {
  for (uint8_t v : {0x00, 0x01, 0x03, 0xff}) {
    Bytes b = reference_;
    b[0] = v;
    invalid(b, "first byte " + to_hex(Bytes{v}), "WrongVersion", {"REQ-PAIR-7"},
            "malformed_payload");
  }
  invalid({}, "empty payload", "LengthMismatch", {"REQ-PAIR-8"}, "malformed_payload");
  invalid({0x02}, "version byte only", "LengthMismatch", {"REQ-PAIR-8"}, "malformed_payload");
  invalid({0x02, 0x01}, "truncated body length", "LengthMismatch", {"REQ-PAIR-8"},
          "malformed_payload");
  for (int delta : {+1, -1, +1000}) {
    Bytes b = reference_;
    size_t declared = body_len_ + delta;
    b[1] = static_cast<uint8_t>(declared >> 8);
    b[2] = static_cast<uint8_t>(declared);
    invalid(b, "declared body length " + std::to_string(delta) + " off", "LengthMismatch",
            {"REQ-PAIR-8"}, "malformed_payload");
  }
  {
    Bytes b = reference_;
    b[1] = 0xff;
    b[2] = 0xff;
    invalid(b, "declared body length 65535", "LengthMismatch", {"REQ-PAIR-8"}, "malformed_payload");
    Bytes body(reference_body_.begin(), reference_body_.begin() + 159);
    invalid(kit_.frame(body, kit_.sign(alice_, body)), "signed body of 159 bytes", "ShortBody",
            {"REQ-PAIR-9"}, "malformed_payload");
    Bytes empty_body;
    invalid(kit_.frame(empty_body, kit_.sign(alice_, empty_body)), "signed empty body", "ShortBody",
            {"REQ-PAIR-9"}, "malformed_payload");
  }
}

void OpenCases::signature_length_and_trailing_cases() {
  for (int delta : {+1, -1}) {
    Bytes b = reference_;
    b[sig_at_ - 1] = static_cast<uint8_t>(b[sig_at_ - 1] + delta);
    invalid(b, "declared signature length " + std::to_string(delta) + " off", "LengthMismatch",
            {"REQ-PAIR-10"}, "malformed_payload");
  }
  {
    Bytes b = reference_;
    b[sig_at_ - 1] = 0;
    invalid(b, "declared signature length 0 with the signature present", "LengthMismatch",
            {"REQ-PAIR-10"}, "malformed_payload");
    b = reference_;
    b.resize(b.size() - 1);
    invalid(b, "last signature byte missing", "LengthMismatch", {"REQ-PAIR-10"},
            "malformed_payload");
    b = reference_;
    b.resize(sig_at_ - 1);
    invalid(b, "signature and its length missing", "LengthMismatch", {"REQ-PAIR-8"},
            "malformed_payload");
  }
  for (const Bytes& extra : {Bytes{0x00}, Bytes{0xff}, Bytes(16, 0x41)}) {
    Bytes b = reference_;
    append(b, extra);
    invalid(b, std::to_string(extra.size()) + " trailing byte(s) " + to_hex(extra).substr(0, 2),
            "TrailingBytes", {"REQ-PAIR-10"}, "malformed_payload");
  }
  {
    Bytes b = reference_;
    append(b, ByteView(reference_).subspan(sig_at_ - 1));
    invalid(b, "signature length and signature repeated", "TrailingBytes", {"REQ-PAIR-10"},
            "malformed_payload");
  }
}

void OpenCases::signature_cases() {
  for (size_t off : {size_t{0}, size_t{5}, size_t{40}, reference_.size() - sig_at_ - 1}) {
    Bytes b = reference_;
    b[sig_at_ + off] ^= 0x01;
    invalid(b, "signature byte " + std::to_string(off) + " flipped", "ModifiedSignature",
            {"REQ-PAIR-11"}, "bad_signature");
  }
  for (size_t off : {size_t{0}, size_t{159}, size_t{160}, body_len_ - 1}) {
    Bytes b = reference_;
    b[3 + off] ^= 0x80;
    invalid(b, "body byte " + std::to_string(off) + " flipped after signing", "ModifiedBody",
            {"REQ-PAIR-11"}, "bad_signature");
  }
  invalid(kit_.frame(reference_body_, kit_.sign(mallory_, reference_body_)),
          "signed by another device than the claimed sender", "WrongSigner", {"REQ-PAIR-11"},
          "bad_signature");
  invalid(kit_.frame(reference_body_, kit_.sign(alice_, reference_body_, Hash::sha256)),
          "signed over SHA-256(body)", "WrongHash", {"REQ-PAIR-5", "REQ-PAIR-11"}, "bad_signature");
  invalid(
      kit_.frame(reference_body_, kit_.sign(alice_, reference_body_, Hash::sha1, SigFormat::raw)),
      "signature as raw r||s", "SignatureEncoding", {"REQ-PAIR-5", "REQ-PAIR-11"}, "bad_signature");
  {
    Bytes sig = kit_.sign(alice_, reference_body_);
    Bytes ber = {0x30, 0x81, sig[1]};
    ber.insert(ber.end(), sig.begin() + 2, sig.end());
    invalid(kit_.frame(reference_body_, ber), "signature with a long-form DER length",
            "SignatureEncoding", {"REQ-PAIR-11"}, "bad_signature");
    Bytes whole = Bytes(reference_.begin(), reference_.begin() + sig_at_ - 1);
    invalid(kit_.frame(reference_body_, kit_.sign(alice_, whole)), "signature over header and body",
            "WrongSignedData", {"REQ-PAIR-11"}, "bad_signature");
    Bytes zero = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};
    invalid(kit_.frame(reference_body_, zero), "signature r = s = 0", "ModifiedSignature",
            {"REQ-PAIR-11"}, "bad_signature");
    invalid(kit_.frame(reference_body_, {}), "empty signature", "ModifiedSignature",
            {"REQ-PAIR-11"}, "bad_signature");
  }
}

void OpenCases::recipient_and_tag_cases() {
  invalid(
      [&] {
        Recipe r = recipe(200);
        r.oaep_to = &carol_.identity();
        return kit_.payload(kit_.build(r));
      }(),
      "sealed for another device", "WrongRecipient", {"REQ-PAIR-14", "REQ-PAIR-16"},
      "decrypt_failed");
  for (size_t bit : {0, 7, 8, 20, 39}) {
    Recipe r = recipe(200);
    r.flip_tag_bit = bit;
    invalid(kit_.payload(kit_.build(r)), "tag bit " + std::to_string(bit) + " flipped, signed",
            "WrongTag", {"REQ-PAIR-12", "REQ-PAIR-14"}, "decrypt_failed");
  }
  for (auto [variant, what] : {std::pair{Recipe::Tag::no_identities, "tag over the plaintext only"},
                               std::pair{Recipe::Tag::swapped, "tag with the identities swapped"},
                               std::pair{Recipe::Tag::no_version, "tag without the 0x02 byte"}}) {
    Recipe r = recipe(200);
    r.tag = variant;
    invalid(kit_.payload(kit_.build(r)), what, "TagWithoutIdentities",
            {"REQ-PAIR-2", "REQ-PAIR-12", "REQ-PAIR-14"}, "decrypt_failed");
  }
  {
    Recipe r = recipe(200);
    r.key = kit_.plaintext(16);
    invalid(kit_.payload(kit_.build(r)), "random 128-bit key, no tag (pre-iOS 9.3)", "RandomKey",
            {"REQ-PAIR-12", "REQ-PAIR-14"}, "decrypt_failed");
    r = recipe(200);
    r.counter_last = 0;
    invalid(kit_.payload(kit_.build(r)), "AES-CTR from counter block 0", "CtrCounterZero",
            {"REQ-PAIR-3", "REQ-PAIR-14"}, "decrypt_failed");
  }
}

void OpenCases::modified_ciphertext_cases() {
  for (size_t off : {size_t{0}, size_t{99}, size_t{100}, size_t{199}}) {
    // Rebuild with one ciphertext bit flipped, then sign as the real sender.
    Recipe r = recipe(200);
    Built b = kit_.build(r);
    size_t pos = off < 100 ? std::string::npos : 160 + (off - 100);
    if (pos == std::string::npos) {
      Bytes block_plain = b.key;
      block_plain.insert(block_plain.end(), b.ciphertext.begin(), b.ciphertext.begin() + 100);
      block_plain[16 + off] ^= 0x01;
      Bytes body =
          bob_.identity().encryption_key().encrypt_oaep_sha1(kit_.rng(), block_plain).value();
      body.insert(body.end(), b.ciphertext.begin() + 100, b.ciphertext.end());
      b.body = body;
    } else {
      b.body[pos] ^= 0x01;
    }
    invalid(kit_.payload(b),
            "ciphertext byte " + std::to_string(off) + " flipped, re-signed by the sender",
            "ModifiedCiphertext", {"REQ-PAIR-12", "REQ-PAIR-14"}, "decrypt_failed");
  }
}

void OpenCases::key_block_cases() {
  for (size_t len : {0, 11, 15}) {
    Recipe r = recipe(200);
    r.block_plain_len = len;
    invalid(kit_.payload(kit_.build(r)),
            "RSA block holds " + std::to_string(len) + " bytes, under the 16-byte key",
            "ShortKeyBlock", {"REQ-PAIR-14"}, "decrypt_failed");
  }
  {
    Bytes body = kit_.plaintext(160);
    body[0] = 0x00;  // below the modulus, so only the padding is wrong
    invalid(kit_.payload({{}, {}, body}), "RSA block of random bytes", "BadOaep", {"REQ-PAIR-14"},
            "decrypt_failed");
    Bytes high(160, 0xff);
    invalid(kit_.payload({{}, {}, high}), "RSA block above the modulus", "BadOaep", {"REQ-PAIR-14"},
            "decrypt_failed");
    Recipe r = recipe(200);
    r.oaep_label = to_bytes("label");
    invalid(kit_.payload(kit_.build(r)), "OAEP with a non-empty label", "BadOaep",
            {"REQ-PAIR-4", "REQ-PAIR-14"}, "decrypt_failed");
  }
}

Json OpenCases::open_group() {
  Json group;
  group["type"] = "PairOpenTest";
  group["sender"] = keys_json(alice_);
  group["recipient"] = keys_json(bob_);
  group["tests"] = tests_.take();
  return group;
}

Json OpenCases::resigned_group(size_t first_ids) {
  TestList resigned;
  for (size_t n : {0, 31, 200, 1000}) {
    Recipe r = recipe(n);
    Built b = kit_.build(r);
    Json& t = resigned.add("Alice's payload of " + std::to_string(n) +
                               " bytes re-signed by Mallory, opened as from Mallory",
                           {"ResignedByAttacker"}, {"REQ-PAIR-14", "REQ-PAIR-15"}, "invalid");
    t["payload"] = to_hex(kit_.frame(b.body, kit_.sign(mallory_, b.body)));
    t["error"] = "decrypt_failed";
  }
  Json attack;
  attack["type"] = "PairOpenTest";
  attack["sender"] = keys_json(mallory_);
  attack["recipient"] = keys_json(bob_);
  // ids continue after the first group's so every tcId in the file is unique
  Json attack_tests = resigned.take();
  for (auto& t : attack_tests) t["tcId"] = t["tcId"].get<size_t>() + first_ids;
  attack["tests"] = std::move(attack_tests);
  return attack;
}

// BotanRng lets Botan draw from an imref Rng, so the keys below are
// reproducible (as the provider's own adapter does).
class BotanRng final : public Botan::RandomNumberGenerator {
 public:
  explicit BotanRng(crypto::Rng& rng) : rng_(rng) {}
  void randomize(uint8_t output[], size_t length) override { rng_.fill({output, length}); }
  bool accepts_input() const override { return false; }
  void add_entropy(const uint8_t[], size_t) override {}
  std::string name() const override { return "imref-vectorgen-rng"; }
  void clear() override {}
  bool is_seeded() const override { return true; }

 private:
  crypto::Rng& rng_;
};

Bytes der(uint8_t tag, ByteView content) {
  Bytes out = {tag};
  const size_t n = content.size();
  if (n >= 256)
    out.insert(out.end(), {0x82, uint8_t(n >> 8), uint8_t(n)});
  else if (n >= 128)
    out.insert(out.end(), {0x81, uint8_t(n)});
  else
    out.push_back(uint8_t(n));
  append(out, content);
  return out;
}

// der_integer is a positive INTEGER from big-endian bytes, minimally encoded.
Bytes der_integer(ByteView value) {
  size_t skip = 0;
  while (skip + 1 < value.size() && value[skip] == 0) ++skip;
  Bytes content;
  if (value[skip] & 0x80) content.push_back(0);
  content.insert(content.end(), value.begin() + skip, value.end());
  return der(0x02, content);
}

Bytes big(const Botan::BigInt& x) {
  return Botan::BigInt::encode(x);
}

// rsa_pkcs8 writes the one PKCS#8 form of REQ-KEY-8 around |ints|: n, e, d,
// p, q, d mod (p-1), d mod (q-1), q^-1 mod p.
Bytes rsa_pkcs8(const std::vector<Bytes>& ints) {
  Bytes key = {0x02, 0x01, 0x00};
  for (const Bytes& v : ints) append(key, der_integer(v));
  Bytes info = {0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86,
                0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
  append(info, der(0x04, der(0x30, key)));
  return der(0x30, info);
}

std::vector<Bytes> parts(const Botan::RSA_PrivateKey& k, const Botan::BigInt& d) {
  return {big(k.get_n()), big(k.get_e()),  big(d),          big(k.get_p()),
          big(k.get_q()), big(k.get_d1()), big(k.get_d2()), big(k.get_c())};
}

Json OpenCases::recipient_key_group(const crypto::Provider& p, size_t first_ids) {
  TestList tests;
  BotanRng botan_rng(kit_.rng());
  const Bytes bob_point = to_public(bob_.identity().signing_public());
  // A recipient of |pkcs8| and an identity holding |modulus|: bob's signing
  // point, so only the RSA key differs from bob.
  auto identity_with = [&](const Bytes& modulus) {
    return PublicIdentity::encode(p, bob_point, modulus).value();
  };
  auto add = [&](const Bytes& pkcs8, const PublicIdentity& id, std::string comment,
                 std::string flag, std::vector<std::string> reqs, bool valid) {
    // alice's payload to |id|: what the key would open if it were imported
    Bytes pt = kit_.plaintext(60);
    Bytes payload = pair::seal(p, kit_.rng(), alice_.sender(), id, pt).value();
    auto imported = make_recipient_keys(p, pkcs8, id);
    claim(imported.ok() == valid, "the reference imports the key of '" + comment + "'");
    if (!valid)
      claim(imported.error().code == Errc::malformed_key, "'" + comment + "' is malformed_key");
    Json& t = tests.add(std::move(comment), {std::move(flag)}, std::move(reqs),
                        valid ? "valid" : "invalid");
    t["recipient"] = Json{{"rsa_private", to_hex(pkcs8)}, {"identity", to_hex(id.blob())}};
    t["payload"] = to_hex(payload);
    if (valid)
      t["plaintext"] = to_hex(pt);
    else
      t["error"] = "malformed_key";
  };
  auto generate = [&](size_t bits, size_t e) { return Botan::RSA_PrivateKey(botan_rng, bits, e); };

  // KEY-3: 1279 and 1281 bits against bob's identity, then a 1272-bit key
  // whose modulus is the first 159 bytes of its identity's: only the size
  // check can refuse it.
  for (size_t bits : {1279, 1281}) {
    auto k = generate(bits, 65537);
    claim(k.get_n().bits() == bits, "'RSA key of N bits'");
    add(rsa_pkcs8(parts(k, k.get_d())), bob_.identity(),
        "RSA key of " + std::to_string(bits) + " bits", "RsaKeySize", {"REQ-KEY-3"}, false);
  }
  {
    auto k = generate(1272, 65537);
    Bytes modulus = big(k.get_n());
    claim(modulus.size() == 159 && (modulus[0] & 0x80), "'RSA key of 1272 bits'");
    modulus.push_back(0x01);  // odd, 1280 bits: an identity, not a key anyone holds
    add(rsa_pkcs8(parts(k, k.get_d())), identity_with(modulus),
        "RSA key of 1272 bits whose modulus begins the identity's", "RsaKeySize", {"REQ-KEY-3"},
        false);
  }
  // KEY-4: exponents 3 and 65539, each with the identity of its modulus.
  for (size_t e : {3, 65539}) {
    auto k = generate(1280, e);
    add(rsa_pkcs8(parts(k, k.get_d())), identity_with(big(k.get_n())),
        "RSA key with exponent " + std::to_string(e) + ", the identity of its modulus",
        "RsaExponent", {"REQ-KEY-4"}, false);
  }
  // KEY-8: d + m * lcm(p - 1, q - 1) is still the private exponent but one
  // byte longer than n; the same key with its own d imports.
  {
    auto k = generate(1280, 65537);
    const PublicIdentity id = identity_with(big(k.get_n()));
    const Botan::BigInt lambda = Botan::lcm(k.get_p() - 1, k.get_q() - 1);
    const Botan::BigInt top = Botan::BigInt::power_of_2(1280);
    const Botan::BigInt long_d = k.get_d() + lambda * ((top / lambda) + 1);
    claim(big(long_d).size() == big(k.get_n()).size() + 1, "'d one byte longer than n'");
    add(rsa_pkcs8(parts(k, long_d)), id, "RSA key whose d is one byte longer than n",
        "RsaIntegerLength", {"REQ-KEY-8"}, false);
    add(rsa_pkcs8(parts(k, k.get_d())), id, "the same RSA key with its own d", "Normal",
        {"REQ-KEY-8", "REQ-PAIR-14"}, true);
  }
  // KEY-8: the same working key in forms other than the one DER form; a
  // lenient reader (OpenSSL's takes most of them) imports it and opens.
  {
    auto k = generate(1280, 65537);
    const PublicIdentity id = identity_with(big(k.get_n()));
    const std::vector<Bytes> ints = parts(k, k.get_d());
    const Bytes alg_null = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                            0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    const Bytes alg_bare(alg_null.begin(), alg_null.end() - 2);
    auto rsa_key = [&](uint8_t version, ByteView e, ByteView after) {
      Bytes key = {0x02, 0x01, version};
      for (size_t i = 0; i < ints.size(); ++i)
        append(key, i == 1 ? Bytes(e.begin(), e.end()) : der_integer(ints[i]));
      append(key, after);
      return der(0x30, key);
    };
    auto info = [&](uint8_t version, ByteView alg, ByteView key, ByteView after) {
      Bytes out = {0x02, 0x01, version};
      append(out, alg);
      append(out, der(0x04, key));
      append(out, after);
      return der(0x30, out);
    };
    const Bytes e = der_integer(ints[1]), no_bytes;
    const Bytes strict = info(0, alg_null, rsa_key(0, e, no_bytes), no_bytes);
    claim(strict == rsa_pkcs8(ints), "the KEY-8 variants start from the one form");
    claim(strict[1] == 0x82, "the one form's outer length has two octets");
    Bytes long_length = {0x30, 0x83, 0x00};
    long_length.insert(long_length.end(), strict.begin() + 2, strict.end());
    const std::vector<std::pair<Bytes, std::string>> forms = {
        {rsa_key(0, e, no_bytes), "a bare PKCS#1 RSAPrivateKey"},
        {info(1, alg_null, rsa_key(0, e, no_bytes), no_bytes), "PrivateKeyInfo version 1"},
        {info(0, alg_bare, rsa_key(0, e, no_bytes), no_bytes),
         "rsaEncryption without its NULL parameters"},
        {info(0, alg_null, rsa_key(1, e, no_bytes), no_bytes), "RSAPrivateKey version 1"},
        {info(0, alg_null, rsa_key(0, e, no_bytes), Bytes{0xa0, 0x00}),
         "an empty attributes [0] after the key"},
        {info(0, alg_null, rsa_key(0, Bytes{0x02, 0x04, 0x00, 0x01, 0x00, 0x01}, no_bytes),
              no_bytes),
         "e with a superfluous leading 00"},
        {long_length, "the outer length in three octets"},
        {info(0, alg_null, rsa_key(0, e, Bytes{0x02, 0x01, 0x00}), no_bytes),
         "an INTEGER after q^-1 mod p"},
        {info(0, alg_null, rsa_key(0, Bytes{0x02, 0x81, 0x03, 0x01, 0x00, 0x01}, no_bytes),
              no_bytes),
         "e's length in the long form 81 03"},
        {info(0, alg_null, rsa_key(0, Bytes{0x02, 0x82, 0x00, 0x03, 0x01, 0x00, 0x01}, no_bytes),
              no_bytes),
         "e's length in the long form 82 00 03"},
    };
    for (const auto& [der_key, what] : forms)
      add(der_key, id, "RSA key in another form: " + what, "RsaKeyEncoding", {"REQ-KEY-8"}, false);
    // The seven INTEGERs after the version without q^-1 mod p.
    Bytes short_key = {0x02, 0x01, 0x00};
    for (size_t i = 0; i + 1 < ints.size(); ++i) append(short_key, der_integer(ints[i]));
    add(info(0, alg_null, der(0x30, short_key), no_bytes), id,
        "RSA key in another form: RSAPrivateKey without q^-1 mod p", "RsaKeyEncoding",
        {"REQ-KEY-8"}, false);
  }
  // KEY-9: a modulus of 16,385 bits (2^16384 + 1) in a key of the right form.
  {
    Bytes n(2049, 0);
    n[0] = 0x01;
    n.back() = 0x01;
    claim(bit_length(n) == 16385, "'modulus of 16,385 bits'");
    const Bytes small = {0x03};
    add(rsa_pkcs8({n, {0x01, 0x00, 0x01}, small, small, small, small, small, small}),
        bob_.identity(), "RSA key with a modulus of 16,385 bits", "RsaKeySize",
        {"REQ-KEY-3", "REQ-KEY-9"}, false);
  }
  // KEY-6: bob's own key with an identity that is not his: carol's, then one
  // whose modulus differs from bob's in its last byte only (still odd).
  {
    const Bytes bob_key = to_public(bob_.rsa_pkcs8().value());
    add(bob_key, carol_.identity(), "bob's RSA key with carol's identity", "KeyNotIdentity",
        {"REQ-KEY-6"}, false);
    Bytes modulus = to_public(bob_.identity().rsa_modulus());
    modulus.back() ^= 0x02;
    add(bob_key, identity_with(modulus),
        "bob's RSA key with an identity whose modulus differs in its last byte", "KeyNotIdentity",
        {"REQ-KEY-6"}, false);
  }
  Json group;
  group["type"] = "PairOpenTest";
  group["sender"] = keys_json(alice_);
  group["recipient"] = keys_json(bob_);
  Json list = tests.take();
  for (auto& t : list) t["tcId"] = t["tcId"].get<size_t>() + first_ids;
  group["tests"] = std::move(list);
  return group;
}

// integer_tlv is an INTEGER of |content| as given, under |tag|.
Bytes integer_tlv(ByteView content, uint8_t tag = 0x02) {
  Bytes out = {tag, static_cast<uint8_t>(content.size())};
  append(out, content);
  return out;
}

// der_signature is a SEQUENCE of |r| and |s| (whole TLVs) and |inside| after
// them, its length |length_delta| off.
Bytes der_signature(ByteView r, ByteView s, ByteView inside = {}, int length_delta = 0) {
  Bytes content(r.begin(), r.end());
  append(content, s);
  append(content, inside);
  Bytes out = {0x30, static_cast<uint8_t>(static_cast<int>(content.size()) + length_delta)};
  append(out, content);
  return out;
}

// minimal_integer is the strict INTEGER of a 32-byte big-endian value.
Bytes minimal_integer(ByteView v) {
  size_t skip = 0;
  while (skip + 1 < v.size() && v[skip] == 0) ++skip;
  Bytes content;
  if (v[skip] & 0x80) content.push_back(0);
  content.insert(content.end(), v.begin() + skip, v.end());
  return integer_tlv(content);
}

Json OpenCases::signature_encoding_group(size_t first_ids) {
  // valid() and invalid() write to tests_, which open_group() emptied.
  claim(tests_.size() == 0, "the signature encoding group starts its own tcIds");
  struct Signed {
    Recipe r;
    Built b;
    Bytes raw;  // r ‖ s, 32 bytes each
  };
  // The next payload whose raw signature |fits|.
  auto next_signed = [&](auto fits) {
    for (;;) {
      Signed out{recipe(200), {}, {}};
      out.b = kit_.build(out.r);
      out.raw = kit_.sign(alice_, out.b.body, Hash::sha1, SigFormat::raw);
      if (fits(out.raw)) return out;
    }
  };
  // r and s each 32 bytes with the top bit clear: their strict INTEGERs are
  // exactly their 32 bytes.
  auto low = [](uint8_t top) { return top != 0 && top < 0x80; };
  const Signed sg = next_signed([&](const Bytes& raw) { return low(raw[0]) && low(raw[32]); });
  const ByteView r = ByteView(sg.raw).first(32), s = ByteView(sg.raw).subspan(32);
  const Bytes r_tlv = integer_tlv(r), s_tlv = integer_tlv(s);
  claim(der_signature(r_tlv, s_tlv) == kit_.sign(alice_, sg.b.body),
        "the strict DER the encoding cases start from is the signer's");
  auto prefixed = [](uint8_t first, ByteView v) {
    Bytes out = {first};
    append(out, v);
    return out;
  };
  auto refused = [&](const Signed& signed_body, const Bytes& sig, const std::string& comment) {
    invalid(kit_.frame(signed_body.b.body, sig), comment, "SignatureEncoding",
            {"REQ-CRYPTO-4", "REQ-PAIR-11"}, "bad_signature");
  };
  refused(sg, der_signature(integer_tlv(prefixed(0x00, r)), s_tlv),
          "r with a superfluous leading 00 (not minimal)");
  refused(sg, der_signature(r_tlv, integer_tlv(prefixed(0x00, s))),
          "s with a superfluous leading 00 (not minimal)");
  refused(sg, der_signature(integer_tlv(prefixed(0x01, r)), s_tlv),
          "r in 33 bytes with a leading 01 (r + 2^256)");
  refused(sg, der_signature(integer_tlv(r, 0x03), s_tlv), "r's tag 03, not INTEGER");
  refused(sg, der_signature(r_tlv, s_tlv, {}, -1), "SEQUENCE length one short");
  refused(sg, der_signature(r_tlv, s_tlv, {}, +1), "SEQUENCE length one over the end");
  refused(sg, der_signature(r_tlv, s_tlv, Bytes{0x00}), "a 00 byte after s in the SEQUENCE");
  {
    // r with its top bit set, written without the 00 that keeps it positive.
    const Signed high = next_signed([](const Bytes& raw) { return (raw[0] & 0x80) != 0; });
    const ByteView hr = ByteView(high.raw).first(32), hs = ByteView(high.raw).subspan(32);
    claim(der_signature(minimal_integer(hr), minimal_integer(hs)) == kit_.sign(alice_, high.b.body),
          "the high-r signature's strict DER is the signer's");
    refused(high, der_signature(integer_tlv(hr), minimal_integer(hs)),
            "r with its top bit set and no 00 pad (a negative INTEGER)");
  }
  valid(sg.r, sg.b, kit_.frame(sg.b.body, der_signature(r_tlv, s_tlv)),
        "the strict DER of the same signature", {"Normal"}, {"REQ-CRYPTO-4", "REQ-PAIR-11"});
  Json group;
  group["type"] = "PairOpenTest";
  group["sender"] = keys_json(alice_);
  group["recipient"] = keys_json(bob_);
  Json list = tests_.take();
  for (auto& t : list) t["tcId"] = t["tcId"].get<size_t>() + first_ids;
  group["tests"] = std::move(list);
  return group;
}

}  // namespace

Json pair_open_vectors(const crypto::Provider& p) {
  OpenCases cases(p);
  cases.valid_cases();
  cases.make_reference();
  cases.version_and_body_length_cases();
  cases.signature_length_and_trailing_cases();
  cases.signature_cases();
  cases.recipient_and_tag_cases();
  cases.modified_ciphertext_cases();
  cases.key_block_cases();
  const Json group = cases.open_group();
  const Json attack = cases.resigned_group(group["tests"].size());
  const Json keys = cases.recipient_key_group(p, group["tests"].size() + attack["tests"].size());
  const Json encodings = cases.signature_encoding_group(
      group["tests"].size() + attack["tests"].size() + keys["tests"].size());

  return envelope("imref-pair-open", "pair_open_test_schema.json",
                  {"Opening pair payloads (docs/spec.md REQ-PAIR-*).",
                   "Groups carry full key material of both devices; tests carry the payload and "
                   "either the plaintext (with the seed and key that made it) or the error class.",
                   "A test's own recipient (rsa_private and identity, as pair.open takes them) "
                   "replaces the group's.",
                   "Payloads were made with the Botan backend from seeded generators; RSA-OAEP and "
                   "ECDSA outputs are checked by opening, never compared."},
                  notes(), Json::array({group, attack, keys, encodings}));
}

namespace {

// add_scalar_range_cases seals with signing scalars at and past each end of
// [1, n-1] and of the 32-byte length (REQ-KEY-5, REQ-KEY-7). A test's "sender"
// replaces the group's: the scalar and an identity of the point it makes with
// alice's modulus, so an implementation that reduces the scalar mod n or
// reads past its length finds a matching identity and seals.
void add_scalar_range_cases(const crypto::Provider& p, TestList& tests, crypto::Rng& rng,
                            const DeviceKeys& alice, const DeviceKeys& bob) {
  const Bytes order(std::begin(kP256Order), std::end(kP256Order));
  Bytes one(32, 0), below_order = order, above_order = order;
  one[31] = 1;
  below_order[31] -= 1;  // n - 1; n ends in 0x51, so no borrow
  above_order[31] += 1;  // n + 1 = 1 mod n
  auto identity_of = [&](const Bytes& scalar) {
    Bytes point = p.ec_private_from_scalar(scalar).value()->public_key().point();
    return PublicIdentity::encode(p, point, alice.identity().rsa_modulus()).value();
  };
  const PublicIdentity g = identity_of(one), minus_g = identity_of(below_order);
  auto sender = [](const Bytes& scalar, const PublicIdentity& id) {
    return Json{{"signing_private", to_hex(scalar)}, {"identity", to_hex(id.blob())}};
  };
  for (const auto& [scalar, id, what] :
       {std::tuple{one, &g, "1"}, std::tuple{below_order, &minus_g, "n - 1"}}) {
    forge::Recipe r;
    r.plaintext = rng.bytes(40);
    r.seed = rng.bytes(pair::kSeedLen);
    Built b = forge::build_body(p, rng, *id, bob.identity(), r).value();
    Json& t = tests.add(std::string("signing scalar ") + what + ", the identity of its point",
                        {"ScalarEdge"}, {"REQ-KEY-5", "REQ-KEY-7", "REQ-PAIR-1"}, "valid");
    t["sender"] = sender(scalar, *id);
    t["plaintext"] = to_hex(r.plaintext);
    t["seed"] = to_hex(r.seed);
    t["key"] = to_hex(b.key);
    t["ciphertext"] = to_hex(b.ciphertext);
  }
  auto refused = [&](const Bytes& scalar, const PublicIdentity& id, const std::string& comment,
                     const std::string& flag) {
    Json& t = tests.add(comment, {flag}, {"REQ-KEY-5", "REQ-KEY-7", "REQ-PAIR-19"}, "invalid");
    t["sender"] = sender(scalar, id);
    t["plaintext"] = "68656c6c6f";
    t["seed"] = to_hex(rng.bytes(pair::kSeedLen));
    t["error"] = "malformed_key";
  };
  refused(Bytes(32, 0), g, "signing scalar 0", "ScalarOutOfRange");
  refused(order, g, "signing scalar n", "ScalarOutOfRange");
  refused(above_order, g, "signing scalar n + 1 (1 mod n), the identity of 1", "ScalarOutOfRange");
  refused(Bytes(32, 0xff), g, "signing scalar 2^256 - 1", "ScalarOutOfRange");
  refused(Bytes(one.begin() + 1, one.end()), g, "signing scalar 1 in 31 bytes", "ScalarLength");
  Bytes padded = {0};
  append(padded, one);
  refused(padded, g, "signing scalar 1 in 33 bytes (a leading 00)", "ScalarLength");
  Bytes alice_padded = {0};
  append(alice_padded, alice.signing_scalar());
  refused(alice_padded, alice.identity(), "alice's signing scalar in 33 bytes (a leading 00)",
          "ScalarLength");
}

}  // namespace

Json pair_seal_vectors(const crypto::Provider& p) {
  DeviceKeys alice = vector_device(p, "alice"), bob = vector_device(p, "bob");
  PairKit kit(p, alice, bob);
  crypto::DeterministicRng rng(20261128, "pair-seal-vectors");
  TestList tests;
  for (size_t n : {0, 1, 16, 99, 100, 101, 102, 118, 200, 1000, 4096}) {
    Recipe r;
    r.plaintext = rng.bytes(n);
    r.seed = rng.bytes(pair::kSeedLen);
    Built b = kit.build(r);
    Json& t =
        tests.add("seal " + std::to_string(n) + " bytes with a given seed", {"SeedGiven"},
                  {"REQ-PAIR-1", "REQ-PAIR-2", "REQ-PAIR-3", "REQ-PAIR-4", "REQ-PAIR-5"}, "valid");
    t["plaintext"] = to_hex(r.plaintext);
    t["seed"] = to_hex(r.seed);
    t["key"] = to_hex(b.key);
    t["ciphertext"] = to_hex(b.ciphertext);
  }
  {
    Json& t = tests.add("largest plaintext plus one byte", {"TooLarge"}, {"REQ-PAIR-6"}, "invalid");
    t["plaintext"] = to_hex(Bytes(pair::kMaxPlaintextLen + 1, 0x61));
    t["seed"] = to_hex(rng.bytes(pair::kSeedLen));
    t["error"] = "too_large";
  }
  for (size_t len : {10, 12}) {
    Json& t = tests.add("seed of " + std::to_string(len) + " bytes", {"BadSeed"}, {"REQ-PAIR-1"},
                        "invalid");
    t["plaintext"] = "68656c6c6f";
    t["seed"] = to_hex(rng.bytes(len));
    t["error"] = "invalid_argument";
  }
  {
    // Both refusals apply; the size comes first (REQ-PAIR-19; docs/fuzzing.md, finding FZ1).
    Json& t = tests.add("largest plaintext plus one byte with a seed of 10 bytes",
                        {"TooLarge", "BadSeed"}, {"REQ-PAIR-6", "REQ-PAIR-19"}, "invalid");
    t["plaintext"] = to_hex(Bytes(pair::kMaxPlaintextLen + 1, 0x61));
    t["seed"] = to_hex(rng.bytes(10));
    t["error"] = "too_large";
    // Below strict, the order is not checked: either rule's class passes (REQ-CHECK-11).
    t["acceptable_errors"] =
        Json::array({{{"error", "too_large"}, {"requirement", "REQ-PAIR-6"}},
                     {{"error", "invalid_argument"}, {"requirement", "REQ-PAIR-1"}}});
  }
  {
    // The largest plaintext seal takes (REQ-PAIR-6): its body is 65,535 bytes.
    Recipe r;
    r.plaintext = rng.bytes(pair::kMaxPlaintextLen);
    r.seed = rng.bytes(pair::kSeedLen);
    Built b = kit.build(r);
    claim(b.body.size() == pair::kMaxBodyLen, "'seal 65475 bytes' makes a 65,535-byte body");
    Json& t = tests.add("seal 65475 bytes with a given seed", {"SeedGiven", "EdgeLength"},
                        {"REQ-PAIR-4", "REQ-PAIR-6"}, "valid");
    t["plaintext"] = to_hex(r.plaintext);
    t["seed"] = to_hex(r.seed);
    t["key"] = to_hex(b.key);
    t["ciphertext"] = to_hex(b.ciphertext);
  }
  add_scalar_range_cases(p, tests, rng, alice, bob);
  Json group;
  group["type"] = "PairSealTest";
  group["sender"] = keys_json(alice);
  group["recipient"] = keys_json(bob);
  group["tests"] = tests.take();
  return envelope(
      "imref-pair-seal", "pair_seal_test_schema.json",
      {"Sealing pair payloads with a given seed (REQ-PAIR-1..6, REQ-PAIR-19; the sender's "
       "signing key, REQ-KEY-5, REQ-KEY-7).",
       "The key (seed ‖ tag) and the AES-CTR ciphertext are exact; check a sealed "
       "payload by decrypting its RSA block with the recipient's key: it must hold the "
       "key and then min(100, n) ciphertext bytes, the body tail the rest, and the "
       "signature must verify.",
       "A test's own sender (signing_private and identity, as pair.seal takes them) "
       "replaces the group's."},
      notes(), Json::array({group}));
}

}  // namespace imref::vectorgen
