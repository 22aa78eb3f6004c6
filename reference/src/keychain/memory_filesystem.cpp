// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/filesystem.h"

namespace imref {

Result<Bytes> MemoryFileSystem::read(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) return make_error(Errc::not_found, "no file " + path);
  return it->second;
}

bool MemoryFileSystem::exists(const std::string& path) {
  return files_.count(path) != 0;
}

Status MemoryFileSystem::write(const std::string& path, ByteView data) {
  files_[path] = Bytes(data.begin(), data.end());
  return ok_status();
}

Status MemoryFileSystem::sync_file(const std::string& path) {
  if (!exists(path)) return make_error(Errc::io_error, "no file " + path);
  return ok_status();
}

Status MemoryFileSystem::rename(const std::string& from, const std::string& to) {
  auto it = files_.find(from);
  if (it == files_.end()) return make_error(Errc::io_error, "no file " + from);
  Bytes data = std::move(it->second);
  files_.erase(it);
  files_[to] = std::move(data);
  return ok_status();
}

Status MemoryFileSystem::sync_dir(const std::string&) {
  return ok_status();
}

}  // namespace imref
