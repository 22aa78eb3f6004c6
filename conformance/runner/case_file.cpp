// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "case_file.h"

#include <filesystem>
#include <fstream>

namespace imref::check {

std::string save_case_file(const std::string& dir, const std::string& stem, const CaseResult& r,
                           const json& input, uint64_t seed, const std::string& implementation) {
  std::filesystem::create_directories(dir);
  std::string path = dir + "/" + stem + ".json";
  json file = {{"case", r.id},
               {"input", input},
               {"seed", seed},
               {"implementation", implementation},
               {"reason", r.reason}};
  if (!r.expected.empty()) file["expected"] = r.expected;
  if (!r.actual.empty()) file["actual"] = r.actual;
  std::ofstream(path) << file.dump(1) << "\n";
  return path;
}

std::optional<CaseFile> read_case_file(const std::string& path, std::string& problem) {
  std::ifstream in(path);
  json file = json::parse(in, nullptr, false);
  if (!in || file.is_discarded() || !file.is_object() || !file.contains("case") ||
      !file["case"].is_string() || !file.contains("input")) {
    problem = path + " is not a case file";
    return std::nullopt;
  }
  return CaseFile{file["case"].get<std::string>(), file["input"]};
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace imref::check
