// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/bytes.h"

#include <array>
#include <cstring>

namespace imref {

void secure_wipe(void* data, size_t len) {
  if (data == nullptr || len == 0) return;
  std::memset(data, 0, len);
  // The barrier tells the compiler the zeroed memory is observed.
  __asm__ __volatile__("" : : "r"(data) : "memory");
}

bool constant_time_equal(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  uint8_t diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

std::string to_hex(ByteView data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  // Written in place rather than appended: the shim hex-encodes every
  // payload it answers with (docs/performance.md).
  std::string out(data.size() * 2, '\0');
  char* p = out.data();
  for (uint8_t b : data) {
    *p++ = kDigits[b >> 4];
    *p++ = kDigits[b & 15];
  }
  return out;
}

namespace {

// kHexValue maps a character to its digit value, or -1.
constexpr std::array<int8_t, 256> kHexValue = [] {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<int8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<int8_t>(c - 'A' + 10);
  return t;
}();

}  // namespace

Result<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return make_error(Errc::invalid_argument, "hex string of odd length");
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = kHexValue[static_cast<uint8_t>(hex[2 * i])];
    const int lo = kHexValue[static_cast<uint8_t>(hex[2 * i + 1])];
    if ((hi | lo) < 0) return make_error(Errc::invalid_argument, "not a hex digit");
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

}  // namespace imref
