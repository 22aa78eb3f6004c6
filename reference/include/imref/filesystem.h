// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The filesystem seam: the few steps an atomic save needs, one call each, so
// a test can crash between any two of them (test/crash_filesystem.h) and
// PosixFileSystem does them for real.
#pragma once

#include <map>
#include <string>

#include "imref/bytes.h"
#include "imref/result.h"

namespace imref {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // read returns the whole file: not_found if there is none.
  virtual Result<Bytes> read(const std::string& path) = 0;
  // exists tells whether |path| names a file.
  virtual bool exists(const std::string& path) = 0;
  // write creates or truncates |path| and writes |data| to it. Until
  // sync_file, a crash may leave any prefix of |data|.
  virtual Status write(const std::string& path, ByteView data) = 0;
  // sync_file makes the file's content durable (fsync).
  virtual Status sync_file(const std::string& path) = 0;
  // rename replaces |to| by |from| atomically. Until sync_dir of their
  // directory, a crash may undo it.
  virtual Status rename(const std::string& from, const std::string& to) = 0;
  // sync_dir makes the directory's entries durable (fsync of the directory).
  virtual Status sync_dir(const std::string& dir) = 0;
};

// PosixFileSystem is the real one: open/write/fsync/rename/close. Every
// failure is Errc::io_error with the path and errno text.
class PosixFileSystem final : public FileSystem {
 public:
  Result<Bytes> read(const std::string& path) override;
  bool exists(const std::string& path) override;
  Status write(const std::string& path, ByteView data) override;
  Status sync_file(const std::string& path) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status sync_dir(const std::string& dir) override;
};

// MemoryFileSystem keeps files in memory and never crashes: a device's disk
// in a simulated world (the conformance shim), or a test's. Its content is
// not secret (stores on it are encrypted), so it is not wiped.
class MemoryFileSystem final : public FileSystem {
 public:
  Result<Bytes> read(const std::string& path) override;
  bool exists(const std::string& path) override;
  Status write(const std::string& path, ByteView data) override;
  Status sync_file(const std::string& path) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status sync_dir(const std::string& dir) override;

 private:
  std::map<std::string, Bytes> files_;
};

}  // namespace imref
