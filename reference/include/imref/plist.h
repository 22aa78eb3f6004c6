// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Binary property lists (bplist00), every object type deployed iMessage
// clients write (docs/spec.md REQ-PLIST-*, REQ-MESSAGE-2, -3):
//
//   "bplist00" ‖ objects ‖ offset table ‖ trailer (32 bytes):
//   00×5 ‖ sort version 00 ‖ offset size ‖ ref size ‖ u64 objects ‖ u64 top ‖ u64 table offset
//
//   00 null, 08 false, 09 true, 1n integer (2^n bytes: n ≤ 3, or n = 4 for a
//   16-byte integer holding an unsigned 64-bit value), 2n real (n = 2: float,
//   n = 3: double), 33 date (double, seconds since 2001-01-01 00:00:00 UTC),
//   4n data, 5n ASCII string, 6n UTF-16BE string (n units), 8n UID (n+1
//   bytes), An array, Dn dict (n key refs then n value refs); a low nibble F
//   means the count follows as an integer object.
//
// The codec is the project's own, strict and bounded; the decision against
// libplist, with figures, is in docs/decisions.md.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "imref/bytes.h"
#include "imref/result.h"

namespace imref::plist {

struct Value;
using Array = std::vector<Value>;
// Dict keeps its keys in the order given; keys are unique.
using Dict = std::vector<std::pair<std::string, Value>>;

// Null is the bplist null object (marker 00). No deployed writer is known to
// emit it; it is read and written so that nothing well-formed is refused.
struct Null {
  bool operator==(const Null&) const = default;
};

// Real is a floating-point number. Equality is bit for bit, so that NaN
// equals itself and round trips can be checked with ==.
struct Real {
  double value = 0;
  bool operator==(const Real& o) const {
    return std::bit_cast<uint64_t>(value) == std::bit_cast<uint64_t>(o.value);
  }
};

// Date is a CFDate: seconds since 2001-01-01 00:00:00 UTC (CFAbsoluteTime),
// a double; compared bit for bit like Real.
struct Date {
  double seconds_since_2001 = 0;
  bool operator==(const Date& o) const {
    return std::bit_cast<uint64_t>(seconds_since_2001) ==
           std::bit_cast<uint64_t>(o.seconds_since_2001);
  }
};
// kDateEpochUnix is 2001-01-01 00:00:00 UTC in seconds since 1970.
inline constexpr int64_t kDateEpochUnix = 978307200;

// Uid is an NSKeyedArchiver object reference (marker 8n).
struct Uid {
  uint64_t value = 0;
  bool operator==(const Uid&) const = default;
};

// Value is one property-list object. Strings are UTF-8 in memory; the encoder
// writes ASCII when it can and UTF-16BE otherwise.
//
// Integers: int64_t holds -2^63 … 2^63-1; uint64_t holds only 2^63 … 2^64-1
// (written as a 16-byte integer, as CoreFoundation and rustpush do for a u64
// such as `amrln` = u64 max). The uint64_t constructor keeps that canonical
// (a value that fits int64_t is stored as int64_t), and so does decode; use
// as_int / as_uint to read either.
struct Value {
  std::variant<bool, int64_t, std::string, Bytes, Array, Dict, uint64_t, Real, Date, Uid, Null> v;

  // Implicit by design, so that dicts read like the documented keys.
  Value() : v(false) {}
  Value(bool b) : v(b) {}          // NOLINT
  Value(int x) : v(int64_t{x}) {}  // NOLINT
  Value(int64_t x) : v(x) {}       // NOLINT
  Value(uint64_t x) {              // NOLINT
    if (x > static_cast<uint64_t>(INT64_MAX))
      v = x;
    else
      v = static_cast<int64_t>(x);
  }
  Value(std::string s) : v(std::move(s)) {}    // NOLINT
  Value(const char* s) : v(std::string(s)) {}  // NOLINT
  Value(Bytes b) : v(std::move(b)) {}          // NOLINT
  Value(Array a) : v(std::move(a)) {}          // NOLINT
  Value(Dict d) : v(std::move(d)) {}           // NOLINT
  Value(Real r) : v(r) {}                      // NOLINT
  Value(Date d) : v(d) {}                      // NOLINT
  Value(Uid u) : v(u) {}                       // NOLINT
  Value(Null n) : v(n) {}                      // NOLINT

  bool operator==(const Value& other) const = default;
};

// as_int is the integer if |value| is one that fits int64_t; as_uint if it is
// a non-negative integer (any of 0 … 2^64-1). nullopt otherwise.
std::optional<int64_t> as_int(const Value& value);
std::optional<uint64_t> as_uint(const Value& value);
// find returns the value under |key| in |dict|, or nullptr.
const Value* find(const Dict& dict, std::string_view key);

// Limits of the decoder; anything beyond is Errc::malformed_message. The
// encoder refuses (Errc::invalid_argument) a value nested deeper than
// kMaxDepth.
inline constexpr size_t kMaxDepth = 32;              // nested arrays and dicts
inline constexpr size_t kMaxObjects = 1 << 16;       // objects visited while decoding
inline constexpr size_t kMaxDecodedBytes = 4 << 20;  // string and data bytes produced

// encode writes |value| as bplist00: header, objects depth-first (no sharing),
// offset table, trailer, with the smallest offset and reference sizes;
// integers in the fewest of 1, 2, 4 bytes when non-negative, 8 bytes when
// negative or above 2^32-1, 16 bytes above 2^63-1; reals and dates as
// doubles; UIDs in the fewest of 1, 2, 4, 8 bytes. Strings that are not valid
// UTF-8 are Errc::invalid_argument.
Result<Bytes> encode(const Value& value);

// decode parses bplist00 strictly: exact header, trailer with zero reserved
// bytes and an offset table that ends where the trailer starts, every offset
// and reference in range, no cycles, only the types above, a 16-byte integer
// only with its high 8 bytes zero, a UID of 1, 2, 4 or 8 bytes, ASCII strings
// all below 0x80, UTF-16 strings without lone surrogates, dict keys strings
// and unique, lengths over 14 written as an integer object. Anything else is
// Errc::malformed_message. Shared objects (CoreFoundation writes equal
// objects once) are accepted and count against the limits each time.
Result<Value> decode(ByteView data);

}  // namespace imref::plist
