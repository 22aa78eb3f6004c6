// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// CrashFileSystem: an in-memory FileSystem that loses power on request.
// It keeps what a real disk keeps across a crash: file content only once
// synced (sync_file), directory entries only once their directory is synced
// (sync_dir). A crash keeps the first half of unsynced content (a torn
// write) and, unless renames_survive, undoes unsynced renames and creations.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "imref/filesystem.h"

namespace imref::test {

class CrashFileSystem final : public FileSystem {
 public:
  // cut_power_at makes the |step|-th mutating call from now (0-based: write,
  // sync_file, rename, sync_dir) fail with io_error without taking effect;
  // every later call fails too, until power_on.
  void cut_power_at(int step) { cut_at_ = steps_ + step; }
  // power_on applies the crash, if there was one, and serves calls again.
  void power_on() {
    cut_at_.reset();
    if (!powered_off_) return;
    powered_off_ = false;
    if (!renames_survive) dir_ = durable_dir_;
    for (Inode& inode : inodes_) {
      if (!inode.synced) inode.data.resize(inode.data.size() / 2);
      inode.synced = true;
    }
  }
  bool renames_survive = false;
  int steps() const { return steps_; }
  // raw gives tests direct access to a file's bytes (to damage them).
  Bytes& raw(const std::string& path) { return inodes_.at(dir_.at(path)).data; }

  Result<Bytes> read(const std::string& path) override {
    if (powered_off_) return off();
    auto it = dir_.find(path);
    if (it == dir_.end()) return make_error(Errc::not_found, "no file " + path);
    return inodes_[it->second].data;
  }
  bool exists(const std::string& path) override { return dir_.count(path) != 0; }
  Status write(const std::string& path, ByteView data) override {
    if (!step()) return off();
    auto it = dir_.find(path);
    if (it == dir_.end()) {
      inodes_.push_back({});
      it = dir_.emplace(path, inodes_.size() - 1).first;
    }
    inodes_[it->second] = {to_public(data), false};
    return ok_status();
  }
  Status sync_file(const std::string& path) override {
    if (!step()) return off();
    auto it = dir_.find(path);
    if (it == dir_.end()) return make_error(Errc::io_error, "no file " + path);
    inodes_[it->second].synced = true;
    return ok_status();
  }
  Status rename(const std::string& from, const std::string& to) override {
    if (!step()) return off();
    auto it = dir_.find(from);
    if (it == dir_.end()) return make_error(Errc::io_error, "no file " + from);
    const size_t inode = it->second;
    dir_.erase(it);
    dir_[to] = inode;
    return ok_status();
  }
  Status sync_dir(const std::string&) override {
    if (!step()) return off();
    durable_dir_ = dir_;  // one directory is all the tests use
    return ok_status();
  }

 private:
  struct Inode {
    Bytes data;
    bool synced = false;
  };
  // step counts a mutating call; false once the power is off.
  bool step() {
    if (powered_off_) return false;
    if (cut_at_ && steps_ == *cut_at_) {
      powered_off_ = true;
      return false;
    }
    ++steps_;
    return true;
  }
  static Error off() { return make_error(Errc::io_error, "power is off"); }

  std::vector<Inode> inodes_;
  std::map<std::string, size_t> dir_, durable_dir_;
  int steps_ = 0;
  std::optional<int> cut_at_;
  bool powered_off_ = false;
};

}  // namespace imref::test
