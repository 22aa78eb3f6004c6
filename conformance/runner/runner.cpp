// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "runner.h"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "imref/crypto/rng.h"

namespace imref::check {

uint64_t random_seed() {
  crypto::SystemRng rng;
  uint64_t s = 0;
  for (uint8_t b : rng.bytes(4)) s = s << 8 | b;
  return s;
}

Result<Hello> hello(Iut& iut) {
  if (auto started = iut.start(); !started)
    return make_error(Errc::io_error, "cannot start the implementation: " + started.error().detail);
  Reply reply = iut.call({{"op", "hello"}});
  if (!reply.ok()) return make_error(Errc::io_error, "no answer to hello: " + reply.problem);
  const json& r = reply.response;
  if (r.value("protocol", std::string()) != "imref-shim/1" || !r.contains("ops") ||
      !r["ops"].is_array())
    return make_error(Errc::unsupported,
                      "hello did not answer imref-shim/1 with a list of ops: " + r.dump());
  Hello h{r.value("implementation", std::string("unnamed")), {}};
  for (const auto& op : r["ops"])
    if (op.is_string()) h.ops.push_back(op.get<std::string>());
  return h;
}

CaseResult run_one(Iut& iut, const crypto::Provider& reference, const Case& c,
                   const RunOptions& options, const BoundCheck* replay) {
  CaseResult r{c.id, c.suite, Status::pass, {}, {}, {}, 0, false, nullptr};
  auto start = std::chrono::steady_clock::now();
  Session session(iut, reference, options.seed, c.id);
  Outcome o;
  try {
    o = replay ? (*replay)(session) : c.run(session);
  } catch (const std::exception& e) {
    // A response of the wrong shape (say, a number where hex belongs)
    // surfaces here: the implementation's fault, this case's failure.
    o = Outcome::failed(std::string("response of the wrong shape: ") + e.what());
  }
  // A transport failure is the reason, whatever the check concluded.
  if (!session.transport_problem().empty()) {
    o.status = Status::fail;
    o.reason = session.transport_problem();
  }
  r.status = o.status;
  r.reason = o.reason;
  r.expected = o.expected;
  r.actual = o.actual;
  r.counterexample = o.counterexample;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

std::vector<CaseResult> run_cases(Iut& iut, const crypto::Provider& reference,
                                  const std::vector<Case>& cases,
                                  const std::vector<std::string>& ops, const RunOptions& options) {
  std::vector<CaseResult> results;
  results.reserve(cases.size());
  for (const Case& c : cases) {
    auto missing = std::find_if(c.ops.begin(), c.ops.end(), [&](const std::string& op) {
      return std::find(ops.begin(), ops.end(), op) == ops.end();
    });
    if (missing != c.ops.end()) {
      results.push_back({c.id,
                         c.suite,
                         Status::skip,
                         {},
                         {},
                         "implementation does not serve " + *missing,
                         0,
                         false,
                         nullptr});
      continue;
    }
    results.push_back(run_one(iut, reference, c, options));
    if (options.fail_fast && results.back().status == Status::fail) break;
  }
  return results;
}

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')
          out += ' ';
        else
          out += c;
    }
  }
  return out;
}

const char* status_name(const CaseResult& r) {
  if (r.expected_failure) return "expected-fail";
  switch (r.status) {
    case Status::pass:
      return "pass";
    case Status::fail:
      return "fail";
    case Status::skip:
      return "skip";
  }
  return "?";
}

}  // namespace

std::string junit_xml(const std::vector<CaseResult>& results, const std::string& iut_name) {
  size_t failures = 0, skipped = 0;
  for (const auto& r : results) {
    failures += r.status == Status::fail && !r.expected_failure;
    skipped += r.status == Status::skip || r.expected_failure;
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<testsuites name=\"imref check\">\n<testsuite name=\"" << xml_escape(iut_name)
    << "\" tests=\"" << results.size() << "\" failures=\"" << failures << "\" skipped=\"" << skipped
    << "\">\n";
  for (const auto& r : results) {
    x << "  <testcase classname=\"" << xml_escape(r.suite) << "\" name=\"" << xml_escape(r.id)
      << "\" time=\"" << r.seconds << "\"";
    if (r.status == Status::pass) {
      x << "/>\n";
      continue;
    }
    x << ">\n";
    if (r.status == Status::skip || r.expected_failure)
      x << "    <skipped message=\"" << xml_escape(r.reason) << "\"/>\n";
    else
      x << "    <failure message=\"" << xml_escape(r.reason)
        << "\">expected: " << xml_escape(r.expected) << "\nactual: " << xml_escape(r.actual)
        << "</failure>\n";
    x << "  </testcase>\n";
  }
  x << "</testsuite>\n</testsuites>\n";
  return x.str();
}

std::string json_report(const std::vector<CaseResult>& results, const std::string& iut_name,
                        uint64_t seed) {
  json cases = json::array();
  size_t passed = 0, failed = 0, skipped = 0;
  for (const auto& r : results) {
    cases.push_back({{"id", r.id},
                     {"suite", r.suite},
                     {"status", status_name(r)},
                     {"expected", r.expected},
                     {"actual", r.actual},
                     {"reason", r.reason},
                     {"duration", r.seconds}});
    if (r.status == Status::pass)
      ++passed;
    else if (r.status == Status::skip)
      ++skipped;
    else if (!r.expected_failure)
      ++failed;
  }
  json report = {{"implementation", iut_name}, {"seed", seed},       {"passed", passed},
                 {"failed", failed},           {"skipped", skipped}, {"cases", cases}};
  return report.dump(1) + "\n";
}

}  // namespace imref::check
