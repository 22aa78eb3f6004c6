// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Building pair-ec payloads with one deliberate deviation at a time, from the
// wire pieces of imref/pair_ec.h. Used by the vector generator, the pair-ec
// suite and the fuzz targets. Not for real messages: use pair_ec::seal.
#pragma once

#include <optional>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/pair_ec.h"

namespace imref::forge {

// EcRecipe says how to build one payload. Defaults give exactly what
// pair_ec::seal does with the same ephemeral and fill.
struct EcRecipe {
  Bytes inner;                  // the inner protobuf, as is
  Bytes fill;                   // padding bytes
  std::optional<Bytes> count;   // the bytes after the fill (default u32le(fill.size()))
  Bytes ephemeral_scalar;       // 32 bytes
  bool salt_as_info = false;    // HKDF with the label as info and no salt
  bool swap_signed_xs = false;  // sign ephemeral X before prekey X
  bool der_signature = false;
  bool high_s = false;                   // sign, then s := n − s (still valid)
  std::optional<Bytes> validator;        // default: the right one
  std::optional<Bytes> signed_device_x;  // the recipient X the signature covers
  std::optional<Bytes> ciphertext;       // replaces the ciphertext, then signed
};

// inner_message encodes {1 message, 2 counter}, always with the counter.
Bytes inner_message(ByteView message, uint32_t counter);

// build_outer follows |recipe| for a payload from |sender| (NGM signing key)
// to the device whose NGM X is |recipient_x|, under the prekey |prekey_point|
// (65 bytes).
Result<pair_ec::Outer> build_outer(const crypto::Provider& provider,
                                   const crypto::EcPrivateKey& sender, ByteView recipient_x,
                                   ByteView prekey_point, const EcRecipe& recipe);

// high_s_signature returns r ‖ (n − s) of a raw P-256 signature.
Bytes high_s_signature(ByteView raw);

}  // namespace imref::forge
