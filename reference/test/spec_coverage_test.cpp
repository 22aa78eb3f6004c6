// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Every requirement in docs/spec.md is covered by a vector (its
// "requirements" list) or a test (a REQ-… reference in a unit test, a
// conformance case, or a runner test in conformance/test), and nothing cites
// a requirement that does not exist.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "provider_test_util.h"

namespace imref {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> find_all(const std::string& text, const std::regex& re, int group = 0) {
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    out.insert((*it)[group].str());
  return out;
}

const fs::path kRoot = IMREF_SOURCE_DIR;
const std::regex kReq(R"(REQ-[A-Z]+-\d+)");

std::set<std::string> defined_requirements() {
  return find_all(slurp(kRoot / "docs/spec.md"), std::regex(R"(\*\*(REQ-[A-Z]+-\d+)\*\*)"), 1);
}

std::set<std::string> cited_by_vectors() {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(kRoot / "vectors")) {
    if (entry.path().extension() != ".json") continue;
    auto file = nlohmann::json::parse(slurp(entry.path()));
    for (const auto& g : file["testGroups"])
      for (const auto& t : g["tests"])
        for (const auto& r : t.value("requirements", nlohmann::json::array())) out.insert(r);
  }
  return out;
}

std::set<std::string> cited_by_tests() {
  std::set<std::string> out;
  for (const char* dir : {"reference/test", "conformance/runner", "conformance/test",
                          "conformance/fuzz", "conformance/fuzz/test"}) {
    for (const auto& entry : fs::directory_iterator(kRoot / dir)) {
      auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".py" && entry.path().filename() != "CMakeLists.txt") continue;
      if (entry.path().filename() == "spec_coverage_test.cpp") continue;
      auto found = find_all(slurp(entry.path()), kReq);
      out.insert(found.begin(), found.end());
    }
  }
  return out;
}

TEST(SpecCoverage, SpecDefinesRequirements) { EXPECT_GE(defined_requirements().size(), 30u); }

TEST(SpecCoverage, EveryRequirementIsCovered) {
  auto vectors = cited_by_vectors();
  auto tests = cited_by_tests();
  for (const auto& req : defined_requirements())
    EXPECT_TRUE(vectors.count(req) || tests.count(req))
        << req << " has no vector or test citing it";
}

TEST(SpecCoverage, NothingCitesAnUnknownRequirement) {
  auto defined = defined_requirements();
  for (const auto& set : {cited_by_vectors(), cited_by_tests()})
    for (const auto& req : set) EXPECT_TRUE(defined.count(req)) << req << " is not in docs/spec.md";
}

}  // namespace
}  // namespace imref
