// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The identity suite: device key generation and the v2 identity blob
// (REQ-KEY-*, REQ-ID-*). Vector cases from identity_*_test.json, then live
// cases that cross-check what the implementation generates.
#include "imref/device_keys.h"
#include "imref/identity.h"
#include "output_checks.h"
#include "property.h"
#include "suites.h"
#include "vector_node.h"

namespace imref::check {

namespace {

Outcome compare_fields(const Reply& reply, const json& expected,
                       const std::vector<std::string>& names) {
  if (!is_success(reply))
    return Outcome::failed("refused a valid input", "success", describe(reply));
  for (const std::string& name : names) {
    std::string want = expected.at(name).get<std::string>();
    std::string got = field_string(reply, name.c_str());
    if (got != want) return Outcome::failed("wrong " + name, want, got);
  }
  return Outcome::passed();
}

// add_vector_cases reads every test of |file| up front, so a file of the
// wrong shape is a problem of the suite, not of a case.
void add_vector_cases(std::vector<Case>& cases, const VectorNode& file, const std::string& group,
                      const std::string& op, const std::vector<std::string>& inputs,
                      const std::vector<std::string>& outputs) {
  for (const VectorNode& g : file["testGroups"].elements()) {
    for (const VectorNode& t : g["tests"].elements()) {
      const VectorTest test = read_vector_test(t);
      json request = json::object(), expected = json::object();
      for (const auto& in : inputs) request[in] = t[in.c_str()].string();
      if (test.valid)
        for (const auto& out : outputs) expected[out] = t[out.c_str()].string();
      Case c;
      c.id = "identity/" + group + "/" + std::to_string(test.tc_id);
      c.suite = "identity";
      c.ops = {op};
      c.run = [test, op, request, expected, outputs](Session& s) {
        Reply reply = s.call(op, request);
        if (test.valid) return compare_fields(reply, expected, outputs);
        return expect_error(s, reply, test.error);
      };
      cases.push_back(with_requirements(std::move(c), test));
    }
  }
}

Case live(std::string name, std::vector<std::string> ops, std::function<Outcome(Session&)> run) {
  return Case{"identity/live/" + std::move(name), "identity", std::move(ops), std::move(run), {}};
}

// generate asks the implementation for a device and imports it with the
// reference.
Outcome generated_keys_import(Session& s) {
  return check_generated_device(s, s.call("device.generate"));
}

// decode → encode must give the same blob, and every decoded field must be
// what the reference reads (REQ-ID-5, REQ-ID-6).
Outcome round_trip(Session& s, const std::string& blob_hex) {
  auto blob = from_hex(blob_hex);
  if (!blob.ok()) return Outcome::failed("identity is not hex", "hex", blob_hex);
  auto ref = PublicIdentity::decode(s.reference(), *blob);
  if (!ref.ok())
    return Outcome::failed("the reference refuses the identity", "valid", ref.error().detail);
  json expected = {{"signing_public", to_hex(ref->signing_public())},
                   {"rsa_modulus", to_hex(ref->rsa_modulus())},
                   {"rsa_exponent", "010001"},
                   {"identity_hash", to_hex(ref->hash())}};
  Reply dec = s.call("identity.decode", {{"identity", blob_hex}});
  Outcome o = compare_fields(dec, expected,
                             {"signing_public", "rsa_modulus", "rsa_exponent", "identity_hash"});
  if (o.status != Status::pass) return o;
  Reply enc = s.call("identity.encode", {{"signing_public", expected["signing_public"]},
                                         {"rsa_modulus", expected["rsa_modulus"]}});
  return compare_fields(enc, {{"identity", blob_hex}}, {"identity"});
}

Outcome generated_round_trip(Session& s) {
  Reply gen = s.call("device.generate");
  if (!is_success(gen)) return Outcome::failed("device.generate failed", "success", describe(gen));
  return round_trip(s, gen.response["device"].value("identity", std::string()));
}

// A change to any fixed framing byte of a valid blob must be
// malformed_identity (REQ-ID-2); as a property, so a failure shrinks to the
// first offending offset.
constexpr size_t kFixedOffsets[] = {0,  1,  2,  3,  4,  5,  6,  72,  73,  74,  75,  76,
                                    77, 78, 79, 80, 81, 82, 83, 244, 245, 246, 247, 248};

// FramingChange is the property's input, read strictly (REQ-CHECK-7): which
// fixed byte changes, and the non-zero mask it is XORed with.
struct FramingChange {
  size_t offset;
  uint8_t mask;
};
FramingChange read_framing_change(const VectorNode& in) {
  in.reject_unknown_members({"offset_index", "xor"});
  const auto index = in["offset_index"].integer_in(0, std::size(kFixedOffsets) - 1);
  return {kFixedOffsets[index], static_cast<uint8_t>(in["xor"].integer_in(1, 255))};
}

Case mutated_blobs_refused(const std::string& valid_hex) {
  return property_case(
      Property{"identity/live/mutated-blobs-refused",
               "identity",
               {"identity.decode"},
               24,
               [] {
                 return rc::gen::apply(
                     [](size_t index, uint8_t x) {
                       return json{{"offset_index", index}, {"xor", x}};
                     },
                     rc::gen::inRange<size_t>(0, std::size(kFixedOffsets)),
                     rc::gen::inRange<uint8_t>(1, 255));
               },
               replay_of(read_framing_change, [valid_hex](Session& s, const FramingChange& change) {
                 Bytes b = from_hex(valid_hex).value();
                 b[change.offset] ^= change.mask;
                 Outcome o = expect_error(s.call("identity.decode", {{"identity", to_hex(b)}}),
                                          "malformed_identity");
                 if (o.status != Status::pass)
                   o.reason += " (byte " + std::to_string(change.offset) + " changed)";
                 return o;
               })});
}

// first_valid_identity is a blob the vectors say decodes, to mutate; it must
// have every byte kFixedOffsets names.
std::string first_valid_identity(const VectorNode& decode) {
  for (const VectorNode& g : decode["testGroups"].elements())
    for (const VectorNode& t : g["tests"].elements()) {
      if (!read_vector_test(t).valid) continue;
      const VectorNode identity = t["identity"];
      if (identity.hex().size() != kIdentityBlobLen)
        identity.fail("is not " + std::to_string(kIdentityBlobLen) + " bytes");
      return identity.string();
    }
  decode["testGroups"].fail("hold no valid identity");
}

Result<std::vector<Case>> build_identity_suite(const SuiteContext& ctx) {
  std::vector<Case> cases;
  IMREF_TRY(const json decode, load_vector_file(ctx, "identity_decode_test.json"));
  IMREF_TRY(const json encode, load_vector_file(ctx, "identity_encode_test.json"));
  const VectorNode decode_file(decode, ctx.vectors_dir + "/identity_decode_test.json");
  add_vector_cases(cases, decode_file, "decode", "identity.decode", {"identity"},
                   {"signing_public", "rsa_modulus", "rsa_exponent", "identity_hash"});
  add_vector_cases(cases, VectorNode(encode, ctx.vectors_dir + "/identity_encode_test.json"),
                   "encode", "identity.encode", {"signing_public", "rsa_modulus"}, {"identity"});
  cases.push_back(live("generated-keys-import", {"device.generate"}, generated_keys_import));
  cases.push_back(live("generated-round-trip",
                       {"device.generate", "identity.decode", "identity.encode"},
                       generated_round_trip));
  IMREF_TRY(const json real, load_json_file(ctx, "external/real-artifacts.json"));
  const VectorNode blob =
      VectorNode(real, ctx.vectors_dir + "/external/real-artifacts.json")["identity_blob"];
  std::string real_blob = blob["hex"].string();
  std::string real_hash = blob["sha256_of_identity_material_hex"].string();
  cases.push_back(
      live("real-blob-round-trip", {"identity.decode", "identity.encode"},
           [real_blob, real_hash](Session& s) {
             Reply dec = s.call("identity.decode", {{"identity", real_blob}});
             Outcome o = compare_fields(dec, {{"identity_hash", real_hash}}, {"identity_hash"});
             return o.status == Status::pass ? round_trip(s, real_blob) : o;
           }));
  cases.push_back(mutated_blobs_refused(first_valid_identity(decode_file)));
  return cases;
}

}  // namespace

Result<std::vector<Case>> identity_suite(const SuiteContext& ctx) {
  return build_cases([&] { return build_identity_suite(ctx); });
}

}  // namespace imref::check
