// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "iut.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace imref::check {

namespace {

Reply check_reply(const std::string& line, long id) {
  json response = json::parse(line, nullptr, false);
  if (response.is_discarded() || !response.is_object())
    return {{}, "garbled response line: " + line.substr(0, 200)};
  if (!response.contains("id") || response["id"] != id)
    return {
        {},
        "response id does not match request id " + std::to_string(id) + ": " + line.substr(0, 200)};
  if (!response.contains("ok") || !response["ok"].is_boolean())
    return {{}, "response lacks a boolean ok: " + line.substr(0, 200)};
  if (response["ok"] == false && (!response.contains("error") || !response["error"].is_string()))
    return {{}, "error response lacks an error code: " + line.substr(0, 200)};
  return {std::move(response), ""};
}

}  // namespace

ProcessIut::ProcessIut(std::string command, double timeout_seconds, size_t max_line)
    : command_(std::move(command)), timeout_seconds_(timeout_seconds), max_line_(max_line) {
  // A child that dies must not kill the runner on the next write.
  signal(SIGPIPE, SIG_IGN);
}

ProcessIut::~ProcessIut() {
  stop();
}

imref::Status ProcessIut::start() {
  stop();
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0)
    return make_error(Errc::io_error, std::string("pipe: ") + std::strerror(errno));
  pid_ = fork();
  if (pid_ < 0) return make_error(Errc::io_error, std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    std::string cmd = "exec " + command_;
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  to_child_ = in_pipe[1];
  from_child_ = out_pipe[0];
  buffer_.clear();
  return ok_status();
}

void ProcessIut::stop() {
  if (to_child_ >= 0) close(to_child_);
  if (from_child_ >= 0) close(from_child_);
  to_child_ = from_child_ = -1;
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
}

Result<std::string> ProcessIut::read_line() {
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<long>(timeout_seconds_ * 1000));
  size_t scanned = 0;  // bytes of buffer_ known to hold no newline
  for (;;) {
    size_t nl = buffer_.find('\n', scanned);
    if (nl != std::string::npos && nl <= max_line_) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    // Never hold more than the bound (plus one read) of a line: the rest of
    // it is not read at all, the process is killed (REQ-CHECK-9).
    if (buffer_.size() > max_line_) {
      buffer_.clear();
      buffer_.shrink_to_fit();
      return make_error(Errc::too_large, "response over " + std::to_string(max_line_) + " bytes");
    }
    scanned = buffer_.size();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return make_error(Errc::io_error,
                        "timed out after " + std::to_string(timeout_seconds_) + " s");
    pollfd pfd{from_child_, POLLIN, 0};
    int r = poll(&pfd, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    char chunk[65536];
    ssize_t n = read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
      return make_error(
          Errc::io_error,
          WIFSIGNALED(status)
              ? "implementation crashed (signal " + std::to_string(WTERMSIG(status)) + ")"
              : "implementation exited (status " + std::to_string(WEXITSTATUS(status)) + ")");
    }
    // Grow by doubling, but never past the bound plus one read.
    const size_t need = buffer_.size() + static_cast<size_t>(n);
    if (need > buffer_.capacity())
      buffer_.reserve(std::min(std::max(need, 2 * buffer_.capacity()), max_line_ + sizeof chunk));
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

Reply ProcessIut::exchange(json request) {
  long id = next_id_++;
  request["id"] = id;
  std::string line = request.dump() + "\n";
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = write(to_child_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      stop();
      return {{}, "implementation closed its input"};
    }
    done += static_cast<size_t>(n);
  }
  auto answer = read_line();
  if (!answer) {
    stop();
    return {{}, answer.error().detail};
  }
  Reply reply = check_reply(*answer, id);
  if (!reply.ok()) stop();  // out of step: start afresh for the next case
  return reply;
}

std::string ProcessIut::restart() {
  std::string problem;
  if (auto started = start(); !started)
    problem = started.error().detail;
  else if (Reply hello = exchange({{"op", "hello"}}); !hello.ok())
    problem = "no answer to hello: " + hello.problem;
  if (problem.empty()) {
    start_failures_ = 0;
    return {};
  }
  stop();
  if (++start_failures_ >= kMaxStartFailures)
    given_up_ = "the implementation did not start " + std::to_string(start_failures_) +
                " times in a row (last: " + problem + ")";
  return "restart failed: " + problem;
}

Reply ProcessIut::call(json request) {
  if (!given_up_.empty()) return {{}, given_up_};
  if (pid_ <= 0) {
    if (std::string problem = restart(); !problem.empty()) return {{}, problem};
  }
  return exchange(std::move(request));
}

Reply InProcessIut::call(json request) {
  long id = next_id_++;
  request["id"] = id;
  return check_reply(shim_->handle_line(request.dump()), id);
}

}  // namespace imref::check
