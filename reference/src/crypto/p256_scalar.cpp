// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/internal/p256_scalar.h"

#include "imref/crypto/provider.h"

namespace imref::crypto {

namespace {
constexpr uint8_t kOrder[kP256ScalarLen] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
}  // namespace

bool p256_scalar_in_range(ByteView scalar) {
  if (scalar.size() != kP256ScalarLen) return false;  // the length is public
  // scalar < n exactly when scalar - n borrows out of the top byte.
  unsigned borrow = 0;
  unsigned any = 0;
  for (size_t i = kP256ScalarLen; i-- > 0;) {
    unsigned diff = unsigned{scalar[i]} - kOrder[i] - borrow;
    borrow = (diff >> 8) & 1;
    any |= scalar[i];
  }
  return (borrow & static_cast<unsigned>(any != 0)) != 0;
}

}  // namespace imref::crypto
