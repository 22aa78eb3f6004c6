// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The pair-ec suite (REQ-PAIREC-*): vector cases from pair_ec_compact_test,
// prekey_test, pair_ec_seal_test and pair_ec_open_test, then live
// cross-checks in both directions, tampering (every byte, random bits,
// truncation) with the reference as the oracle of the class, and the
// generated device's pair-ec keys. Signatures are verified, never compared.
#include <memory>
#include <optional>

#include "imref/pair_ec.h"
#include "pair_ec_forge.h"
#include "property.h"
#include "suites.h"
#include "vector_node.h"

namespace imref::check {

namespace {

using EcKey = std::shared_ptr<const crypto::EcPrivateKey>;

// The vector files' parties, parsed once into the reference.
struct Parties {
  EcKey alice, bob;                // NGM device signing keys
  std::vector<EcKey> bob_prekeys;  // newest first
  std::optional<pair_ec::PublicKey> alice_pub, bob_pub;
  std::optional<pair_ec::VerifiedPrekey> bob_prekey;  // the newest, verified
  Bytes bob_record;
  json alice_json, bob_json;  // as requests send them
};

Outcome expect_fields(const Reply& reply,
                      const std::vector<std::pair<const char*, std::string>>& want) {
  if (!is_success(reply))
    return Outcome::failed("refused a valid input", "success", describe(reply));
  for (const auto& [name, value] : want) {
    std::string got = field_string(reply, name);
    if (got != value) return Outcome::failed(std::string("wrong ") + name, value, got);
  }
  return Outcome::passed();
}

uint64_t field_uint(const Reply& reply, const char* name, bool& ok) {
  ok = reply.response.contains(name) && reply.response[name].is_number_unsigned();
  return ok ? reply.response[name].get<uint64_t>() : 0;
}

// expect_opened: the reply carries |message| and |counter|.
Outcome expect_opened(const Reply& reply, const std::string& message, uint64_t counter) {
  Outcome o = expect_fields(reply, {{"message", message}});
  if (o.status != Status::pass) return o;
  bool ok = false;
  uint64_t got = field_uint(reply, "counter", ok);
  if (!ok || got != counter)
    return Outcome::failed("wrong counter", std::to_string(counter), reply.response.dump());
  return Outcome::passed();
}

std::vector<const crypto::EcPrivateKey*> views(const std::vector<EcKey>& keys) {
  std::vector<const crypto::EcPrivateKey*> v;
  for (const EcKey& k : keys) v.push_back(k.get());
  return v;
}

// reference_open opens |payload| as bob, from alice, with the reference.
Result<pair_ec::Opened> reference_open(Session& s, const Parties& d, ByteView payload) {
  return pair_ec::open(s.reference(), *d.bob, views(d.bob_prekeys), *d.alice_pub, payload);
}

// check_sealed_payload: the IUT's pair-ec.seal reply opens with the
// reference (its signature verifies) to |message| and |counter|; with
// |expected| the ciphertext, ephemeral and validator are those.
Outcome check_sealed_payload(Session& s, const Parties& d, const Reply& reply, const Bytes& message,
                             uint32_t counter, const pair_ec::Outer* expected) {
  if (!is_success(reply))
    return Outcome::failed("seal refused a valid request", "success", describe(reply));
  auto payload = from_hex(field_string(reply, "payload"));
  if (!payload.ok()) return Outcome::failed("payload is not hex", "hex", reply.response.dump());
  auto outer = pair_ec::parse_outer(*payload);
  if (!outer.ok())
    return Outcome::failed("the payload does not parse", "outer protobuf 1/2/3/99",
                           outer.error().detail + ": " + to_hex(*payload));
  if (expected) {
    if (outer->ciphertext != expected->ciphertext)
      return Outcome::failed("wrong ciphertext", to_hex(expected->ciphertext),
                             to_hex(outer->ciphertext));
    if (outer->ephemeral != expected->ephemeral)
      return Outcome::failed("wrong ephemeral", to_hex(expected->ephemeral),
                             to_hex(outer->ephemeral));
    if (outer->validator != expected->validator)
      return Outcome::failed("wrong key validator", to_hex(expected->validator),
                             to_hex(outer->validator));
  }
  auto opened = reference_open(s, d, *payload);
  if (!opened.ok())
    return Outcome::failed("the reference cannot open the payload", "message",
                           std::string(errc_name(opened.code())) + ": " + opened.error().detail);
  if (Bytes(opened->message.begin(), opened->message.end()) != message)
    return Outcome::failed("the payload opens to another message", to_hex(message),
                           to_hex(opened->message));
  if (opened->counter != counter)
    return Outcome::failed("the payload opens to another counter", std::to_string(counter),
                           std::to_string(opened->counter));
  return Outcome::passed();
}

json seal_request(const Parties& d, const Bytes& message, uint32_t counter) {
  return {{"sender", {{"ngm_signing_private", d.alice_json.at("ngm_signing_private")}}},
          {"recipient",
           {{"ngm_public", d.bob_json.at("ngm_public")}, {"prekey_record", to_hex(d.bob_record)}}},
          {"message", to_hex(message)},
          {"counter", counter}};
}

json open_request(const Parties& d, ByteView payload) {
  return {{"recipient",
           {{"ngm_signing_private", d.bob_json.at("ngm_signing_private")},
            {"prekeys", d.bob_json.at("prekeys")}}},
          {"sender_ngm_public", d.alice_json.at("ngm_public")},
          {"payload", to_hex(payload)}};
}

// sealed_by_reference is |message| sealed by the reference, alice to bob's
// newest prekey.
Bytes sealed_by_reference(Session& s, const Parties& d, ByteView message, uint32_t counter,
                          pair_ec::Padding rule = pair_ec::Padding::ios) {
  pair_ec::SealOptions o;
  o.padding = rule;
  return pair_ec::seal(s.reference(), s.rng(), *d.alice, *d.bob_pub, *d.bob_prekey, message,
                       counter, o)
      .value();
}

// The class the reference gives a payload: the oracle for tampered bytes.
std::string reference_class(Session& s, const Parties& d, ByteView payload) {
  auto r = reference_open(s, d, payload);
  return r.ok() ? "" : std::string(errc_name(r.code()));
}

Outcome expect_class(Session& s, const Parties& d, ByteView payload, const std::string& what) {
  const std::string want = reference_class(s, d, payload);
  Reply reply = s.call("pair-ec.open", open_request(d, payload));
  Outcome o = want.empty()
                  ? (is_success(reply) ? Outcome::passed()
                                       : Outcome::failed("refused", "success", describe(reply)))
                  : expect_error(reply, want);
  if (o.status != Status::pass) o.reason += " (" + what + ": " + to_hex(payload) + ")";
  return o;
}

Case live(std::string name, std::vector<std::string> ops, std::function<Outcome(Session&)> run) {
  return Case{"pair-ec/live/" + std::move(name), "pair-ec", std::move(ops), std::move(run), {}};
}

Case live_property(std::string name, std::vector<std::string> ops,
                   std::function<rc::Gen<json>()> gen, Replay check) {
  return property_case(Property{"pair-ec/live/" + std::move(name), "pair-ec", std::move(ops), 12,
                                std::move(gen), std::move(check)});
}

// ---- property inputs, read strictly ----

struct MessageInput {
  Bytes message;
  uint32_t counter;
};
rc::Gen<json> gen_message_input() {
  return rc::gen::apply(
      [](std::string m, uint32_t c) {
        return json{{"message", m}, {"counter", c}};
      },
      gen_hex(3000), rc::gen::arbitrary<uint32_t>());
}
MessageInput read_message_input(const VectorNode& in) {
  in.reject_unknown_members({"message", "counter"});
  return {in["message"].hex(), static_cast<uint32_t>(in["counter"].integer_in(0, UINT32_MAX))};
}

struct FixedInput {
  Bytes message;
  uint32_t counter;
  size_t fill;
};
rc::Gen<json> gen_fixed_input() {
  return rc::gen::apply(
      [](std::string m, uint32_t c, uint16_t f) {
        return json{{"message", m}, {"counter", c}, {"fill", f % 300}};
      },
      gen_hex(2000), rc::gen::arbitrary<uint32_t>(), rc::gen::arbitrary<uint16_t>());
}
FixedInput read_fixed_input(const VectorNode& in) {
  in.reject_unknown_members({"message", "counter", "fill"});
  return {in["message"].hex(), static_cast<uint32_t>(in["counter"].integer_in(0, UINT32_MAX)),
          static_cast<size_t>(in["fill"].integer_in(0, 4096))};
}

struct FlipInput {
  Bytes message;
  uint64_t position;
  int bit;
};
rc::Gen<json> gen_flip_input() {
  return rc::gen::apply(
      [](std::string m, uint32_t pos, uint8_t bit) {
        return json{{"message", m}, {"position", pos}, {"bit", bit % 8}};
      },
      gen_hex(400), rc::gen::inRange<uint32_t>(0, 1000), rc::gen::arbitrary<uint8_t>());
}
FlipInput read_flip_input(const VectorNode& in) {
  in.reject_unknown_members({"message", "position", "bit"});
  return {in["message"].hex(), in["position"].unsigned_integer(),
          static_cast<int>(in["bit"].integer_in(0, 7))};
}

struct TimeInput {
  int64_t timestamp;
};
rc::Gen<json> gen_time_input() {
  return rc::gen::map(rc::gen::inRange<int64_t>(0, int64_t{1} << 40), [](int64_t t) {
    return json{{"timestamp", t}};
  });
}
TimeInput read_time_input(const VectorNode& in) {
  in.reject_unknown_members({"timestamp"});
  return {in["timestamp"].integer_in(0, int64_t{1} << 52)};
}

// ---- live checks ----

Outcome iut_seals_reference_opens(Session& s, const Parties& d, const MessageInput& in) {
  return check_sealed_payload(s, d, s.call("pair-ec.seal", seal_request(d, in.message, in.counter)),
                              in.message, in.counter, nullptr);
}

Outcome reference_seals_iut_opens(Session& s, const Parties& d, const MessageInput& in) {
  Bytes payload = sealed_by_reference(s, d, in.message, in.counter);
  return expect_opened(s.call("pair-ec.open", open_request(d, payload)), to_hex(in.message),
                       in.counter);
}

// given_ephemeral_and_fill_are_used: with both given, the IUT's ciphertext,
// ephemeral and validator are the reference's.
Outcome given_ephemeral_and_fill_are_used(Session& s, const Parties& d, const FixedInput& in) {
  auto eph = pair_ec::generate_compactable(s.reference(), s.rng()).value();
  const Bytes scalar = to_public(eph->scalar());
  const Bytes fill = s.rng().bytes(in.fill);
  pair_ec::SealOptions o;
  o.ephemeral_scalar = ByteView(scalar);
  o.fill = ByteView(fill);
  Bytes mine = pair_ec::seal(s.reference(), s.rng(), *d.alice, *d.bob_pub, *d.bob_prekey,
                             in.message, in.counter, o)
                   .value();
  pair_ec::Outer expected = pair_ec::parse_outer(mine).value();
  json req = seal_request(d, in.message, in.counter);
  req["ephemeral_private"] = to_hex(scalar);
  req["fill"] = to_hex(fill);
  return check_sealed_payload(s, d, s.call("pair-ec.seal", req), in.message, in.counter, &expected);
}

Outcome bit_flips_refused(Session& s, const Parties& d) {
  Bytes payload = sealed_by_reference(s, d, s.rng().bytes(30), 77, pair_ec::Padding::clients);
  for (size_t i = 0; i < payload.size(); ++i) {
    Bytes b = payload;
    b[i] ^= static_cast<uint8_t>(1u << (s.rng().bytes(1)[0] % 8));
    Outcome o = expect_class(s, d, b, "byte " + std::to_string(i) + " flipped");
    if (o.status != Status::pass) return o;
  }
  return Outcome::passed();
}

Outcome random_bit_flip_refused(Session& s, const Parties& d, const FlipInput& in) {
  Bytes payload = sealed_by_reference(s, d, in.message, 1);
  payload[in.position % payload.size()] ^= static_cast<uint8_t>(1u << in.bit);
  return expect_class(s, d, payload, "bit flipped");
}

Outcome truncation_and_extension_refused(Session& s, const Parties& d) {
  Bytes payload = sealed_by_reference(s, d, s.rng().bytes(40), 2);
  std::vector<Bytes> bad;
  for (size_t cut :
       {size_t{0}, size_t{1}, size_t{2}, size_t{40}, payload.size() - 10, payload.size() - 1})
    bad.emplace_back(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(cut));
  for (size_t extra : {1, 2, 10}) {
    Bytes b = payload;
    append(b, s.rng().bytes(extra));
    bad.push_back(b);
  }
  for (const Bytes& b : bad) {
    Outcome o = expect_error(s.call("pair-ec.open", open_request(d, b)), "malformed_payload");
    if (o.status != Status::pass) {
      o.reason +=
          " (" + std::to_string(b.size()) + " of " + std::to_string(payload.size()) + " bytes)";
      return o;
    }
  }
  return Outcome::passed();
}

// high_s_accepted: (r, n − s) verifies too (REQ-PAIREC-23).
Outcome high_s_accepted(Session& s, const Parties& d) {
  Bytes message = s.rng().bytes(50);
  Bytes payload = sealed_by_reference(s, d, message, 9);
  pair_ec::Outer o = pair_ec::parse_outer(payload).value();
  o.signature = forge::high_s_signature(o.signature);
  return expect_opened(s.call("pair-ec.open", open_request(d, pair_ec::encode_outer(o))),
                       to_hex(message), 9);
}

// older_prekey_opens: sealed to bob's older prekey, the IUT tries it second.
Outcome older_prekey_opens(Session& s, const Parties& d) {
  Bytes message = s.rng().bytes(20);
  auto older = pair_ec::PublicKey::from_private(s.reference(), *d.bob_prekeys.back()).value();
  pair_ec::VerifiedPrekey pre{older, 0};
  Bytes payload =
      pair_ec::seal(s.reference(), s.rng(), *d.alice, *d.bob_pub, pre, message, 4).value();
  return expect_opened(s.call("pair-ec.open", open_request(d, payload)), to_hex(message), 4);
}

// no_prekeys_refused: with no prekey nothing verifies.
Outcome no_prekeys_refused(Session& s, const Parties& d) {
  json req = open_request(d, sealed_by_reference(s, d, s.rng().bytes(8), 0));
  req["recipient"]["prekeys"] = json::array();
  return expect_error(s.call("pair-ec.open", req), "bad_signature");
}

Outcome seal_too_large(Session& s, const Parties& d) {
  Bytes message(pair_ec::kMaxMessageLen + 1, 0x61);
  return expect_error(s.call("pair-ec.seal", seal_request(d, message, 0)), "too_large");
}

Outcome seal_largest(Session& s, const Parties& d) {
  Bytes message = s.rng().bytes(pair_ec::kMaxMessageLen);
  return check_sealed_payload(s, d, s.call("pair-ec.seal", seal_request(d, message, 3)), message, 3,
                              nullptr);
}

// prekey_sign_verified: the IUT's record verifies with the reference.
Outcome prekey_sign_verified(Session& s, const Parties& d, const TimeInput& in) {
  Reply r = s.call("prekey.sign", {{"ngm_signing_private", d.bob_json.at("ngm_signing_private")},
                                   {"prekey_private", d.bob_json.at("prekeys")[0]},
                                   {"timestamp", in.timestamp}});
  if (!is_success(r)) return Outcome::failed("prekey.sign refused", "success", describe(r));
  auto record = from_hex(field_string(r, "record"));
  if (!record.ok()) return Outcome::failed("record is not hex", "hex", r.response.dump());
  auto v = pair_ec::verify_prekey(s.reference(), *d.bob_pub, *record);
  if (!v.ok())
    return Outcome::failed("the reference refuses the record", "a valid record",
                           v.error().detail + ": " + to_hex(*record));
  if (v->timestamp != static_cast<double>(in.timestamp) ||
      v->prekey.x() != d.bob_prekey->prekey.x())
    return Outcome::failed("the record holds another prekey or time", std::to_string(in.timestamp),
                           to_hex(*record));
  return Outcome::passed();
}

// prekey_verify_by_iut: a reference record verifies in the IUT, expired or not.
Outcome prekey_verify_by_iut(Session& s, const Parties& d, const TimeInput& in) {
  Bytes record = pair_ec::sign_prekey(s.reference(), *d.bob, *d.bob_prekeys[0],
                                      static_cast<double>(in.timestamp))
                     .value();
  const int64_t now = int64_t{1} << 39;
  json req = {
      {"ngm_public", d.bob_json.at("ngm_public")}, {"record", to_hex(record)}, {"now", now}};
  Reply r = s.call("prekey.verify", req);
  if (now - in.timestamp > pair_ec::kPrekeyMaxAgeSeconds) return expect_error(r, "expired");
  return expect_fields(r, {{"prekey", to_hex(d.bob_prekey->prekey.x())}});
}

// record_bit_flips: every byte of a record flipped, the reference the oracle.
Outcome record_bit_flips(Session& s, const Parties& d) {
  for (size_t i = 0; i < d.bob_record.size(); ++i) {
    Bytes b = d.bob_record;
    b[i] ^= static_cast<uint8_t>(1u << (s.rng().bytes(1)[0] % 8));
    auto ref = pair_ec::verify_prekey(s.reference(), *d.bob_pub, b);
    Reply r = s.call("prekey.verify",
                     {{"ngm_public", d.bob_json.at("ngm_public")}, {"record", to_hex(b)}});
    Outcome o = ref.ok() ? (is_success(r) ? Outcome::passed()
                                          : Outcome::failed("refused", "success", describe(r)))
                         : expect_error(r, std::string(errc_name(ref.code())));
    if (o.status != Status::pass) {
      o.reason += " (byte " + std::to_string(i) + " flipped: " + to_hex(b) + ")";
      return o;
    }
  }
  return Outcome::passed();
}

// compact_round_trip: key.compact then key.expand of a fresh compactable key.
Outcome compact_round_trip(Session& s, const Parties&) {
  for (int i = 0; i < 8; ++i) {
    auto k = pair_ec::generate_compactable(s.reference(), s.rng()).value();
    const Bytes point = k->public_key().point();
    const std::string x = to_hex(ByteView(point).subspan(1, 32));
    Outcome o = expect_fields(s.call("key.compact", {{"public", to_hex(point)}}), {{"x", x}});
    if (o.status != Status::pass) return o;
    o = expect_fields(s.call("key.expand", {{"x", x}}), {{"public", to_hex(point)}});
    if (o.status != Status::pass) return o;
  }
  return Outcome::passed();
}

// generated_device_has_ngm: device.generate's NGM key and first prekey are
// compactable, match their public halves and sign a record that verifies.
Outcome generated_device_has_ngm(Session& s, const Parties&) {
  Reply r = s.call("device.generate");
  if (!is_success(r)) return Outcome::failed("device.generate failed", "success", describe(r));
  const json& dev = r.response.contains("device") ? r.response["device"] : r.response;
  auto hex = [&](const char* name) -> Result<Bytes> {
    if (!dev.contains(name) || !dev[name].is_string()) return make_error(Errc::invalid_argument);
    return from_hex(dev[name].get<std::string>());
  };
  auto ngm = hex("ngm_signing_private"), ngm_pub = hex("ngm_public");
  auto enc = hex("encryption_private"), enc_pub = hex("encryption_public");
  if (!ngm.ok() || !ngm_pub.ok() || !enc.ok() || !enc_pub.ok())
    return Outcome::failed("device.generate lacks a pair-ec field",
                           "ngm_signing_private, ngm_public", r.response.dump());
  auto key = pair_ec::private_from_scalar(s.reference(), *ngm);
  if (!key.ok())
    return Outcome::failed("the NGM key is not a compactable scalar", "compactable", to_hex(*ngm));
  Bytes point = (*key)->public_key().point();
  if (Bytes(point.begin() + 1, point.begin() + 33) != *ngm_pub)
    return Outcome::failed("ngm_public is not the NGM key's X",
                           to_hex(ByteView(point).subspan(1, 32)), to_hex(*ngm_pub));
  auto prekey = pair_ec::private_from_scalar(s.reference(), *enc);
  if (!prekey.ok() || !pair_ec::is_compactable(*enc_pub))
    return Outcome::failed("the encryption key (first prekey) is not compactable", "compactable",
                           to_hex(*enc_pub));
  auto rec = pair_ec::sign_prekey(s.reference(), **key, **prekey, 1764806400);
  auto pub = pair_ec::PublicKey::from_compact(s.reference(), *ngm_pub);
  if (!rec.ok() || !pub.ok() || !pair_ec::verify_prekey(s.reference(), *pub, *rec).ok())
    return Outcome::failed("the generated keys do not make a verifying record", "valid", "");
  return Outcome::passed();
}

template <typename Check>
auto with_parties(std::shared_ptr<const Parties> d, Check check) {
  return [d, check](Session& s, const auto&... in) { return check(s, *d, in...); };
}

void add_live_cases(std::vector<Case>& cases, std::shared_ptr<const Parties> d) {
  cases.push_back(
      live_property("iut-seals-reference-opens", {"pair-ec.seal"}, gen_message_input,
                    replay_of(read_message_input, with_parties(d, iut_seals_reference_opens))));
  cases.push_back(
      live_property("reference-seals-iut-opens", {"pair-ec.open"}, gen_message_input,
                    replay_of(read_message_input, with_parties(d, reference_seals_iut_opens))));
  cases.push_back(live_property(
      "given-ephemeral-and-fill-are-used", {"pair-ec.seal"}, gen_fixed_input,
      replay_of(read_fixed_input, with_parties(d, given_ephemeral_and_fill_are_used))));
  cases.push_back(live("bit-flips-refused", {"pair-ec.open"}, with_parties(d, bit_flips_refused)));
  cases.push_back(
      live_property("random-bit-flip-refused", {"pair-ec.open"}, gen_flip_input,
                    replay_of(read_flip_input, with_parties(d, random_bit_flip_refused))));
  cases.push_back(live("truncation-and-extension-refused", {"pair-ec.open"},
                       with_parties(d, truncation_and_extension_refused)));
  cases.push_back(live("high-s-accepted", {"pair-ec.open"}, with_parties(d, high_s_accepted)));
  cases.push_back(
      live("older-prekey-opens", {"pair-ec.open"}, with_parties(d, older_prekey_opens)));
  cases.push_back(
      live("no-prekeys-refused", {"pair-ec.open"}, with_parties(d, no_prekeys_refused)));
  cases.push_back(live("seal-too-large", {"pair-ec.seal"}, with_parties(d, seal_too_large)));
  cases.push_back(live("seal-largest", {"pair-ec.seal"}, with_parties(d, seal_largest)));
  cases.push_back(live_property("prekey-sign-verified", {"prekey.sign"}, gen_time_input,
                                replay_of(read_time_input, with_parties(d, prekey_sign_verified))));
  cases.push_back(live_property("prekey-verify-by-iut", {"prekey.verify"}, gen_time_input,
                                replay_of(read_time_input, with_parties(d, prekey_verify_by_iut))));
  cases.push_back(live("record-bit-flips", {"prekey.verify"}, with_parties(d, record_bit_flips)));
  cases.push_back(live("compact-round-trip", {"key.compact", "key.expand"},
                       with_parties(d, compact_round_trip)));
  cases.push_back(live("generated-device-has-ngm", {"device.generate"},
                       with_parties(d, generated_device_has_ngm)));
}

Outcome expect_result(const Reply& reply, const VectorTest& test,
                      const std::vector<std::pair<const char*, std::string>>& want) {
  if (!test.valid) return expect_error(reply, test.error);
  return expect_fields(reply, want);
}

Result<std::vector<Case>> build_suite(const SuiteContext& ctx) {
  IMREF_TRY(const json compact_json, load_vector_file(ctx, "pair_ec_compact_test.json"));
  IMREF_TRY(const json prekey_json, load_vector_file(ctx, "prekey_test.json"));
  IMREF_TRY(const json seal_json, load_vector_file(ctx, "pair_ec_seal_test.json"));
  IMREF_TRY(const json open_json, load_vector_file(ctx, "pair_ec_open_test.json"));
  const VectorNode compact_file(compact_json, ctx.vectors_dir + "/pair_ec_compact_test.json");
  const VectorNode prekey_file(prekey_json, ctx.vectors_dir + "/prekey_test.json");
  const VectorNode seal_file(seal_json, ctx.vectors_dir + "/pair_ec_seal_test.json");
  const VectorNode open_file(open_json, ctx.vectors_dir + "/pair_ec_open_test.json");
  const crypto::Provider& ref = ctx.reference;

  // The parties: the seal file's group.
  const VectorNode group = seal_file["testGroups"].element(0);
  auto parties = std::make_shared<Parties>();
  {
    Parties& d = *parties;
    d.alice_json = {{"ngm_signing_private", group["sender"]["ngm_signing_private"].hex_string()},
                    {"ngm_public", group["sender"]["ngm_public"].hex_string()}};
    json prekeys = json::array();
    for (const VectorNode& p : group["recipient"]["prekeys"].elements())
      prekeys.push_back(p.hex_string());
    d.bob_json = {{"ngm_signing_private", group["recipient"]["ngm_signing_private"].hex_string()},
                  {"ngm_public", group["recipient"]["ngm_public"].hex_string()},
                  {"prekeys", prekeys}};
    d.bob_record = group["recipient"]["prekey_record"].hex();
    auto alice = pair_ec::private_from_scalar(ref, group["sender"]["ngm_signing_private"].hex());
    auto bob = pair_ec::private_from_scalar(ref, group["recipient"]["ngm_signing_private"].hex());
    if (!alice.ok() || !bob.ok())
      return make_error(Errc::malformed_key, "the vector keys do not import");
    d.alice = std::move(alice).value();
    d.bob = std::move(bob).value();
    for (const VectorNode& p : group["recipient"]["prekeys"].elements()) {
      auto k = ref.ec_private_from_scalar(p.hex());
      if (!k.ok()) return make_error(Errc::malformed_key, "a vector prekey does not import");
      d.bob_prekeys.push_back(std::move(k).value());
    }
    auto ap = pair_ec::PublicKey::from_private(ref, *d.alice);
    auto bp = pair_ec::PublicKey::from_private(ref, *d.bob);
    if (!ap.ok() || !bp.ok() || d.bob_prekeys.size() < 2)
      return make_error(Errc::malformed_key, "the vector keys do not import");
    d.alice_pub = *ap;
    d.bob_pub = *bp;
    auto pre = pair_ec::verify_prekey(ref, *d.bob_pub, d.bob_record);
    if (!pre.ok())
      return make_error(Errc::malformed_key, "the vector prekey record does not verify");
    d.bob_prekey = *pre;
  }
  std::shared_ptr<const Parties> d = parties;

  std::vector<Case> cases;
  auto add = [&](std::string id, std::string op, json request, VectorTest test,
                 std::vector<std::pair<const char*, std::string>> want) {
    Case c{"pair-ec/" + std::move(id), "pair-ec", {op}, {}, {}};
    c.run = [op, request, test, want](Session& s) {
      return expect_result(s.call(op, request), test, want);
    };
    cases.push_back(std::move(c));
  };
  // Compact keys.
  for (const VectorNode& g : compact_file["testGroups"].elements()) {
    const bool expand = g["type"].string() == "CompactExpandTest";
    for (const VectorNode& t : g["tests"].elements()) {
      const VectorTest test = read_vector_test(t);
      if (expand)
        add("expand/" + std::to_string(test.tc_id), "key.expand", {{"x", t["x"].hex_string()}},
            test,
            test.valid
                ? std::vector<std::pair<const char*, std::string>>{{"public",
                                                                    t["public"].hex_string()}}
                : std::vector<std::pair<const char*, std::string>>{});
      else
        add("compact/" + std::to_string(test.tc_id), "key.compact",
            {{"public", t["public"].hex_string()}}, test,
            test.valid
                ? std::vector<std::pair<const char*, std::string>>{{"x", t["x"].hex_string()}}
                : std::vector<std::pair<const char*, std::string>>{});
    }
  }
  // Prekey records.
  for (const VectorNode& g : prekey_file["testGroups"].elements()) {
    const std::string type = g["type"].string();
    for (const VectorNode& t : g["tests"].elements()) {
      const VectorTest test = read_vector_test(t);
      const std::string id = std::to_string(test.tc_id);
      if (type == "PrekeyVerifyTest" || type == "PrekeyDeviceKeyTest") {
        json req = {{"ngm_public", type == "PrekeyVerifyTest" ? g["ngm_public"].hex_string()
                                                              : t["ngm_public"].hex_string()},
                    {"record", t["record"].hex_string()}};
        if (t.value().contains("now")) req["now"] = t["now"].integer();
        std::vector<std::pair<const char*, std::string>> want;
        std::optional<double> ts;
        if (test.valid) {
          want.push_back({"prekey", t["prekey"].hex_string()});
          if (!t["timestamp"].value().is_number()) t["timestamp"].fail("is not a number");
          ts = t["timestamp"].value().get<double>();
        }
        Case c{"pair-ec/prekey/" + id, "pair-ec", {"prekey.verify"}, {}, {}};
        c.run = [req, test, want, ts](Session& s) {
          Reply r = s.call("prekey.verify", req);
          Outcome o = expect_result(r, test, want);
          if (o.status != Status::pass || !ts) return o;
          if (!r.response.contains("timestamp") || !r.response["timestamp"].is_number() ||
              r.response["timestamp"].get<double>() != *ts)
            return Outcome::failed("wrong timestamp", std::to_string(*ts), r.response.dump());
          return o;
        };
        cases.push_back(std::move(c));
      } else {
        if (!t["timestamp"].value().is_number()) t["timestamp"].fail("is not a number");
        json req = {{"ngm_signing_private", t["ngm_signing_private"].hex_string()},
                    {"prekey_private", t["prekey_private"].hex_string()},
                    {"timestamp", t["timestamp"].value()}};
        Bytes want = test.valid ? t["record"].hex() : Bytes{};
        auto device = pair_ec::PublicKey::from_compact(ref, g["ngm_public"].hex());
        if (!device.ok()) g["ngm_public"].fail("does not decode");
        pair_ec::PublicKey device_key = *device;
        Case c{"pair-ec/prekey-sign/" + id, "pair-ec", {"prekey.sign"}, {}, {}};
        c.run = [req, test, want, device_key](Session& s) {
          Reply r = s.call("prekey.sign", req);
          if (!test.valid) return expect_error(r, test.error);
          if (!is_success(r)) return Outcome::failed("prekey.sign refused", "success", describe(r));
          auto got = from_hex(field_string(r, "record"));
          if (!got.ok() || got->size() != want.size() ||
              !std::equal(got->begin(), got->begin() + 36, want.begin()) ||
              !std::equal(got->begin() + 100, got->end(), want.begin() + 100))
            return Outcome::failed("wrong record (outside the signature)", to_hex(want),
                                   field_string(r, "record"));
          if (!pair_ec::verify_prekey(s.reference(), device_key, *got).ok())
            return Outcome::failed("the record's signature does not verify", "valid", to_hex(*got));
          return Outcome::passed();
        };
        cases.push_back(std::move(c));
      }
    }
  }
  // Seal.
  for (const VectorNode& t : group["tests"].elements()) {
    const VectorTest test = read_vector_test(t);
    json req = {
        {"sender", {{"ngm_signing_private", group["sender"]["ngm_signing_private"].hex_string()}}},
        {"recipient",
         {{"ngm_public", group["recipient"]["ngm_public"].hex_string()},
          {"prekey_record", group["recipient"]["prekey_record"].hex_string()}}},
        {"message", t["message"].hex_string()},
        {"counter", t["counter"].integer()}};
    if (t.value().contains("sender"))
      req["sender"] = {{"ngm_signing_private", t["sender"]["ngm_signing_private"].hex_string()}};
    if (t.value().contains("recipient"))
      req["recipient"] = {{"ngm_public", t["recipient"]["ngm_public"].hex_string()},
                          {"prekey_record", t["recipient"]["prekey_record"].hex_string()}};
    if (t.value().contains("ephemeral_private"))
      req["ephemeral_private"] = t["ephemeral_private"].hex_string();
    if (t.value().contains("fill")) req["fill"] = t["fill"].hex_string();
    std::optional<pair_ec::Outer> expected;
    Bytes message;
    uint32_t counter = 0;
    if (test.valid) {
      expected =
          pair_ec::Outer{t["ciphertext"].hex(), t["ephemeral"].hex(), {}, t["validator"].hex()};
      message = t["message"].hex();
      counter = static_cast<uint32_t>(t["counter"].integer_in(0, UINT32_MAX));
    }
    Case c{"pair-ec/seal/" + std::to_string(test.tc_id), "pair-ec", {"pair-ec.seal"}, {}, {}};
    c.run = [req, test, expected, message, counter, d](Session& s) {
      Reply r = s.call("pair-ec.seal", req);
      if (!test.valid) return expect_error(r, test.error);
      return check_sealed_payload(s, *d, r, message, counter, &*expected);
    };
    cases.push_back(std::move(c));
  }
  // Open.
  for (const VectorNode& g : open_file["testGroups"].elements()) {
    json prekeys = json::array();
    for (const VectorNode& p : g["recipient"]["prekeys"].elements())
      prekeys.push_back(p.hex_string());
    const json recipient = {
        {"ngm_signing_private", g["recipient"]["ngm_signing_private"].hex_string()},
        {"prekeys", prekeys}};
    const std::string sender = g["sender"]["ngm_public"].hex_string();
    for (const VectorNode& t : g["tests"].elements()) {
      const VectorTest test = read_vector_test(t);
      json req = {{"recipient", recipient},
                  {"sender_ngm_public", sender},
                  {"payload", t["payload"].hex_string()}};
      std::string message;
      uint64_t counter = 0;
      if (test.valid) {
        message = t["message"].hex_string();
        counter = static_cast<uint64_t>(t["counter"].integer_in(0, UINT32_MAX));
      }
      Case c{"pair-ec/open/" + std::to_string(test.tc_id), "pair-ec", {"pair-ec.open"}, {}, {}};
      c.run = [req, test, message, counter](Session& s) {
        Reply r = s.call("pair-ec.open", req);
        if (!test.valid) return expect_error(r, test.error);
        return expect_opened(r, message, counter);
      };
      cases.push_back(std::move(c));
    }
  }
  add_live_cases(cases, d);
  return cases;
}

}  // namespace

Result<std::vector<Case>> pair_ec_suite(const SuiteContext& ctx) {
  return build_cases([&] { return build_suite(ctx); });
}

}  // namespace imref::check
