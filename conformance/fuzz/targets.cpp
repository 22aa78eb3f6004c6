// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "targets.h"

#include <algorithm>

#include "imref/device_keys.h"
#include "imref/pair.h"
#include "output_checks.h"
#include "pair_forge.h"
#include "vector_device.h"
#include "world_targets.h"

namespace imref::iutfuzz {

using check::Outcome;
using check::Reply;
using check::Session;

json Reference::answer(const std::string& op, json fields) {
  fields["op"] = op;
  fields["id"] = 0;
  json response = shim_.handle(fields);
  last_verdict_ = response.value("ok", false) ? "ok"
                                              : response.value("error", std::string()) + ": " +
                                                    response.value("detail", std::string());
  return response;
}

namespace {

// The devices of vectors/pair_open_test.json: alice sends to bob (group 0),
// mallory re-signs (group 1). Imported into the reference to check what the
// implementation seals, and into Botan to sign forged payloads: Botan signs
// with RFC 6979, so the same fuzzer bytes always make the same request.
struct Devices {
  DeviceKeys alice, bob;
  const crypto::Provider* botan;
  std::shared_ptr<const crypto::EcPrivateKey> alice_signer, mallory_signer;  // in Botan
  json alice_json, bob_json, mallory_json;
};

// load_devices imports the devices of pair_open_test.json (|open|). Throws
// json's exceptions when it has no such groups.
Result<std::shared_ptr<const Devices>> load_devices(const crypto::Provider& reference,
                                                    const json& open) {
  const json& alice = open.at("testGroups").at(0).at("sender");
  const json& bob = open.at("testGroups").at(0).at("recipient");
  const json& mallory = open.at("testGroups").at(1).at("sender");
  IMREF_TRY(const crypto::Provider* botan, crypto::get_provider("botan"));
  using conformance::import_vector_device;
  auto a = import_vector_device(reference, alice), b = import_vector_device(reference, bob);
  auto a_botan = import_vector_device(*botan, alice),
       m_botan = import_vector_device(*botan, mallory);
  if (!a.ok() || !b.ok() || !a_botan.ok() || !m_botan.ok())
    return make_error(Errc::malformed_key, "the keys of pair_open_test.json do not import");
  return std::make_shared<const Devices>(Devices{*a, *b, botan, a_botan->sender().signing,
                                                 m_botan->sender().signing, alice, bob, mallory});
}

// ByteReader takes fields off the front of fuzzer bytes; past the end it
// gives zeros and empty strings, so any bytes make an input.
class ByteReader {
 public:
  explicit ByteReader(ByteView data) : data_(data) {}
  uint8_t u8() { return data_.empty() ? 0 : take(1)[0]; }
  Bytes bytes(size_t n) { return take(std::min(n, data_.size())); }
  Bytes rest() { return take(data_.size()); }

 private:
  Bytes take(size_t n) {
    Bytes out(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(n));
    data_ = data_.subspan(n);
    return out;
  }
  ByteView data_;
};

Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (ByteView p : parts) append(out, p);
  return out;
}

Bytes unhex(const json& v) {
  return from_hex(v.get<std::string>()).value();
}

Bytes filler(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 7 + 1);
  return b;
}

// Reading saved inputs (Target::read). The request is sent as the file has
// it, once every member is known to be what the target makes.
json read_hex_members(const check::VectorNode& node, std::initializer_list<const char*> names) {
  node.reject_unknown_members(names);
  json request = json::object();
  for (const char* name : names) request[name] = node[name].hex_string();
  return request;
}

json read_pair_open(const check::VectorNode& in) {
  in.reject_unknown_members({"recipient", "sender_identity", "payload"});
  return {{"recipient", read_hex_members(in["recipient"], {"rsa_private", "identity"})},
          {"sender_identity", in["sender_identity"].hex_string()},
          {"payload", in["payload"].hex_string()}};
}

// require_key fails unless |node| holds the same bytes as |want|, the key of
// the vector device |whose|.
void require_key(const check::VectorNode& node, const json& want, const std::string& whose) {
  if (node.hex() != unhex(want)) node.fail("is not " + whose + " (pair_open_test.json)");
}

