// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The small name types of imref/names.h made from literals a test knows to
// be valid (a bad literal throws, which fails the test).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "imref/directory.h"
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

// lookup_text is the directory's lookup of |text| as a client sends it: a
// text that is no handle is invalid_handle (REQ-DIR-1).
inline Result<std::vector<directory::DeviceRecord>> lookup_text(const directory::Directory& dir,
                                                                std::string_view text) {
  IMREF_TRY(auto parsed, Handle::parse(text));
  return dir.lookup(parsed);
}

}  // namespace imref::test
