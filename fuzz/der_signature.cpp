// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// der_signature: the strict DER codec for ECDSA P-256 signatures that both
// backends share (reference/src/crypto/ecdsa_signature.h).
//   - der_to_raw accepts exactly what a naive strict reading below accepts
//     (SEQUENCE of two minimal, non-negative INTEGERs of at most 32 value
//     bytes, short-form lengths, nothing after), and gives the same r ‖ s.
//   - What der_to_raw accepts, raw_to_der encodes back to the same bytes.
//   - A 64-byte input is also read as r ‖ s: raw_to_der gives at most 72
//     bytes that der_to_raw reads back to the same 64.
#include <optional>

#include "driver.h"
#include "imref/internal/ecdsa_signature.h"

namespace imref::fuzz {

namespace {

// naive_integer reads one INTEGER into the 32 bytes at |out|, or fails.
bool naive_integer(ByteView& in, uint8_t* out) {
  if (in.size() < 2 || in[0] != 0x02) return false;
  size_t len = in[1];
  if (len >= 0x80 || len == 0 || in.size() < 2 + len) return false;  // short form, non-empty
  ByteView v = in.subspan(2, len);
  in = in.subspan(2 + len);
  if (v[0] & 0x80) return false;                                     // negative
  if (v.size() > 1 && v[0] == 0x00 && !(v[1] & 0x80)) return false;  // not minimal
  if (v[0] == 0x00 && v.size() > 1) v = v.subspan(1);                // the sign byte
  if (v.size() > 32) return false;
  std::fill(out, out + 32, uint8_t{0});
  std::copy(v.begin(), v.end(), out + (32 - v.size()));
  return true;
}

std::optional<Bytes> naive_der_to_raw(ByteView der) {
  if (der.size() < 2 || der[0] != 0x30 || der[1] >= 0x80) return std::nullopt;
  if (der.size() != 2u + der[1]) return std::nullopt;
  ByteView content = der.subspan(2);
  Bytes raw(64);
  if (!naive_integer(content, raw.data()) || !naive_integer(content, raw.data() + 32))
    return std::nullopt;
  if (!content.empty()) return std::nullopt;
  return raw;
}

}  // namespace

void fuzz(ByteView input) {
  std::optional<Bytes> raw = crypto::der_to_raw(input);
  std::optional<Bytes> naive = naive_der_to_raw(input);
  IMREF_FUZZ_ASSERT(raw.has_value() == naive.has_value(),
                    raw ? "der_to_raw accepts what strict DER refuses"
                        : "der_to_raw refuses a strict DER signature");
  if (raw) {
    IMREF_FUZZ_ASSERT(*raw == *naive, "der_to_raw reads other values than strict DER");
    IMREF_FUZZ_ASSERT(raw->size() == crypto::kP256RawSignatureLen, "raw signature is not 64 bytes");
    IMREF_FUZZ_ASSERT(crypto::raw_to_der(*raw) == to_public(input), "DER does not round-trip");
  }
  if (input.size() == crypto::kP256RawSignatureLen) {
    Bytes der = crypto::raw_to_der(input);
    IMREF_FUZZ_ASSERT(der.size() <= 72, "raw_to_der longer than 72 bytes");
    auto back = crypto::der_to_raw(der);
    IMREF_FUZZ_ASSERT(back && *back == to_public(input), "raw r ‖ s does not round-trip");
  }
}

}  // namespace imref::fuzz