// A pair.seal input is from alice to bob, whose keys the check opens the
// payload with: from anyone else it would fail for that alone.
json read_pair_seal(const Devices& d, const check::VectorNode& in) {
  in.reject_unknown_members({"sender", "recipient_identity", "plaintext", "seed"});
  json request = {{"sender", read_hex_members(in["sender"], {"signing_private", "identity"})},
                  {"recipient_identity", in["recipient_identity"].hex_string()},
                  {"plaintext", in["plaintext"].hex_string()}};
  if (in.value().contains("seed")) request["seed"] = in["seed"].hex_string();
  require_key(in["sender"]["signing_private"], d.alice_json.at("signing_private"),
              "alice's signing key");
  require_key(in["sender"]["identity"], d.alice_json.at("identity"), "alice's identity");
  require_key(in["recipient_identity"], d.bob_json.at("identity"), "bob's identity");
  return request;
}

// compare holds the implementation's answer to the reference's: the same
// verdict (success, or the same error code) and on success the same |fields|.
Outcome compare(const Reply& iut, const json& ref, const std::vector<std::string>& fields) {
  const bool ref_ok = ref.value("ok", false);
  const std::string want = ref_ok ? "success" : "error " + ref.value("error", std::string());
  if (!iut.ok()) return Outcome::failed(iut.problem, want, check::describe(iut));
  const bool iut_ok = iut.response.value("ok", false);
  if (ref_ok != iut_ok)
    return Outcome::failed(ref_ok ? "refused an input the reference accepts"
                                  : "accepted an input the reference refuses",
                           want, check::describe(iut));
  if (!ref_ok) {
    if (iut.response.value("error", std::string()) != ref.value("error", std::string()))
      return Outcome::failed("wrong error class", want, check::describe(iut));
    return Outcome::passed();
  }
  for (const std::string& f : fields) {
    std::string expected = ref.value(f, std::string());
    std::string got = check::field_string(iut, f.c_str());
    if (got != expected) return Outcome::failed("wrong " + f, expected, got);
  }
  return Outcome::passed();
}

// A target whose check is one request compared field by field.
Target compared(std::string op, size_t max_len, std::vector<Bytes> seeds,
                std::function<std::optional<json>(ByteView)> input,
                std::function<json(const check::VectorNode&)> read, std::vector<std::string> fields,
                std::shared_ptr<Reference> reference) {
  auto check = [op, fields, reference](Session& s, const json& in) {
    Reply reply = s.call(op, in);
    return compare(reply, reference->answer(op, in), fields);
  };
  return Target{
      op, {op}, max_len, std::move(seeds), std::move(input), std::move(read), std::move(check)};
}

// identity.decode: the bytes are the blob.
Target identity_decode(const json& decode_file, const json& real,
                       std::shared_ptr<Reference> reference) {
  std::vector<Bytes> seeds;
  for (const auto& g : decode_file.at("testGroups"))
    for (const auto& t : g.at("tests")) seeds.push_back(unhex(t.at("identity")));
  seeds.push_back(unhex(real.at("identity_blob").at("hex")));
  return compared(
      "identity.decode", 1024, std::move(seeds),
      [](ByteView data) {
        return json{{"identity", to_hex(data)}};
      },
      [](const check::VectorNode& in) { return read_hex_members(in, {"identity"}); },
      {"signing_public", "rsa_modulus", "rsa_exponent", "identity_hash"}, std::move(reference));
}

// identity.encode: a byte whose low 7 bits are the length of the signing
// point and whose top bit puts a zero byte before the modulus (as a DER
// INTEGER carries it: the mistake REQ-ID-1 rules out), the point, then the
// modulus.
constexpr uint8_t kSignByte = 0x80;

Target identity_encode(const json& encode_file, const json& decode_file,
                       std::shared_ptr<Reference> reference) {
  std::vector<Bytes> seeds;
  auto add = [&](const json& t) {
    Bytes point = unhex(t.at("signing_public"));
    seeds.push_back(concat({Bytes{static_cast<uint8_t>(point.size() & ~kSignByte)}, point,
                            unhex(t.at("rsa_modulus"))}));
  };
  for (const auto& g : encode_file.at("testGroups"))
    for (const auto& t : g.at("tests")) add(t);
  for (const auto& g : decode_file.at("testGroups"))
    for (const auto& t : g.at("tests"))
      if (t.at("result") == "valid") add(t);
  return compared(
      "identity.encode", 1024, std::move(seeds),
      [](ByteView data) {
        ByteReader r(data);
        const uint8_t head = r.u8();
        Bytes point = r.bytes(head & ~kSignByte);
        Bytes modulus = head & kSignByte ? Bytes{0} : Bytes{};
        append(modulus, r.rest());
        return json{{"signing_public", to_hex(point)}, {"rsa_modulus", to_hex(modulus)}};
      },
      [](const check::VectorNode& in) {
        return read_hex_members(in, {"signing_public", "rsa_modulus"});
      },
      {"identity"}, std::move(reference));
}

