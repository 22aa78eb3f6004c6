// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// `imref check`: its arguments, the cases it runs, and how it counts and
// reports their results (docs/conformance.md).
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "args.h"
#include "case_file.h"
#include "commands.h"
#include "expectations.h"
#include "runner.h"
#include "suites.h"
#include "targets.h"
#include "vector_node.h"

namespace imref::cli {

const char kUsage[] =
    "usage: imref check [--iut \"COMMAND ARGS\"] [--suite NAME,...] [--list] [--junit FILE]\n"
    "                   [--json FILE] [--expect FILE] [--seed N] [--timeout SECONDS]\n"
    "                   [--vectors DIR] [--case FILE] [--save-cases DIR] [--fail-fast]\n"
    "                   [--level wire|guide|strict] [--shrink-steps N] [--shrink-seconds S]\n"
    "                   [--verbose]\n"
    "\n"
    "Runs the conformance suites against an implementation speaking imref-shim/1\n"
    "(docs/shim-protocol.md). Default: the built-in reference, imref-shim.\n"
    "--level runs the cases whose requirements are at that level or below:\n"
    "wire, guide, or strict (the default: every case, the reference's choices too).\n"
    "A failed live case is shrunk to a minimal input, within a budget per case\n"
    "(default 200 steps and 10 seconds; the smallest failure found is reported),\n"
    "and saved in --save-cases DIR (default imref-failures); --case FILE replays\n"
    "just that input.\n"
    "--fail-fast stops at the first failed case (the rest are not run).\n"
    "Progress goes to stderr when it is a terminal; --verbose prints every case.\n"
    "Exit status: 0 nothing failed, 1 a case failed, 2 could not run.\n"
    "\n"
    "imref fuzz --iut \"COMMAND ARGS\" ... fuzzes an implementation against the\n"
    "reference (imref fuzz --help).\n";

namespace {

using check::Case;
using check::CaseResult;

struct CheckOptions {
  std::string iut;
  std::vector<std::string> suites;
  bool list = false;
  bool help = false;
  bool fail_fast = false;
  bool verbose = false;
  std::string junit, json_out, expect, case_file;
  std::string save_cases = "imref-failures";
  std::optional<uint64_t> seed;
  double timeout = 10;
  check::ShrinkBudget shrink;
  check::Level level = check::Level::strict;
  std::string vectors = IMREF_VECTORS_DIR;
};

// --- Arguments ---

imref::Status set_number(CheckOptions& o, const std::string& flag, const std::string& v) {
  try {
    size_t used = 0;
    bool positive = true;
    if (flag == "--seed") {
      o.seed = std::stoull(v, &used);
    } else if (flag == "--shrink-steps") {
      // 0 is allowed: no shrinking, the first failing input is reported.
      const long steps = std::stol(v, &used);
      positive = steps >= 0 && steps <= 1000000000;
      o.shrink.steps = static_cast<int>(steps);
    } else {
      double& d = flag == "--timeout" ? o.timeout : o.shrink.seconds;
      d = std::stod(v, &used);
      positive = flag == "--timeout" ? d > 0 : d >= 0;
    }
    if (used != v.size() || !positive || v.empty() || v[0] == '-') throw std::invalid_argument(v);
  } catch (const std::exception&) {
    return usage_error(flag + " needs a " + (flag == "--timeout" ? "positive " : "") +
                       "number, got " + v);
  }
  return ok_status();
}

imref::Status set_level(CheckOptions& o, const std::string& v) {
  for (auto l : {check::Level::wire, check::Level::guide, check::Level::strict})
    if (v == check::level_name(l)) {
      o.level = l;
      return ok_status();
    }
  return usage_error("--level needs wire, guide or strict, got " + v);
}

Result<CheckOptions> parse_check_args(int argc, char** argv) {
  CheckOptions o;
  const std::map<std::string, std::string*> text = {{"--iut", &o.iut},
                                                    {"--junit", &o.junit},
                                                    {"--json", &o.json_out},
                                                    {"--expect", &o.expect},
                                                    {"--vectors", &o.vectors},
                                                    {"--case", &o.case_file},
                                                    {"--save-cases", &o.save_cases}};
  const std::set<std::string> numbers = {"--seed", "--timeout", "--shrink-steps",
                                         "--shrink-seconds"};
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      o.help = true;
      return o;
    }
    if (a == "--list" || a == "--fail-fast" || a == "--verbose") {
      (a == "--list" ? o.list : a == "--verbose" ? o.verbose : o.fail_fast) = true;
      continue;
    }
    if (!text.count(a) && !numbers.count(a) && a != "--suite" && a != "--level")
      return usage_error("unknown argument: " + a);
    IMREF_TRY(const std::string v, next_value(argc, argv, i));
    if (auto it = text.find(a); it != text.end())
      *it->second = v;
    else if (a == "--suite")
      o.suites = split_list(v);
    else if (a == "--level")
      IMREF_CHECK(set_level(o, v));
    else
      IMREF_CHECK(set_number(o, a, v));
  }
  return o;
}

