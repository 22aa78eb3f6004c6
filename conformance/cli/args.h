// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// What the subcommands of imref (check, fuzz) share on the command line.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "imref/result.h"

namespace imref::cli {

inline constexpr int kExitOk = 0, kExitFailed = 1, kExitCannotRun = 2;

// usage_error is a command line imref cannot run: the detail is printed
// before the usage.
inline Error usage_error(std::string detail) {
  return make_error(Errc::invalid_argument, std::move(detail));
}

// next_value is the value of the flag argv[i], and moves |i| to it; an error
// when the flag is the last argument.
inline Result<std::string> next_value(int argc, char** argv, int& i) {
  if (i + 1 >= argc) return usage_error(std::string(argv[i]) + " needs a value");
  return std::string(argv[++i]);
}

// split_list splits "a,b,,c" into its non-empty items.
inline std::vector<std::string> split_list(const std::string& s, char sep = ',') {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace imref::cli
