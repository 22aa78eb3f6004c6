// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "case.h"

#include <algorithm>
#include <map>

namespace imref::check {

namespace {

// kRequirementLevels: every REQ id of docs/spec.md and its level, read from
// its tags when CMake configures (conformance/CMakeLists.txt).
const std::map<std::string, Level>& requirement_levels() {
  static const std::map<std::string, Level> kLevels = {
#include "req_levels.inc"
  };
  return kLevels;
}

}  // namespace

const char* level_name(Level level) {
  switch (level) {
    case Level::wire:
      return "wire";
    case Level::guide:
      return "guide";
    case Level::strict:
      return "strict";
  }
  return "?";
}

Level requirement_level(const std::string& req) {
  auto it = requirement_levels().find(req);
  return it == requirement_levels().end() ? Level::strict : it->second;
}

Level case_level(const Case& c, Level run) {
  if (run != Level::strict && !c.any_of.empty()) {
    Level lowest = Level::strict;
    for (const AnyOf& rule : c.any_of)
      lowest = std::min(lowest, requirement_level(rule.requirement));
    return lowest;
  }
  if (c.requirements.empty()) return Level::strict;
  Level highest = Level::wire;
  for (const auto& req : c.requirements) highest = std::max(highest, requirement_level(req));
  return highest;
}

uint64_t case_seed(uint64_t seed, const std::string& case_id) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : case_id) h = (h ^ static_cast<uint8_t>(c)) * 1099511628211ull;
  return seed ^ h;
}

Session::Session(Iut& iut, const crypto::Provider& reference, uint64_t seed,
                 const std::string& case_id)
    : iut_(iut),
      reference_(reference),
      rng_(case_seed(seed, case_id), "imref-case"),
      seed_(case_seed(seed, case_id)) {}

Reply Session::call(const std::string& op, json fields) {
  fields["op"] = op;
  Reply reply = iut_.call(std::move(fields));
  if (!reply.ok() && transport_problem_.empty()) transport_problem_ = reply.problem;
  return reply;
}

bool is_success(const Reply& reply) {
  return reply.ok() && reply.response.value("ok", false);
}

std::string describe(const Reply& reply) {
  if (!reply.ok()) return "no response (" + reply.problem + ")";
  if (reply.response.value("ok", false)) return "success";
  return "error " + reply.response.value("error", std::string("?")) + " (" +
         reply.response.value("detail", std::string()) + ")";
}

Outcome expect_error(const Reply& reply, const std::string& code) {
  if (!reply.ok()) return Outcome::failed(reply.problem, "error " + code, describe(reply));
  if (reply.response.value("ok", false))
    return Outcome::failed("accepted input that must be refused", "error " + code, "success");
  std::string got = reply.response.value("error", std::string());
  if (got != code) return Outcome::failed("wrong error class", "error " + code, describe(reply));
  return Outcome::passed();
}

Outcome expect_error(const Session& s, const Reply& reply, const std::string& code) {
  Outcome o = expect_error(reply, code);
  if (o.status == Status::fail && reply.ok() && !reply.response.value("ok", false) &&
      std::count(s.also_accepted.begin(), s.also_accepted.end(),
                 reply.response.value("error", std::string())) > 0)
    return Outcome::passed();
  return o;
}

std::string field_string(const Reply& reply, const char* name) {
  if (!reply.ok() || !reply.response.contains(name) || !reply.response[name].is_string()) return {};
  return reply.response[name].get<std::string>();
}

}  // namespace imref::check