// --- The cases ---

// make_cases builds the suites named in |names| (all when empty), in the
// order of all_suites().
Result<std::vector<Case>> make_cases(const check::SuiteContext& ctx,
                                     const std::vector<std::string>& names) {
  std::vector<Case> cases;
  const auto& all = check::all_suites();
  for (const auto& s : all) {
    if (!names.empty() && std::find(names.begin(), names.end(), s.name) == names.end()) continue;
    auto made = s.make(ctx);
    if (!made.ok())
      return make_error(Errc::invalid_argument,
                        "suite " + std::string(s.name) + ": " + made.error().detail);
    cases.insert(cases.end(), made->begin(), made->end());
  }
  for (const auto& name : names)
    if (std::none_of(all.begin(), all.end(), [&](const auto& s) { return name == s.name; }))
      return make_error(Errc::invalid_argument, "unknown suite " + name);
  return cases;
}

// ReadyReplay is the case a case file names, bound to the file's input.
struct ReadyReplay {
  const Case* c;
  check::BoundCheck check;
};

// read_replay reads the case file at |path|, finds the case it names among
// |cases| and reads its input strictly. An error when any of that fails
// (REQ-CHECK-7): the implementation is not even started.
Result<ReadyReplay> read_replay(const std::string& path, const std::vector<Case>& cases) {
  IMREF_TRY(const check::CaseFile file, check::read_case_file(path));
  auto it =
      std::find_if(cases.begin(), cases.end(), [&](const auto& c) { return c.id == file.case_id; });
  if (it == cases.end() || !it->replay)
    return make_error(Errc::invalid_argument, path + ": no replayable case " + file.case_id);
  try {
    return ReadyReplay{&*it, it->replay(check::VectorNode(file.input, path, "input"))};
  } catch (const check::MalformedVectorFile& e) {
    return make_error(Errc::invalid_argument, std::string("malformed case file ") + e.what());
  }
}

// prepare_replay is read_replay over |cases| and the cases imref fuzz saves
// its findings as (conformance/fuzz/), which join |cases|.
Result<ReadyReplay> prepare_replay(const std::string& path, const check::SuiteContext& ctx,
                                   std::vector<Case>& cases) {
  auto fuzz_cases = iutfuzz::replay_cases(ctx);
  if (!fuzz_cases.ok()) return make_error(Errc::invalid_argument, fuzz_cases.error().detail);
  cases.insert(cases.end(), fuzz_cases->begin(), fuzz_cases->end());
  return read_replay(path, cases);
}

// --- Running ---

// run_replay runs a case file's case once, on its input.
int run_replay(check::Iut& iut, const crypto::Provider& reference, const ReadyReplay& replay,
               const check::RunOptions& options) {
  auto r = check::run_one(iut, reference, *replay.c, options, &replay.check);
  bool failed = r.status == check::Status::fail;
  if (failed)
    std::cout << "FAIL " << r.id << ": " << r.reason << "; expected " << r.expected.substr(0, 300)
              << "; actual " << r.actual.substr(0, 300) << "\n";
  std::cout << (failed ? 0 : 1) << " passed, " << (failed ? 1 : 0) << " failed, 0 skipped\n";
  return failed ? kExitFailed : kExitOk;
}

// save_counterexamples writes each failed property's shrunk input as a case
// file that --case replays.
void save_counterexamples(const std::string& dir, const std::vector<CaseResult>& results,
                          const std::string& command, uint64_t seed) {
  for (const auto& r : results) {
    if (r.status != check::Status::fail || r.counterexample.is_null()) continue;
    std::string name = r.id;
    std::replace(name.begin(), name.end(), '/', '_');
    std::string path =
        check::save_case_file(dir, name, r, r.counterexample["input"], seed, command);
    std::cout << "saved counterexample " << path << " (replay: imref check --case " << path
              << " --iut ...)\n";
  }
}

// --- Counting and reporting ---

struct Tally {
  size_t passed = 0, failed = 0, skipped = 0;
  std::map<std::string, size_t> skip_reasons;
};

void print_failure(const CaseResult& r, const Expectation* expired) {
  std::cout << "FAIL " << r.id << ": " << r.reason;
  if (!r.expected.empty() || !r.actual.empty())
    std::cout << "; expected " << r.expected.substr(0, 300) << "; actual "
              << r.actual.substr(0, 300);
  if (expired) std::cout << " [--expect entry expired " << expired->expires << "]";
  std::cout << "\n";
}

// count_result counts |r|, |match| the --expect entry it matches (or
// nullptr), and prints a failure and an expected failure that passed at once.
void count_result(CaseResult& r, const Expectation* match, bool live,
                  const std::string& expect_path, Tally& t) {
  if (r.status == check::Status::pass) {
    ++t.passed;
    if (live)
      std::cout << "UNEXPECTED PASS " << r.id << ": expected to fail (" << match->reason
                << "); remove it from " << expect_path << "\n";
  } else if (r.status == check::Status::skip) {
    ++t.skipped;
    ++t.skip_reasons[r.reason];
  } else if (live) {
    ++t.skipped;
    r.expected_failure = true;
    ++t.skip_reasons["expected failure: " + match->reason];
  } else {
    ++t.failed;
    print_failure(r, match);
  }
}

