// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The keychain suite: the store format (REQ-KEYCHAIN-*). Vector cases from
// keychain_test.json (keychain.open of every store, keychain.seal of every
// valid one), then a live property against the reference's own seal.
#include "imref/keychain.h"
#include "property.h"
#include "suites.h"
#include "vector_node.h"

namespace imref::check {

namespace {

Outcome expect_items(const Reply& reply, const json& items) {
  if (!is_success(reply))
    return Outcome::failed("refused a valid store", "success", describe(reply));
  if (!reply.response.contains("items") || reply.response["items"] != items)
    return Outcome::failed("wrong items", items.dump(),
                           reply.response.value("items", json()).dump());
  return Outcome::passed();
}

Outcome expect_store(const Reply& reply, const std::string& store) {
  if (!is_success(reply))
    return Outcome::failed("refused to seal valid inputs", "success", describe(reply));
  std::string got = field_string(reply, "store");
  if (got != store) return Outcome::failed("wrong store bytes", store, got);
  return Outcome::passed();
}

// hex_string reads a node that must be a hex string, keeping the text.
std::string hex_string(const VectorNode& node) {
  node.hex();
  return node.string();
}

// add_vector_cases reads every test up front (vector_node.h): a file of the
// wrong shape is a problem of the suite, not of a case.
void add_vector_cases(std::vector<Case>& cases, const VectorNode& file) {
  for (const VectorNode& g : file["testGroups"].elements()) {
    for (const VectorNode& t : g["tests"].elements()) {
      const VectorTest test = read_vector_test(t);
      const std::string n = std::to_string(test.tc_id);
      const json open_request = {{"passcode", hex_string(t["passcode"])},
                                 {"store", hex_string(t["store"])}};
      if (!test.valid) {
        cases.push_back({"keychain/open/" + n,
                         "keychain",
                         {"keychain.open"},
                         [open_request, test](Session& s) {
                           return expect_error(s.call("keychain.open", open_request), test.error);
                         },
                         {}});
        continue;
      }
      json items = json::object();
      const VectorNode items_node = t["items"];
      if (!items_node.value().is_object()) items_node.fail("is not an object");
      for (auto it = items_node.value().begin(); it != items_node.value().end(); ++it)
        items[it.key()] = hex_string(items_node[it.key().c_str()]);
      const VectorNode params = t["params"];
      const json seal_request = {{"passcode", open_request["passcode"]},
                                 {"params",
                                  {{"log2_n", params["log2_n"].integer()},
                                   {"r", params["r"].integer()},
                                   {"p", params["p"].integer()}}},
                                 {"salt", hex_string(t["salt"])},
                                 {"nonce", hex_string(t["nonce"])},
                                 {"items", items}};
      const std::string store = open_request["store"];
      cases.push_back({"keychain/open/" + n,
                       "keychain",
                       {"keychain.open"},
                       [open_request, items](Session& s) {
                         return expect_items(s.call("keychain.open", open_request), items);
                       },
                       {}});
      cases.push_back({"keychain/seal/" + n,
                       "keychain",
                       {"keychain.seal"},
                       [seal_request, store](Session& s) {
                         return expect_store(s.call("keychain.seal", seal_request), store);
                       },
                       {}});
    }
  }
}

// The implementation seals generated items exactly as the reference does
// (the format is deterministic given salt and nonce), opens its own store
// to the same items, and refuses it with one byte changed (REQ-KEYCHAIN-2,
// -3, -4, -5).
Case round_trip_property() {
  return property_case(Property{
      "keychain/live/seal-open-change",
      "keychain",
      {"keychain.seal", "keychain.open"},
      12,
      [] {
        auto name = rc::gen::container<std::string>(rc::gen::element('a', 'k', 'z', '0', '.', '-'));
        return rc::gen::apply(
            [](std::map<std::string, std::string> items, std::string passcode, std::string salt,
               std::string nonce, size_t flip) {
              return json{{"items", items},
                          {"passcode", passcode},
                          {"salt", salt},
                          {"nonce", nonce},
                          {"flip", flip}};
            },
            rc::gen::container<std::map<std::string, std::string>>(
                rc::gen::resize(8, rc::gen::nonEmpty(name)), gen_hex(64)),
            rc::gen::nonEmpty(gen_hex(32)), gen_hex(16), gen_hex(16), rc::gen::arbitrary<size_t>());
      },
      [](Session& s, const json& in) {
        const keychain::KdfParams params{4, 1, 1};
        auto hex = [&](const char* f) { return from_hex(in[f].get<std::string>()).value(); };
        Bytes salt = hex("salt"), nonce = hex("nonce");
        salt.resize(keychain::kSaltLen);  // gen_hex may give fewer bytes
        nonce.resize(keychain::kNonceLen);
        keychain::Items items;
        for (auto it = in["items"].begin(); it != in["items"].end(); ++it)
          items.emplace(it.key(), to_secret(from_hex(it.value().get<std::string>()).value()));
        auto key = keychain::PasscodeKey::derive(s.reference(), hex("passcode"), params, salt);
        if (!key.ok())
          return Outcome::failed("reference refuses the inputs", "", key.error().detail);
        Bytes expected = keychain::seal(s.reference(), *key, nonce, items).value();
        Reply sealed =
            s.call("keychain.seal",
                   {{"passcode", in["passcode"]},
                    {"params", {{"log2_n", params.log2_n}, {"r", params.r}, {"p", params.p}}},
                    {"salt", to_hex(salt)},
                    {"nonce", to_hex(nonce)},
                    {"items", in["items"]}});
        Outcome o = expect_store(sealed, to_hex(expected));
        if (o.status != Status::pass) return o;
        o = expect_items(
            s.call("keychain.open", {{"passcode", in["passcode"]}, {"store", to_hex(expected)}}),
            in["items"]);
        if (o.status != Status::pass) return o;
        Bytes damaged = expected;
        damaged[in["flip"].get<size_t>() % damaged.size()] ^= 0x01;
        return expect_error(
            s.call("keychain.open", {{"passcode", in["passcode"]}, {"store", to_hex(damaged)}}),
            "store_corrupt");
      }});
}

}  // namespace

std::vector<Case> keychain_suite(const SuiteContext& ctx, std::string& problem) {
  return build_or_problem(problem, [&]() -> std::vector<Case> {
    std::vector<Case> cases;
    const json file = load_vector_file(ctx, "keychain_test.json", problem);
    if (!problem.empty()) return {};
    add_vector_cases(cases, VectorNode(file, ctx.vectors_dir + "/keychain_test.json"));
    cases.push_back(round_trip_property());
    return cases;
  });
}

}  // namespace imref::check
