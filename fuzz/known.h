// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Known backend disagreements (docs/fuzzing.md, "Findings"): reported, not
// yet fixed. A differential target skips an input that hits one, so fuzzing
// goes on finding new ones; -DIMREF_FUZZ_STRICT_BACKENDS makes the targets
// compare those inputs too (and abort on them). Delete a predicate when its
// finding is fixed.
#pragma once

#include <cstddef>
#include <optional>

#include "imref/bytes.h"

namespace imref::fuzz {

inline size_t bit_length(ByteView v) {
  size_t i = 0;
  while (i < v.size() && v[i] == 0) ++i;
  if (i == v.size()) return 0;
  size_t bits = (v.size() - i - 1) * 8;
  for (uint8_t top = v[i]; top; top >>= 1) ++bits;
  return bits;
}

// F4: the OpenSSL backend refuses RSA keys OpenSSL 3 cannot use (n over
// 16384 bits, or e over 64 bits with n over 3072 bits); the Botan backend
// accepts them.
inline bool known_f4(ByteView modulus, ByteView exponent) {
#ifdef IMREF_FUZZ_STRICT_BACKENDS
  return false;
#else
  const size_t n = bit_length(modulus), e = bit_length(exponent);
  return n > 16384 || (n > 3072 && e > 64);
#endif
}

namespace detail {
// der_header reads one DER tag and length at |pos|; returns the content
// length and moves |pos| to the content, or nullopt.
inline std::optional<size_t> der_header(ByteView der, size_t& pos, uint8_t tag) {
  if (pos + 2 > der.size() || der[pos] != tag) return std::nullopt;
  size_t len = der[pos + 1];
  pos += 2;
  if (len & 0x80) {
    const size_t octets = len & 0x7f;
    if (octets == 0 || octets > 3 || pos + octets > der.size()) return std::nullopt;
    len = 0;
    for (size_t i = 0; i < octets; ++i) len = len << 8 | der[pos++];
  }
  if (pos + len > der.size()) return std::nullopt;
  return len;
}
}  // namespace detail

// F5: the OpenSSL backend's rsa_private_from_pkcs8 accepts an RSAPrivateKey
// whose version is neither 0 nor 1 (say -128 or 2); Botan refuses it.
inline bool known_f5(ByteView pkcs8) {
#ifdef IMREF_FUZZ_STRICT_BACKENDS
  return false;
#else
  using detail::der_header;
  size_t pos = 0;
  auto skip = [&](uint8_t tag) {
    auto len = der_header(pkcs8, pos, tag);
    if (len) pos += *len;
    return len.has_value();
  };
  // PrivateKeyInfo ::= SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING { RSAPrivateKey } }
  if (!der_header(pkcs8, pos, 0x30) || !skip(0x02) || !skip(0x30) ||
      !der_header(pkcs8, pos, 0x04) || !der_header(pkcs8, pos, 0x30))
    return false;
  auto len = der_header(pkcs8, pos, 0x02);  // RSAPrivateKey version
  if (!len) return false;
  return !(*len == 1 && (pkcs8[pos] == 0 || pkcs8[pos] == 1));
#endif
}

// F6: the Botan backend's PKCS#8 reader (Botan's BER_Decoder) skips any
// object with tag 0 (BER end-of-contents, any length) before or between the
// elements of PrivateKeyInfo and RSAPrivateKey; the OpenSSL backend refuses.
// has_eoc_object walks those two levels looking for one.
inline bool has_eoc_object(ByteView der, int depth = 0) {
  size_t pos = 0;
  while (pos < der.size()) {
    if (der[pos] == 0x00) return true;
    const uint8_t tag = der[pos];
    auto len = detail::der_header(der, pos, tag);
    if (!len) return false;
    ByteView content = der.subspan(pos, *len);
    if (depth < 3 && (tag == 0x30 || tag == 0x04) && has_eoc_object(content, depth + 1)) return true;
    pos += *len;
  }
  return false;
}
inline bool known_f6(ByteView pkcs8) {
#ifdef IMREF_FUZZ_STRICT_BACKENDS
  return false;
#else
  return has_eoc_object(pkcs8);
#endif
}

// F7: the Botan backend's PKCS#8 reader takes the AlgorithmIdentifier's
// parameters as raw bytes, so anything after the rsaEncryption OID passes
// (`05 20`, a NULL whose length overruns its SEQUENCE, say); OpenSSL wants
// NULL. known_f7: the parameters are other than absent or `05 00`.
inline bool known_f7(ByteView pkcs8) {
#ifdef IMREF_FUZZ_STRICT_BACKENDS
  return false;
#else
  using detail::der_header;
  size_t pos = 0;
  if (!der_header(pkcs8, pos, 0x30)) return false;
  auto version = der_header(pkcs8, pos, 0x02);
  if (!version) return false;
  pos += *version;
  auto algorithm = der_header(pkcs8, pos, 0x30);
  if (!algorithm) return false;
  const size_t end = pos + *algorithm;
  auto oid = der_header(pkcs8, pos, 0x06);
  if (!oid || pos + *oid > end) return false;
  pos += *oid;
  const ByteView params = pkcs8.subspan(pos, end - pos);
  return !(params.empty() || (params.size() == 2 && params[0] == 0x05 && params[1] == 0x00));
#endif
}

}  // namespace imref::fuzz
