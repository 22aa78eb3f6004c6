// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "property.h"

#include <chrono>
#include <optional>
#include <sstream>

#include "vector_node.h"

namespace imref::check {

rc::Gen<std::string> gen_hex(size_t max_len) {
  return rc::gen::map(rc::gen::scale(static_cast<double>(max_len) / 100.0,
                                     rc::gen::arbitrary<std::vector<uint8_t>>()),
                      [max_len](std::vector<uint8_t> v) {
                        if (v.size() > max_len) v.resize(max_len);
                        return to_hex(v);
                      });
}

namespace {

constexpr int kMaxSize = 100;  // RapidCheck's size of the last input tried

// try_input tries one input: its outcome, or nullopt when the input could
// not be generated (a generator's precondition failed).
std::optional<Outcome> try_input(const Property& p, Session& s,
                                 const rc::Shrinkable<json>& candidate, json& input) {
  try {
    input = candidate.value();
  } catch (...) {
    return std::nullopt;
  }
  try {
    return p.check(VectorNode(input, "the generated input of " + p.id, "input"))(s);
  } catch (const std::exception& e) {
    // As in run_one: a response of the wrong shape fails the input.
    return Outcome::failed(std::string("response of the wrong shape: ") + e.what());
  }
}

// shrink walks from the failing |current| to smaller failing inputs,
// RapidCheck's way (the first failing shrink is adopted, until none fails),
// within the session's budget (REQ-CHECK-8). It returns "" when no smaller
// input fails, else what ran out ("200 steps", "10 s"); |current|,
// |failure| and |input| are the smallest failure found.
std::string shrink(const Property& p, Session& s, rc::Shrinkable<json>& current, Outcome& failure,
                   json& input) {
  const auto start = std::chrono::steady_clock::now();
  int steps = 0;
  for (;;) {
    bool adopted = false;
    auto candidates = current.shrinks();
    while (auto candidate = candidates.next()) {
      // A transport problem fails the case whatever the input: no more round trips.
      if (!s.transport_problem().empty()) return {};
      if (steps >= s.shrink_budget.steps) return std::to_string(steps) + " steps";
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (elapsed >= s.shrink_budget.seconds) {
        std::ostringstream out;
        out << s.shrink_budget.seconds << " s (" << steps << " steps)";
        return out.str();
      }
      ++steps;
      json candidate_input;
      auto o = try_input(p, s, *candidate, candidate_input);
      if (o && o->status == Status::fail) {
        current = std::move(*candidate);
        failure = std::move(*o);
        input = std::move(candidate_input);
        adopted = true;
        break;
      }
    }
    if (!adopted) return {};
  }
}

}  // namespace

Case property_case(Property p) {
  Case c;
  c.id = p.id;
  c.suite = p.suite;
  c.ops = p.ops;
  c.replay = p.check;
  c.requirements = p.requirements;
  c.run = [p](Session& s) {
    // The inputs are RapidCheck's, from a generator seeded by the session,
    // of sizes growing from 0 to kMaxSize over the runs; the first failing
    // one is shrunk.
    rc::Random random(s.seed());
    const rc::Gen<json> gen = p.inputs();
    int generated = 0;
    for (int run = 0; run < p.runs; ++run) {
      // The case fails with a transport problem whatever follows (run_one).
      if (!s.transport_problem().empty()) break;
      const int size = p.runs > 1 ? run * kMaxSize / (p.runs - 1) : kMaxSize;
      rc::Shrinkable<json> candidate = gen(random.split(), size);
      json input;
      auto o = try_input(p, s, candidate, input);
      if (!o) continue;
      ++generated;
      if (o->status != Status::fail) continue;
      Outcome failure = std::move(*o);
      const std::string ran_out = shrink(p, s, candidate, failure, input);
      failure.counterexample = {{"case", p.id}, {"input", input}};
      failure.reason += ran_out.empty()
                            ? " (shrunk counterexample: " + input.dump() + ")"
                            : " (shrink budget ran out after " + ran_out +
                                  "; smallest counterexample found: " + input.dump() + ")";
      return failure;
    }
    if (generated == 0) return Outcome::failed("property did not run: no input could be generated");
    return Outcome::passed();
  };
  return c;
}

}  // namespace imref::check
