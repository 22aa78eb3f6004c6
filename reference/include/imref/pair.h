// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The `pair` message format (RSA mode): one payload per receiving device,
// signed by the sending device (docs/spec.md, REQ-PAIR-*).
//
//   seed    = 11 random bytes
//   tag     = HMAC-SHA256(seed, plaintext ‖ 02 ‖ H(sender) ‖ H(recipient))[0:5]
//   key     = seed ‖ tag                                   (AES-128)
//   ct      = AES-128-CTR(key, counter 00…01, plaintext)
//   block   = RSA-OAEP-SHA1(recipient, key ‖ ct[0:min(100, n)])  (160 bytes)
//   body    = block ‖ ct[100:]
//   sig     = ECDSA-P256(sender, SHA-1(body)), DER
//   payload = 02 ‖ u16be(len(body)) ‖ body ‖ u8(len(sig)) ‖ sig
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/device_keys.h"
#include "imref/identity.h"
#include "imref/result.h"

namespace imref::pair {

inline constexpr uint8_t kVersion = 0x02;
inline constexpr size_t kSeedLen = 11;
inline constexpr size_t kTagLen = 5;
inline constexpr size_t kKeyLen = kSeedLen + kTagLen;
inline constexpr size_t kRsaBlockLen = 160;
inline constexpr size_t kInlineCiphertextLen = 100;  // what a sender puts in the block
inline constexpr size_t kMaxBodyLen = 65535;
inline constexpr size_t kMaxPlaintextLen = kMaxBodyLen - kRsaBlockLen + kInlineCiphertextLen;

// Payload is a parsed payload: the wire fields, nothing checked but layout.
struct Payload {
  Bytes body;
  Bytes signature;
};

// parse_payload checks the framing strictly (REQ-PAIR-PARSE-*): first byte
// 02, body length as declared and at least 160, signature length as
// declared, nothing after it. Else Errc::malformed_payload.
Result<Payload> parse_payload(ByteView payload);
// encode_payload frames |body| and |signature|; Errc::too_large if either
// length does not fit its length field.
Result<Bytes> encode_payload(ByteView body, ByteView signature);

// seal encrypts |plaintext| for one recipient device. |seed|, when given,
// must be 11 bytes and is used as is (for vectors); otherwise it is drawn
// from |rng|. Plaintexts over kMaxPlaintextLen are Errc::too_large, whatever
// the seed; then a seed of another length is Errc::invalid_argument
// (REQ-PAIR-19).
Result<Bytes> seal(const crypto::Provider& provider, crypto::Rng& rng, const SenderKeys& sender,
                   const PublicIdentity& recipient, ByteView plaintext,
                   std::optional<ByteView> seed = std::nullopt);

// open checks and decrypts a payload from |sender| to |recipient|. Order:
// parse (malformed_payload), signature (bad_signature), then OAEP, key
// length, CTR and tag, all of which fail as one Errc::decrypt_failed with
// one detail text, after the same work.
Result<SecretBytes> open(const crypto::Provider& provider, const RecipientKeys& recipient,
                         const PublicIdentity& sender, ByteView payload);

// seal_for_devices seals |plaintext| once per device: first every identity in
// |recipient_devices|, in order, then every identity in |own_devices| other
// than the sender's own, in order (the sender's other devices get copies).
// The result lines up with that order. Stops at the first error.
struct DeviceCopy {
  PublicIdentity device;
  Bytes payload;
};
Result<std::vector<DeviceCopy>> seal_for_devices(const crypto::Provider& provider, crypto::Rng& rng,
                                                 const SenderKeys& sender,
                                                 std::span<const PublicIdentity> recipient_devices,
                                                 std::span<const PublicIdentity> own_devices,
                                                 ByteView plaintext);

}  // namespace imref::pair
