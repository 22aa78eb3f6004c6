// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The `pair-ec` message format (Apple's "NGM" protocol, iOS 13 and later):
// one payload per receiving device, sealed to one of its signed prekeys and
// signed by the sender's NGM device signing key (docs/spec.md, REQ-PAIREC-*).
//
//   record  = 0A 20 ‖ prekey X ‖ 12 40 ‖ sig ‖ 19 ‖ f64le(timestamp)      (109 bytes)
//             sig = ECDSA-P256-SHA256("NGMPrekeySignature" ‖ X ‖ f64le(t)), raw r ‖ s
//   inner   = 0A len message ‖ 10 counter(varint)                          (protobuf)
//   padded  = inner ‖ fill (n bytes) ‖ u32le(n)
//   shared  = X(e · prekey);  key ‖ iv = HKDF-SHA256(shared, "LastPawn-MessageKeys", "", 48)
//   ct      = AES-256-CTR(key, iv, padded), the low 64 bits of the block count
//   sig     = ECDSA-P256-SHA256(shared ‖ prekey X ‖ e X ‖ recipient device X ‖ ct), raw
//   valid   = sender X[0:2] ‖ recipient device X[0:2] ‖ prekey X[0:2] ‖ 0C
//   payload = 0A len ct ‖ 12 20 e X ‖ 1A 40 sig ‖ 9A 06 07 valid             (protobuf)
//
// Public keys travel compact: the 32-byte X; the decoder takes y = min(y, p − y).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/result.h"

namespace imref::pair_ec {

inline constexpr size_t kCompactLen = 32;
inline constexpr size_t kSignatureLen = 64;  // raw r ‖ s
inline constexpr size_t kPrekeyRecordLen = 109;
inline constexpr size_t kValidatorLen = 7;
inline constexpr uint8_t kValidatorVersion = 0x0C;
inline constexpr std::string_view kPrekeyLabel = "NGMPrekeySignature";
inline constexpr std::string_view kHkdfSalt = "LastPawn-MessageKeys";
// A prekey record older than this many seconds is expired (iOS, 143 days).
inline constexpr int64_t kPrekeyMaxAgeSeconds = 12'355'200;
inline constexpr size_t kHkdfLen = 48;  // AES-256 key 32 ‖ IV 16
// The largest message seal takes (REQ-PAIREC-24, [choice]).
inline constexpr size_t kMaxMessageLen = size_t{1} << 20;
// The iOS padding rule pads the inner message to this many bytes.
inline constexpr size_t kIosPaddedLen = 196;

// ---- Compact keys ----------------------------------------------------------

// is_compactable tells whether a 65-byte uncompressed point has y ≤ p − y.
bool is_compactable(ByteView point);
// compact returns the 32-byte X of a compactable point on P-256, else
// Errc::malformed_key.
Result<Bytes> compact(const crypto::Provider& provider, ByteView point);
// expand returns the 65-byte point of a 32-byte X with y = min(y, p − y);
// Errc::malformed_key for another length, x ≥ p or x off the curve.
Result<Bytes> expand(const crypto::Provider& provider, ByteView x);
// generate_compactable draws keys from |rng| until one is compactable.
Result<std::unique_ptr<crypto::EcPrivateKey>> generate_compactable(const crypto::Provider& provider,
                                                                   crypto::Rng& rng);
// private_from_scalar imports a scalar whose public key is compactable, else
// Errc::malformed_key (a non-compactable signing key would be read by peers
// as −Q and its signatures would fail).
Result<std::unique_ptr<crypto::EcPrivateKey>> private_from_scalar(const crypto::Provider& provider,
                                                                  ByteView scalar);

// PublicKey is a compact key parsed once: its X and the point it decodes to.
class PublicKey {
 public:
  static Result<PublicKey> from_compact(const crypto::Provider& provider, ByteView x);
  static Result<PublicKey> from_private(const crypto::Provider& provider,
                                        const crypto::EcPrivateKey& key);
  const Bytes& x() const { return x_; }
  const crypto::EcPublicKey& key() const { return *key_; }

