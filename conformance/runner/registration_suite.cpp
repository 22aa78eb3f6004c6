// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The registration suite: the scenarios of registration_test.json against
// the implementation's world (docs/spec.md §9).
#include "scenario.h"
#include "suites.h"

namespace imref::check {

Result<std::vector<Case>> registration_suite(const SuiteContext& ctx) {
  return load_scenario_suite(ctx, "registration_test.json", "registration");
}

}  // namespace imref::check
