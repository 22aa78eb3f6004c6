// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "fuzz_command.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <utility>

#include "builtin_engine.h"
#include "case_file.h"
#include "runner.h"

namespace imref::iutfuzz {

namespace {

constexpr int kExitOk = 0, kExitFound = 1, kExitCannotRun = 2;

Error cannot_run(std::string detail) {
  return make_error(Errc::invalid_argument, std::move(detail));
}

// --- The libFuzzer engine, imref-fuzz-engine ---

// write_seed_corpus writes the target's seeds into |corpus|; libFuzzer keeps
// what it finds there too, so a later run resumes.
void write_seed_corpus(const Target& t, const std::string& corpus) {
  std::filesystem::create_directories(corpus);
  for (size_t i = 0; i < t.seeds.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/seed-%04zu", i);
    std::ofstream(corpus + name, std::ios::binary)
        .write(reinterpret_cast<const char*>(t.seeds[i].data()),
               static_cast<std::streamsize>(t.seeds[i].size()));
  }
}

// EngineCommand is how imref-fuzz-engine is run on one target: libFuzzer's
// flags, and the environment that tells our side of it what to fuzz.
struct EngineCommand {
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string log;  // the engine's stderr: libFuzzer's log
};

EngineCommand engine_command(const std::string& engine, const Target& t, const FuzzOptions& o,
                             const std::string& command, uint64_t seed, double seconds,
                             const std::string& corpus) {
  namespace fs = std::filesystem;
  EngineCommand e;
  e.log = o.out + "/libfuzzer-" + t.name + ".log";
  e.args = {engine,
            "-seed=" + std::to_string(1 + seed % 0xfffffffeu),  // libFuzzer: 0 means random
            // A backstop: the engine stops itself |seconds| after the corpus ran.
            "-max_total_time=" + std::to_string(static_cast<long>(seconds) + 60),
            "-max_len=" + std::to_string(t.max_len),
            // The implementation's own --timeout fires first and is a finding.
            "-timeout=" + std::to_string(static_cast<long>(o.timeout * 3 + 10)), "-detect_leaks=0",
            "-print_final_stats=1", "-artifact_prefix=" + o.out + "/libfuzzer-" + t.name + "-",
            corpus};
  e.env = {{"IMREF_FUZZ_IUT", command},
           {"IMREF_FUZZ_TARGET", t.name},
           {"IMREF_FUZZ_OUT", o.out},
           {"IMREF_FUZZ_SEED", std::to_string(seed)},
           {"IMREF_FUZZ_VECTORS", o.vectors},
           {"IMREF_FUZZ_TIMEOUT", std::to_string(o.timeout)},
           {"IMREF_FUZZ_SECONDS", std::to_string(seconds)},
           {"IMREF_FUZZ_CORPUS_FILES", std::to_string(std::distance(fs::directory_iterator(corpus),
                                                                    fs::directory_iterator()))}};
  return e;
}

struct Child {
  pid_t pid;
  int stdout_fd;  // read end of the child's stdout
};

// spawn_engine starts |e| with its stdout on a pipe and its stderr in e.log.
Result<Child> spawn_engine(EngineCommand e) {
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return cannot_run("pipe failed");
  std::cout << std::flush;
  pid_t pid = fork();
  if (pid < 0) return cannot_run("fork failed");
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    int log_fd = open(e.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log_fd >= 0) dup2(log_fd, STDERR_FILENO);
    for (const auto& [name, value] : e.env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : e.args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(e.args[0].c_str(), argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  return Child{pid, out_pipe[0]};
}

// relay_engine_output passes the engine's lines on to stdout, but keeps its
// count of inputs (kEngineInputsLine) for ourselves; it returns that count.
uint64_t relay_engine_output(int fd) {
  uint64_t inputs = 0;
  FILE* from_engine = fdopen(fd, "r");
  char* line = nullptr;
  size_t cap = 0;
  const std::string inputs_prefix = kEngineInputsLine;
  while (getline(&line, &cap, from_engine) > 0) {
    std::string l = line;
    if (l.rfind(inputs_prefix, 0) == 0)
      inputs = std::stoull(l.substr(inputs_prefix.size()));
    else
      std::cout << l << std::flush;
  }
  free(line);
  fclose(from_engine);
  return inputs;
}

// engine_failure describes an engine that ended with |status| (neither 0 nor
// kEngineFoundExit), with the end of its log.
std::string engine_failure(int status, const std::string& log) {
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  std::string tail = text.str();
  if (tail.size() > 2000) tail = tail.substr(tail.size() - 2000);
  return "imref-fuzz-engine failed (" +
         (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                            : "signal " + std::to_string(WTERMSIG(status))) +
         "); the end of " + log + ":\n" + tail;
}

// run_libfuzzer runs imref-fuzz-engine on one target: the seeds written into
// OUT/corpus/TARGET, libFuzzer's log in OUT/libfuzzer-TARGET.log, our lines
// on stdout.
Result<EngineRun> run_libfuzzer(const std::string& engine, const Target& t, const FuzzOptions& o,
                                const std::string& command, uint64_t seed, double seconds) {
  const std::string corpus = o.out + "/corpus/" + t.name;
  write_seed_corpus(t, corpus);
  const EngineCommand e = engine_command(engine, t, o, command, seed, seconds, corpus);
  const auto start = std::chrono::steady_clock::now();
  IMREF_TRY(const Child child, spawn_engine(e));
  EngineRun result;
  result.inputs = relay_engine_output(child.stdout_fd);
  int status = 0;
  waitpid(child.pid, &status, 0);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status) && WEXITSTATUS(status) == kEngineFoundExit)
    result.found = true;
  else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return cannot_run(engine_failure(status, e.log));
  return result;
}

std::string rate(const EngineRun& r) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%llu inputs in %.1f s (%.0f/s)",
                static_cast<unsigned long long>(r.inputs), r.seconds,
                r.seconds > 0 ? static_cast<double>(r.inputs) / r.seconds : 0.0);
  return buf;
}

