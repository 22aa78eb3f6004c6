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
};

// ProcessIut runs COMMAND through /bin/sh and speaks JSON Lines over its
// stdin/stdout. A request that times out, a crash, a garbled line or a
// response with the wrong id kills the process; the next call restarts it.
class ProcessIut final : public Iut {
 public:
  ProcessIut(std::string command, double timeout_seconds);
  ~ProcessIut() override;
  imref::Status start() override;
  Reply call(json request) override;
  std::string describe() const override { return command_; }

 private:
  void stop();
  // read_line is the implementation's next line, or why none came.
  Result<std::string> read_line();

  std::string command_;
  double timeout_seconds_;
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
