// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "fuzz_command.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "builtin_engine.h"
#include "case_file.h"
#include "cli.h"
#include "runner.h"

namespace imref::iutfuzz {

namespace {

constexpr int kExitOk = 0, kExitFound = 1, kExitCannotRun = 2;

const char kUsage[] =
    "usage: imref fuzz [--iut \"COMMAND ARGS\"] [--seconds N] [--target NAME,...] [--seed N]\n"
    "                  [--out DIR] [--engine auto|libfuzzer|builtin] [--timeout SECONDS]\n"
    "                  [--vectors DIR] [--list-targets]\n"
    "\n"
    "Fuzzes an implementation speaking imref-shim/1 (default: imref-shim) against the\n"
    "reference: every input goes to both, and a disagreement (accepting, error class,\n"
    "output bytes, a crash or a timeout) is printed and saved in --out DIR (default\n"
    "imref-fuzz) as a case file that `imref check --case FILE` replays. The targets the\n"
    "implementation serves share --seconds (default 60); each runs all its seeds, then\n"
    "mutants, and stops at its first disagreement. Targets: --list-targets.\n"
    "Exit status: 0 no disagreement, 1 a disagreement, 2 could not run.\n";

struct Options {
  std::string iut, out = "imref-fuzz", engine = "auto", vectors;
  std::vector<std::string> targets;
  double seconds = 60, timeout = 10;
  std::optional<uint64_t> seed;
  bool list = false;
};

bool parse_args(int argc, char** argv, Options& o, std::string& problem) {
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i], v;
    auto value = [&](std::string& out) { return check::next_value(argc, argv, i, out, problem); };
    const std::map<std::string, std::string*> text = {
        {"--iut", &o.iut}, {"--out", &o.out}, {"--engine", &o.engine}, {"--vectors", &o.vectors}};
    if (auto it = text.find(a); it != text.end()) {
      if (!value(*it->second)) return false;
    } else if (a == "--target") {
      if (!value(v)) return false;
      std::stringstream in(v);
      for (std::string name; std::getline(in, name, ',');)
        if (!name.empty()) o.targets.push_back(name);
    } else if (a == "--seed" || a == "--seconds" || a == "--timeout") {
      if (!value(v)) return false;
      try {
        size_t used = 0;
        if (a == "--seed") {
          o.seed = std::stoull(v, &used);
        } else {
          double d = std::stod(v, &used);
          if (d <= 0 || !std::isfinite(d)) throw std::invalid_argument(v);
          (a == "--seconds" ? o.seconds : o.timeout) = d;
        }
        if (used != v.size()) throw std::invalid_argument(v);
      } catch (const std::exception&) {
        problem = a + " needs a positive number, got " + v;
        return false;
      }
    } else if (a == "--list-targets") {
      o.list = true;
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      std::exit(kExitOk);
    } else {
      problem = "unknown argument: " + a;
      return false;
    }
  }
  if (o.engine != "auto" && o.engine != "libfuzzer" && o.engine != "builtin") {
    problem = "--engine is auto, libfuzzer or builtin, not " + o.engine;
    return false;
  }
  return true;
}

