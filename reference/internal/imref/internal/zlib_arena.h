// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// ZlibArena is zlib's allocator for one thread (REQ-MESSAGE-9). zlib keeps
// plaintext in memory it allocates (the deflate window and literal buffer,
// the inflate window), so every block is wiped when zlib frees it. Freed
// blocks are kept for the next stream of the same shape: a stream set up and
// torn down per message then costs no heap traffic (level 9 needs about
// 270 KB; docs/performance.md), and nothing of one message outlives its call.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "imref/bytes.h"

namespace imref::gz::detail {

class ZlibArena {
 public:
  ZlibArena() = default;
  ZlibArena(const ZlibArena&) = delete;
  ZlibArena& operator=(const ZlibArena&) = delete;
  ~ZlibArena();

  // install makes |z| allocate from this arena (before deflateInit/inflateInit).
  void install(z_stream& z) {
    z.zalloc = &ZlibArena::alloc;
    z.zfree = &ZlibArena::release;
    z.opaque = this;
  }

  // idle lists the blocks zlib has freed, for tests: they must hold no plaintext.
  std::vector<ByteView> idle() const;
  size_t live() const { return live_.size(); }

 private:
  static voidpf alloc(voidpf opaque, uInt items, uInt size);
  static void release(voidpf opaque, voidpf block);

  std::multimap<size_t, uint8_t*> idle_;  // by size, wiped
  std::map<uint8_t*, size_t> live_;       // handed to zlib
};

// thread_arena is the calling thread's arena, the one gzip and gunzip use.
ZlibArena& thread_arena();

}  // namespace imref::gz::detail
