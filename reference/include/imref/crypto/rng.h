// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Randomness is always passed in. SystemRng is for real use; DeterministicRng
// is for vector generation and tests only.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "imref/bytes.h"

namespace imref::crypto {

class Rng {
 public:
  virtual ~Rng() = default;
  // fill writes |out.size()| random bytes. It cannot fail: SystemRng aborts
  // if the kernel refuses entropy, since no caller could recover.
  virtual void fill(std::span<uint8_t> out) = 0;

  Bytes bytes(size_t n) {
    Bytes out(n);
    fill(out);
    return out;
  }
};

// SystemRng reads the kernel CSPRNG (getrandom).
class SystemRng final : public Rng {
 public:
  void fill(std::span<uint8_t> out) override;
};

// DeterministicRng is a ChaCha20 keystream keyed by a 64-bit seed and a label.
// The same seed gives the same bytes on every platform and backend. Not for
// production keys.
class DeterministicRng final : public Rng {
 public:
  explicit DeterministicRng(uint64_t seed, std::string_view label = "imref");
  void fill(std::span<uint8_t> out) override;

 private:
  void refill();
  std::array<uint32_t, 16> state_{};
  std::array<uint8_t, 64> block_{};
  size_t used_ = 64;
};

}  // namespace imref::crypto
