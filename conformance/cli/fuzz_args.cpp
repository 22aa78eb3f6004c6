// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// `imref fuzz`'s arguments; the fuzzing itself is conformance/fuzz/.
#include <cmath>
#include <iostream>
#include <map>

#include "args.h"
#include "commands.h"
#include "fuzz_command.h"

namespace imref::cli {

namespace {

const char kFuzzUsage[] =
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

// FuzzArgs is the options, and whether --help was asked for.
struct FuzzArgs {
  iutfuzz::FuzzOptions options;
  bool help = false;
};

imref::Status set_number(iutfuzz::FuzzOptions& o, const std::string& flag, const std::string& v) {
  try {
    size_t used = 0;
    if (flag == "--seed") {
      o.seed = std::stoull(v, &used);
    } else {
      double d = std::stod(v, &used);
      if (d <= 0 || !std::isfinite(d)) throw std::invalid_argument(v);
      (flag == "--seconds" ? o.seconds : o.timeout) = d;
    }
    if (used != v.size()) throw std::invalid_argument(v);
  } catch (const std::exception&) {
    return usage_error(flag + " needs a positive number, got " + v);
  }
  return ok_status();
}

Result<FuzzArgs> parse_fuzz_args(int argc, char** argv) {
  FuzzArgs args;
  iutfuzz::FuzzOptions& o = args.options;
  o.vectors = IMREF_VECTORS_DIR;
  const std::map<std::string, std::string*> text = {
      {"--iut", &o.iut}, {"--out", &o.out}, {"--engine", &o.engine}, {"--vectors", &o.vectors}};
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      args.help = true;
      return args;
    }
    if (a == "--list-targets") {
      o.list = true;
      continue;
    }
    if (!text.count(a) && a != "--target" && a != "--seed" && a != "--seconds" && a != "--timeout")
      return usage_error("unknown argument: " + a);
    IMREF_TRY(const std::string v, next_value(argc, argv, i));
    if (auto it = text.find(a); it != text.end())
      *it->second = v;
    else if (a == "--target")
      for (auto& name : split_list(v)) o.targets.push_back(name);
    else
      IMREF_CHECK(set_number(o, a, v));
  }
  if (o.engine != "auto" && o.engine != "libfuzzer" && o.engine != "builtin")
    return usage_error("--engine is auto, libfuzzer or builtin, not " + o.engine);
  return args;
}

}  // namespace

int run_fuzz(int argc, char** argv, const std::string& self_dir) {
  auto args = parse_fuzz_args(argc, argv);
  if (!args) {
    std::cerr << "imref fuzz: " << args.error().detail << "\n" << kFuzzUsage;
    return kExitCannotRun;
  }
  if (args->help) {
    std::cout << kFuzzUsage;
    return kExitOk;
  }
  return iutfuzz::run_fuzz(args->options, self_dir);
}

}  // namespace imref::cli
