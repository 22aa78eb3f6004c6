// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// `imref fuzz`: fuzzes an implementation that speaks imref-shim/1 against the
// reference (docs/fuzzing.md, "Fuzzing another implementation").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace imref::iutfuzz {

// Exit status of the libFuzzer engine (imref-fuzz-engine) when it found a
// disagreement; libFuzzer itself uses 0, 1, 70 and 77.
inline constexpr int kEngineFoundExit = 42;
// The line the engine prints last on stdout: "imref-fuzz-engine: inputs N".
inline constexpr const char* kEngineInputsLine = "imref-fuzz-engine: inputs ";

// FuzzOptions are the options of `imref fuzz` (the imref CLI reads them
// from its command line, conformance/cli/fuzz_args.cpp).
struct FuzzOptions {
  std::string iut;  // the command; empty for imref-shim beside imref
  std::string out = "imref-fuzz", engine = "auto", vectors;
  std::vector<std::string> targets;  // empty for all
  double seconds = 60, timeout = 10;
  std::optional<uint64_t> seed;
  bool list = false;  // --list-targets
};

// run_fuzz runs `imref fuzz`. |self_dir| holds imref, imref-shim and, in a
// clang build, imref-fuzz-engine. Exit status 0 when no target found a
// disagreement, 1 when one did, 2 when it could not run.
int run_fuzz(const FuzzOptions& options, const std::string& self_dir);

}  // namespace imref::iutfuzz