// pair.open. The first byte picks the sender (alice, or mallory for the
// re-signing attack of REQ-PAIR-15) and how the rest becomes a payload:
//   0  the rest is the payload;
//   1  the rest is a body, which the sender signs;
//   2  the rest is a recipe (variant, parameter, 11-byte seed, plaintext)
//      that reference/testing/pair_forge builds with at most one deviation from seal(),
//      and the sender signs.
// Signing inside the payload is how mutations get past the signature check.
enum : uint8_t { kRawPayload = 0, kSignedBody = 1, kRecipe = 2, kMallory = 3 };

std::optional<Bytes> recipe_body(const Devices& d, ByteView data, ByteReader& r) {
  forge::Recipe recipe;
  const uint8_t variant = r.u8(), param = r.u8();
  recipe.seed = r.bytes(pair::kSeedLen);
  recipe.seed.resize(pair::kSeedLen);
  recipe.plaintext = r.rest();
  forge::apply_variant(recipe, variant, param, d.alice.identity());
  // OAEP padding draws randomness: take it from the input, so the input alone
  // fixes the payload (case_seed is FNV-1a of the string).
  crypto::DeterministicRng rng(check::case_seed(0, std::string(data.begin(), data.end())),
                               "imref fuzz recipe");
  auto built = forge::build_body(*d.botan, rng, d.alice.identity(), d.bob.identity(), recipe);
  if (!built.ok()) return std::nullopt;  // a split or length the block cannot hold
  return built->body;
}

std::optional<json> pair_open_input(const Devices& d, ByteView data) {
  ByteReader r(data);
  const uint8_t mode = r.u8() % 6;
  const bool mallory = mode >= kMallory;
  const json& sender = mallory ? d.mallory_json : d.alice_json;
  const auto& signer = mallory ? d.mallory_signer : d.alice_signer;
  Bytes payload;
  switch (mode % kMallory) {
    case kRawPayload:
      payload = r.rest();
      break;
    case kSignedBody:
    case kRecipe: {
      auto body = mode % kMallory == kRecipe ? recipe_body(d, data, r) : r.rest();
      if (!body) return std::nullopt;
      auto signed_payload = forge::signed_payload(*signer, *body);
      if (!signed_payload.ok()) return std::nullopt;  // body over 65,535 bytes
      payload = std::move(signed_payload).value();
      break;
    }
  }
  return json{
      {"recipient",
       {{"rsa_private", d.bob_json.at("rsa_private")}, {"identity", d.bob_json.at("identity")}}},
      {"sender_identity", sender.at("identity")},
      {"payload", to_hex(payload)}};
}

Target pair_open(std::shared_ptr<const Devices> d, const json& open_file,
                 std::shared_ptr<Reference> reference) {
  std::vector<Bytes> seeds;
  const auto& groups = open_file.at("testGroups");
  for (size_t g = 0; g < groups.size() && g < 2; ++g)  // 0: alice; 1: mallory re-signs
    for (const auto& t : groups.at(g).at("tests"))
      seeds.push_back(concat({Bytes{g == 0 ? kRawPayload : kMallory}, unhex(t.at("payload"))}));
  for (uint8_t variant = 0; variant < forge::kVariants; ++variant)
    for (size_t len : {0, 1, 100, 101, 300})
      seeds.push_back(concat({Bytes{kRecipe, variant, static_cast<uint8_t>(len + variant)},
                              filler(pair::kSeedLen), filler(len)}));
  seeds.push_back(concat({Bytes{kMallory + kRecipe, 0, 0}, filler(pair::kSeedLen), filler(40)}));
  auto input = [d](ByteView data) { return pair_open_input(*d, data); };
  return compared("pair.open", 70000, std::move(seeds), input, read_pair_open, {"plaintext"},
                  std::move(reference));
}