// --- Choosing targets and engine ---

void list_targets(const Targets& targets) {
  for (const auto& t : targets.list) {
    std::cout << t.name << " (needs";
    for (const auto& op : t.ops) std::cout << " " << op;
    std::cout << ", " << t.seeds.size() << " seeds)\n";
  }
}

imref::Status check_target_names(const std::vector<std::string>& names, const Targets& targets) {
  for (const auto& name : names)
    if (std::none_of(targets.list.begin(), targets.list.end(),
                     [&](const Target& t) { return t.name == name; }))
      return cannot_run("unknown target " + name + " (see --list-targets)");
  return ok_status();
}

struct Chosen {
  std::vector<const Target*> targets;
  size_t skipped = 0;
};

// choose_targets picks the targets asked for (all when none is) whose ops
// the implementation lists in hello (REQ-FUZZ-4), printing the others.
Result<Chosen> choose_targets(const FuzzOptions& o, const Targets& targets,
                              const std::vector<std::string>& ops) {
  Chosen chosen;
  for (const auto& t : targets.list) {
    if (!o.targets.empty() &&
        std::find(o.targets.begin(), o.targets.end(), t.name) == o.targets.end())
      continue;
    auto missing = std::find_if(t.ops.begin(), t.ops.end(), [&](const std::string& op) {
      return std::find(ops.begin(), ops.end(), op) == ops.end();
    });
    if (missing != t.ops.end()) {
      std::cout << "SKIP target " << t.name << ": implementation does not serve " << *missing
                << "\n";
      ++chosen.skipped;
    } else {
      chosen.targets.push_back(&t);
    }
  }
  if (chosen.targets.empty())
    return cannot_run("nothing to fuzz: the implementation serves none of the targets' ops");
  return chosen;
}

struct Engine {
  std::string path;  // imref-fuzz-engine beside imref
  bool built = false, libfuzzer = false;
  std::string describe() const {
    return libfuzzer ? "libFuzzer (" + path + ")"
           : built   ? std::string("built-in (--engine builtin)")
                     : std::string("built-in (no imref-fuzz-engine: this is not a clang build)");
  }
};

