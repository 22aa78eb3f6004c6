// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include <fstream>
#include <sstream>

#include "suites.h"

namespace imref::check {

json load_json_file(const SuiteContext& ctx, const std::string& name, std::string& problem) {
  std::string path = ctx.vectors_dir + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = "cannot read " + path;
    return json(json::value_t::discarded);
  }
  std::stringstream text;
  text << in.rdbuf();
  json file = json::parse(text.str(), nullptr, false);
  if (file.is_discarded()) problem = "not JSON: " + path;
  return file;
}

json load_vector_file(const SuiteContext& ctx, const std::string& name, std::string& problem) {
  json file = load_json_file(ctx, name, problem);
  if (problem.empty() && !file.contains("testGroups"))
    problem = "not a vector file: " + ctx.vectors_dir + "/" + name;
  return file;
}

const std::vector<Suite>& all_suites() {
  static const std::vector<Suite> kSuites = {{"identity", identity_suite}, {"pair", pair_suite}};
  return kSuites;
}

}  // namespace imref::check
