// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// A disk in memory that can lose power: what a crash keeps is what fsync and
// a directory fsync made durable (REQ-KEYCHAIN-9 is tested against it).
#include "imref/filesystem.h"

namespace imref {

namespace {

Error off() {
  return make_error(Errc::io_error, "power is off");
}

// in_dir tells whether |path| names an entry of directory |dir| itself.
bool in_dir(const std::string& path, const std::string& dir) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return dir == ".";
  return path.substr(0, slash == 0 ? 1 : slash) == dir;
}

}  // namespace

void MemoryFileSystem::cut_power_at(int step) {
  cut_at_ = steps_ + step;
}

void MemoryFileSystem::power_on() {
  cut_at_.reset();
  if (!powered_off_) return;
  powered_off_ = false;
  if (!renames_survive) dir_ = durable_dir_;
  durable_dir_ = dir_;  // what outlived the cut is on the disk: the next cut keeps it
  for (Inode& inode : inodes_) {
    if (!inode.synced) inode.data.resize(inode.data.size() / 2);  // torn
    inode.synced = true;
  }
}

bool MemoryFileSystem::step() {
  if (powered_off_) return false;
  if (cut_at_ && steps_ == *cut_at_) {
    powered_off_ = true;
    return false;
  }
  ++steps_;
  return true;
}

Result<Bytes> MemoryFileSystem::read(const std::string& path) {
  if (powered_off_) return off();
  auto it = dir_.find(path);
  if (it == dir_.end()) return make_error(Errc::not_found, "no file " + path);
  return inodes_[it->second].data;
}

bool MemoryFileSystem::exists(const std::string& path) {
  return dir_.count(path) != 0;
}

// write replaces the content of the file's inode: a name that shares it (a
// rename that kept its old name) sees the new, unsynced content too.
Status MemoryFileSystem::write(const std::string& path, ByteView data) {
  if (!step()) return off();
  auto it = dir_.find(path);
  if (it == dir_.end()) {
    inodes_.push_back({});
    it = dir_.emplace(path, inodes_.size() - 1).first;
  }
  inodes_[it->second] = {Bytes(data.begin(), data.end()), false};
  return ok_status();
}

Status MemoryFileSystem::sync_file(const std::string& path) {
  if (!step()) return off();
  auto it = dir_.find(path);
  if (it == dir_.end()) return make_error(Errc::io_error, "no file " + path);
  inodes_[it->second].synced = true;
  return ok_status();
}

Status MemoryFileSystem::rename(const std::string& from, const std::string& to) {
  if (!step()) return off();
  auto it = dir_.find(from);
  if (it == dir_.end()) return make_error(Errc::io_error, "no file " + from);
  const size_t inode = it->second;
  dir_.erase(it);
  dir_[to] = inode;
  return ok_status();
}

// sync_dir makes the entries of |dir|, and only those, what a crash keeps.
Status MemoryFileSystem::sync_dir(const std::string& dir) {
  if (!step()) return off();
  std::erase_if(durable_dir_, [&](const auto& entry) { return in_dir(entry.first, dir); });
  for (const auto& entry : dir_)
    if (in_dir(entry.first, dir)) durable_dir_.insert(entry);
  return ok_status();
}

}  // namespace imref
