// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The message suite's cases for the layers under the message: MMCS
// attachment objects (attachment.encrypt, attachment.decrypt; REQ-ATTACH-*)
// and the push envelope as bytes (envelope.encode, envelope.decode;
// REQ-ENVELOPE-*, REQ-PLIST-*). Vector cases from message_wire_test.json,
// then live cross-checks against the reference in both directions.
#include <algorithm>
#include <cctype>

#include "envelope_json.h"
#include "imref/attachment.h"
#include "imref/envelope.h"
#include "suites.h"
#include "vector_node.h"

namespace imref::check {

namespace {

constexpr const char* kSuite = "message";

Case make_case(std::string id, std::vector<std::string> ops, BoundCheck run) {
  return Case{"message/wire/" + std::move(id), kSuite, std::move(ops), std::move(run), {}};
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// lower_hex lower-cases the hex members of an envelope's JSON form, so an
// implementation may answer in either case.
json lower_hex(json e) {
  if (!e.is_object()) return e;
  for (const char* k : {"U", "t", "P", "sT"})
    if (e.contains(k) && e[k].is_string()) e[k] = lower(e[k].get<std::string>());
  if (e.contains("dtl") && e["dtl"].is_array())
    for (json& entry : e["dtl"]) entry = lower_hex(entry);
  return e;
}

// ---------------------------------------------------------------------------
// Attachments.

Outcome expect_object(const Reply& reply, const json& want) {
  if (!is_success(reply)) return Outcome::failed("refused to encrypt", "success", describe(reply));
  for (const char* k : {"ciphertext", "decryption_key", "signature"}) {
    std::string got = lower(field_string(reply, k));
    if (got != want.at(k)) return Outcome::failed(std::string("wrong ") + k, want.at(k), got);
  }
  return Outcome::passed();
}

Outcome expect_content(const Reply& reply, const std::string& content) {
  if (!is_success(reply))
    return Outcome::failed("refused a valid object", "success", describe(reply));
  std::string got = lower(field_string(reply, "content"));
  if (got != lower(content)) return Outcome::failed("wrong content", lower(content), got);
  return Outcome::passed();
}

void add_attachment_cases(std::vector<Case>& cases, const VectorNode& group) {
  for (const VectorNode& t : group["tests"].elements()) {
    const VectorTest test = read_vector_test(t);
    const std::string n = std::to_string(test.tc_id);
    const json decrypt = {{"ciphertext", t["ciphertext"].hex_string()},
                          {"decryption_key", t["decryption_key"].hex_string()},
                          {"signature", t["signature"].hex_string()}};
    if (!test.valid) {
      cases.push_back(
          make_case("attachment/decrypt/" + n, {"attachment.decrypt"}, [decrypt, test](Session& s) {
            return expect_error(s.call("attachment.decrypt", decrypt), test.error);
          }));
      continue;
    }
    const std::string content = t["content"].hex_string();
    const json encrypt = {{"content", content}, {"key", t["key"].hex_string()}};
    json want;
    for (const char* k : {"ciphertext", "decryption_key", "signature"})
      want[k] = lower(decrypt[k].get<std::string>());
    cases.push_back(
        make_case("attachment/encrypt/" + n, {"attachment.encrypt"}, [encrypt, want](Session& s) {
          return expect_object(s.call("attachment.encrypt", encrypt), want);
        }));
    cases.push_back(make_case(
        "attachment/decrypt/" + n, {"attachment.decrypt"}, [decrypt, content](Session& s) {
          return expect_content(s.call("attachment.decrypt", decrypt), content);
        }));
  }
}

const std::vector<size_t> kContentLengths = {0, 1, 15, 16, 17, 255, 4096, 70000};

// iut_encrypts_reference_decrypts: objects the implementation makes under
// keys it draws must open with the reference, and two keys must differ.
Outcome iut_encrypts_reference_decrypts(Session& s) {
  std::vector<std::string> keys;
  for (size_t len : kContentLengths) {
    Bytes content = s.rng().bytes(len);
    Reply r = s.call("attachment.encrypt", {{"content", to_hex(content)}});
    if (!is_success(r)) return Outcome::failed("refused to encrypt", "success", describe(r));
    auto ct = from_hex(field_string(r, "ciphertext"));
    auto dk = from_hex(field_string(r, "decryption_key"));
    auto sig = from_hex(field_string(r, "signature"));
    if (!ct.ok() || !dk.ok() || !sig.ok())
      return Outcome::failed("answer is not hex", "ciphertext, decryption_key, signature",
                             r.response.dump());
    if (dk->size() != attachment::kWireKeyLen || sig->size() != attachment::kSignatureLen)
      return Outcome::failed("wrong sizes", "33-byte decryption_key, 21-byte signature",
                             std::to_string(dk->size()) + ", " + std::to_string(sig->size()));
    auto back = attachment::unseal(s.reference(), *ct, *dk, *sig);
    if (!back.ok())
      return Outcome::failed("the reference cannot open the object", "content",
                             back.error().detail);
    if (!std::equal(back->begin(), back->end(), content.begin(), content.end()))
      return Outcome::failed("the object holds other content", to_hex(content), to_hex(*back));
    keys.push_back(to_hex(*dk));
  }
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end())
    return Outcome::failed("a key was drawn twice", "a fresh key per object", "a repeated key");
  return Outcome::passed();
}

Outcome reference_encrypts_iut_decrypts(Session& s) {
  for (size_t len : kContentLengths) {
    Bytes content = s.rng().bytes(len);
    auto o = attachment::seal_fresh(s.reference(), s.rng(), content);
    if (!o.ok()) return Outcome::failed("reference failed", "", o.error().detail);
    Outcome out =
        expect_content(s.call("attachment.decrypt", {{"ciphertext", to_hex(o->ciphertext)},
                                                     {"decryption_key", to_hex(o->decryption_key)},
                                                     {"signature", to_hex(o->signature)}}),
                       to_hex(content));
    if (out.status != Status::pass) {
      out.reason += " (" + std::to_string(len) + "-byte content)";
      return out;
    }
  }
  return Outcome::passed();
}

// bit_flips_refused flips one bit in every byte of a ciphertext, of the
// signature's hash (blob_mismatch), and of both prefixes (malformed_message).
Outcome bit_flips_refused(Session& s) {
  auto o = attachment::seal_fresh(s.reference(), s.rng(), s.rng().bytes(48)).value();
  auto request = [&](const Bytes& ct, ByteView dk, const Bytes& sig) {
    return json{
        {"ciphertext", to_hex(ct)}, {"decryption_key", to_hex(dk)}, {"signature", to_hex(sig)}};
  };
  auto bit = [&s]() { return static_cast<uint8_t>(1u << (s.rng().bytes(1)[0] % 8)); };
  for (size_t i = 0; i < o.ciphertext.size(); ++i) {
    Bytes ct = o.ciphertext;
    ct[i] ^= bit();
    Outcome out = expect_error(
        s.call("attachment.decrypt", request(ct, o.decryption_key, o.signature)), "blob_mismatch");
    if (out.status != Status::pass) {
      out.reason += " (ciphertext byte " + std::to_string(i) + " changed)";
      return out;
    }
  }
  for (size_t i = 0; i < o.signature.size(); ++i) {
    Bytes sig = o.signature;
    sig[i] ^= bit();
    Outcome out =
        expect_error(s.call("attachment.decrypt", request(o.ciphertext, o.decryption_key, sig)),
                     i == 0 ? "malformed_message" : "blob_mismatch");
    if (out.status != Status::pass) {
      out.reason += " (signature byte " + std::to_string(i) + " changed)";
      return out;
    }
  }
  SecretBytes dk = o.decryption_key;
  dk[0] ^= bit();
  return expect_error(s.call("attachment.decrypt", request(o.ciphertext, dk, o.signature)),
                      "malformed_message");
}

// ---------------------------------------------------------------------------
// Envelopes.

Outcome expect_envelope(const Reply& reply, const json& want) {
  if (!is_success(reply))
    return Outcome::failed("refused a valid envelope", "success", describe(reply));
  json got = reply.response.value("envelope", json());
  if (lower_hex(got) != want) return Outcome::failed("wrong envelope", want.dump(), got.dump());
  return Outcome::passed();
}

// expect_encoded: the implementation's bytes must decode, with the
// reference, to |want| (the writer chooses key order and widths).
Outcome expect_encoded(Session&, const Reply& reply, const json& want) {
  if (!is_success(reply))
    return Outcome::failed("refused to encode a valid envelope", "success", describe(reply));
  auto bytes = from_hex(field_string(reply, "bytes"));
  if (!bytes.ok()) return Outcome::failed("bytes is not hex", "hex", reply.response.dump());
  auto e = envelope::decode(*bytes);
  if (!e.ok())
    return Outcome::failed("the reference refuses the bytes", want.dump(),
                           e.error().detail + ": " + to_hex(*bytes));
  json got = conformance::envelope_json(*e);
  if (got != want)
    return Outcome::failed("the bytes hold another envelope", want.dump(), got.dump());
  return Outcome::passed();
}

void add_envelope_cases(std::vector<Case>& cases, const VectorNode& group) {
  for (const VectorNode& t : group["tests"].elements()) {
    const VectorTest test = read_vector_test(t);
    const std::string n = std::to_string(test.tc_id);
    const json decode = {{"bytes", t["bytes"].hex_string()}};
    if (!test.valid) {
      cases.push_back(
          make_case("envelope/decode/" + n, {"envelope.decode"}, [decode, test](Session& s) {
            return expect_error(s.call("envelope.decode", decode), test.error);
          }));
      continue;
    }
    const json want = t["envelope"].value();
    if (!want.is_object()) t["envelope"].fail("is not an object");
    cases.push_back(
        make_case("envelope/decode/" + n, {"envelope.decode"}, [decode, want](Session& s) {
          return expect_envelope(s.call("envelope.decode", decode), want);
        }));
    cases.push_back(make_case("envelope/encode/" + n, {"envelope.encode"}, [want](Session& s) {
      return expect_encoded(s, s.call("envelope.encode", {{"envelope", want}}), want);
    }));
  }
}

std::string random_handle(crypto::Rng& rng) {
  Bytes b = rng.bytes(6);
  if (b[0] & 1) {
    std::string n = "tel:+1";
    for (size_t i = 1; i < 6; ++i) n += std::to_string(b[i] % 100 + 100).substr(1);
    return n;
  }
  return "mailto:u" + to_hex(ByteView(b).subspan(1, 3)) + "@example.com";
}

// random_envelope draws either form with every optional key present or not.
envelope::Envelope random_envelope(crypto::Rng& rng) {
  Bytes coin = rng.bytes(16);
  auto maybe = [&coin](size_t i) { return (coin[i] & 1) != 0; };
  auto payload = [&rng]() { return rng.bytes(1 + rng.bytes(1)[0]); };
  const int64_t commands[] = {100, 101, 102, 104, 109, 118};
  if (maybe(0)) {
    envelope::Send s;
    s.command = commands[coin[1] % 6];
    s.uuid = rng.bytes(16);
    s.sender = random_handle(rng);
    if (maybe(2)) s.id = coin[3] * 0x1000000LL + 7;
    if (maybe(4)) s.version = 8;
    if (maybe(5)) s.user_agent = "[macOS,14.5,23F79,MacBookPro18,3]";
    if (maybe(6)) s.chunk = 1 + coin[6] % 3;
    if (maybe(7)) s.encryption = maybe(8) ? "pair" : "pair-ec";
    for (size_t k = 0; k < 1u + coin[9] % 4; ++k) {
      envelope::Target t;
      t.handle = random_handle(rng);
      t.token = rng.bytes(32);
      Bytes c = rng.bytes(4);
      if (c[0] & 1) t.session_token = rng.bytes(48);
      if (c[1] & 1) t.delivery_receipt = (c[1] & 2) != 0;
      if (c[2] & 1) t.encryption = "pair";
      if ((c[3] & 1) && (t.encryption || s.encryption)) t.payload = payload();
      s.targets.push_back(std::move(t));
    }
    if (maybe(10)) s.no_response = maybe(11);
    if (maybe(12)) s.expiry = 0;
    return s;
  }
  envelope::Received r;
  r.command = commands[coin[1] % 6];
  r.uuid = rng.bytes(16);
  r.sender = random_handle(rng);
  r.target = random_handle(rng);
  r.sender_token = rng.bytes(32);
  if (maybe(2)) {
    r.encryption = maybe(3) ? "pair" : "pair-ec";
    if (maybe(4)) r.payload = payload();
  }
  if (maybe(5)) r.timestamp_ns = 1764752400000000000LL + coin[6];
  if (maybe(7)) r.delivery_receipt = maybe(8);
  if (maybe(9)) r.no_response = maybe(10);
  if (maybe(11)) r.expiry = 0;
  if (maybe(12)) r.original_command = 100;
  return r;
}

Outcome envelopes_both_ways(Session& s) {
  for (int i = 0; i < 24; ++i) {
    envelope::Envelope e = random_envelope(s.rng());
    json want = conformance::envelope_json(e);
    Bytes bytes = envelope::encode(e).value();
    Outcome o = expect_envelope(s.call("envelope.decode", {{"bytes", to_hex(bytes)}}), want);
    if (o.status == Status::pass)
      o = expect_encoded(s, s.call("envelope.encode", {{"envelope", want}}), want);
    if (o.status != Status::pass) {
      o.reason += " (envelope " + want.dump() + ")";
      return o;
    }
  }
  return Outcome::passed();
}

}  // namespace

Result<std::vector<Case>> message_wire_cases(const SuiteContext& ctx) {
  return build_cases([&]() -> Result<std::vector<Case>> {
    std::vector<Case> cases;
    IMREF_TRY(const json file, load_vector_file(ctx, "message_wire_test.json"));
    const VectorNode root(file, ctx.vectors_dir + "/message_wire_test.json");
    for (const VectorNode& g : root["testGroups"].elements()) {
      const std::string type = g["type"].string();
      if (type == "AttachmentTest")
        add_attachment_cases(cases, g);
      else if (type == "EnvelopeTest")
        add_envelope_cases(cases, g);
      else
        g["type"].fail("is not AttachmentTest or EnvelopeTest");
    }
    cases.push_back(make_case("attachment/live/iut_encrypts_reference_decrypts",
                              {"attachment.encrypt"}, iut_encrypts_reference_decrypts));
    cases.push_back(make_case("attachment/live/reference_encrypts_iut_decrypts",
                              {"attachment.decrypt"}, reference_encrypts_iut_decrypts));
    cases.push_back(
        make_case("attachment/live/bit_flips_refused", {"attachment.decrypt"}, bit_flips_refused));
    cases.push_back(make_case("envelope/live/both_ways", {"envelope.decode", "envelope.encode"},
                              envelopes_both_ways));
    return cases;
  });
}

}  // namespace imref::check
