// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "target_runner.h"

#include <cstdio>
#include <iostream>

#include "case_file.h"
#include "runner.h"

namespace imref::iutfuzz {

TargetRunner::TargetRunner(check::Iut& iut, const crypto::Provider& reference, const Target& target,
                           RunConfig config)
    : iut_(iut),
      reference_(reference),
      target_(target),
      case_(as_case(target)),
      config_(std::move(config)) {}

bool TargetRunner::run(ByteView data) {
  std::optional<json> input = target_.input(data);
  if (!input) return false;
  ++inputs_;
  // The very path `imref check --case` replays a saved finding through: read,
  // then checked. A MalformedVectorFile here is the target's own bug (it made
  // an input its replay refuses); the engines stop on it.
  const check::BoundCheck replay =
      case_.replay(check::VectorNode(*input, "the input of " + case_.id, "input"));
  check::CaseResult r = check::run_one(iut_, reference_, case_, {config_.seed, nullptr}, &replay);
  if (r.status != check::Status::fail) return false;

  char stem[64];
  std::snprintf(stem, sizeof stem, "fuzz_%s_%016llx", target_.name.c_str(),
                static_cast<unsigned long long>(check::case_seed(0, input->dump())));
  std::string path =
      check::save_case_file(config_.out_dir, stem, r, *input, config_.seed, config_.implementation);
  std::cout << "FAIL " << r.id << ": " << r.reason << "; expected " << r.expected.substr(0, 300)
            << "; actual " << r.actual.substr(0, 300) << "\n"
            << "saved case " << path << " (replay: imref check --case " << path << " --iut "
            << check::shell_quote(config_.implementation) << ")\n"
            << std::flush;
  return true;
}

}  // namespace imref::iutfuzz
