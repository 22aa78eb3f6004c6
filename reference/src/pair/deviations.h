// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Deliberate defects for `imref-shim --bug NAME`, so the conformance suite
// can prove it catches each one (docs/conformance.md). The reference always
// runs with every field false; the public seal/open cannot set them. Each
// field names the requirement it breaks.
#pragma once

#include "imref/pair.h"

namespace imref::pair {

struct Deviations {
  bool skip_version_check = false;      // REQ-PAIR-7: any first byte parses
  bool accept_trailing_bytes = false;   // REQ-PAIR-10: bytes after the signature ignored
  bool skip_signature_check = false;    // REQ-PAIR-11
  bool sign_sha256 = false;             // REQ-PAIR-5: sign and verify SHA-256(body)
  bool skip_tag_check = false;          // REQ-PAIR-12
  bool tag_without_identities = false;  // REQ-PAIR-2: HMAC over the plaintext only
  bool counter_from_zero = false;       // REQ-PAIR-3: CTR from block 00…00
  bool ignore_given_seed = false;       // REQ-PAIR-1
  bool inline_exactly_100 = false;      // REQ-PAIR-13: refuse other splits
  bool distinct_oaep_error = false;     // REQ-PAIR-14: OAEP failure as malformed_payload
  bool oaep_label = false;              // REQ-PAIR-4: non-empty OAEP label both ways
};

Result<Payload> parse_payload(ByteView payload, const Deviations& bugs);
Result<Bytes> seal(const crypto::Provider& provider, crypto::Rng& rng, const SenderKeys& sender,
                   const PublicIdentity& recipient, ByteView plaintext,
                   std::optional<ByteView> seed, const Deviations& bugs);
Result<SecretBytes> open(const crypto::Provider& provider, const RecipientKeys& recipient,
                         const PublicIdentity& sender, ByteView payload, const Deviations& bugs);

}  // namespace imref::pair
