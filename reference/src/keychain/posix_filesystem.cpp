// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "imref/filesystem.h"

namespace imref {

namespace {

Error io_error(const std::string& what, const std::string& path) {
  return make_error(Errc::io_error, what + " " + path + ": " + std::strerror(errno));
}

// Fd closes on scope exit.
struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

Status sync_path(const std::string& path, int flags) {
  Fd f(::open(path.c_str(), flags | O_CLOEXEC));
  if (f.fd < 0) return io_error("open", path);
  if (::fsync(f.fd) != 0) return io_error("fsync", path);
  return ok_status();
}

}  // namespace

Result<Bytes> PosixFileSystem::read(const std::string& path) {
  Fd f(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (f.fd < 0) {
    if (errno == ENOENT) return make_error(Errc::not_found, "no file " + path);
    return io_error("open", path);
  }
  Bytes out;
  uint8_t buf[65536];
  for (;;) {
    const ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("read", path);
    if (n == 0) return out;
    out.insert(out.end(), buf, buf + n);
  }
}

bool PosixFileSystem::exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Status PosixFileSystem::write(const std::string& path, ByteView data) {
  Fd f(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (f.fd < 0) return io_error("open", path);
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(f.fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("write", path);
    done += static_cast<size_t>(n);
  }
  return ok_status();
}

Status PosixFileSystem::sync_file(const std::string& path) {
  return sync_path(path, O_RDONLY);
}

Status PosixFileSystem::rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return io_error("rename", from);
  return ok_status();
}

Status PosixFileSystem::sync_dir(const std::string& dir) {
  return sync_path(dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace imref