// pair.seal from alice to bob. The first byte picks the seed: 0 the next 11
// bytes; 1 none (the implementation draws one); 2 a length byte (0-23) and
// that many bytes. The rest is the plaintext. When both seal, what the
// implementation sealed must open in the reference, with the key and
// ciphertext a given seed fixes (check_sealed); otherwise the error classes
// must agree.
enum : uint8_t { kSeed = 0, kNoSeed = 1, kSeedOfAnyLength = 2 };

Target pair_seal(std::shared_ptr<const Devices> d, const json& seal_file,
                 std::shared_ptr<Reference> reference) {
  std::vector<Bytes> seeds;
  for (const auto& g : seal_file.at("testGroups"))
    for (const auto& t : g.at("tests")) {
      Bytes seed = unhex(t.at("seed")), plaintext = unhex(t.at("plaintext"));
      if (seed.size() == pair::kSeedLen)
        seeds.push_back(concat({Bytes{kSeed}, seed, plaintext}));
      else
        seeds.push_back(
            concat({Bytes{kSeedOfAnyLength, static_cast<uint8_t>(seed.size())}, seed, plaintext}));
    }
  for (size_t len : {0, 1, 100, 101, 300}) seeds.push_back(concat({Bytes{kNoSeed}, filler(len)}));

  auto input = [d](ByteView data) -> std::optional<json> {
    ByteReader r(data);
    const uint8_t mode = r.u8() % 3;
    std::optional<Bytes> seed;
    if (mode == kSeed) {
      seed = r.bytes(pair::kSeedLen);
      seed->resize(pair::kSeedLen);
    } else if (mode == kSeedOfAnyLength) {
      seed = r.bytes(r.u8() % 24);
    }
    json in = {{"sender",
                {{"signing_private", d->alice_json.at("signing_private")},
                 {"identity", d->alice_json.at("identity")}}},
               {"recipient_identity", d->bob_json.at("identity")},
               {"plaintext", to_hex(r.rest())}};
    if (seed) in["seed"] = to_hex(*seed);
    return in;
  };
  auto check = [d, reference](Session& s, const json& in) {
    Reply reply = s.call("pair.seal", in);
    json ref = reference->answer("pair.seal", in);
    if (!reply.ok() || !ref.value("ok", false) || !check::is_success(reply))
      return compare(reply, ref, {});
    Bytes plaintext = unhex(in.at("plaintext"));
    std::optional<forge::Built> expected;
    if (in.contains("seed")) {
      forge::Recipe recipe;
      recipe.plaintext = plaintext;
      recipe.seed = unhex(in.at("seed"));
      expected =
          forge::build_body(s.reference(), s.rng(), d->alice.identity(), d->bob.identity(), recipe)
              .value();
    }
    return check::check_sealed(s, reply, d->alice, d->bob, plaintext,
                               expected ? &*expected : nullptr);
  };
  auto read = [d](const check::VectorNode& in) { return read_pair_seal(*d, in); };
  return Target{"pair.seal", {"pair.seal"}, 70000, std::move(seeds), input, read, check};
}

// device.generate takes no input: each fuzzer input asks for a fresh device,
// which the reference imports (check_generated_device). Mutation cannot
// steer it; the target samples the implementation's key generator, so a
// defect that shows in some keys only turns up as inputs go by.
Target device_generate() {
  return Target{"device.generate",
                {"device.generate"},
                16,
                {Bytes{}},
                [](ByteView) { return json::object(); },
                [](const check::VectorNode& in) {
                  in.reject_unknown_members({});
                  return json::object();
                },
                [](Session& s, const json&) {
                  return check::check_generated_device(s, s.call("device.generate"));
                }};
}

// The pair-ec targets (REQ-PAIREC-*): the implementation against the
// reference, verdict and fields, with the keys of pair_ec_open_test.json
// (bob receiving from alice). Each input is {"payload"}, {"x"}, {"public"}
// or {"record"} as hex; the rest of the request is fixed.
Target pair_ec_target(std::string op, std::string member, json fixed, std::vector<Bytes> seeds,
                      std::vector<std::string> fields, std::shared_ptr<Reference> reference) {
  auto input = [member](ByteView data) -> std::optional<json> {
    return json{{member, to_hex(data)}};
  };
  auto read = [member, fixed](const check::VectorNode& in) {
    in.reject_unknown_members({member.c_str()});
    json request = fixed;
    request[member] = in[member.c_str()].hex_string();
    return request;
  };
  auto check = [op, fields, reference](Session& s, const json& in) {
    return compare(s.call(op, in), reference->answer(op, in), fields);
  };
  return Target{op, {op}, 8192, std::move(seeds), input, read, check};
}