Result<Engine> choose_engine(const std::string& asked, const std::string& self_dir) {
  Engine e;
  e.path = self_dir + "/imref-fuzz-engine";
  e.built = access(e.path.c_str(), X_OK) == 0;
  if (asked == "libfuzzer" && !e.built)
    return cannot_run("no libFuzzer engine: " + e.path +
                      " is built only by clang (docs/fuzzing.md)");
  e.libfuzzer = asked == "libfuzzer" || (asked == "auto" && e.built);
  return e;
}

// --- Running ---

// Run is what every target's fuzzing shares.
struct Run {
  const FuzzOptions& options;
  const crypto::Provider& reference;
  const Targets& targets;
  check::ProcessIut& iut;
  Engine engine;
  std::string command;
  uint64_t seed;
  double share;  // seconds per target
};

Result<EngineRun> fuzz_target(const Run& run, const Target& t) {
  try {
    if (run.engine.libfuzzer)
      return run_libfuzzer(run.engine.path, t, run.options, run.command, run.seed, run.share);
    TargetRunner runner(run.iut, run.reference, t, {run.options.out, run.seed, run.command});
    return run_builtin(runner, t, *run.targets.reference, run.share, run.seed);
  } catch (const std::exception& e) {
    // A case file or corpus that cannot be written, or an input the
    // target's own replay refuses.
    return cannot_run(e.what());
  }
}

// fuzz_targets fuzzes each chosen target in turn and prints the summary.
int fuzz_targets(const Run& run, const Chosen& chosen) {
  size_t found = 0;
  for (const Target* t : chosen.targets) {
    auto r = fuzz_target(run, *t);
    if (!r) {
      std::cerr << "imref fuzz: " << t->name << ": " << r.error().detail << "\n";
      return kExitCannotRun;
    }
    found += r->found;
    std::cout << t->name << ": " << rate(*r)
              << (r->found ? ", stopped at a disagreement" : ", no disagreement") << "\n"
              << std::flush;
  }
  std::cout << chosen.targets.size() << " target(s) fuzzed, " << chosen.skipped << " skipped, "
            << found << " with a disagreement\n";
  return found ? kExitFound : kExitOk;
}

int report_cannot_run(const Error& e) {
  std::cerr << "imref fuzz: " << e.detail << "\n";
  return kExitCannotRun;
}

// fuzz_iut starts the implementation, chooses the targets it serves and
// the engine, and fuzzes.
int fuzz_iut(const FuzzOptions& o, const crypto::Provider& reference, const Targets& targets,
             const std::string& self_dir) {
  const uint64_t seed = o.seed ? *o.seed : check::random_seed();
  const std::string command = o.iut.empty() ? check::shell_quote(self_dir + "/imref-shim") : o.iut;
  check::ProcessIut iut(command, o.timeout);
  auto hello = check::hello(iut);
  if (!hello) return report_cannot_run(hello.error());
  auto chosen = choose_targets(o, targets, hello->ops);
  if (!chosen) return report_cannot_run(chosen.error());
  auto engine = choose_engine(o.engine, self_dir);
  if (!engine) return report_cannot_run(engine.error());
  const double share = o.seconds / static_cast<double>(chosen->targets.size());
  const Run run{o, reference, targets, iut, *engine, command, seed, share};
  std::cout << "imref fuzz: " << hello->name << " (" << command << "), seed " << seed << ", "
            << o.seconds << " s over " << chosen->targets.size() << " target(s), engine "
            << engine->describe() << "\n"
            << std::flush;
  return fuzz_targets(run, *chosen);
}

}  // namespace

int run_fuzz(const FuzzOptions& o, const std::string& self_dir) {
  auto reference = crypto::get_provider("openssl");
  if (!reference) return report_cannot_run(reference.error());
  const check::SuiteContext ctx{o.vectors, **reference};
  auto targets = make_targets(ctx);
  if (!targets) return report_cannot_run(targets.error());
  if (o.list) {
    list_targets(*targets);
    return kExitOk;
  }
  if (auto named = check_target_names(o.targets, *targets); !named)
    return report_cannot_run(named.error());
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) return report_cannot_run(cannot_run("cannot create " + o.out + ": " + ec.message()));
  return fuzz_iut(o, **reference, *targets, self_dir);
}

}  // namespace imref::iutfuzz
