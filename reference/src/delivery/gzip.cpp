// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// gzip over zlib (REQ-MESSAGE-4, -5, -9). zlib writes mtime 0 when no
// gz_header is set, XFL 02 at level 9 and OS 03 on Unix builds:
// 1f 8b 08 00 00000000 02 03.
#include <zlib.h>

#include <climits>
#include <cstdlib>
#include <new>

#include "imref/internal/zlib_arena.h"
#include "imref/message.h"

namespace imref::gz {
namespace detail {

voidpf ZlibArena::alloc(voidpf opaque, uInt items, uInt size) {
  auto* arena = static_cast<ZlibArena*>(opaque);
  size_t n = size_t{items} * size;
  uint8_t* block;
  if (auto it = arena->idle_.find(n); it != arena->idle_.end()) {
    block = it->second;
    arena->idle_.erase(it);
  } else {
    block = static_cast<uint8_t*>(std::malloc(n));
    if (!block) return Z_NULL;
  }
  arena->live_.emplace(block, n);
  return block;
}

void ZlibArena::release(voidpf opaque, voidpf p) {
  auto* arena = static_cast<ZlibArena*>(opaque);
  auto it = arena->live_.find(static_cast<uint8_t*>(p));
  if (it == arena->live_.end()) return;  // not ours: zlib never does this
  secure_wipe(it->first, it->second);
  arena->idle_.emplace(it->second, it->first);
  arena->live_.erase(it);
}

ZlibArena::~ZlibArena() {
  for (auto& [size, block] : idle_) std::free(block);
  for (auto& [block, size] : live_) {
    secure_wipe(block, size);
    std::free(block);
  }
}

std::vector<ByteView> ZlibArena::idle() const {
  std::vector<ByteView> out;
  for (const auto& [size, block] : idle_) out.emplace_back(block, size);
  return out;
}

ZlibArena& thread_arena() {
  thread_local ZlibArena arena;
  return arena;
}

}  // namespace detail

namespace {

// A stream set up on the thread's arena and torn down (every block wiped)
// when it goes out of scope.
class Deflater {
 public:
  Deflater() {
    detail::thread_arena().install(z_);
    // windowBits 15 + 16: a gzip wrapper instead of zlib's.
    ok_ = deflateInit2(&z_, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~Deflater() {
    if (ok_) deflateEnd(&z_);
  }
  bool ok() const { return ok_; }
  z_stream& z() { return z_; }

 private:
  z_stream z_{};
  bool ok_ = false;
};

class Inflater {
 public:
  Inflater() {
    detail::thread_arena().install(z_);
    // 15 + 16: gzip only (no zlib or raw deflate, no auto-detection).
    ok_ = inflateInit2(&z_, 15 + 16) == Z_OK;
  }
  ~Inflater() {
    if (ok_) inflateEnd(&z_);
  }
  bool ok() const { return ok_; }
  z_stream& z() { return z_; }

 private:
  z_stream z_{};
  bool ok_ = false;
};

}  // namespace

Result<Bytes> gzip(ByteView data) {
  if (data.size() > UINT_MAX) return make_error(Errc::too_large, "input over 4 GiB");
  Deflater d;
  if (!d.ok()) return make_error(Errc::crypto_failure, "deflate set-up failed");
  z_stream& z = d.z();
  Bytes out(deflateBound(&z, static_cast<uLong>(data.size())));
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  if (rc != Z_STREAM_END) {
    secure_wipe(out.data(), out.size());
    return make_error(Errc::crypto_failure, "deflate did not finish");
  }
  // Shrinks in place: nothing is copied, so nothing is left behind.
  out.resize(out.size() - z.avail_out);
  // Header byte 3 (FLG) 0, bytes 4-7 (MTIME) 0, byte 8 (XFL) 2, byte 9 (OS) 3.
  return out;
}

Result<SecretBytes> gunzip(ByteView data, size_t limit) {
  if (data.size() > UINT_MAX) return make_error(Errc::too_large, "input over 4 GiB");
  Inflater inf;
  if (!inf.ok()) return make_error(Errc::crypto_failure, "inflate set-up failed");
  z_stream& z = inf.z();
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  SecretBytes out;  // wiped as it grows and when dropped
  uint8_t chunk[16384];
  int rc = Z_OK;
  Status status = ok_status();
  while (rc == Z_OK) {
    z.next_out = chunk;
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    size_t got = sizeof chunk - z.avail_out;
    if (got > limit - out.size()) {
      status = make_error(Errc::too_large, "decompressed size over the limit");
      break;
    }
    out.insert(out.end(), chunk, chunk + got);
  }  // Z_BUF_ERROR (truncated), Z_DATA_ERROR (bad data or CRC) end the loop too
  secure_wipe(chunk, sizeof chunk);
  if (!status.ok()) return status.error();
  if (rc != Z_STREAM_END) return make_error(Errc::malformed_message, "not a complete gzip member");
  if (z.avail_in != 0) return make_error(Errc::malformed_message, "bytes after the gzip member");
  return out;
}

}  // namespace imref::gz
