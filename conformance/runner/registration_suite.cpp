// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The registration suite: the scenarios of registration_test.json against
// the implementation's world (docs/spec.md §9).
#include "scenario.h"
#include "suites.h"

namespace imref::check {

std::vector<Case> registration_suite(const SuiteContext& ctx, std::string& problem) {
  return cases_or_problem(load_scenario_suite(ctx, "registration_test.json", "registration"),
                          problem);
}

}  // namespace imref::check
