// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Result<T>: a value or a typed Error. No exception crosses imref's public API;
// every failure is one of the stable codes below.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace imref {

// Errc lists the stable error codes. Their names (errc_name) are part of the
// shim protocol and the vector files: never rename or renumber them.
enum class Errc {
  invalid_argument,    // caller broke a documented precondition (size, range)
  malformed_key,       // key import refused: size, exponent, curve, mismatch
  malformed_identity,  // identity blob deviates from the v2 layout
  malformed_payload,   // pair payload does not parse
  bad_signature,       // ECDSA signature over a payload does not verify
  decrypt_failed,      // any failure after the signature check (one path)
  too_large,           // input exceeds an encoding limit
  unsupported,         // unknown backend or algorithm
  crypto_failure,      // a backend failed internally (never input-driven)
  malformed_message,   // inner message (gzip, bplist, keys) does not decode
  blob_mismatch,       // a fetched blob's SHA-1 is not the one the message gives
  not_found,           // no such blob, push token or sender device
  unknown_account,     // directory: no such account
  unknown_handle,      // directory: handle not verified, removed or never added
  invalid_handle,      // directory: not E.164 and not a well-formed email address
  replayed_request,    // directory: nonce seen before or timestamp outside the window
  duplicate,           // directory: push token, handle or account already taken
  bad_token,           // directory: confirmation token unknown, used, expired or elsewhere
  consent_required,    // directory: SMS verification needs the user's consent first
  not_attested,        // directory: the carrier does not attest this number for this SIM
  store_corrupt,       // keychain: the store is damaged, truncated or forged
  bad_passcode,        // keychain: the passcode does not open the store
  locked,              // keychain: not unlocked since boot
  io_error,            // keychain: the filesystem failed
  malformed_prekey,    // pair-ec: a prekey record does not parse (REQ-PAIREC-*)
  expired,             // pair-ec: a prekey record older than its documented age
  unauthorized,        // directory: no valid account credential for the request
};

// errc_name returns the wire name of |code|, e.g. "malformed_identity".
std::string_view errc_name(Errc code);

struct Error {
  Errc code;
  std::string detail;  // human-readable; callers test |code|, never this
};

inline Error make_error(Errc code, std::string detail = {}) {
  return Error{code, std::move(detail)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }
  Errc code() const { return error().code; }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() {
  return Ok{};
}

}  // namespace imref

// IMREF_TRY(var, expr): evaluates a Result expression, returns its error from
// the enclosing function on failure, else moves the value into |var|.
#define IMREF_CONCAT_INNER(a, b) a##b
#define IMREF_CONCAT(a, b) IMREF_CONCAT_INNER(a, b)
#define IMREF_TRY(var, expr)                                                                   \
  auto IMREF_CONCAT(imref_r_, __LINE__) = (expr);                                              \
  if (!IMREF_CONCAT(imref_r_, __LINE__).ok()) return IMREF_CONCAT(imref_r_, __LINE__).error(); \
  var = std::move(IMREF_CONCAT(imref_r_, __LINE__)).value()
#define IMREF_CHECK(expr)                        \
  do {                                           \
    auto imref_s_ = (expr);                      \
    if (!imref_s_.ok()) return imref_s_.error(); \
  } while (0)
