// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The delivery suite: the scenarios of delivery_test.json against the
// implementation's world (docs/spec.md §8).
#include "scenario.h"
#include "suites.h"

namespace imref::check {

Result<std::vector<Case>> delivery_suite(const SuiteContext& ctx) {
  return load_scenario_suite(ctx, "delivery_test.json", "delivery");
}

}  // namespace imref::check
