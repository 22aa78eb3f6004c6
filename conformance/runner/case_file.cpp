// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "case_file.h"

#include <filesystem>
#include <fstream>

#include "vector_node.h"

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

Result<CaseFile> read_case_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(Errc::invalid_argument, "cannot read " + path);
  const json file = json::parse(in, nullptr, false);
  if (file.is_discarded())
    return make_error(Errc::invalid_argument, path + " is not a case file: not JSON");
  try {
    const VectorNode root(file, path);
    return CaseFile{path, root["case"].string(), root["input"].value()};
  } catch (const MalformedVectorFile& e) {
    return make_error(Errc::invalid_argument, std::string("malformed case file ") + e.what());
  }
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace imref::check
