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
  CaseResult r{c.id, c.suite, Status::pass, {},      {},
               {},   0,       false,        nullptr, case_level(c, options.level)};
  auto start = std::chrono::steady_clock::now();
  Session session(iut, reference, options.seed, c.id);
  session.shrink_budget = options.shrink;
  if (options.level != Level::strict)
    for (const AnyOf& rule : c.any_of) session.also_accepted.push_back(rule.error);
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

namespace {

// Progress is the line run_cases keeps rewritten on a terminal.
class Progress {
 public:
  Progress(std::ostream* out, size_t total) : out_(out), total_(total) {}
  void show(size_t done, size_t failed, const std::string& current) {
    if (!out_) return;
    std::string line = "[" + std::to_string(done) + "/" + std::to_string(total_) + "] " +
                       std::to_string(failed) + " failed  " + current;
    if (line.size() > 100) line = line.substr(0, 97) + "...";
    write(line);
  }
  void clear() { write(""); }

 private:
  void write(const std::string& line) {
    if (!out_) return;
    *out_ << '\r' << line;
    if (line.size() < width_) *out_ << std::string(width_ - line.size(), ' ') << '\r' << line;
    width_ = line.size();
    out_->flush();
  }
  std::ostream* out_;
  size_t total_, width_ = 0;
};

const char* result_word(Status status) {
  switch (status) {
    case Status::pass:
      return "pass";
    case Status::fail:
      return "FAIL";
    case Status::skip:
      return "skip";
  }
  return "?";
}

// skip_reason says why |c| does not run here, "" when it does.
std::string skip_reason(const Case& c, const std::vector<std::string>& ops,
                        const RunOptions& options) {
  for (const auto& op : c.ops)
    if (std::find(ops.begin(), ops.end(), op) == ops.end())
      return "implementation does not serve " + op;
  if (Level l = case_level(c, options.level); l > options.level)
    return std::string("level ") + level_name(l) + ", above --level " + level_name(options.level);
  return {};
}

}  // namespace

std::vector<CaseResult> run_cases(Iut& iut, const crypto::Provider& reference,
                                  const std::vector<Case>& cases,
                                  const std::vector<std::string>& ops, const RunOptions& options) {
  std::vector<CaseResult> results;
  results.reserve(cases.size());
  Progress progress(options.progress, cases.size());
  size_t failed = 0;
  for (const Case& c : cases) {
    if (!iut.given_up().empty()) break;
    progress.show(results.size(), failed, c.id);
    if (std::string why = skip_reason(c, ops, options); !why.empty()) {
      results.push_back({c.id,
                         c.suite,
                         Status::skip,
                         {},
                         {},
                         why,
                         0,
                         false,
                         nullptr,
                         case_level(c, options.level)});
    } else {
      results.push_back(run_one(iut, reference, c, options));
    }
    const CaseResult& r = results.back();
    failed += r.status == Status::fail;
    if (options.verbose) {
      progress.clear();
      *options.verbose << "[" << results.size() << "/" << cases.size() << "] "
                       << result_word(r.status) << " " << r.id << " (" << level_name(r.level)
                       << ", " << static_cast<long>(r.seconds * 1000) << " ms)"
                       << (r.reason.empty() ? "" : ": " + r.reason.substr(0, 300)) << std::endl;
    }
    if (options.fail_fast && r.status == Status::fail) break;
  }
  progress.clear();
  return results;
}

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
        else out += c;
    }
  }
  return out;
}

const char* status_name(const CaseResult& r) {
  if (r.expected_failure) return "expected-fail";
  switch (r.status) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::skip: return "skip";
  }
  return "?";
}

}  // namespace

std::string junit_xml(const std::vector<CaseResult>& results, const std::string& iut_name,
                      Level level) {
  size_t failures = 0, skipped = 0;
  for (const auto& r : results) {
    failures += r.status == Status::fail && !r.expected_failure;
    skipped += r.status == Status::skip || r.expected_failure;
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<testsuites name=\"imref check\">\n<testsuite name=\"" << xml_escape(iut_name)
    << "\" tests=\"" << results.size() << "\" failures=\"" << failures << "\" skipped=\"" << skipped
    << "\">\n"
    << "  <properties><property name=\"level\" value=\"" << level_name(level)
    << "\"/></properties>\n";
  for (const auto& r : results) {
    x << "  <testcase classname=\"" << xml_escape(r.suite) << "\" name=\"" << xml_escape(r.id)
      << "\" time=\"" << r.seconds << "\">\n"
      << "    <properties><property name=\"level\" value=\"" << level_name(r.level)
      << "\"/></properties>\n";
    if (r.status == Status::skip || r.expected_failure)
      x << "    <skipped message=\"" << xml_escape(r.reason) << "\"/>\n";
    else if (r.status == Status::fail)
      x << "    <failure message=\"" << xml_escape(r.reason)
        << "\">expected: " << xml_escape(r.expected) << "\nactual: " << xml_escape(r.actual)
        << "</failure>\n";
    x << "  </testcase>\n";
  }
  x << "</testsuite>\n</testsuites>\n";
  return x.str();
}

std::string json_report(const std::vector<CaseResult>& results, const std::string& iut_name,
                        uint64_t seed, Level level) {
  json cases = json::array();
  size_t passed = 0, failed = 0, skipped = 0;
  for (const auto& r : results) {
    cases.push_back({{"id", r.id},
                     {"suite", r.suite},
                     {"status", status_name(r)},
                     {"expected", r.expected},
                     {"actual", r.actual},
                     {"reason", r.reason},
                     {"level", level_name(r.level)},
                     {"duration", r.seconds}});
    if (r.status == Status::pass) ++passed;
    else if (r.status == Status::skip) ++skipped;
    else if (!r.expected_failure) ++failed;
  }
  json report = {{"implementation", iut_name},
                 {"seed", seed},
                 {"level", level_name(level)},
                 {"passed", passed},
                 {"failed", failed},
                 {"skipped", skipped},
                 {"cases", cases}};
  return report.dump(1) + "\n";
}

}  // namespace imref::check
