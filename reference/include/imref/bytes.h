// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Byte strings, hex, and the two secret-handling rules: compare in constant
// time, wipe after use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "imref/result.h"

namespace imref {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// secure_wipe zeroes |data| in a way the optimiser may not remove.
void secure_wipe(void* data, size_t len);

// WipingAllocator zeroes memory before releasing it, so a SecretBytes never
// leaves key material behind in freed heap.
template <class T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() = default;
  template <class U>
  WipingAllocator(const WipingAllocator<U>&) {}  // NOLINT
  T* allocate(size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* p, size_t n) {
    secure_wipe(p, n * sizeof(T));
    std::allocator<T>{}.deallocate(p, n);
  }
  template <class U>
  bool operator==(const WipingAllocator<U>&) const {
    return true;
  }
};

// SecretBytes holds key material: wiped on destruction and on reallocation.
using SecretBytes = std::vector<uint8_t, WipingAllocator<uint8_t>>;

inline Bytes to_bytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}
inline SecretBytes to_secret(ByteView v) {
  return SecretBytes(v.begin(), v.end());
}
inline Bytes to_public(ByteView v) {
  return Bytes(v.begin(), v.end());
}

// constant_time_equal compares without a data-dependent branch. Lengths are
// public and compared first.
bool constant_time_equal(ByteView a, ByteView b);

std::string to_hex(ByteView data);
// from_hex accepts lowercase or uppercase hex of even length; anything else is
// Errc::invalid_argument.
Result<Bytes> from_hex(std::string_view hex);

inline void append(Bytes& out, ByteView v) {
  out.insert(out.end(), v.begin(), v.end());
}

}  // namespace imref