// run_libfuzzer runs imref-fuzz-engine on one target: the seeds written into
// OUT/corpus/TARGET (libFuzzer keeps what it finds there, so a later run
// resumes), libFuzzer's log in OUT/libfuzzer-TARGET.log, our lines on stdout.
EngineRun run_libfuzzer(const std::string& engine, const Target& t, const Options& o,
                        const std::string& command, uint64_t seed, double seconds,
                        std::string& problem) {
  namespace fs = std::filesystem;
  const std::string corpus = o.out + "/corpus/" + t.name;
  const std::string log = o.out + "/libfuzzer-" + t.name + ".log";
  fs::create_directories(corpus);
  for (size_t i = 0; i < t.seeds.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/seed-%04zu", i);
    std::ofstream(corpus + name, std::ios::binary)
        .write(reinterpret_cast<const char*>(t.seeds[i].data()),
               static_cast<std::streamsize>(t.seeds[i].size()));
  }
  std::vector<std::string> args = {
      engine,
      "-seed=" + std::to_string(1 + seed % 0xfffffffeu),  // libFuzzer: 0 means random
      // A backstop: the engine stops itself |seconds| after the corpus ran.
      "-max_total_time=" + std::to_string(static_cast<long>(seconds) + 60),
      "-max_len=" + std::to_string(t.max_len),
      // The implementation's own --timeout fires first and is a finding.
      "-timeout=" + std::to_string(static_cast<long>(o.timeout * 3 + 10)), "-detect_leaks=0",
      "-print_final_stats=1", "-artifact_prefix=" + o.out + "/libfuzzer-" + t.name + "-", corpus};
  std::vector<std::pair<std::string, std::string>> env = {
      {"IMREF_FUZZ_IUT", command},
      {"IMREF_FUZZ_TARGET", t.name},
      {"IMREF_FUZZ_OUT", o.out},
      {"IMREF_FUZZ_SEED", std::to_string(seed)},
      {"IMREF_FUZZ_VECTORS", o.vectors},
      {"IMREF_FUZZ_TIMEOUT", std::to_string(o.timeout)},
      {"IMREF_FUZZ_SECONDS", std::to_string(seconds)},
      {"IMREF_FUZZ_CORPUS_FILES",
       std::to_string(std::distance(fs::directory_iterator(corpus), fs::directory_iterator()))}};

  EngineRun result;
  const auto start = std::chrono::steady_clock::now();
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    problem = "pipe failed";
    return result;
  }
  std::cout << std::flush;
  pid_t pid = fork();
  if (pid < 0) {
    problem = "fork failed";
    return result;
  }
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log_fd >= 0) dup2(log_fd, STDERR_FILENO);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(engine.c_str(), argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  // Pass the engine's lines on, but keep its count of inputs for ourselves.
  FILE* from_engine = fdopen(out_pipe[0], "r");
  char* line = nullptr;
  size_t cap = 0;
  const std::string inputs_prefix = kEngineInputsLine;
  while (getline(&line, &cap, from_engine) > 0) {
    std::string l = line;
    if (l.rfind(inputs_prefix, 0) == 0)
      result.inputs = std::stoull(l.substr(inputs_prefix.size()));
    else
      std::cout << l << std::flush;
  }
  free(line);
  fclose(from_engine);
  int status = 0;
  waitpid(pid, &status, 0);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status) && WEXITSTATUS(status) == kEngineFoundExit) {
    result.found = true;
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    std::string tail = text.str();
    if (tail.size() > 2000) tail = tail.substr(tail.size() - 2000);
    problem = "imref-fuzz-engine failed (" +
              (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                 : "signal " + std::to_string(WTERMSIG(status))) +
              "); the end of " + log + ":\n" + tail;
  }
  return result;
}

std::string rate(const EngineRun& r) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%llu inputs in %.1f s (%.0f/s)",
                static_cast<unsigned long long>(r.inputs), r.seconds,
                r.seconds > 0 ? static_cast<double>(r.inputs) / r.seconds : 0.0);
  return buf;
}

}  // namespace

