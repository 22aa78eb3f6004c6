// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The suites of imref check. Each returns its cases in a fixed order.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "case.h"

namespace imref::check {

struct SuiteContext {
  std::string vectors_dir;
  const crypto::Provider& reference;
};

// load_json_file reads vectors_dir/name; on failure returns a discarded json
// and sets |problem|. load_vector_file also requires testGroups.
json load_json_file(const SuiteContext& ctx, const std::string& name, std::string& problem);
json load_vector_file(const SuiteContext& ctx, const std::string& name, std::string& problem);

// build_or_problem runs a suite builder that reads vector files through
// VectorNode (vector_node.h): a file of the wrong shape becomes |problem|
// ("malformed vector file DIR/NAME: PATH: what is wrong") and no cases.
std::vector<Case> build_or_problem(std::string& problem,
                                   const std::function<std::vector<Case>()>& build);

std::vector<Case> identity_suite(const SuiteContext& ctx, std::string& problem);
std::vector<Case> pair_suite(const SuiteContext& ctx, std::string& problem);
std::vector<Case> registration_suite(const SuiteContext& ctx, std::string& problem);
std::vector<Case> delivery_suite(const SuiteContext& ctx, std::string& problem);
std::vector<Case> keychain_suite(const SuiteContext& ctx, std::string& problem);

struct Suite {
  const char* name;
  std::vector<Case> (*make)(const SuiteContext&, std::string&);
};
const std::vector<Suite>& all_suites();

}  // namespace imref::check