// tally_results counts |results| against the --expect entries (marking the
// expected failures), then prints the stale entries and the skip reasons.
Tally tally_results(std::vector<CaseResult>& results, std::vector<Expectation>& expectations,
                    const std::string& expect_path) {
  const std::string date = today();
  Tally t;
  for (auto& r : results) {
    const Expectation* match = matching_expectation(expectations, r.id);
    count_result(r, match, is_live(match, date), expect_path, t);
  }
  report_stale_expectations(expectations, date);
  for (const auto& [reason, count] : t.skip_reasons)
    std::cout << "SKIP " << count << " case(s): " << reason << "\n";
  return t;
}

void write_reports(const CheckOptions& o, const std::vector<CaseResult>& results,
                   const std::string& iut_name, uint64_t seed) {
  if (!o.junit.empty()) std::ofstream(o.junit) << check::junit_xml(results, iut_name, o.level);
  if (!o.json_out.empty())
    std::ofstream(o.json_out) << check::json_report(results, iut_name, seed, o.level);
}

int cannot_run(const Error& e) {
  std::cerr << "imref check: " << e.detail << "\n";
  return kExitCannotRun;
}

// run_against_iut starts the implementation and runs |cases| (or just the
// replay), then counts and reports.
int run_against_iut(const CheckOptions& o, const crypto::Provider& reference,
                    const std::vector<Case>& cases, const std::optional<ReadyReplay>& replay,
                    std::vector<Expectation>& expectations, const std::string& self_dir) {
  const uint64_t seed = o.seed ? *o.seed : check::random_seed();
  const std::string command = o.iut.empty() ? "'" + self_dir + "/imref-shim'" : o.iut;
  check::ProcessIut iut(command, o.timeout);
  auto h = check::hello(iut);
  if (!h) return cannot_run(h.error());
  std::cout << "imref check: " << h->name << " (" << command << "), seed " << seed << ", level "
            << check::level_name(o.level) << ", " << cases.size() << " cases" << std::endl;
  check::RunOptions options{seed, nullptr};
  options.fail_fast = o.fail_fast;
  options.shrink = o.shrink;
  options.level = o.level;
  if (replay) return run_replay(iut, reference, *replay, options);

  if (isatty(STDERR_FILENO)) options.progress = &std::cerr;
  if (o.verbose) options.verbose = &std::cout;
  auto results = check::run_cases(iut, reference, cases, h->ops, options);
  const std::string given_up = iut.given_up();
  if (given_up.empty() && o.fail_fast && results.size() < cases.size())
    std::cout << "stopped at the first failure (--fail-fast): " << cases.size() - results.size()
              << " case(s) not run\n";
  save_counterexamples(o.save_cases, results, command, seed);
  const Tally t = tally_results(results, expectations, o.expect);
  write_reports(o, results, h->name, seed);
  std::cout << t.passed << " passed, " << t.failed << " failed, " << t.skipped << " skipped\n";
  if (!given_up.empty()) {
    // REQ-CHECK-9: waiting out the timeout of every case would tell nothing more.
    std::cerr << "imref check: stopped after " << results.size() << " of " << cases.size()
              << " cases: " << given_up << "\n";
    return kExitCannotRun;
  }
  return t.failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace

int run_check(int argc, char** argv, const std::string& self_dir) {
  auto parsed = parse_check_args(argc, argv);
  if (!parsed) {
    std::cerr << "imref check: " << parsed.error().detail << "\n" << kUsage;
    return kExitCannotRun;
  }
  const CheckOptions& o = *parsed;
  if (o.help) {
    std::cout << kUsage;
    return kExitOk;
  }
  auto reference = crypto::get_provider("openssl");
  if (!reference) return cannot_run(reference.error());
  const check::SuiteContext ctx{o.vectors, **reference};
  auto cases = make_cases(ctx, o.suites);
  if (!cases) return cannot_run(cases.error());
  if (o.list) {
    for (const auto& c : *cases) std::cout << c.id << "\n";
    return kExitOk;
  }
  std::vector<Expectation> expectations;
  if (!o.expect.empty()) {
    auto loaded = load_expectations(o.expect);
    if (!loaded) return cannot_run(loaded.error());
    expectations = std::move(*loaded);
  }
  std::optional<ReadyReplay> replay;
  if (!o.case_file.empty()) {
    auto ready = prepare_replay(o.case_file, ctx, *cases);
    if (!ready) return cannot_run(ready.error());
    replay = std::move(*ready);
  }
  return run_against_iut(o, **reference, *cases, replay, expectations, self_dir);
}

}  // namespace imref::cli
