// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/crypto/rng.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace imref::crypto {

void SystemRng::fill(std::span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::abort();  // no entropy: nothing safe is left to do
    }
    done += static_cast<size_t>(n);
  }
}

namespace {

uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

void quarter_round(std::array<uint32_t, 16>& x, int a, int b, int c, int d) {
  x[a] += x[b]; x[d] = rotl(x[d] ^ x[a], 16);
  x[c] += x[d]; x[b] = rotl(x[b] ^ x[c], 12);
  x[a] += x[b]; x[d] = rotl(x[d] ^ x[a], 8);
  x[c] += x[d]; x[b] = rotl(x[b] ^ x[c], 7);
}

uint32_t load_le32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

}  // namespace

// Key: the label (up to 24 bytes, zero padded) followed by the seed,
// little-endian. Nonce zero. Counter in word 12 and 13.
DeterministicRng::DeterministicRng(uint64_t seed, std::string_view label) {
  static constexpr uint32_t kSigma[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
  uint8_t key[32] = {};
  std::memcpy(key, label.data(), std::min<size_t>(label.size(), 24));
  for (int i = 0; i < 8; ++i) key[24 + i] = static_cast<uint8_t>(seed >> (8 * i));
  for (int i = 0; i < 4; ++i) state_[i] = kSigma[i];
  for (int i = 0; i < 8; ++i) state_[4 + i] = load_le32(key + 4 * i);
}

void DeterministicRng::refill() {
  std::array<uint32_t, 16> x = state_;
  for (int i = 0; i < 10; ++i) {
    quarter_round(x, 0, 4, 8, 12);
    quarter_round(x, 1, 5, 9, 13);
    quarter_round(x, 2, 6, 10, 14);
    quarter_round(x, 3, 7, 11, 15);
    quarter_round(x, 0, 5, 10, 15);
    quarter_round(x, 1, 6, 11, 12);
    quarter_round(x, 2, 7, 8, 13);
    quarter_round(x, 3, 4, 9, 14);
  }
  for (int i = 0; i < 16; ++i) {
    uint32_t v = x[i] + state_[i];
    for (int j = 0; j < 4; ++j) block_[4 * i + j] = static_cast<uint8_t>(v >> (8 * j));
  }
  if (++state_[12] == 0) ++state_[13];
  used_ = 0;
}

void DeterministicRng::fill(std::span<uint8_t> out) {
  for (uint8_t& b : out) {
    if (used_ == block_.size()) refill();
    b = block_[used_++];
  }
}

}  // namespace imref::crypto
