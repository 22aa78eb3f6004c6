// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/names.h"

#include <algorithm>

#include "imref/directory.h"

namespace imref {

Result<PushToken> PushToken::from(ByteView bytes) {
  if (bytes.size() != kSize)
    return make_error(Errc::invalid_argument, "push token must be 32 bytes");
  PushToken token;
  std::copy(bytes.begin(), bytes.end(), token.bytes_.begin());
  return token;
}

PushToken PushToken::random(crypto::Rng& rng) {
  PushToken token;
  rng.fill(token.bytes_);
  return token;
}

Result<Handle> Handle::parse(std::string_view text) {
  const bool phone = directory::valid_phone(text);
  if (!phone && !directory::valid_email(text))
    return make_error(Errc::invalid_handle, "malformed handle");
  return Handle(std::string(text), phone);
}

Result<Account> Account::make(std::string_view name) {
  if (name.empty() || name.size() > kMaxLength)
    return make_error(Errc::invalid_argument, "account name must be 1..64 bytes");
  return Account(std::string(name));
}

Result<DeviceName> DeviceName::make(std::string_view name) {
  if (name.empty()) return make_error(Errc::invalid_argument, "device name must not be empty");
  return DeviceName(std::string(name));
}

}  // namespace imref
