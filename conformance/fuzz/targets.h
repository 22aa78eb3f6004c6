// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The targets of `imref fuzz` (docs/fuzzing.md, "Fuzzing another
// implementation"). A target turns fuzzer bytes into one input for one op,
// sends it to the implementation under test, and compares the answer with
// the reference's: accepting, error class, output bytes. The same check runs
// under both engines and when `imref check --case` replays a saved finding.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "case.h"
#include "shim.h"
#include "suites.h"
#include "vector_node.h"

namespace imref::iutfuzz {

using check::json;

// Reference answers requests in process with the reference shim, and keeps
// the verdict of the last one (ok, or the error code and detail): the
// built-in engine's signal that an input did something new.
class Reference {
 public:
  explicit Reference(const crypto::Provider& provider) : shim_(provider) {}
  json answer(const std::string& op, json fields);
  const std::string& last_verdict() const { return last_verdict_; }

 private:
  shim::Shim shim_;
  std::string last_verdict_;
};

struct Target {
  std::string name;              // the op it fuzzes; its case id is "fuzz/<name>"
  std::vector<std::string> ops;  // what the implementation must serve
  size_t max_len = 0;            // largest fuzzer input
  std::vector<Bytes> seeds;      // fuzzer inputs made from the vector files
  // input turns fuzzer bytes into the case input (the request's fields, for
  // most targets); nullopt for bytes that make none (say, a body over the
  // 65,535-byte limit to sign).
  std::function<std::optional<json>(ByteView)> input;
  // read reads a saved input strictly, as `imref check --case` replays it
  // (REQ-CHECK-7): the members |input| makes and no others, of their types;
  // it returns the request to send, or throws MalformedVectorFile.
  std::function<json(const check::VectorNode&)> read;
  // check sends |input| to the implementation and compares.
  std::function<check::Outcome(check::Session&, const json&)> check;
};

struct Targets {
  std::shared_ptr<Reference> reference;
  std::vector<Target> list;
};

// make_targets builds every target, with the keys and seeds of the vector
// files in ctx.vectors_dir; an error when they cannot be read.
Result<Targets> make_targets(const check::SuiteContext& ctx);

// as_case is the case a target's findings are saved as: replay only, read
// then checked.
check::Case as_case(const Target& target);

// replay_cases is every target as a case, for `imref check --case`; the
// error of make_targets when it fails.
Result<std::vector<check::Case>> replay_cases(const check::SuiteContext& ctx);

}  // namespace imref::iutfuzz
