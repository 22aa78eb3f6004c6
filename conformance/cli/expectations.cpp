// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "expectations.h"

#include <fnmatch.h>

#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

namespace imref::cli {

using nlohmann::json;

Result<std::vector<Expectation>> load_expectations(const std::string& path) {
  std::ifstream in(path);
  json list = json::parse(in, nullptr, false);
  if (!in || list.is_discarded() || !list.is_array())
    return make_error(Errc::invalid_argument, "--expect file is not a JSON list: " + path);
  std::vector<Expectation> out;
  for (const auto& e : list) {
    if (!e.is_object() || !e.contains("case") || !e["case"].is_string() || !e.contains("reason") ||
        !e["reason"].is_string() || (e.contains("expires") && !e["expires"].is_string()))
      return make_error(Errc::invalid_argument,
                        "--expect entry needs \"case\" and \"reason\" strings: " + e.dump());
    out.push_back({e["case"], e["reason"], e.value("expires", std::string())});
  }
  return out;
}

Expectation* matching_expectation(std::vector<Expectation>& expectations,
                                  const std::string& case_id) {
  for (auto& e : expectations)
    if (fnmatch(e.pattern.c_str(), case_id.c_str(), 0) == 0) {
      ++e.matched;
      return &e;
    }
  return nullptr;
}

bool is_live(const Expectation* e, const std::string& date) {
  return e && (e->expires.empty() || e->expires >= date);
}

void report_stale_expectations(const std::vector<Expectation>& expectations,
                               const std::string& date) {
  for (const auto& e : expectations) {
    if (e.matched == 0)
      std::cout << "UNUSED EXPECTATION " << e.pattern << ": matched no case\n";
    else if (!e.expires.empty() && e.expires < date)
      std::cout << "EXPIRED EXPECTATION " << e.pattern << " (" << e.expires << ")\n";
  }
}

std::string today() {
  std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

}  // namespace imref::cli
