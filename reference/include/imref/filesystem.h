// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The filesystem seam: the few steps an atomic save needs, one call each, so
// a test or a simulated device can crash between any two of them
// (MemoryFileSystem) and PosixFileSystem does them for real.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

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

// MemoryFileSystem keeps files in memory: a device's disk in a simulated
// world (the conformance shim), or a test's. It can lose power on request and
// then keeps what a real disk keeps across a crash: file content only once
// synced (sync_file), directory entries only once their directory is synced
// (sync_dir). A crash keeps the first half of unsynced content (a torn
// write) and, unless renames_survive, undoes unsynced renames and creations.
// Its content is not secret (stores on it are encrypted), so it is not wiped.
class MemoryFileSystem final : public FileSystem {
 public:
  Result<Bytes> read(const std::string& path) override;
  bool exists(const std::string& path) override;
  Status write(const std::string& path, ByteView data) override;
  Status sync_file(const std::string& path) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status sync_dir(const std::string& dir) override;

  // cut_power_at makes the |step|-th mutating call from now (0-based: write,
  // sync_file, rename, sync_dir) fail with io_error without taking effect;
  // every later call fails too, until power_on.
  void cut_power_at(int step);
  // power_on applies the crash, if there was one, and serves calls again.
  void power_on();
  bool renames_survive = false;
  int steps() const { return steps_; }
  // raw gives tests direct access to a file's bytes (to damage them).
  Bytes& raw(const std::string& path) { return inodes_.at(dir_.at(path)).data; }

 private:
  struct Inode {
    Bytes data;
    bool synced = false;
  };
  bool step();  // counts a mutating call; false once the power is off

  std::vector<Inode> inodes_;
  std::map<std::string, size_t> dir_, durable_dir_;  // name -> inode
  int steps_ = 0;
  std::optional<int> cut_at_;
  bool powered_off_ = false;
};

}  // namespace imref
