// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The pair suite (REQ-PAIR-*): vector cases from pair_open_test.json and
// pair_seal_test.json, then live cross-checks in both directions and
// tampering the implementation must refuse with the right class.
#include <memory>
#include <optional>

#include "imref/pair.h"
#include "output_checks.h"
#include "pair_forge.h"
#include "property.h"
#include "suites.h"
#include "vector_device.h"
#include "vector_node.h"

namespace imref::check {

namespace {

// The devices of the vector files, imported once into the reference. Each
// *_json holds the device's four hex strings (device_json), as requests send them.
struct Devices {
  DeviceKeys alice, bob, mallory;
  json alice_json, bob_json, mallory_json;
};

// read_device reads a vector file's device strictly: the four keys, each a
// hex string.
conformance::VectorDevice read_device(const VectorNode& d) {
  return {d["rsa_private"].hex_string(), d["signing_private"].hex_string(),
          d["encryption_private"].hex_string(), d["identity"].hex_string()};
}

// device_json is a vector file's device as requests send it.
json device_json(const VectorNode& d) {
  return conformance::to_json(read_device(d));
}

// key_override reads a test's own sender or recipient strictly: |key| (the
// private key) and the identity, each a hex string, as requests send them.
json key_override(const VectorNode& n, const char* key) {
  n.reject_unknown_members({key, "identity"});
  return {{key, n[key].hex_string()}, {"identity", n["identity"].hex_string()}};
}

json open_request(const json& recipient, const json& sender, const Bytes& payload) {
  return {{"recipient",
           {{"rsa_private", recipient.at("rsa_private")}, {"identity", recipient.at("identity")}}},
          {"sender_identity", sender.at("identity")},
          {"payload", to_hex(payload)}};
}

json seal_request(const json& sender, const json& recipient, const std::string& plaintext_hex) {
  return {
      {"sender",
       {{"signing_private", sender.at("signing_private")}, {"identity", sender.at("identity")}}},
      {"recipient_identity", recipient.at("identity")},
      {"plaintext", plaintext_hex}};
}

Outcome expect_plaintext(const Reply& reply, const std::string& want) {
  if (!is_success(reply))
    return Outcome::failed("refused a valid payload", "success", describe(reply));
  std::string got = field_string(reply, "plaintext");
  if (got != want) return Outcome::failed("wrong plaintext", want, got);
  return Outcome::passed();
}

Case live(std::string name, std::vector<std::string> ops, std::function<Outcome(Session&)> run) {
  return Case{"pair/live/" + std::move(name), "pair", std::move(ops), std::move(run), {}};
}

Case live_property(std::string name, std::vector<std::string> ops,
                   std::function<rc::Gen<json>()> gen, Replay check,
                   std::vector<std::string> requirements = {}) {
  return property_case(Property{"pair/live/" + std::move(name), "pair", std::move(ops), 12,
                                std::move(gen), std::move(check), std::move(requirements)});
}

// Plaintexts for properties: the layout's boundary lengths or any length up
// to 3000 bytes, random content.
rc::Gen<std::string> gen_plaintext() {
  static const std::vector<size_t> kEdges = {0,   1,   15,  16,  99,   100,
                                             101, 102, 117, 118, 1000, pair::kMaxPlaintextLen};
  // The arbitrary branch first: oneOf shrinks towards its first generator,
  // so counterexamples shrink towards short plaintexts.
  return rc::gen::oneOf(
      gen_hex(3000), rc::gen::mapcat(rc::gen::elementOf(kEdges), [](size_t n) {
        return rc::gen::map(
            rc::gen::container<std::vector<uint8_t>>(n, rc::gen::arbitrary<uint8_t>()),
            [](const std::vector<uint8_t>& v) { return to_hex(v); });
      }));
}

rc::Gen<json> gen_plaintext_input() {
  return rc::gen::map(gen_plaintext(), [](std::string pt) { return json{{"plaintext", pt}}; });
}

// The inputs of the properties, read strictly (REQ-CHECK-7): what a
// generator makes and what a hand-edited case file holds pass one reader,
// and anything else is refused before the check runs.
Bytes read_plaintext(const VectorNode& node) {
  Bytes plaintext = node.hex();
  if (plaintext.size() > pair::kMaxPlaintextLen)
    node.fail("is over " + std::to_string(pair::kMaxPlaintextLen) + " bytes, more than seal takes");
  return plaintext;
}

Bytes read_plaintext_input(const VectorNode& in) {
  in.reject_unknown_members({"plaintext"});
  return read_plaintext(in["plaintext"]);
}

struct SeedInput {
  Bytes plaintext, seed;
};
SeedInput read_seed_input(const VectorNode& in) {
  in.reject_unknown_members({"plaintext", "seed"});
  SeedInput out{read_plaintext(in["plaintext"]), in["seed"].hex()};
  if (out.seed.size() != pair::kSeedLen)
    in["seed"].fail("is not " + std::to_string(pair::kSeedLen) + " bytes");
  return out;
}

struct BitFlipInput {
  Bytes plaintext;
  uint64_t position;  // reduced modulo the payload's length
  int bit;
};
BitFlipInput read_bit_flip_input(const VectorNode& in) {
  in.reject_unknown_members({"plaintext", "position", "bit"});
  return {read_plaintext(in["plaintext"]), in["position"].unsigned_integer(),
          static_cast<int>(in["bit"].integer_in(0, 7))};
}

struct WrongTagInput {
  Bytes plaintext;
  size_t tag_bit;
};
WrongTagInput read_wrong_tag_input(const VectorNode& in) {
  in.reject_unknown_members({"plaintext", "tag_bit"});
  return {read_plaintext(in["plaintext"]),
          static_cast<size_t>(in["tag_bit"].integer_in(0, pair::kTagLen * 8 - 1))};
}

// SealFault changes one member of a valid pair.seal request so that one
// refusal of REQ-PAIR-19 applies; |rank| is its place in that order.
struct SealFault {
  int rank;
  std::string what;    // for the failure message
  std::string member;  // two faults on one member cannot meet
  std::string error;   // what the fault alone is refused with
  std::function<void(json&)> apply;
};

std::vector<SealFault> seal_faults(const Devices& d) {
  const std::string too_large = to_hex(Bytes(pair::kMaxPlaintextLen + 1, 0x61));
  const json mallory_key = d.mallory_json.at("signing_private");
  return {
      {1, "plaintext not hex", "plaintext", "malformed_request",
       [](json& r) { r["plaintext"] = "zz"; }},
      {1, "no recipient_identity", "recipient_identity", "malformed_request",
       [](json& r) { r.erase("recipient_identity"); }},
      {2, "sender identity of 1 byte", "sender.identity", "malformed_identity",
       [](json& r) { r["sender"]["identity"] = "00"; }},
      {3, "mallory's signing key", "sender.signing_private", "malformed_key",
       [mallory_key](json& r) { r["sender"]["signing_private"] = mallory_key; }},
      {4, "recipient identity of 1 byte", "recipient_identity", "malformed_identity",
       [](json& r) { r["recipient_identity"] = "00"; }},
      {5, "plaintext of 65,476 bytes", "plaintext", "too_large",
       [too_large](json& r) { r["plaintext"] = too_large; }},
      {6, "seed of 10 bytes", "seed", "invalid_argument",
       [](json& r) { r["seed"] = to_hex(Bytes(10, 7)); }},
  };
}

// seal_refusals_in_order sends each fault alone, then every two of different
// ranks together: the implementation must report the one of lower rank
// (REQ-PAIR-19).
Outcome seal_refusals_in_order(Session& s, const Devices& d) {
  json valid = seal_request(d.alice_json, d.bob_json, "68656c6c6f");
  valid["seed"] = to_hex(Bytes(pair::kSeedLen, 7));
  const std::vector<SealFault> faults = seal_faults(d);
  auto refused_with = [&](std::initializer_list<const SealFault*> applied, const SealFault& first) {
    json request = valid;
    std::string what;
    for (const SealFault* f : applied) {
      f->apply(request);
      what += (what.empty() ? "" : " and ") + f->what;
    }
    Outcome o = expect_error(s.call("pair.seal", request), first.error);
    if (o.status != Status::pass) o.reason += " (" + what + ")";
    return o;
  };
  for (const SealFault& f : faults) {
    Outcome o = refused_with({&f}, f);
    if (o.status != Status::pass) return o;
  }
  for (size_t i = 0; i < faults.size(); ++i)
    for (size_t j = i + 1; j < faults.size(); ++j) {
      const SealFault &first = faults[i], &second = faults[j];
      if (first.rank == second.rank || first.member == second.member) continue;
      Outcome o = refused_with({&first, &second}, first);
      if (o.status != Status::pass) return o;
    }
  return Outcome::passed();
}

// The live cases' generators and checks, one per case; add_live_cases lists
// the cases in their order.

rc::Gen<json> gen_seed_input() {
  return rc::gen::apply(
      [](std::string pt, std::vector<uint8_t> seed) {
        return json{{"plaintext", pt}, {"seed", to_hex(seed)}};
      },
      gen_plaintext(),
      rc::gen::container<std::vector<uint8_t>>(pair::kSeedLen, rc::gen::arbitrary<uint8_t>()));
}

rc::Gen<json> gen_bit_flip_input() {
  return rc::gen::apply(
      [](std::string pt, uint32_t pos, uint8_t bit) {
        return json{{"plaintext", pt}, {"position", pos}, {"bit", bit % 8}};
      },
      gen_plaintext(), rc::gen::inRange<uint32_t>(0, 4000), rc::gen::arbitrary<uint8_t>());
}

rc::Gen<json> gen_wrong_tag_input() {
  return rc::gen::apply(
      [](std::string pt, uint8_t bit) {
        return json{{"plaintext", pt}, {"tag_bit", bit % 40}};
      },
      gen_plaintext(), rc::gen::arbitrary<uint8_t>());
}

// sealed_by_alice is |pt| sealed by the reference from alice to |to|.
Bytes sealed_by_alice(Session& s, const Devices& d, const DeviceKeys& to, const Bytes& pt) {
  return pair::seal(s.reference(), s.rng(), d.alice.sender(), to.identity(), pt).value();
}

// expect_open_error opens |payload| (bob receiving from |sender|) and wants
// the error |code|.
Outcome expect_open_error(Session& s, const Devices& d, const json& sender, const Bytes& payload,
                          const std::string& code) {
  return expect_error(s.call("pair.open", open_request(d.bob_json, sender, payload)), code);
}

// The class of a payload with a bit flipped follows from the field it lands
// in; the reference's parser is the oracle: a flip in a length byte can,
// rarely, still frame (then the signature must fail).
std::string flipped_payload_error(const Bytes& payload) {
  return pair::parse_payload(payload).ok() ? "bad_signature" : "malformed_payload";
}

Outcome iut_seals_reference_opens(Session& s, const Devices& d, const Bytes& pt) {
  Reply r = s.call("pair.seal", seal_request(d.alice_json, d.bob_json, to_hex(pt)));
  return check_sealed(s, r, d.alice, d.bob, pt, nullptr);
}

Outcome given_seed_is_used(Session& s, const Devices& d, const SeedInput& in) {
  forge::Recipe recipe;
  recipe.plaintext = in.plaintext;
  recipe.seed = in.seed;
  auto built =
      forge::build_body(s.reference(), s.rng(), d.alice.identity(), d.bob.identity(), recipe);
  json req = seal_request(d.alice_json, d.bob_json, to_hex(recipe.plaintext));
  req["seed"] = to_hex(in.seed);
  return check_sealed(s, s.call("pair.seal", req), d.alice, d.bob, recipe.plaintext,
                      &built.value());
}

Outcome reference_seals_iut_opens(Session& s, const Devices& d, const Bytes& pt) {
  Bytes payload = sealed_by_alice(s, d, d.bob, pt);
  return expect_plaintext(s.call("pair.open", open_request(d.bob_json, d.alice_json, payload)),
                          to_hex(pt));
}

// bit_flips_refused flips one bit in every byte of one payload
// (REQ-PAIR-7..11).
Outcome bit_flips_refused(Session& s, const Devices& d) {
  Bytes pt = s.rng().bytes(130);
  Bytes payload = sealed_by_alice(s, d, d.bob, pt);
  for (size_t i = 0; i < payload.size(); ++i) {
    Bytes b = payload;
    b[i] ^= static_cast<uint8_t>(1u << (s.rng().bytes(1)[0] % 8));
    Outcome o = expect_open_error(s, d, d.alice_json, b, flipped_payload_error(b));
    if (o.status != Status::pass) {
      o.reason += " (byte " + std::to_string(i) + " of " + std::to_string(payload.size()) +
                  " flipped: " + to_hex(b) + ")";
      return o;
    }
  }
  return Outcome::passed();
}

// random_bit_flip_refused is bit_flips_refused over random plaintexts and
// positions, shrinking to the smallest.
Outcome random_bit_flip_refused(Session& s, const Devices& d, const BitFlipInput& in) {
  Bytes payload = sealed_by_alice(s, d, d.bob, in.plaintext);
  payload[in.position % payload.size()] ^= static_cast<uint8_t>(1u << in.bit);
  return expect_open_error(s, d, d.alice_json, payload, flipped_payload_error(payload));
}

Outcome truncation_and_extension_refused(Session& s, const Devices& d) {
  Bytes payload = sealed_by_alice(s, d, d.bob, s.rng().bytes(40));
  std::vector<Bytes> bad;
  for (size_t cut : {size_t{0}, size_t{1}, size_t{3}, size_t{100}, size_t{163}, payload.size() - 1})
    bad.emplace_back(payload.begin(), payload.begin() + cut);
  for (size_t extra : {1, 2, 33}) {
    Bytes b = payload;
    append(b, s.rng().bytes(extra));
    bad.push_back(b);
  }
  for (const Bytes& b : bad) {
    Outcome o = expect_open_error(s, d, d.alice_json, b, "malformed_payload");
    if (o.status != Status::pass) {
      o.reason +=
          " (" + std::to_string(b.size()) + " of " + std::to_string(payload.size()) + " bytes)";
      return o;
    }
  }
  return Outcome::passed();
}

// resigned_by_other_identity is the 2016 attack: strip the signature,
// re-sign as another identity (REQ-PAIR-15).
Outcome resigned_by_other_identity(Session& s, const Devices& d, const Bytes& pt) {
  Bytes body = pair::parse_payload(sealed_by_alice(s, d, d.bob, pt)).value().body;
  Bytes forged = forge::signed_payload(*d.mallory.sender().signing, body).value();
  return expect_open_error(s, d, d.mallory_json, forged, "decrypt_failed");
}

Outcome valid_signature_wrong_tag(Session& s, const Devices& d, const WrongTagInput& in) {
  forge::Recipe recipe;
  recipe.plaintext = in.plaintext;
  recipe.seed = s.rng().bytes(pair::kSeedLen);
  recipe.flip_tag_bit = in.tag_bit;
  auto built =
      forge::build_body(s.reference(), s.rng(), d.alice.identity(), d.bob.identity(), recipe);
  Bytes forged = forge::signed_payload(*d.alice.sender().signing, built->body).value();
  return expect_open_error(s, d, d.alice_json, forged, "decrypt_failed");
}

Outcome sealed_for_another_device(Session& s, const Devices& d) {
  Bytes payload = sealed_by_alice(s, d, d.mallory, s.rng().bytes(80));
  return expect_open_error(s, d, d.alice_json, payload, "decrypt_failed");
}

// with_devices binds a check's devices: check(Session, Devices, input...).
template <typename Check>
auto with_devices(std::shared_ptr<const Devices> d, Check check) {
  return [d, check](Session& s, const auto&... in) { return check(s, *d, in...); };
}

void add_live_cases(std::vector<Case>& cases, std::shared_ptr<const Devices> d) {
  cases.push_back(
      live_property("iut-seals-reference-opens", {"pair.seal"}, gen_plaintext_input,
                    replay_of(read_plaintext_input, with_devices(d, iut_seals_reference_opens)),
                    {"REQ-PAIR-2", "REQ-PAIR-3", "REQ-PAIR-4", "REQ-PAIR-5"}));
  cases.push_back(live_property("given-seed-is-used", {"pair.seal"}, gen_seed_input,
                                replay_of(read_seed_input, with_devices(d, given_seed_is_used)),
                                {"REQ-PAIR-1", "REQ-PAIR-2", "REQ-PAIR-3", "REQ-PAIR-4"}));
  cases.push_back(
      live_property("reference-seals-iut-opens", {"pair.open"}, gen_plaintext_input,
                    replay_of(read_plaintext_input, with_devices(d, reference_seals_iut_opens)),
                    {"REQ-PAIR-3", "REQ-PAIR-4", "REQ-PAIR-5"}));
  cases.push_back(live("bit-flips-refused", {"pair.open"}, with_devices(d, bit_flips_refused)));
  cases.push_back(
      live_property("random-bit-flip-refused", {"pair.open"}, gen_bit_flip_input,
                    replay_of(read_bit_flip_input, with_devices(d, random_bit_flip_refused))));
  cases.push_back(live("truncation-and-extension-refused", {"pair.open"},
                       with_devices(d, truncation_and_extension_refused)));
  cases.push_back(
      live_property("resigned-by-other-identity", {"pair.open"}, gen_plaintext_input,
                    replay_of(read_plaintext_input, with_devices(d, resigned_by_other_identity))));
  cases.push_back(
      live_property("valid-signature-wrong-tag", {"pair.open"}, gen_wrong_tag_input,
                    replay_of(read_wrong_tag_input, with_devices(d, valid_signature_wrong_tag))));
  cases.push_back(
      live("seal-refusals-in-order", {"pair.seal"}, with_devices(d, seal_refusals_in_order)));
  cases.push_back(
      live("sealed-for-another-device", {"pair.open"}, with_devices(d, sealed_for_another_device)));
}

Result<std::vector<Case>> build_pair_suite(const SuiteContext& ctx) {
  IMREF_TRY(const json open_json, load_vector_file(ctx, "pair_open_test.json"));
  IMREF_TRY(const json seal_json, load_vector_file(ctx, "pair_seal_test.json"));
  const VectorNode open_file(open_json, ctx.vectors_dir + "/pair_open_test.json");
  const VectorNode seal_file(seal_json, ctx.vectors_dir + "/pair_seal_test.json");

  // Group 0 is alice to bob; group 1's sender is mallory, the attacker.
  json alice_json = device_json(open_file["testGroups"].element(0)["sender"]);
  json bob_json = device_json(open_file["testGroups"].element(0)["recipient"]);
  json mallory_json = device_json(open_file["testGroups"].element(1)["sender"]);
  using conformance::import_vector_device;
  auto alice = import_vector_device(ctx.reference, alice_json);
  auto bob = import_vector_device(ctx.reference, bob_json);
  auto mallory = import_vector_device(ctx.reference, mallory_json);
  if (!alice.ok() || !bob.ok() || !mallory.ok())
    return make_error(Errc::malformed_key, "the vector files' keys do not import");
  auto devices = std::make_shared<const Devices>(Devices{
      *alice, *bob, *mallory, std::move(alice_json), std::move(bob_json), std::move(mallory_json)});

  std::vector<Case> cases;
  for (const VectorNode& g : open_file["testGroups"].elements()) {
    const json sender = device_json(g["sender"]), group_recipient = device_json(g["recipient"]);
    for (const VectorNode& t : g["tests"].elements()) {
      const VectorTest test = read_vector_test(t);
      // A test's own "recipient" (its RSA key and identity) replaces the group's.
      const json recipient = t.value().contains("recipient")
                                 ? key_override(t["recipient"], "rsa_private")
                                 : group_recipient;
      const json request = open_request(recipient, sender, t["payload"].hex());
      const std::string plaintext = test.valid ? t["plaintext"].string() : "";
      Case c{"pair/open/" + std::to_string(test.tc_id), "pair", {"pair.open"}, {}, {}};
      c.run = [test, request, plaintext](Session& s) {
        Reply reply = s.call("pair.open", request);
        if (test.valid) return expect_plaintext(reply, plaintext);
        return expect_error(s, reply, test.error);
      };
      cases.push_back(with_requirements(std::move(c), test));
    }
  }
  for (const VectorNode& g : seal_file["testGroups"].elements()) {
    const json group_sender = device_json(g["sender"]), recipient = device_json(g["recipient"]);
    for (const VectorNode& t : g["tests"].elements()) {
      const VectorTest test = read_vector_test(t);
      // A test's own "sender" (its signing scalar and identity) replaces the group's.
      const bool own_sender = t.value().contains("sender");
      const json sender = own_sender ? key_override(t["sender"], "signing_private") : group_sender;
      json request = seal_request(sender, recipient, t["plaintext"].string());
      request["seed"] = t["seed"].string();
      std::optional<forge::Built> expected;
      Bytes plaintext;
      // The identity a valid seal is checked against: the test's sender's, or alice's.
      std::optional<PublicIdentity> sender_identity;
      if (test.valid && own_sender) {
        auto decoded = PublicIdentity::decode(ctx.reference, t["sender"]["identity"].hex());
        if (!decoded.ok())
          t["sender"]["identity"].fail("does not decode: " + decoded.error().detail);
        sender_identity = std::move(decoded).value();
      }
      if (test.valid) {
        expected = forge::Built{t["key"].hex(), t["ciphertext"].hex(), {}};
        if (expected->key.size() != pair::kKeyLen)
          t["key"].fail("is not " + std::to_string(pair::kKeyLen) + " bytes");
        plaintext = t["plaintext"].hex();
      }
      Case c{"pair/seal/" + std::to_string(test.tc_id), "pair", {"pair.seal"}, {}, {}};
      c.run = [test, request, expected, plaintext, devices, sender_identity](Session& s) {
        Reply reply = s.call("pair.seal", request);
        if (!test.valid) return expect_error(s, reply, test.error);
        return check_sealed(s, reply,
                            sender_identity ? *sender_identity : devices->alice.identity(),
                            devices->bob, plaintext, &*expected);
      };
      cases.push_back(with_requirements(std::move(c), test));
    }
  }
  add_live_cases(cases, devices);
  return cases;
}

}  // namespace

Result<std::vector<Case>> pair_suite(const SuiteContext& ctx) {
  return build_cases([&] { return build_pair_suite(ctx); });
}

}  // namespace imref::check
