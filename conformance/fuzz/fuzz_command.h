// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// `imref fuzz`: fuzzes an implementation that speaks imref-shim/1 against the
// reference (docs/fuzzing.md, "Fuzzing another implementation").
#pragma once

#include <string>

namespace imref::iutfuzz {

// Exit status of the libFuzzer engine (imref-fuzz-engine) when it found a
// disagreement; libFuzzer itself uses 0, 1, 70 and 77.
inline constexpr int kEngineFoundExit = 42;
// The line the engine prints last on stdout: "imref-fuzz-engine: inputs N".
inline constexpr const char* kEngineInputsLine = "imref-fuzz-engine: inputs ";

// run_fuzz runs `imref fuzz` (argv[1] is "fuzz"). |self_dir| holds imref,
// imref-shim and, in a clang build, imref-fuzz-engine. Exit status 0 when no
// target found a disagreement, 1 when one did, 2 when it could not run.
int run_fuzz(int argc, char** argv, const std::string& self_dir,
             const std::string& default_vectors);

}  // namespace imref::iutfuzz
