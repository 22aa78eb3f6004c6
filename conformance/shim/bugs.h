// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Bug switches: `imref-shim --bug NAME` turns on one deliberate defect, so a
// test can prove that `imref check` catches it (docs/conformance.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "delivery/deviations.h"
#include "directory/deviations.h"
#include "imref/result.h"
#include "keychain/deviations.h"
#include "pair/deviations.h"

namespace imref::shim {

struct BugInfo {
  std::string_view name;
  std::string_view requirement;  // the rule it breaks
  std::string_view description;
};

// all_bugs lists every switch, in a fixed order.
const std::vector<BugInfo>& all_bugs();

// Bugs is the set of defects a Shim runs with; all off by default.
struct Bugs {
  pair::Deviations pair;
  directory::Deviations directory;
  delivery::Deviations delivery;
  bool alerts_dropped_offline = false;  // REQ-ALERT-3 (the world's relay, registration_ops.cpp)
  keychain::Deviations keychain;
  bool identity_lenient_framing = false;
  bool identity_hash_whole_blob = false;
  bool identity_strip_leading_zero = false;
  bool keygen_foreign_identity = false;
};

// parse_bugs turns names into a Bugs, or Errc::invalid_argument naming the
// unknown one.
Result<Bugs> parse_bugs(const std::vector<std::string>& names);

}  // namespace imref::shim
