// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Every conformance case — every vector and every live check — against the
// reference shim on each backend, in process. This is where each backend
// meets each vector; ctest also runs the imref binary against imref-shim.
#include <gtest/gtest.h>

#include "provider_test_util.h"
#include "runner.h"
#include "suites.h"
#include "targets.h"
#include "vector_node.h"

namespace imref {
namespace {

class ConformanceSuites : public test::ProviderTest {};

TEST_P(ConformanceSuites, ReferencePassesEveryCase) {
  check::SuiteContext ctx{std::string(IMREF_SOURCE_DIR) + "/vectors", provider()};
  std::vector<check::Case> cases;
  for (const auto& suite : check::all_suites()) {
    auto made = suite.make(ctx);
    ASSERT_TRUE(made.ok()) << suite.name << ": " << made.error().detail;
    EXPECT_FALSE(made->empty()) << suite.name;
    cases.insert(cases.end(), made->begin(), made->end());
  }
  check::InProcessIut iut(std::make_unique<shim::Shim>(provider()));
  auto hello = check::hello(iut);
  ASSERT_TRUE(hello.ok()) << hello.error().detail;
  auto results = check::run_cases(iut, provider(), cases, hello->ops, {20261128, nullptr});
  ASSERT_EQ(results.size(), cases.size());
  for (const auto& r : results)
    EXPECT_EQ(r.status, check::Status::pass)
        << r.id << ": " << r.reason << "; expected " << r.expected << "; actual " << r.actual;
}

// Case ids are unique, so --expect patterns and reports can name them.
TEST_P(ConformanceSuites, CaseIdsAreUnique) {
  check::SuiteContext ctx{std::string(IMREF_SOURCE_DIR) + "/vectors", provider()};
  std::set<std::string> ids;
  for (const auto& suite : check::all_suites()) {
    auto made = suite.make(ctx);
    ASSERT_TRUE(made.ok()) << suite.name << ": " << made.error().detail;
    for (const auto& c : *made) EXPECT_TRUE(ids.insert(c.id).second) << c.id;
  }
}

// REQ-CHECK-7: every case that replays a saved input reads it strictly, with
// no Session: an input that is not an object, or has a member the case does
// not read, is refused before the check can send anything.
TEST_P(ConformanceSuites, EveryReplayReadsItsInputStrictly) {
  check::SuiteContext ctx{std::string(IMREF_SOURCE_DIR) + "/vectors", provider()};
  auto fuzz_cases = iutfuzz::replay_cases(ctx);
  ASSERT_TRUE(fuzz_cases.ok()) << fuzz_cases.error().detail;
  std::vector<check::Case> cases = *fuzz_cases;
  for (const auto& suite : check::all_suites()) {
    auto made = suite.make(ctx);
    ASSERT_TRUE(made.ok()) << suite.name << ": " << made.error().detail;
    cases.insert(cases.end(), made->begin(), made->end());
  }
  const nlohmann::json not_an_object = 42, unknown_member = {{"no-such-member", 0}};
  size_t replayable = 0;
  for (const auto& c : cases) {
    if (!c.replay) continue;
    ++replayable;
    for (const auto& input : {not_an_object, unknown_member})
      EXPECT_THROW(c.replay(check::VectorNode(input, "test", "input")), check::MalformedVectorFile)
          << c.id << " replays " << input.dump();
  }
  EXPECT_GE(replayable, 13u) << "8 properties and 5 fuzz targets";
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(ConformanceSuites);

// REQ-SHIM-5, REQ-SHIM-6: the world's clock moves only by clock.advance, by
// exactly what was asked, never backwards; reset starts it over.
TEST(Shim, ResetAndClockAdvance) {
  shim::Shim s(test::backend("openssl"));
  auto answer = [&](const std::string& line) { return nlohmann::json::parse(s.handle_line(line)); };
  const auto start = answer(R"({"id":1,"op":"reset"})");
  ASSERT_EQ(start["ok"], true);
  const int64_t t0 = start["now"].get<int64_t>();
  EXPECT_EQ(answer(R"({"id":2,"op":"clock.advance","seconds":86400})")["now"], t0 + 86400);
  for (const char* bad : {R"({"id":3,"op":"clock.advance","seconds":-1})",
                          R"({"id":3,"op":"clock.advance","seconds":31622401})"})
    EXPECT_EQ(answer(bad)["error"], "invalid_argument") << bad;
  for (const char* bad :
       {R"({"id":4,"op":"clock.advance"})", R"({"id":4,"op":"clock.advance","seconds":"1"})",
        R"({"id":4,"op":"clock.advance","seconds":1.5})"})
    EXPECT_EQ(answer(bad)["error"], "malformed_request") << bad;
  EXPECT_EQ(answer(R"({"id":5,"op":"clock.advance","seconds":0})")["now"], t0 + 86400);
  EXPECT_EQ(answer(R"({"id":6,"op":"reset"})")["now"], t0);
}

// REQ-SHIM-1, REQ-SHIM-2, REQ-SHIM-3: the shim answers garbage with typed
// errors and keeps serving.
TEST(Shim, MalformedRequestsGetTypedErrorsAndServiceContinues) {
  shim::Shim s(test::backend("openssl"));
  auto answer = [&](const std::string& line) { return nlohmann::json::parse(s.handle_line(line)); };
  for (const char* bad : {"", "not json", "[1,2]", "42", "{\"op\":\"hello\"}", "{\"id\":1}",
                          "{\"id\":\"x\",\"op\":\"hello\"}", "{\"id\":1,\"op\":7}"}) {
    auto r = answer(bad);
    EXPECT_EQ(r["ok"], false) << bad;
    EXPECT_EQ(r["error"], "malformed_request") << bad;
  }
  auto missing = answer(R"({"id":5,"op":"identity.decode"})");
  EXPECT_EQ(missing["error"], "malformed_request");
  EXPECT_EQ(missing["id"], 5);
  auto bad_hex = answer(R"({"id":6,"op":"identity.decode","identity":"zz"})");
  EXPECT_EQ(bad_hex["error"], "malformed_request");
  auto unknown = answer(R"({"id":7,"op":"no.such.op"})");
  EXPECT_EQ(unknown["error"], "unimplemented");
  EXPECT_EQ(unknown["id"], 7);
  auto hello = answer(R"({"id":8,"op":"hello"})");
  EXPECT_EQ(hello["ok"], true);
  EXPECT_EQ(hello["protocol"], "imref-shim/1");
  EXPECT_TRUE(hello["ops"].is_array());
  // REQ-SHIM-4: library errors keep their stable names.
  auto malformed = answer(R"({"id":9,"op":"identity.decode","identity":"00"})");
  EXPECT_EQ(malformed["error"], "malformed_identity");
}

// REQ-ALERT-3, REQ-DIR-1: the world's devices register through the shim;
// an offline device receives its alerts when it connects, in order; a lookup
// gives public material only.
TEST(Shim, RegistrationWorldQueuesAlertsForOfflineDevices) {
  shim::Shim s(test::backend("openssl"));
  int id = 0;
  auto call = [&](nlohmann::json request) {
    request["id"] = ++id;
    return s.handle(request);
  };
  ASSERT_EQ(call({{"op", "account.create"}, {"account", "alice"}})["ok"], true);
  auto phone = call({{"op", "device.add"}, {"device", "phone"}, {"account", "alice"}});
  ASSERT_EQ(phone["ok"], true) << phone.dump();
  ASSERT_EQ(call({{"op", "device.disconnect"}, {"device", "phone"}})["ok"], true);
  auto mac = call({{"op", "device.add"}, {"device", "mac"}, {"account", "alice"}});
  ASSERT_EQ(mac["ok"], true);
  ASSERT_EQ(call({{"op", "email.add"}, {"account", "alice"}, {"email", "a@example.com"}})["ok"],
            true);
  auto tokens = call({{"op", "email.read"}, {"email", "a@example.com"}})["tokens"];
  ASSERT_EQ(tokens.size(), 1u);
  ASSERT_EQ(call({{"op", "email.confirm"}, {"account", "alice"}, {"token", tokens[0]}})["ok"],
            true);

  EXPECT_EQ(call({{"op", "alerts.read"}, {"device", "phone"}})["alerts"].size(), 0u);
  ASSERT_EQ(call({{"op", "device.connect"}, {"device", "phone"}})["ok"], true);
  const auto alerts = call({{"op", "alerts.read"}, {"device", "phone"}})["alerts"];
  const nlohmann::json want = {{{"kind", "device"}, {"what", mac["push_token"]}},
                               {{"kind", "email"}, {"what", "a@example.com"}}};
  EXPECT_EQ(alerts, want);
  EXPECT_EQ(call({{"op", "alerts.read"}, {"device", "mac"}})["alerts"],
            nlohmann::json({{{"kind", "email"}, {"what", "a@example.com"}}}));

  const auto found = call({{"op", "dir.lookup"}, {"handle", "a@example.com"}});
  ASSERT_EQ(found["devices"].size(), 2u);
  // REQ-PAIREC-52: with the NGM key and the prekey record, and nothing private.
  for (const auto& d : found["devices"]) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : d.items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"encryption_public", "identity", "ngm_public",
                                              "prekey_record", "push_token"}))
        << d.dump();
  }
  EXPECT_EQ(found["devices"][0]["identity"], phone["identity"]);
  EXPECT_EQ(found["devices"][1]["push_token"], mac["push_token"]);
}

}  // namespace
}  // namespace imref
