// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// What the subcommands of imref (check, fuzz) share on the command line.
#pragma once

#include <cstdint>
#include <string>

#include "imref/crypto/rng.h"

namespace imref::check {

// next_value stores the value of the flag argv[i] in |out| and moves |i| to
// it; false, with |problem| set, when the flag is the last argument.
inline bool next_value(int argc, char** argv, int& i, std::string& out, std::string& problem) {
  if (i + 1 >= argc) {
    problem = std::string(argv[i]) + " needs a value";
    return false;
  }
  out = argv[++i];
  return true;
}

// random_seed is the seed of a run not given --seed; runs print it, so any
// run can be repeated.
inline uint64_t random_seed() {
  crypto::SystemRng rng;
  uint64_t s = 0;
  for (uint8_t b : rng.bytes(4)) s = s << 8 | b;
  return s;
}

}  // namespace imref::check
