// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// imref-fuzz-engine: the libFuzzer engine of `imref fuzz`, built by clang
// only. `imref fuzz` starts it once per target with libFuzzer's flags and the
// rest in the environment (IMREF_FUZZ_IUT, _TARGET, _OUT, _SEED, _VECTORS,
// _TIMEOUT, _SECONDS, _CORPUS_FILES). Each input goes through TargetRunner,
// the step the built-in engine takes too; the first disagreement ends the
// run with kEngineFoundExit. Like the built-in engine it runs the whole
// corpus, then mutates for IMREF_FUZZ_SECONDS: libFuzzer's -max_total_time
// counts whole seconds from the start, corpus included. Coverage comes from the reference's code,
// which a build with IMREF_BUILD_FUZZ_ENGINE instruments: the implementation under test is another
// process and gives none.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "fuzz_command.h"
#include "target_runner.h"

namespace {

using namespace imref;

using SteadyClock = std::chrono::steady_clock;

struct Engine {
  double seconds = 0;  // of mutation, after the corpus
  uint64_t corpus_files = 0;
  uint64_t calls = 0;
  std::optional<SteadyClock::time_point> mutating_since;
  std::unique_ptr<check::ProcessIut> iut;
  std::optional<iutfuzz::Targets> targets;
  const iutfuzz::Target* target = nullptr;
  std::unique_ptr<iutfuzz::TargetRunner> runner;
};

Engine* g_engine = nullptr;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  if (!v) {
    std::fprintf(stderr, "imref-fuzz-engine: %s is not set; run it through `imref fuzz`\n", name);
    std::exit(2);
  }
  return v;
}

void print_inputs() {
  if (g_engine && g_engine->runner)
    std::cout << iutfuzz::kEngineInputsLine << g_engine->runner->inputs() << "\n" << std::flush;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Never destroyed: at exit, Botan's and OpenSSL's statics may be gone
  // before ours, and the keys' destructors would wipe freed memory. The
  // implementation sees its input close and exits.
  Engine& engine = *new Engine;
  auto reference = crypto::get_provider("openssl");
  if (!reference.ok()) {
    std::fprintf(stderr, "imref-fuzz-engine: %s\n", reference.error().detail.c_str());
    std::exit(2);
  }
  check::SuiteContext ctx{env("IMREF_FUZZ_VECTORS"), **reference};
  auto targets = iutfuzz::make_targets(ctx);
  if (!targets) {
    std::fprintf(stderr, "imref-fuzz-engine: %s\n", targets.error().detail.c_str());
    std::exit(2);
  }
  engine.targets = std::move(*targets);
  const std::string name = env("IMREF_FUZZ_TARGET");
  for (const auto& t : engine.targets->list)
    if (t.name == name) engine.target = &t;
  if (!engine.target) {
    std::fprintf(stderr, "imref-fuzz-engine: unknown target %s\n", name.c_str());
    std::exit(2);
  }
  const std::string command = env("IMREF_FUZZ_IUT");
  engine.iut = std::make_unique<check::ProcessIut>(command, std::stod(env("IMREF_FUZZ_TIMEOUT")));
  engine.runner = std::make_unique<iutfuzz::TargetRunner>(
      *engine.iut, **reference, *engine.target,
      iutfuzz::RunConfig{env("IMREF_FUZZ_OUT"), std::stoull(env("IMREF_FUZZ_SEED")), command});
  engine.seconds = std::stod(env("IMREF_FUZZ_SECONDS"));
  engine.corpus_files = std::stoull(env("IMREF_FUZZ_CORPUS_FILES"));
  g_engine = &engine;
  std::atexit(print_inputs);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Engine& e = *g_engine;
  // libFuzzer first runs the empty input, then every corpus file.
  if (++e.calls > e.corpus_files + 1 && !e.mutating_since) e.mutating_since = SteadyClock::now();
  if (e.mutating_since &&
      std::chrono::duration<double>(SteadyClock::now() - *e.mutating_since).count() > e.seconds) {
    print_inputs();
    std::_Exit(0);  // exit() here would be, to libFuzzer, the target exiting
  }
  if (size > e.target->max_len) return -1;  // not kept in the corpus
  if (e.runner->run(imref::ByteView(data, size))) {
    print_inputs();
    e.iut.reset();  // stop the implementation
    std::_Exit(iutfuzz::kEngineFoundExit);
  }
  return 0;
}
