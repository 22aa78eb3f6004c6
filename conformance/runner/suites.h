// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The suites of imref check. Each returns its cases in a fixed order.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "case.h"
#include "imref/result.h"

namespace imref::check {

struct SuiteContext {
  std::string vectors_dir;
  const crypto::Provider& reference;
};

// load_json_file reads vectors_dir/name: an error "cannot read PATH" or
// "not JSON: PATH". load_vector_file also requires testGroups ("not a
// vector file: PATH").
Result<json> load_json_file(const SuiteContext& ctx, const std::string& name);
Result<json> load_vector_file(const SuiteContext& ctx, const std::string& name);

// build_cases runs a suite builder that reads vector files through
// VectorNode (vector_node.h): a file of the wrong shape becomes an error
// ("malformed vector file DIR/NAME: PATH: what is wrong").
Result<std::vector<Case>> build_cases(const std::function<Result<std::vector<Case>>()>& build);

// Each suite's cases, or an error naming the vector file that is wrong.
Result<std::vector<Case>> identity_suite(const SuiteContext& ctx);
Result<std::vector<Case>> pair_suite(const SuiteContext& ctx);
Result<std::vector<Case>> registration_suite(const SuiteContext& ctx);
Result<std::vector<Case>> delivery_suite(const SuiteContext& ctx);
Result<std::vector<Case>> keychain_suite(const SuiteContext& ctx);
Result<std::vector<Case>> pair_ec_suite(const SuiteContext& ctx);

struct Suite {
  const char* name;
  Result<std::vector<Case>> (*make)(const SuiteContext&);
};
const std::vector<Suite>& all_suites();

}  // namespace imref::check
