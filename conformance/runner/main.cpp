// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// imref: the conformance runner. `imref check` holds an implementation that
// speaks imref-shim/1 to the spec; see docs/conformance.md.
#include <fnmatch.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "case_file.h"
#include "cli.h"
#include "fuzz_command.h"
#include "runner.h"
#include "suites.h"
#include "targets.h"
#include "vector_node.h"

namespace {

using imref::check::CaseResult;
using imref::check::Status;
using nlohmann::json;

constexpr int kExitOk = 0, kExitFailed = 1, kExitCannotRun = 2;

const char kUsage[] =
    "usage: imref check [--iut \"COMMAND ARGS\"] [--suite NAME,...] [--list] [--junit FILE]\n"
    "                   [--json FILE] [--expect FILE] [--seed N] [--timeout SECONDS]\n"
    "                   [--vectors DIR] [--case FILE] [--save-cases DIR]\n"
    "\n"
    "Runs the conformance suites against an implementation speaking imref-shim/1\n"
    "(docs/shim-protocol.md). Default: the built-in reference, imref-shim.\n"
    "A failed live case is shrunk to a minimal input and saved in --save-cases DIR\n"
    "(default imref-failures); --case FILE replays just that input.\n"
    "Exit status: 0 nothing failed, 1 a case failed, 2 could not run.\n"
    "\n"
    "imref fuzz --iut \"COMMAND ARGS\" ... fuzzes an implementation against the\n"
    "reference (imref fuzz --help).\n";

struct Options {
  std::string iut;
  std::vector<std::string> suites;
  bool list = false;
  std::string junit, json_out, expect, case_file;
  std::string save_cases = "imref-failures";
  std::optional<uint64_t> seed;
  double timeout = 10;
  std::string vectors = IMREF_VECTORS_DIR;
};

std::string self_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

bool parse_args(int argc, char** argv, Options& o, std::string& problem) {
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& out) {
      return imref::check::next_value(argc, argv, i, out, problem);
    };
    std::string v;
    if (a == "--iut") {
      if (!value(o.iut)) return false;
    } else if (a == "--suite") {
      if (!value(v)) return false;
      o.suites = split(v, ',');
    } else if (a == "--list") {
      o.list = true;
    } else if (a == "--junit") {
      if (!value(o.junit)) return false;
    } else if (a == "--json") {
      if (!value(o.json_out)) return false;
    } else if (a == "--expect") {
      if (!value(o.expect)) return false;
    } else if (a == "--vectors") {
      if (!value(o.vectors)) return false;
    } else if (a == "--case") {
      if (!value(o.case_file)) return false;
    } else if (a == "--save-cases") {
      if (!value(o.save_cases)) return false;
    } else if (a == "--seed" || a == "--timeout") {
      if (!value(v)) return false;
      try {
        size_t used = 0;
        if (a == "--seed") o.seed = std::stoull(v, &used);
        else o.timeout = std::stod(v, &used);
        if (used != v.size() || (a == "--timeout" && o.timeout <= 0)) throw std::invalid_argument(v);
      } catch (const std::exception&) {
        problem = a + " needs a positive number, got " + v;
        return false;
      }
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      std::exit(kExitOk);
    } else {
      problem = "unknown argument: " + a;
      return false;
    }
  }
  return true;
}

// An --expect entry: a failure that is known and tolerated until |expires|.
struct Expectation {
  std::string pattern, reason, expires;
  size_t matched = 0;
};

bool load_expectations(const std::string& path, std::vector<Expectation>& out,
                       std::string& problem) {
  std::ifstream in(path);
  json list = json::parse(in, nullptr, false);
  if (!in || list.is_discarded() || !list.is_array()) {
    problem = "--expect file is not a JSON list: " + path;
    return false;
  }
  for (const auto& e : list) {
    if (!e.is_object() || !e.contains("case") || !e["case"].is_string() || !e.contains("reason") ||
        !e["reason"].is_string() || (e.contains("expires") && !e["expires"].is_string())) {
      problem = "--expect entry needs \"case\" and \"reason\" strings: " + e.dump();
      return false;
    }
    out.push_back({e["case"], e["reason"], e.value("expires", std::string())});
  }
  return true;
}

