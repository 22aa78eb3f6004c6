// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// A conformance case: a stable id, the ops it needs, and a check that talks
// to the implementation through a Session.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "imref/crypto/provider.h"
#include "iut.h"

namespace imref::check {

enum class Status { pass, fail, skip };

// Requirement levels (REQ-CHECK-11): a requirement tagged [wire] in
// docs/spec.md is at wire; [guide], [paper] or [seed], guide; [choice] only,
// strict. `imref check --level L` runs the cases at L and below.
enum class Level { wire, guide, strict };
const char* level_name(Level level);
// requirement_level is the level of a REQ id (strict when docs/spec.md does
// not have it).
Level requirement_level(const std::string& req);

// AnyOf is one rule an input breaks among several: below strict, its error
// class passes too (REQ-CHECK-11).
struct AnyOf {
  std::string error;
  std::string requirement;
};

struct Outcome {
  Status status = Status::pass;
  std::string reason;
  std::string expected;
  std::string actual;
  // For a failed property: the shrunk input that fails, replayable with
  // `imref check --case FILE`. Null otherwise.
  json counterexample;

  static Outcome passed() { return {}; }
  static Outcome failed(std::string reason, std::string expected = {}, std::string actual = {}) {
    return {Status::fail, std::move(reason), std::move(expected), std::move(actual), nullptr};
  }
};

// case_seed mixes the run seed with a case id, so each case has its own
// reproducible stream whatever runs before it.
uint64_t case_seed(uint64_t seed, const std::string& case_id);

// ShrinkBudget bounds the shrinking of one failed property (REQ-CHECK-8):
// the inputs tried after the first failure, and the seconds since it.
struct ShrinkBudget {
  int steps = 200;
  double seconds = 10;
};

// Session is what a running case sees: the implementation, the reference
// backend for cross-checks, and a generator seeded from --seed and the id.
class Session {
 public:
  Session(Iut& iut, const crypto::Provider& reference, uint64_t seed, const std::string& case_id);

  ShrinkBudget shrink_budget;
  // The error classes a refusal may also have: the case's AnyOf classes
  // below strict, none at strict (expect_error(Session&, ...)).
  std::vector<std::string> also_accepted;

  // call sends {"op": op, ...fields}. Transport problems come back in Reply.
  Reply call(const std::string& op, json fields = json::object());
  const crypto::Provider& reference() const { return reference_; }
  crypto::Rng& rng() { return rng_; }
  uint64_t seed() const { return seed_; }
  // transport_problem is the first transport problem of any call ("" while
  // there is none); the runner then fails the case whatever it returned.
  const std::string& transport_problem() const { return transport_problem_; }

 private:
  Iut& iut_;
  const crypto::Provider& reference_;
  crypto::DeterministicRng rng_;
  uint64_t seed_;
  std::string transport_problem_;
};

class VectorNode;  // vector_node.h

// BoundCheck is a check with its input, ready to run.
using BoundCheck = std::function<Outcome(Session&)>;
// Replay reads one saved input strictly, throwing MalformedVectorFile
// (vector_node.h) that names the field, and returns the check bound to what
// it read. It has no Session: nothing can reach the implementation before
// the whole input has been read.
using Replay = std::function<BoundCheck(const VectorNode&)>;

// replay_of makes a Replay from |read| (VectorNode -> an input value) and
// |check| (Session, that value -> Outcome).
template <typename Read, typename Check>
Replay replay_of(Read read, Check check) {
  return [read, check](const VectorNode& input) -> BoundCheck {
    return [value = read(input), check](Session& s) { return check(s, value); };
  };
}

struct Case {
  std::string id;     // stable, never renumbered: "<suite>/<group>/<name>"
  std::string suite;  // "identity", "pair", ...
  std::vector<std::string> ops;  // every op the case sends
  BoundCheck run;
  // For cases that replay a saved input (properties, imref fuzz targets):
  // how `imref check --case` reads it (REQ-CHECK-7).
  Replay replay;
  // The REQ ids the case checks: its level is the highest of theirs, strict
  // when there is none (REQ-CHECK-11).
  std::vector<std::string> requirements{};
  // For an input that breaks several rules: below strict the case is at the
  // lowest level of those rules and any of their error classes passes.
  std::vector<AnyOf> any_of{};
};

// case_level is |c|'s level in a run at |run|: the highest of its
// requirements'; below strict, for a case with any_of, the lowest of its
// rules'.
Level case_level(const Case& c, Level run);

// Helpers for the common shapes of a check.
// expect_error passes when the reply is an error with |code|; with a
// Session, also with one of s.also_accepted.
Outcome expect_error(const Reply& reply, const std::string& code);
Outcome expect_error(const Session& s, const Reply& reply, const std::string& code);
// is_success: a response came and it says "ok": true.
bool is_success(const Reply& reply);
// describe names a reply for a failure message: "success", "error CODE
// (DETAIL)" or "no response (PROBLEM)".
std::string describe(const Reply& reply);
// field_string reads a string member of a response ("" if there is no
// response, or no such string).
std::string field_string(const Reply& reply, const char* name);

}  // namespace imref::check
