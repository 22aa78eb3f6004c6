// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The step both engines of `imref fuzz` take for each input: bytes to a
// target's input, the check against the implementation, and for a
// disagreement the FAIL line and a case file that `imref check --case`
// replays.
#pragma once

#include <cstdint>
#include <string>

#include "targets.h"

namespace imref::iutfuzz {

struct RunConfig {
  std::string out_dir;         // where case files go
  uint64_t seed = 0;           // recorded in case files
  std::string implementation;  // the --iut command, for the replay line
};

class TargetRunner {
 public:
  TargetRunner(check::Iut& iut, const crypto::Provider& reference, const Target& target,
               RunConfig config);

  // run checks the input |data| makes (bytes that make none are skipped).
  // On a disagreement it prints it, saves the case file and returns true.
  bool run(ByteView data);
  // inputs counts the inputs checked.
  uint64_t inputs() const { return inputs_; }

 private:
  check::Iut& iut_;
  const crypto::Provider& reference_;
  const Target& target_;
  check::Case case_;
  RunConfig config_;
  uint64_t inputs_ = 0;
};

}  // namespace imref::iutfuzz