void add_pair_ec_targets(std::vector<Target>& list, const json& open_file, const json& prekey_file,
                         const json& compact_file, std::shared_ptr<Reference> reference) {
  const json& g = open_file.at("testGroups").at(0);
  const json fixed_open = {{"recipient", g.at("recipient")},
                           {"sender_ngm_public", g.at("sender").at("ngm_public")}};
  std::vector<Bytes> payloads, records, xs, points;
  for (const auto& t : g.at("tests")) payloads.push_back(unhex(t.at("payload")));
  std::string device;
  for (const auto& pg : prekey_file.at("testGroups")) {
    if (pg.at("type") == "PrekeyVerifyTest") device = pg.at("ngm_public");
    for (const auto& t : pg.at("tests"))
      if (t.contains("record")) records.push_back(unhex(t.at("record")));
  }
  for (const auto& cg : compact_file.at("testGroups"))
    for (const auto& t : cg.at("tests")) {
      if (t.contains("x")) xs.push_back(unhex(t.at("x")));
      if (t.contains("public")) points.push_back(unhex(t.at("public")));
    }
  list.push_back(pair_ec_target("pair-ec.open", "payload", fixed_open, std::move(payloads),
                                {"message"}, reference));
  list.push_back(pair_ec_target("prekey.verify", "record", {{"ngm_public", device}},
                                std::move(records), {"prekey"}, reference));
  list.push_back(
      pair_ec_target("key.expand", "x", json::object(), std::move(xs), {"public"}, reference));
  list.push_back(
      pair_ec_target("key.compact", "public", json::object(), std::move(points), {"x"}, reference));
}

}  // namespace

Result<Targets> make_targets(const check::SuiteContext& ctx) {
  IMREF_TRY(const json decode, check::load_vector_file(ctx, "identity_decode_test.json"));
  IMREF_TRY(const json encode, check::load_vector_file(ctx, "identity_encode_test.json"));
  IMREF_TRY(const json real, check::load_json_file(ctx, "external/real-artifacts.json"));
  IMREF_TRY(const json open, check::load_vector_file(ctx, "pair_open_test.json"));
  IMREF_TRY(const json seal, check::load_vector_file(ctx, "pair_seal_test.json"));
  IMREF_TRY(const json ec_open, check::load_vector_file(ctx, "pair_ec_open_test.json"));
  IMREF_TRY(const json prekey, check::load_vector_file(ctx, "prekey_test.json"));
  IMREF_TRY(const json compact, check::load_vector_file(ctx, "pair_ec_compact_test.json"));
  try {
    IMREF_TRY(auto devices, load_devices(ctx.reference, open));
    Targets t{std::make_shared<Reference>(ctx.reference), {}};
    t.list.push_back(identity_decode(decode, real, t.reference));
    t.list.push_back(identity_encode(encode, decode, t.reference));
    t.list.push_back(pair_open(devices, open, t.reference));
    t.list.push_back(pair_seal(devices, seal, t.reference));
    t.list.push_back(device_generate());
    add_pair_ec_targets(t.list, ec_open, prekey, compact, t.reference);
    for (auto* make : {keychain_open_target, scenario_target}) {
      IMREF_TRY(Target target, make(ctx, t.reference));
      t.list.push_back(std::move(target));
    }
    return t;
  } catch (const std::exception& e) {
    // A vector file of another shape (json type_error, out_of_range, or a
    // field that is not hex): say so, do not die.
    return make_error(Errc::invalid_argument,
                      std::string("the vector files are not what imref fuzz reads: ") + e.what());
  }
}

check::Case as_case(const Target& target) {
  return check::Case{
      "fuzz/" + target.name, "fuzz", target.ops,
      [](Session&) { return Outcome::failed("fuzz cases replay saved inputs only"); },
      check::replay_of(target.read, target.check)};
}

Result<std::vector<check::Case>> replay_cases(const check::SuiteContext& ctx) {
  IMREF_TRY(auto targets, make_targets(ctx));
  std::vector<check::Case> cases;
  for (const auto& t : targets.list) cases.push_back(as_case(t));
  return cases;
}

}  // namespace imref::iutfuzz
