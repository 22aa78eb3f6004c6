// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Live cases as properties: RapidCheck generates inputs (plaintexts, seeds,
// tamper positions), the check runs each against the implementation, and a
// failure is shrunk to a minimal input, reported and made replayable.
#pragma once

#include <rapidcheck.h>

#include "case.h"

namespace imref::check {

struct Property {
  std::string id;
  std::string suite;
  std::vector<std::string> ops;
  int runs = 12;                          // inputs tried per check run
  std::function<rc::Gen<json>()> inputs;  // what to generate
  Replay check;                           // reads one input and checks it (replay_of)
  // The REQ ids the case checks (Case::requirements).
  std::vector<std::string> requirements{};
};

// property_case makes a Case that runs |p| under RapidCheck, seeded from the
// session, and on failure returns the shrunk counterexample. A generated
// input is read by |p.check| as a saved one is, so whatever a property saves
// its replay reads.
Case property_case(Property p);

// Generators of the inputs properties use.
rc::Gen<std::string> gen_hex(size_t max_len);

}  // namespace imref::check
