// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// ECDSA P-256 signature encodings shared by both backends, so that both are
// exactly as strict: DER is parsed here, never by a backend.
#pragma once

#include <optional>

#include "imref/bytes.h"

namespace imref::crypto {

inline constexpr size_t kP256RawSignatureLen = 64;

// der_to_raw parses a strict DER ECDSA-Sig-Value (SEQUENCE { INTEGER r,
// INTEGER s }): minimal lengths, no leading zero unless needed for sign, no
// negative values, no trailing bytes, r and s at most 32 bytes. Returns r ‖ s
// (32 bytes each), or nullopt. Range (0 < r, s < n) is left to the verifier.
std::optional<Bytes> der_to_raw(ByteView der);

// raw_to_der encodes r ‖ s (64 bytes) as minimal DER.
Bytes raw_to_der(ByteView raw);

}  // namespace imref::crypto
