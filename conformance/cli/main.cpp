// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// imref: the conformance runner. `imref check` holds an implementation that
// speaks imref-shim/1 to the spec (docs/conformance.md); `imref fuzz` fuzzes
// it against the reference (docs/fuzzing.md).
#include <filesystem>
#include <iostream>
#include <string>

#include "args.h"
#include "commands.h"

namespace {

std::string self_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string subcommand = argc >= 2 ? argv[1] : "";
  if (subcommand == "check") return imref::cli::run_check(argc, argv, self_dir());
  if (subcommand == "fuzz") return imref::cli::run_fuzz(argc, argv, self_dir());
  std::cerr << imref::cli::kUsage;
  return subcommand == "--help" || subcommand == "-h" ? imref::cli::kExitOk
                                                      : imref::cli::kExitCannotRun;
}