std::string today() {
  std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

// save_counterexamples writes each failed property's shrunk input as a case
// file that --case replays.
void save_counterexamples(const Options& o, const std::vector<CaseResult>& results,
                          const std::string& command, uint64_t seed) {
  for (const auto& r : results) {
    if (r.status != Status::fail || r.counterexample.is_null()) continue;
    std::string name = r.id;
    std::replace(name.begin(), name.end(), '/', '_');
    std::string path = imref::check::save_case_file(o.save_cases, name, r,
                                                    r.counterexample["input"], seed, command);
    std::cout << "saved counterexample " << path << " (replay: imref check --case " << path
              << " --iut ...)\n";
  }
}

// ReadyReplay is the case a case file names, bound to the file's input.
struct ReadyReplay {
  const imref::check::Case* c;
  imref::check::BoundCheck check;
};

// read_replay reads the case file at |path|, finds the case it names among
// |cases| and reads its input strictly. nullopt with |problem| set when any
// of that fails (REQ-CHECK-7): the implementation is not even started.
std::optional<ReadyReplay> read_replay(const std::string& path,
                                       const std::vector<imref::check::Case>& cases,
                                       std::string& problem) {
  auto file = imref::check::read_case_file(path, problem);
  if (!file) return std::nullopt;
  auto it = std::find_if(cases.begin(), cases.end(),
                         [&](const auto& c) { return c.id == file->case_id; });
  if (it == cases.end() || !it->replay) {
    problem = path + ": no replayable case " + file->case_id;
    return std::nullopt;
  }
  try {
    return ReadyReplay{&*it, it->replay(imref::check::VectorNode(file->input, path, "input"))};
  } catch (const imref::check::MalformedVectorFile& e) {
    problem = std::string("malformed case file ") + e.what();
    return std::nullopt;
  }
}

// run_replay runs a case file's case once, on its input.
int run_replay(imref::check::Iut& iut, const imref::crypto::Provider& reference,
               const ReadyReplay& replay, uint64_t seed) {
  auto r = imref::check::run_one(iut, reference, *replay.c, {seed, nullptr}, &replay.check);
  bool failed = r.status == Status::fail;
  if (failed)
    std::cout << "FAIL " << r.id << ": " << r.reason << "; expected " << r.expected.substr(0, 300)
              << "; actual " << r.actual.substr(0, 300) << "\n";
  std::cout << (failed ? 0 : 1) << " passed, " << (failed ? 1 : 0) << " failed, 0 skipped\n";
  return failed ? kExitFailed : kExitOk;
}

int run_check(int argc, char** argv) {
  Options o;
  std::string problem;
  if (!parse_args(argc, argv, o, problem)) {
    std::cerr << "imref check: " << problem << "\n" << kUsage;
    return kExitCannotRun;
  }
  auto reference = imref::crypto::get_provider("openssl");
  if (!reference.ok()) {
    std::cerr << "imref check: " << reference.error().detail << "\n";
    return kExitCannotRun;
  }
  imref::check::SuiteContext ctx{o.vectors, **reference};
  std::vector<imref::check::Case> cases;
  for (const auto& s : imref::check::all_suites()) {
    if (!o.suites.empty() && std::find(o.suites.begin(), o.suites.end(), s.name) == o.suites.end())
      continue;
    auto made = s.make(ctx, problem);
    if (!problem.empty()) {
      std::cerr << "imref check: suite " << s.name << ": " << problem << "\n";
      return kExitCannotRun;
    }
    cases.insert(cases.end(), made.begin(), made.end());
  }
  for (const auto& name : o.suites) {
    const auto& all = imref::check::all_suites();
    if (std::none_of(all.begin(), all.end(), [&](const auto& s) { return name == s.name; })) {
      std::cerr << "imref check: unknown suite " << name << "\n";
      return kExitCannotRun;
    }
  }
  if (o.list) {
    for (const auto& c : cases) std::cout << c.id << "\n";
    return kExitOk;
  }
  std::vector<Expectation> expectations;
  if (!o.expect.empty() && !load_expectations(o.expect, expectations, problem)) {
    std::cerr << "imref check: " << problem << "\n";
    return kExitCannotRun;
  }
  std::optional<ReadyReplay> replay;
  if (!o.case_file.empty()) {
    // imref fuzz saves its findings as cases of its own (conformance/fuzz/).
    auto fuzz_cases = imref::iutfuzz::replay_cases(ctx, problem);
    cases.insert(cases.end(), fuzz_cases.begin(), fuzz_cases.end());
    if (problem.empty()) replay = read_replay(o.case_file, cases, problem);
    if (!replay) {
      std::cerr << "imref check: " << problem << "\n";
      return kExitCannotRun;
    }
  }

  uint64_t seed = o.seed ? *o.seed : imref::check::random_seed();
  std::string command = o.iut.empty() ? "'" + self_dir() + "/imref-shim'" : o.iut;
  imref::check::ProcessIut iut(command, o.timeout);
  std::string name;
  auto ops = imref::check::hello_ops(iut, problem, name);
  if (!problem.empty()) {
    std::cerr << "imref check: " << problem << "\n";
    return kExitCannotRun;
  }
  std::cout << "imref check: " << name << " (" << command << "), seed " << seed << ", "
            << cases.size() << " cases\n";

  if (replay) return run_replay(iut, **reference, *replay, seed);

  auto results = imref::check::run_cases(iut, **reference, cases, ops, {seed, nullptr});
  save_counterexamples(o, results, command, seed);

  std::string date = today();
  size_t passed = 0, failed = 0, skipped = 0;
  std::map<std::string, size_t> skip_reasons;
  for (auto& r : results) {
    Expectation* match = nullptr;
    for (auto& e : expectations)
      if (fnmatch(e.pattern.c_str(), r.id.c_str(), 0) == 0) {
        match = &e;
        break;
      }
    if (match) ++match->matched;
    bool live_expectation = match && (match->expires.empty() || match->expires >= date);
    if (r.status == Status::pass) {
      ++passed;
      if (live_expectation)
        std::cout << "UNEXPECTED PASS " << r.id << ": expected to fail (" << match->reason
                  << "); remove it from " << o.expect << "\n";
    } else if (r.status == Status::skip) {
      ++skipped;
      ++skip_reasons[r.reason];
    } else if (live_expectation) {
      ++skipped;
      r.expected_failure = true;
      ++skip_reasons["expected failure: " + match->reason];
    } else {
      ++failed;
      std::cout << "FAIL " << r.id << ": " << r.reason;
      if (!r.expected.empty() || !r.actual.empty())
        std::cout << "; expected " << r.expected.substr(0, 300) << "; actual "
                  << r.actual.substr(0, 300);
      if (match) std::cout << " [--expect entry expired " << match->expires << "]";
      std::cout << "\n";
    }
  }
  for (const auto& e : expectations) {
    if (e.matched == 0) std::cout << "UNUSED EXPECTATION " << e.pattern << ": matched no case\n";
    else if (!e.expires.empty() && e.expires < date)
      std::cout << "EXPIRED EXPECTATION " << e.pattern << " (" << e.expires << ")\n";
  }
  for (const auto& [reason, count] : skip_reasons)
    std::cout << "SKIP " << count << " case(s): " << reason << "\n";
  if (!o.junit.empty()) std::ofstream(o.junit) << imref::check::junit_xml(results, name);
  if (!o.json_out.empty()) std::ofstream(o.json_out) << imref::check::json_report(results, name, seed);
  std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
  return failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "check") return run_check(argc, argv);
  if (argc >= 2 && std::string(argv[1]) == "fuzz")
    return imref::iutfuzz::run_fuzz(argc, argv, self_dir(), IMREF_VECTORS_DIR);
  std::cerr << kUsage;
  return argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")
             ? kExitOk
             : kExitCannotRun;
}
