// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/internal/rsa_key_rules.h"

#include <algorithm>
#include <array>

namespace imref::crypto {

namespace {

constexpr std::array<uint8_t, 3> kVersion0 = {0x02, 0x01, 0x00};
// AlgorithmIdentifier { rsaEncryption, NULL }: the only one accepted.
constexpr std::array<uint8_t, 15> kRsaEncryptionWithNull = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
constexpr uint8_t kInteger = 0x02, kOctetString = 0x04, kSequence = 0x30;

ByteView without_leading_zeros(ByteView v) {
  size_t i = 0;
  while (i < v.size() && v[i] == 0) ++i;
  return v.subspan(i);
}

size_t bit_length(ByteView v) {
  v = without_leading_zeros(v);
  if (v.empty()) return 0;
  size_t bits = (v.size() - 1) * 8;
  for (uint8_t top = v[0]; top; top >>= 1) ++bits;
  return bits;
}

// less compares big-endian values.
bool less(ByteView a, ByteView b) {
  a = without_leading_zeros(a);
  b = without_leading_zeros(b);
  if (a.size() != b.size()) return a.size() < b.size();
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

bool odd(ByteView v) {
  return !v.empty() && (v.back() & 1);
}

// DerReader takes DER elements off the front of its input.
class DerReader {
 public:
  explicit DerReader(ByteView in) : in_(in) {}

  bool at_end() const { return in_.empty(); }

  // element reads one element with |tag| and a definite, minimally encoded
  // length (at most two length octets: no accepted key is near 64 KiB), and
  // returns its content.
  std::optional<ByteView> element(uint8_t tag) {
    if (in_.size() < 2 || in_[0] != tag) return std::nullopt;
    size_t len = in_[1], header = 2;
    if (len == 0x81) {
      if (in_.size() < 3 || in_[2] < 0x80) return std::nullopt;
      len = in_[2];
      header = 3;
    } else if (len == 0x82) {
      if (in_.size() < 4 || in_[2] == 0) return std::nullopt;
      len = size_t{in_[2]} << 8 | in_[3];
      header = 4;
    } else if (len >= 0x80) {
      return std::nullopt;  // indefinite (0x80) or too many length octets
    }
    if (in_.size() - header < len) return std::nullopt;
    const ByteView content = in_.subspan(header, len);
    in_ = in_.subspan(header + len);
    return content;
  }

  // positive_integer reads a minimally encoded INTEGER above zero and returns
  // its value without the sign-padding zero byte.
  std::optional<ByteView> positive_integer() {
    const auto v = element(kInteger);
    if (!v || v->empty() || ((*v)[0] & 0x80)) return std::nullopt;  // empty or negative
    if ((*v)[0] != 0) return v;
    if (v->size() == 1 || !((*v)[1] & 0x80)) return std::nullopt;  // zero, or padded
    return v->subspan(1);
  }

  template <size_t N>
  bool exactly(const std::array<uint8_t, N>& bytes) {
    if (in_.size() < N || !std::equal(bytes.begin(), bytes.end(), in_.begin())) return false;
    in_ = in_.subspan(N);
    return true;
  }

 private:
  ByteView in_;
};

// only_element reads |in| as exactly one element with |tag|.
std::optional<ByteView> only_element(ByteView in, uint8_t tag) {
  DerReader r(in);
  auto content = r.element(tag);
  if (!content || !r.at_end()) return std::nullopt;
  return content;
}

}  // namespace

bool rsa_public_in_bounds(ByteView modulus, ByteView exponent) {
  static constexpr uint8_t kThree[] = {3};
  return odd(modulus) && bit_length(modulus) <= kMaxRsaModulusBits && odd(exponent) &&
         bit_length(exponent) <= kMaxRsaExponentBits && !less(exponent, kThree) &&
         less(exponent, modulus);
}

std::optional<RsaPkcs8Fields> read_rsa_pkcs8(ByteView der) {
  const auto info = only_element(der, kSequence);
  if (!info) return std::nullopt;
  DerReader fields(*info);
  if (!fields.exactly(kVersion0) || !fields.exactly(kRsaEncryptionWithNull)) return std::nullopt;
  const auto octets = fields.element(kOctetString);
  if (!octets || !fields.at_end()) return std::nullopt;
  const auto rsa_key = only_element(*octets, kSequence);
  if (!rsa_key) return std::nullopt;

  DerReader r(*rsa_key);
  if (!r.exactly(kVersion0)) return std::nullopt;  // 1 is multi-prime
  RsaPkcs8Fields out;
  for (ByteView* v : {&out.n, &out.e, &out.d, &out.p, &out.q, &out.dp, &out.dq, &out.qinv}) {
    const auto value = r.positive_integer();
    if (!value) return std::nullopt;
    *v = *value;
  }
  if (!r.at_end() || !rsa_public_in_bounds(out.n, out.e)) return std::nullopt;
  for (ByteView v : {out.d, out.p, out.q, out.dp, out.dq, out.qinv})
    if (v.size() > out.n.size()) return std::nullopt;
  return out;
}

}  // namespace imref::crypto
