// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Building pair bodies with one deliberate deviation at a time, from the
// primitives. Used by the vector generator and by live conformance cases
// (a validly signed payload with a wrong tag, a re-signed payload, ...).
// Not for producing real messages: use pair::seal.
#pragma once

#include <optional>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/identity.h"

namespace imref::forge {

// Recipe says how to build one body. Defaults give exactly what seal() does.
struct Recipe {
  Bytes plaintext;
  Bytes seed;  // 11 bytes
  enum class Tag { standard, no_identities, swapped, no_version } tag = Tag::standard;
  std::optional<size_t> flip_tag_bit;     // flip this bit of the 40-bit tag
  std::optional<Bytes> key;               // replaces seed ‖ tag (pre-iOS 9.3 random key)
  uint8_t counter_last = 1;               // last byte of the initial counter block
  std::optional<size_t> inline_len;       // ciphertext bytes inside the RSA block
  std::optional<size_t> block_plain_len;  // truncate what goes into OAEP
  Bytes oaep_label;
  const PublicIdentity* oaep_to = nullptr;  // RSA block recipient (default: the recipient)
};

struct Built {
  Bytes key;         // seed ‖ tag, or Recipe::key
  Bytes ciphertext;  // the whole AES-CTR output
  Bytes body;        // RSA block ‖ ciphertext tail
};

// build_body follows |recipe| for a payload from |sender| to |recipient|.
Result<Built> build_body(const crypto::Provider& provider, crypto::Rng& rng,
                         const PublicIdentity& sender, const PublicIdentity& recipient,
                         const Recipe& recipe);

// Fuzzers (fuzz/pair_open.cpp, imref fuzz) pick a deviation by number:
// 0 none, 1 another split of the ciphertext between RSA block and tail,
// 2 a flipped tag bit, 3 a tag over other fields, 4 another initial counter,
// 5 a truncated or zero-extended RSA block, 6 an OAEP label, 7 the RSA block
// encrypted to |other|. apply_variant sets deviation |variant| % kVariants,
// sized by |param|, on |recipe|, whose plaintext is already set.
inline constexpr uint8_t kVariants = 8;
void apply_variant(Recipe& recipe, uint8_t variant, uint8_t param, const PublicIdentity& other);

// signed_payload signs |body| (SHA-1, DER unless told) and frames it.
Result<Bytes> signed_payload(const crypto::EcPrivateKey& signer, ByteView body,
                             crypto::Hash hash = crypto::Hash::sha1,
                             crypto::SigFormat format = crypto::SigFormat::der);

}  // namespace imref::forge
