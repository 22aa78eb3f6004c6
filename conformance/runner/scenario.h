// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Scenario suites: a vector file whose tests are scripts of shim requests
// against the implementation's world, each step with its expected outcome
// (docs/conformance.md "Scenario files", vectors/schema/scenario_test_schema.json).
// Every scenario starts with `reset`. Any stateful layer (registration,
// delivery) reuses this engine with its own file.
#pragma once

#include <string>
#include <vector>

#include "case.h"
#include "suites.h"

namespace imref::check {

// scenario_cases reads every test of |document| (read from |file|) strictly
// up front — an unknown member, a step of the wrong shape or a reference to
// nothing captured throws MalformedVectorFile — and makes one case per test,
// id "<suite>/scenario/<name>", needing `reset` and every op its steps send.
std::vector<Case> scenario_cases(const json& document, const std::string& file,
                                 const std::string& suite);

// load_scenario_suite reads vectors_dir/|file| and makes its cases; an
// error for a missing or malformed file.
Result<std::vector<Case>> load_scenario_suite(const SuiteContext& ctx, const std::string& file,
                                              const std::string& suite);

// A case sends `reset`, then each step in order, and fails at the first step
// whose outcome differs from its expectation, naming the step.

// Script is a scenario without its expectations: what `imref fuzz` mutates
// and runs against two worlds. Each step is {"op", "request"?, "capture"?}.
struct Script {
  std::string name;
  json steps = json::array();
};

// scenario_scripts reads |document| as scenario_cases does (as strictly)
// and gives each test's steps without their expectations.
std::vector<Script> scenario_scripts(const json& document, const std::string& file);

// resolve_references replaces each "$name[.path]" string in |value| with
// what |captured| holds there; a reference to nothing stays as it is.
json resolve_references(const json& value, const json& captured);

// capture_from adds to |captured| each name of |step|'s "capture" whose path
// is in |response|.
void capture_from(const json& step, const json& response, json& captured);

}  // namespace imref::check
