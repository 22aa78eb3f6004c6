// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// `imref check --expect FILE`: failures that are known and tolerated, each
// with a reason and an optional expiry date (REQ-CHECK-3).
#pragma once

#include <string>
#include <vector>

#include "imref/result.h"

namespace imref::cli {

// An --expect entry: a failure that is known and tolerated until |expires|.
struct Expectation {
  std::string pattern, reason, expires;  // expires: YYYY-MM-DD, or "" for never
  size_t matched = 0;
};

// load_expectations reads an --expect file: a JSON list of {"case",
// "reason", "expires"?}, "case" a glob over case ids.
Result<std::vector<Expectation>> load_expectations(const std::string& path);

// matching_expectation is the first entry whose pattern matches |case_id|
// (and counts the match), or nullptr.
Expectation* matching_expectation(std::vector<Expectation>& expectations,
                                  const std::string& case_id);

// is_live: |e| is there and has not expired by |date| (YYYY-MM-DD).
bool is_live(const Expectation* e, const std::string& date);

// report_stale_expectations prints the entries that matched no case and the
// ones that have expired by |date|.
void report_stale_expectations(const std::vector<Expectation>& expectations,
                               const std::string& date);

// today is the date in UTC, YYYY-MM-DD.
std::string today();

}  // namespace imref::cli
