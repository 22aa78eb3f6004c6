// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Case files: one case id and the input its replay takes. `imref check` saves
// a failed property's shrunk input as one, `imref fuzz` every disagreement it
// finds; `imref check --case FILE` replays either.
#pragma once

#include <string>

#include "imref/result.h"
#include "runner.h"

namespace imref::check {

struct CaseFile {
  std::string path;
  std::string case_id;
  json input;  // read strictly by the case's Replay, not here
};

// save_case_file writes DIR/STEM.json (creating DIR) holding |r|'s case id,
// |input|, and for the reader the seed, the implementation, the reason and
// the expected and actual answers. Returns the path.
std::string save_case_file(const std::string& dir, const std::string& stem, const CaseResult& r,
                           const json& input, uint64_t seed, const std::string& implementation);

// read_case_file reads what save_case_file wrote; an error if |path| is not
// a case file: not JSON, or no "case" string or no "input" (REQ-CHECK-7).
Result<CaseFile> read_case_file(const std::string& path);

// shell_quote quotes |s| for /bin/sh, for printed command lines.
std::string shell_quote(const std::string& s);

}  // namespace imref::check