int run_fuzz(int argc, char** argv, const std::string& self_dir,
             const std::string& default_vectors) {
  Options o;
  o.vectors = default_vectors;
  std::string problem;
  if (!parse_args(argc, argv, o, problem)) {
    std::cerr << "imref fuzz: " << problem << "\n" << kUsage;
    return kExitCannotRun;
  }
  auto reference = crypto::get_provider("openssl");
  if (!reference.ok()) {
    std::cerr << "imref fuzz: " << reference.error().detail << "\n";
    return kExitCannotRun;
  }
  check::SuiteContext ctx{o.vectors, **reference};
  auto targets = make_targets(ctx, problem);
  if (!targets) {
    std::cerr << "imref fuzz: " << problem << "\n";
    return kExitCannotRun;
  }
  if (o.list) {
    for (const auto& t : targets->list) {
      std::cout << t.name << " (needs";
      for (const auto& op : t.ops) std::cout << " " << op;
      std::cout << ", " << t.seeds.size() << " seeds)\n";
    }
    return kExitOk;
  }
  for (const auto& name : o.targets) {
    if (std::none_of(targets->list.begin(), targets->list.end(),
                     [&](const Target& t) { return t.name == name; })) {
      std::cerr << "imref fuzz: unknown target " << name << " (see --list-targets)\n";
      return kExitCannotRun;
    }
  }

  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) {
    std::cerr << "imref fuzz: cannot create " << o.out << ": " << ec.message() << "\n";
    return kExitCannotRun;
  }
  const uint64_t seed = o.seed ? *o.seed : check::random_seed();
  const std::string command = o.iut.empty() ? check::shell_quote(self_dir + "/imref-shim") : o.iut;
  check::ProcessIut iut(command, o.timeout);
  std::string name;
  auto ops = check::hello_ops(iut, problem, name);
  if (!problem.empty()) {
    std::cerr << "imref fuzz: " << problem << "\n";
    return kExitCannotRun;
  }

  // Only ops the implementation lists in hello are fuzzed (REQ-FUZZ-4).
  std::vector<const Target*> chosen;
  size_t skipped = 0;
  for (const auto& t : targets->list) {
    if (!o.targets.empty() &&
        std::find(o.targets.begin(), o.targets.end(), t.name) == o.targets.end())
      continue;
    auto missing = std::find_if(t.ops.begin(), t.ops.end(), [&](const std::string& op) {
      return std::find(ops.begin(), ops.end(), op) == ops.end();
    });
    if (missing != t.ops.end()) {
      std::cout << "SKIP target " << t.name << ": implementation does not serve " << *missing
                << "\n";
      ++skipped;
    } else {
      chosen.push_back(&t);
    }
  }
  if (chosen.empty()) {
    std::cerr
        << "imref fuzz: nothing to fuzz: the implementation serves none of the targets' ops\n";
    return kExitCannotRun;
  }

  const std::string engine_path = self_dir + "/imref-fuzz-engine";
  const bool have_engine = access(engine_path.c_str(), X_OK) == 0;
  if (o.engine == "libfuzzer" && !have_engine) {
    std::cerr << "imref fuzz: no libFuzzer engine: " << engine_path
              << " is built only by clang (docs/fuzzing.md)\n";
    return kExitCannotRun;
  }
  const bool libfuzzer = o.engine == "libfuzzer" || (o.engine == "auto" && have_engine);
  const double share = o.seconds / static_cast<double>(chosen.size());
  std::cout << "imref fuzz: " << name << " (" << command << "), seed " << seed << ", " << o.seconds
            << " s over " << chosen.size() << " target(s), engine "
            << (libfuzzer     ? "libFuzzer (" + engine_path + ")"
                : have_engine ? std::string("built-in (--engine builtin)")
                              : std::string("built-in (no imref-fuzz-engine: this is not a clang "
                                            "build)"))
            << "\n"
            << std::flush;

  size_t found = 0;
  RunConfig config{o.out, seed, command};
  for (const Target* t : chosen) {
    EngineRun r;
    try {
      if (libfuzzer) {
        r = run_libfuzzer(engine_path, *t, o, command, seed, share, problem);
      } else {
        TargetRunner runner(iut, **reference, *t, config);
        r = run_builtin(runner, *t, *targets->reference, share, seed);
      }
    } catch (const std::exception& e) {
      // A case file or corpus that cannot be written, or an input the
      // target's own replay refuses.
      problem = e.what();
    }
    if (!problem.empty()) {
      std::cerr << "imref fuzz: " << t->name << ": " << problem << "\n";
      return kExitCannotRun;
    }
    found += r.found;
    std::cout << t->name << ": " << rate(r)
              << (r.found ? ", stopped at a disagreement" : ", no disagreement") << "\n"
              << std::flush;
  }
  std::cout << chosen.size() << " target(s) fuzzed, " << skipped << " skipped, " << found
            << " with a disagreement\n";
  return found ? kExitFound : kExitOk;
}

}  // namespace imref::iutfuzz
