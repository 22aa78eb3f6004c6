// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Bug switches: `imref-shim --bug NAME` turns on one deliberate defect of the
// reference (imref/internal/defects.h), so a test can prove that `imref
// check` catches it (docs/conformance.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "imref/internal/defects.h"
#include "imref/result.h"

namespace imref::shim {

struct BugInfo {
  std::string_view name;         // the --bug NAME
  std::string_view requirement;  // the rule it breaks
  std::string_view description;
  defects::Defect defect;
};

// all_bugs lists every switch, in a fixed order.
const std::vector<BugInfo>& all_bugs();

// parse_bugs turns names into defects, or Errc::invalid_argument naming the
// unknown one.
Result<std::vector<defects::Defect>> parse_bugs(const std::vector<std::string>& names);

// switch_on turns |bugs| on for the whole process (imref-shim at start-up).
void switch_on(const std::vector<defects::Defect>& bugs);

}  // namespace imref::shim
