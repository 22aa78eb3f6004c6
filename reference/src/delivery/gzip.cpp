// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// gzip over zlib (REQ-MESSAGE-4, -5). zlib writes mtime 0 when no gz_header
// is set, XFL 02 at level 9 and OS 03 on Unix builds: 1f 8b 08 00 00000000 02 03.
#include <zlib.h>

#include <climits>

#include "imref/message.h"

namespace imref::gz {
namespace {

// One deflate and one inflate state per thread, reset between uses: level 9
// needs about 270 KB of tables, and allocating them per message cost more
// than the rest of the codec (docs/performance.md, deliver).
struct Deflater {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper instead of zlib's.
  bool ok = deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  ~Deflater() {
    if (ok) deflateEnd(&z);
  }
};
struct Inflater {
  z_stream z{};
  // 15 + 16: gzip only (no zlib or raw deflate, no auto-detection).
  bool ok = inflateInit2(&z, 15 + 16) == Z_OK;
  ~Inflater() {
    if (ok) inflateEnd(&z);
  }
};

}  // namespace

Result<Bytes> gzip(ByteView data) {
  if (data.size() > UINT_MAX) return make_error(Errc::too_large, "input over 4 GiB");
  thread_local Deflater d;
  if (!d.ok || deflateReset(&d.z) != Z_OK)
    return make_error(Errc::crypto_failure, "deflate set-up failed");
  z_stream& z = d.z;
  Bytes out(deflateBound(&z, static_cast<uLong>(data.size())));
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  if (rc != Z_STREAM_END) return make_error(Errc::crypto_failure, "deflate did not finish");
  out.resize(out.size() - z.avail_out);
  // Header byte 3 (FLG) 0, bytes 4-7 (MTIME) 0, byte 8 (XFL) 2, byte 9 (OS) 3.
  return out;
}

Result<Bytes> gunzip(ByteView data, size_t limit) {
  if (data.size() > UINT_MAX) return make_error(Errc::too_large, "input over 4 GiB");
  thread_local Inflater inf;
  if (!inf.ok || inflateReset(&inf.z) != Z_OK)
    return make_error(Errc::crypto_failure, "inflate set-up failed");
  z_stream& z = inf.z;
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  Bytes out;
  uint8_t chunk[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = chunk;
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    size_t got = sizeof chunk - z.avail_out;
    if (got > limit - out.size())
      return make_error(Errc::too_large, "decompressed size over the limit");
    out.insert(out.end(), chunk, chunk + got);
  }  // Z_BUF_ERROR (truncated), Z_DATA_ERROR (bad data or CRC) end the loop too
  if (rc != Z_STREAM_END) return make_error(Errc::malformed_message, "not a complete gzip member");
  if (z.avail_in != 0) return make_error(Errc::malformed_message, "bytes after the gzip member");
  return out;
}

}  // namespace imref::gz
