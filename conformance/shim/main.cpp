// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// imref-shim: the reference implementation behind imref-shim/1. Reads one
// JSON request per line on stdin, writes one response per line on stdout.
#include <iostream>
#include <string>

#include "bugs.h"
#include "shim.h"

namespace {

int usage() {
  std::cerr << "usage: imref-shim [--backend openssl|botan] [--bug NAME]... | --list-bugs\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string backend = "openssl";
  std::vector<std::string> bugs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--backend" && i + 1 < argc) {
      backend = argv[++i];
    } else if (arg == "--bug" && i + 1 < argc) {
      bugs.push_back(argv[++i]);
    } else if (arg == "--list-bugs") {
      for (const auto& bug : imref::shim::all_bugs())
        std::cout << bug.name << "  (" << bug.requirement << ") " << bug.description << "\n";
      return 0;
    } else {
      return usage();
    }
  }
  auto provider = imref::crypto::get_provider(backend);
  if (!provider.ok()) {
    std::cerr << "imref-shim: " << provider.error().detail << "\n";
    return 2;
  }
  auto parsed = imref::shim::parse_bugs(bugs);
  if (!parsed.ok()) {
    std::cerr << "imref-shim: " << parsed.error().detail << " (see --list-bugs)\n";
    return 2;
  }
  imref::shim::switch_on(*parsed);
  imref::shim::Shim shim(**provider);
  if (!bugs.empty()) std::cerr << "imref-shim: running with deliberate bugs\n";
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::cout << shim.handle_line(line) << '\n' << std::flush;
  }
  return 0;
}
