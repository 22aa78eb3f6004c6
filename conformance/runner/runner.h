// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Running cases against an implementation, and reporting the results for
// people (stdout) and CI (JUnit XML, JSON).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "case.h"

namespace imref::check {

struct CaseResult {
  std::string id;
  std::string suite;
  Status status;
  std::string expected;
  std::string actual;
  std::string reason;
  double seconds = 0;
  bool expected_failure = false;  // matched an --expect entry
  json counterexample;            // a failed property's shrunk input
  Level level = Level::strict;    // the case's level in this run (REQ-CHECK-11)
};

struct RunOptions {
  uint64_t seed = 0;
  std::ostream* log = nullptr;  // one line per failure / skip, as they happen
  bool fail_fast = false;       // stop after the first failed case
  ShrinkBudget shrink{};        // per failed property (REQ-CHECK-8)
  Level level = Level::strict;  // run the cases at this level and below (REQ-CHECK-11)
  // progress: one line rewritten with \r as cases run (cases done and
  // total, failures so far, the current case), cleared at the end; for a
  // terminal (REQ-CHECK-10).
  std::ostream* progress = nullptr;
  // verbose: one line per case as it ends (--verbose).
  std::ostream* verbose = nullptr;
};

// Hello is what the implementation answers to hello.
struct Hello {
  std::string name;              // "implementation", or "unnamed"
  std::vector<std::string> ops;  // the ops it serves
};

// hello starts the implementation and asks which ops it serves; an error
// when it does not start or does not speak imref-shim/1.
Result<Hello> hello(Iut& iut);

// run_cases runs |cases| in order. A case needing an op outside |ops|, or
// above options.level, is skipped; a transport failure fails the case and the
// implementation is restarted by the next call. When the implementation has
// given up (Iut::given_up), the run stops there: fewer results than cases.
std::vector<CaseResult> run_cases(Iut& iut, const crypto::Provider& reference,
                                  const std::vector<Case>& cases,
                                  const std::vector<std::string>& ops, const RunOptions& options);

// run_one runs |c| once: |replay| when given (c.replay bound to a saved
// input), else c.run.
CaseResult run_one(Iut& iut, const crypto::Provider& reference, const Case& c,
                   const RunOptions& options, const BoundCheck* replay = nullptr);

// random_seed is the seed of a run not given --seed; runs print it, so any
// run can be repeated.
uint64_t random_seed();

std::string junit_xml(const std::vector<CaseResult>& results, const std::string& iut_name,
                      Level level = Level::strict);
std::string json_report(const std::vector<CaseResult>& results, const std::string& iut_name,
                        uint64_t seed, Level level = Level::strict);

}  // namespace imref::check
