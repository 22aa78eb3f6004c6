// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include <cstdlib>
#include <iostream>

#include "generate.h"

namespace imref::vectorgen {

void claim(bool holds, const std::string& what) {
  if (holds) return;
  std::cerr << "imref-vectorgen: a case does not hold what its comment says: " << what << "\n";
  std::exit(1);
}

size_t bit_length(std::span<const uint8_t> number) {
  for (size_t i = 0; i < number.size(); ++i)
    if (number[i] != 0)
      return (number.size() - i) * 8 - static_cast<size_t>(__builtin_clz(number[i]) - 24);
  return 0;
}

Json& TestList::add(std::string comment, std::vector<std::string> flags,
                    std::vector<std::string> requirements, std::string result) {
  Json t;
  t["tcId"] = tests_.size() + 1;
  t["comment"] = std::move(comment);
  t["flags"] = std::move(flags);
  t["requirements"] = std::move(requirements);
  t["result"] = std::move(result);
  tests_.push_back(std::move(t));
  return tests_.back();
}

Json envelope(const std::string& algorithm, const std::string& schema,
              const std::vector<std::string>& header, const Json& notes, Json groups) {
  size_t count = 0;
  for (const auto& g : groups) count += g["tests"].size();
  Json file;
  file["algorithm"] = algorithm;
  file["schema"] = schema;
  file["generatorVersion"] = "imref-vectorgen 1";
  file["numberOfTests"] = count;
  file["header"] = header;
  file["notes"] = notes;
  file["testGroups"] = std::move(groups);
  return file;
}

void note(Json& notes, const std::string& flag, const std::string& bug_type,
          const std::string& description, const std::vector<std::string>& references) {
  notes[flag] = {{"bugType", bug_type}, {"description", description}};
  if (!references.empty()) notes[flag]["references"] = references;
}

DeviceKeys vector_device(const crypto::Provider& provider, const std::string& name) {
  // One fixed seed per name; the label keeps the streams apart.
  crypto::DeterministicRng rng(20261128, "device:" + name);
  auto keys = DeviceKeys::generate(provider, rng);
  if (!keys.ok()) {
    std::cerr << "vectorgen: key generation failed: " << keys.error().detail << "\n";
    std::abort();
  }
  return std::move(keys).value();
}

Json device_json(const DeviceKeys& keys) {
  Json d;
  d["identity"] = to_hex(keys.identity().blob());
  d["identity_hash"] = to_hex(keys.identity().hash());
  d["rsa_private"] = to_hex(keys.rsa_pkcs8().value());
  d["signing_private"] = to_hex(keys.signing_scalar());
  d["encryption_private"] = to_hex(keys.encryption_scalar());
  d["encryption_public"] = to_hex(keys.encryption_public());
  return d;
}

}  // namespace imref::vectorgen
