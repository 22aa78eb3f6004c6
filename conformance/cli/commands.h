// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The subcommands of imref: `imref check` (docs/conformance.md) and `imref
// fuzz` (docs/fuzzing.md). Each reads its own arguments from argv[2] on and
// returns the exit status: 0 nothing found, 1 a failure or a disagreement,
// 2 could not run. |self_dir| is the directory of the imref binary, where
// imref-shim (and in a clang build imref-fuzz-engine) are.
#pragma once

#include <string>

namespace imref::cli {

// kUsage is imref's usage, printed for `imref check` errors and for a
// missing subcommand.
extern const char kUsage[];

int run_check(int argc, char** argv, const std::string& self_dir);
int run_fuzz(int argc, char** argv, const std::string& self_dir);

}  // namespace imref::cli
