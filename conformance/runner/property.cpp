// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "property.h"

#include <iostream>
#include <sstream>

#include "vector_node.h"

namespace imref::check {

namespace {

// RapidCheck prints its global configuration to stderr the first time it is
// read. imref passes its own seed to every property, so that line would only
// mislead: load the configuration once with stderr muted.
void load_rapidcheck_quietly() {
  static const bool loaded = [] {
    std::ostringstream sink;
    auto* old = std::cerr.rdbuf(sink.rdbuf());
    rc::detail::configuration();
    std::cerr.rdbuf(old);
    return true;
  }();
  (void)loaded;
}

}  // namespace

rc::Gen<std::string> gen_hex(size_t max_len) {
  return rc::gen::map(rc::gen::scale(static_cast<double>(max_len) / 100.0,
                                     rc::gen::arbitrary<std::vector<uint8_t>>()),
                      [max_len](std::vector<uint8_t> v) {
                        if (v.size() > max_len) v.resize(max_len);
                        return to_hex(v);
                      });
}

Case property_case(Property p) {
  Case c;
  c.id = p.id;
  c.suite = p.suite;
  c.ops = p.ops;
  c.replay = p.check;
  c.run = [p](Session& s) {
    load_rapidcheck_quietly();
    // The last failing input: RapidCheck adopts every failing shrink, so
    // when it stops this is the minimal counterexample.
    Outcome failure;
    json failing_input;
    auto property = [&] {
      json input = *p.inputs();
      Outcome o = p.check(VectorNode(input, "the generated input of " + p.id, "input"))(s);
      if (o.status == Status::fail) {
        failure = o;
        failing_input = input;
        RC_FAIL(o.reason);
      }
    };
    rc::detail::TestParams params;
    params.seed = s.seed();
    params.maxSuccess = p.runs;
    params.maxSize = 100;
    // Our own silent listener: RapidCheck's default one prints its global
    // configuration and a reproduce string that mean nothing to imref users.
    struct Silent : rc::detail::TestListener {
      void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
      void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
      void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {
      }
    } silent;
    auto result =
        rc::detail::checkTestable(property, rc::detail::TestMetadata{p.id, p.id}, params, silent);
    if (result.template is<rc::detail::SuccessResult>()) return Outcome::passed();
    if (failing_input.is_null()) {
      rc::detail::FailureResult f;
      std::string why = result.template match(f) ? f.description : "property gave up";
      return Outcome::failed("property did not run: " + why);
    }
    failure.counterexample = {{"case", p.id}, {"input", failing_input}};
    failure.reason += " (shrunk counterexample: " + failing_input.dump() + ")";
    return failure;
  };
  return c;
}

}  // namespace imref::check
