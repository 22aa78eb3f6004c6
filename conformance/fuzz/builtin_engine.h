// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The built-in engine of `imref fuzz`, for builds without libFuzzer (GCC):
// a mutation loop over a corpus that starts as the target's seeds. Without
// code coverage it keeps a mutant when the reference answered it in a way
// no corpus entry has (another error, another detail, another size class).
#pragma once

#include "target_runner.h"

namespace imref::iutfuzz {

struct EngineRun {
  uint64_t inputs = 0;
  double seconds = 0;
  bool found = false;  // a disagreement: the target stops at its first
};

// run_builtin runs every seed once, then mutants until |seconds| have passed
// or a disagreement is found. The same |seed| gives the same inputs.
EngineRun run_builtin(TargetRunner& runner, const Target& target, const Reference& reference,
                      double seconds, uint64_t seed);

}  // namespace imref::iutfuzz