 private:
  PublicKey(Bytes x, std::shared_ptr<const crypto::EcPublicKey> key)
      : x_(std::move(x)), key_(std::move(key)) {}
  Bytes x_;
  std::shared_ptr<const crypto::EcPublicKey> key_;
};

// ---- Prekey records --------------------------------------------------------

struct PrekeyRecord {
  Bytes prekey;          // compact X, 32 bytes
  Bytes signature;       // raw r ‖ s, 64 bytes
  double timestamp = 0;  // seconds since 1970
};

// parse_prekey_record takes exactly the 109-byte layout above (fields 1, 2, 3
// in order, each once, exact lengths), else Errc::malformed_prekey.
Result<PrekeyRecord> parse_prekey_record(ByteView record);
Bytes encode_prekey_record(const PrekeyRecord& record);

// sign_prekey makes the record of |prekey| signed by |device_signing| at
// |timestamp|. A non-finite timestamp is Errc::invalid_argument.
Result<Bytes> sign_prekey(const crypto::Provider& provider,
                          const crypto::EcPrivateKey& device_signing,
                          const crypto::EcPrivateKey& prekey, double timestamp);

// VerifiedPrekey is a record whose signature verified: the prekey parsed.
struct VerifiedPrekey {
  PublicKey prekey;
  double timestamp = 0;
};

// verify_prekey parses |record| (malformed_prekey), decodes its key
// (malformed_prekey), verifies the signature with |device| (bad_signature),
// then, when |now| is given, its age: older than kPrekeyMaxAgeSeconds is
// Errc::expired; a timestamp in the future passes.
Result<VerifiedPrekey> verify_prekey(const crypto::Provider& provider, const PublicKey& device,
                                     ByteView record, std::optional<int64_t> now = std::nullopt);

// Padding: how many fill bytes a sealer adds (any count a receiver accepts).
enum class Padding {
  ios,      // to 196 bytes of inner message, then to a multiple of 16 (default)
  clients,  // (−len(inner)) mod 16, as the open-source clients do
};

// ---- Wire pieces (exposed for tests, vectors, fuzzing and the bench) -------

// Outer is the payload's protobuf {1 ciphertext, 2 ephemeral X, 3 signature,
// 99 key validator}.
struct Outer {
  Bytes ciphertext;
  Bytes ephemeral;  // 32 bytes, as received
  Bytes signature;  // 64 bytes
  Bytes validator;  // 7 bytes
};
// parse_outer takes the fields 1, 2, 3, 99 in that order, each once, with
// minimal varints, lengths 32 / 64 / 7, the validator's last byte 0x0C and
// nothing after (REQ-PAIREC-17); else Errc::malformed_payload. The
// ephemeral's decoding is open's business.
Result<Outer> parse_outer(ByteView payload);
Bytes encode_outer(const Outer& outer);

// Inner is the decrypted, unpadded protobuf {1 message, 2 counter, 3 KT
// gossip, 99 debug info}; 3 and 99 are optional and kept only to re-encode.
struct Inner {
  SecretBytes message;
  uint32_t counter = 0;
  std::optional<Bytes> kt_gossip;
  std::optional<Bytes> debug;
};
// parse_inner takes 1 and 2 (both required), then optional 3, then optional
// 99, in order, each once, minimal varints, a counter below 2^32, nothing
// after (REQ-PAIREC-22); else Errc::malformed_payload (open reports it as
// decrypt_failed).
Result<Inner> parse_inner(ByteView inner);
SecretBytes encode_inner(const Inner& inner);

// padding_count is the fill a sealer adds to an inner message of |len| bytes.
size_t padding_count(size_t len, Padding rule);
// unpad returns the inner message of inner ‖ fill ‖ u32le(n); Errc::malformed_payload
// when shorter than 4 bytes or n + 4 > length (REQ-PAIREC-21).
Result<ByteView> unpad(ByteView padded);

// aes256_ctr64 is AES-256-CTR from the 16-byte |iv| where only the low 64
// bits of the counter block count, wrapping inside their 8 bytes
// (REQ-PAIREC-13); the high half never changes. Built above the seam from
// Provider::aes_ctr (128-bit), by splitting the input where the low half wraps.
Result<Bytes> aes256_ctr64(const crypto::Provider& provider, ByteView key, ByteView iv,
                           ByteView input);

// validator returns sender X[0:2] ‖ recipient X[0:2] ‖ prekey X[0:2] ‖ 0C.
Bytes validator(ByteView sender_x, ByteView recipient_x, ByteView prekey_x);

// ---- Seal and open ---------------------------------------------------------

struct SealOptions {
  Padding padding = Padding::ios;
  // For vectors: the ephemeral key (must be compactable) and the fill bytes,
  // whose length is the padding count. Drawn from the Rng when absent.
  std::optional<ByteView> ephemeral_scalar;
  std::optional<ByteView> fill;
};

// seal encrypts |message| to |recipient_device| under its verified |prekey|,
// signed by |sender_signing| (its NGM device key). Refusals, in order: a
// message over kMaxMessageLen (too_large), a sender key that is not
// compactable or a given ephemeral that is not a compactable scalar
// (malformed_key). The ephemeral is drawn from |rng| before the fill.
Result<Bytes> seal(const crypto::Provider& provider, crypto::Rng& rng,
                   const crypto::EcPrivateKey& sender_signing, const PublicKey& recipient_device,
                   const VerifiedPrekey& prekey, ByteView message, uint32_t counter,
                   const SealOptions& options = {});

struct Opened {
  SecretBytes message;
  uint32_t counter = 0;
  size_t prekey_index = 0;  // which of the prekeys opened it (0 = newest)
};

// open parses |payload| strictly (malformed_payload), tries |prekeys| newest
// first until the signature by |sender| verifies, checks the validator
// (bad_signature when no prekey verifies or it names other keys), then
// decrypts, unpads and parses the inner message: every failure from there on
// is one Errc::decrypt_failed.
Result<Opened> open(const crypto::Provider& provider, const crypto::EcPrivateKey& recipient_signing,
                    std::span<const crypto::EcPrivateKey* const> prekeys, const PublicKey& sender,
                    ByteView payload);

}  // namespace imref::pair_ec
