// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The implementation under test, seen from the runner: something that
// answers imref-shim/1 requests. A child process (any language) or, for the
// project's own tests, the reference shim in the same process.
#pragma once

#include <sys/types.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "imref/result.h"
#include "shim.h"

namespace imref::check {

using nlohmann::json;

// Reply is a response, or why none came (timeout, crash, garbled line,
// wrong id). |problem| is empty when |response| is good.
struct Reply {
  json response;
  std::string problem;
  bool ok() const { return problem.empty(); }
};

class Iut {
 public:
  virtual ~Iut() = default;
  // start launches the implementation; an error saying why if it won't.
  virtual imref::Status start() = 0;
  // call sends |request| (the "id" is filled in here) and waits for the
  // matching response.
  virtual Reply call(json request) = 0;
  // describe names the implementation for reports.
  virtual std::string describe() const = 0;
  // given_up says why the implementation cannot be run any more ("" while it
  // can): the runner stops and exits 2 (REQ-CHECK-9).
  virtual std::string given_up() const { return {}; }
};

// kMaxResponseLine bounds a response line (REQ-CHECK-9): the longest a case
// expects is 2 MiB (a keychain store of 1 MiB, in hex); a decoded message may
// reach 4 MiB (REQ-MESSAGE-3), 8 MiB in hex; twice that leaves room.
inline constexpr size_t kMaxResponseLine = 16 << 20;
// kMaxStartFailures: a restarted implementation that does not answer hello
// this many times in a row is given up (REQ-CHECK-9).
inline constexpr int kMaxStartFailures = 3;

// ProcessIut runs COMMAND through /bin/sh and speaks JSON Lines over its
// stdin/stdout. A request that times out, a crash, a garbled line, a line
// over |max_line| bytes or a response with the wrong id kills the process;
// the next call restarts it and asks hello first. When kMaxStartFailures
// restarts in a row get no answer to hello, it gives up: every later call
// fails at once and given_up() says why.
class ProcessIut final : public Iut {
 public:
  ProcessIut(std::string command, double timeout_seconds, size_t max_line = kMaxResponseLine);
  ~ProcessIut() override;
  imref::Status start() override;
  Reply call(json request) override;
  std::string describe() const override { return command_; }
  std::string given_up() const override { return given_up_; }

 private:
  void stop();
  // exchange sends |request| with the next id and reads its response.
  Reply exchange(json request);
  // restart starts the process afresh and asks hello: "" when it answers,
  // else why not (and counts a start failure).
  std::string restart();
  // read_line is the implementation's next line, or why none came.
  Result<std::string> read_line();

  std::string command_;
  double timeout_seconds_;
  size_t max_line_;
  int start_failures_ = 0;  // restarts in a row without an answer to hello
  std::string given_up_;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::string buffer_;
  long next_id_ = 1;
};

// InProcessIut answers through a Shim object, still as JSON text, so the
// whole protocol path is exercised without a process.
class InProcessIut final : public Iut {
 public:
  explicit InProcessIut(std::unique_ptr<shim::Shim> shim) : shim_(std::move(shim)) {}
  imref::Status start() override { return ok_status(); }
  Reply call(json request) override;
  std::string describe() const override { return "in-process reference shim"; }

 private:
  std::unique_ptr<shim::Shim> shim_;
  long next_id_ = 1;
};

}  // namespace imref::check
