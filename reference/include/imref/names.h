// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Small value types for what the protocol names things by, each checked once
// where it is made, so code that holds one never checks it again and cannot
// mix one up with another string or byte string:
//
//   PushToken  32 bytes: a device's address on the push relay
//   Handle     an E.164 phone number or an email address (REQ-DIR-1)
//   Account    an account name, 1..64 bytes
//   DeviceName the name a caller gives a device, not empty
//
// What arrives from the wire (a registration request, a lookup, a shim
// request) stays raw until the code that owns the rule makes one of these,
// so every refusal keeps its code and its place in the order of refusals.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "imref/bytes.h"
#include "imref/crypto/rng.h"
#include "imref/result.h"

namespace imref {

class PushToken {
 public:
  static constexpr size_t kSize = 32;

  // from is Errc::invalid_argument unless |bytes| is 32 bytes long.
  static Result<PushToken> from(ByteView bytes);
  static PushToken random(crypto::Rng& rng);

  Bytes bytes() const { return Bytes(bytes_.begin(), bytes_.end()); }
  operator ByteView() const { return ByteView(bytes_); }
  std::string hex() const { return to_hex(ByteView(bytes_)); }
  friend bool operator==(const PushToken& a, const PushToken& b) { return a.bytes_ == b.bytes_; }
  // By memcmp over the fixed 32 bytes (GCC 12 warns, falsely, about the
  // defaulted comparison of a vector).
  friend std::strong_ordering operator<=>(const PushToken& a, const PushToken& b) {
    return std::memcmp(a.bytes_.data(), b.bytes_.data(), kSize) <=> 0;
  }

 private:
  PushToken() = default;
  std::array<uint8_t, kSize> bytes_{};
};

class Handle {
 public:
  // parse is Errc::invalid_handle unless |text| is a phone number or an
  // email address (directory::valid_phone, directory::valid_email).
  static Result<Handle> parse(std::string_view text);

  const std::string& str() const { return text_; }
  bool is_phone() const { return phone_; }
  auto operator<=>(const Handle&) const = default;

 private:
  Handle(std::string text, bool phone) : text_(std::move(text)), phone_(phone) {}
  std::string text_;
  bool phone_ = false;
};

class Account {
 public:
  static constexpr size_t kMaxLength = 64;
  // make is Errc::invalid_argument unless |name| is 1..64 bytes.
  static Result<Account> make(std::string_view name);

  const std::string& str() const { return name_; }
  auto operator<=>(const Account&) const = default;

 private:
  explicit Account(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

class DeviceName {
 public:
  // make is Errc::invalid_argument for an empty name.
  static Result<DeviceName> make(std::string_view name);

  const std::string& str() const { return name_; }
  auto operator<=>(const DeviceName&) const = default;
  // Compared with plain text, so a map keyed by names can be searched with
  // a name that was never made (which is then simply not found).
  friend bool operator<(const DeviceName& a, std::string_view b) { return a.name_ < b; }
  friend bool operator<(std::string_view a, const DeviceName& b) { return a < b.name_; }

 private:
  explicit DeviceName(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

}  // namespace imref
