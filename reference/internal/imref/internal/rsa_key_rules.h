// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// RSA key rules shared by both backends, so that both accept exactly the same
// keys: the one strict reading of PKCS#8 RSA private keys (REQ-KEY-8) and
// the bounds of every RSA public key (REQ-KEY-9). Each backend checks these
// first and hands its own decoder only what passed, as with ECDSA signatures
// (ecdsa_signature.h). Left to the backends' own decoders, they disagreed on
// keys of other versions, BER leniency and sizes (docs/fuzzing.md, F4-F7).
#pragma once

#include <optional>

#include "imref/bytes.h"

namespace imref::crypto {

// OpenSSL 3 refuses public operations above these (RSA_R_MODULUS_TOO_LARGE,
// and RSA_R_BAD_E_VALUE for a large e with a modulus over 3072 bits); one
// limit for every size keeps the rule simple.
inline constexpr size_t kMaxRsaModulusBits = 16384;
inline constexpr size_t kMaxRsaExponentBits = 64;

// rsa_public_in_bounds says whether big-endian |modulus| and |exponent|
// (leading zero bytes allowed) make an RSA public key both backends take: n
// odd, at most kMaxRsaModulusBits; e odd, 3 <= e < n, at most
// kMaxRsaExponentBits.
bool rsa_public_in_bounds(ByteView modulus, ByteView exponent);

// RsaPkcs8Fields are the values of an RSAPrivateKey as big-endian bytes
// without sign padding, viewing the DER they were read from.
struct RsaPkcs8Fields {
  ByteView n, e, d, p, q, dp, dq, qinv;
};

// read_rsa_pkcs8 accepts exactly this DER, else nullopt:
//   PrivateKeyInfo SEQUENCE {
//     INTEGER 0,
//     SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL },
//     OCTET STRING { RSAPrivateKey SEQUENCE {
//       INTEGER 0, n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p } } }
// with definite, minimal lengths, every INTEGER positive and minimally
// encoded, nothing after any element (no attributes, no public key, no other
// prime infos, no trailing bytes), n and e within rsa_public_in_bounds and
// no other INTEGER longer than n. Whether the values make a consistent key
// is the backend's key check. The parts are secret; like any DER decoder it
// branches on lengths and leading bytes only.
std::optional<RsaPkcs8Fields> read_rsa_pkcs8(ByteView der);

}  // namespace imref::crypto
