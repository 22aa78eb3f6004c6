// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/internal/ecdsa_signature.h"

namespace imref::crypto {

namespace {

// Reads one DER INTEGER at |pos| into a 32-byte big-endian slot.
bool read_integer(ByteView der, size_t& pos, uint8_t* out32) {
  if (pos + 2 > der.size() || der[pos] != 0x02) return false;
  size_t len = der[pos + 1];
  pos += 2;
  // Short-form length only: a P-256 integer is at most 33 bytes.
  if (len == 0 || len > 33 || pos + len > der.size()) return false;
  const uint8_t* v = der.data() + pos;
  if (v[0] & 0x80) return false;                             // negative
  if (len > 1 && v[0] == 0 && !(v[1] & 0x80)) return false;  // non-minimal
  if (len == 33) {  // only a sign-padding 00 may precede 32 value bytes
    if (v[0] != 0) return false;
    ++v;
    --len;
  }
  std::fill(out32, out32 + 32, uint8_t{0});
  std::copy(v, v + len, out32 + (32 - len));
  pos += (v - (der.data() + pos)) + len;
  return true;
}

void write_integer(Bytes& out, const uint8_t* v32) {
  size_t skip = 0;
  while (skip < 31 && v32[skip] == 0) ++skip;
  bool pad = (v32[skip] & 0x80) != 0;
  out.push_back(0x02);
  out.push_back(static_cast<uint8_t>(32 - skip + (pad ? 1 : 0)));
  if (pad) out.push_back(0);
  out.insert(out.end(), v32 + skip, v32 + 32);
}

}  // namespace

std::optional<Bytes> der_to_raw(ByteView der) {
  // SEQUENCE with a short-form length (at most 2 * 35 = 70 < 128 bytes).
  if (der.size() < 2 || der[0] != 0x30 || der[1] >= 0x80) return std::nullopt;
  if (static_cast<size_t>(der[1]) + 2 != der.size()) return std::nullopt;
  Bytes raw(kP256RawSignatureLen);
  size_t pos = 2;
  if (!read_integer(der, pos, raw.data())) return std::nullopt;
  if (!read_integer(der, pos, raw.data() + 32)) return std::nullopt;
  if (pos != der.size()) return std::nullopt;
  return raw;
}

Bytes raw_to_der(ByteView raw) {
  Bytes body;
  write_integer(body, raw.data());
  write_integer(body, raw.data() + 32);
  Bytes out;
  out.reserve(2 + body.size());
  out.push_back(0x30);
  out.push_back(static_cast<uint8_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace imref::crypto
