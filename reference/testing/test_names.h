// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The small name types of imref/names.h made from literals a test knows to
// be valid (a bad literal throws, which fails the test).
#pragma once

#include <cstdint>
#include <string_view>

#include "imref/names.h"

namespace imref::test {

inline PushToken token_filled(uint8_t fill) {
  return PushToken::from(Bytes(PushToken::kSize, fill)).value();
}
inline Account account(std::string_view name) {
  return Account::make(name).value();
}
inline Handle handle(std::string_view text) {
  return Handle::parse(text).value();
}

}  // namespace imref::test
