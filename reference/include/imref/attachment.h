// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Attachments as MMCS objects (docs/spec.md REQ-ATTACH-*), as deployed
// clients make and read them:
//
//   key        = 32 fresh random bytes from the caller's Rng
//   ciphertext = AES-256-CTR(key, counter block 00×16, content)   same length
//   decryption-key     = 00 ‖ key                                 33 bytes
//   mmcs-signature-hex = 81 ‖ SHA-1(kSignatureSalt ‖ ciphertext)  21 bytes
//   chunk id           = 01 ‖ SHA-256(SHA-256(chunk))[0:20] per 5 MiB chunk
//
// The blob store holds only ciphertexts (MMCS objects). A receiver fetches
// the object, checks the salted SHA-1 against the signature (constant time)
// and only then decrypts; a mismatch is Errc::blob_mismatch and nothing is
// decrypted.
//
// In memory an AttachmentRef (imref/message.h) carries the bare forms: |key|
// the 32-byte AES key and |sha1| the 20-byte salted SHA-1. wire_key and
// wire_signature add the prefixes for the <FILE> attributes; key_from_wire
// and sha1_from_wire check and strip them.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/message.h"
#include "imref/result.h"

namespace imref::attachment {

inline constexpr size_t kKeyLen = 32;  // AES-256
inline constexpr size_t kSha1Len = 20;
inline constexpr size_t kWireKeyLen = 33;        // decryption-key: 00 ‖ key
inline constexpr size_t kSignatureLen = 21;      // mmcs-signature-hex: 81 ‖ SHA-1
inline constexpr uint8_t kWireKeyPrefix = 0x00;  // kWireKeyLen's first byte
inline constexpr uint8_t kSignaturePrefix = 0x81;
// kSignatureSalt is hashed before the ciphertext: the two ASCII names, each
// with its terminating NUL (51 bytes).
inline constexpr std::string_view kSignatureSalt{
    "com.apple.XattrObjectSalt\0com.apple.DataObjectSalt\0", 51};
// MMCS cuts an object into chunks of at most kChunkLen bytes, each named by
// a 21-byte chunk id.
inline constexpr size_t kChunkLen = 5 << 20;
inline constexpr size_t kChunkIdLen = 21;
inline constexpr uint8_t kChunkIdPrefix = 0x01;
// kCounterBlock is the initial counter block: all zero (not the 00…01 of
// pair). Every key is fresh and encrypts exactly one object, so no (key,
// counter) pair can repeat (REQ-ATTACH-2).
inline constexpr uint8_t kCounterBlock[16] = {};

// salted_sha1 is SHA-1(kSignatureSalt ‖ ciphertext), 20 bytes.
Bytes salted_sha1(const crypto::Provider& provider, ByteView ciphertext);
// signature is the object signature 81 ‖ salted_sha1(ciphertext), 21 bytes.
Bytes signature(const crypto::Provider& provider, ByteView ciphertext);
// chunk_id is 01 ‖ SHA-256(SHA-256(chunk))[0:20]; chunk_ids cuts |object|
// into kChunkLen pieces (the last one shorter; none for an empty object).
Bytes chunk_id(const crypto::Provider& provider, ByteView chunk);
std::vector<Bytes> chunk_ids(const crypto::Provider& provider, ByteView object);

// wire_key is 00 ‖ key (a key that is not 32 bytes is Errc::invalid_argument);
// key_from_wire takes exactly 33 bytes starting 00 and returns the 32-byte
// key, else Errc::malformed_message.
Result<SecretBytes> wire_key(ByteView key);
Result<SecretBytes> key_from_wire(ByteView wire_key);
// wire_signature is 81 ‖ sha1 (Errc::invalid_argument unless 20 bytes);
// sha1_from_wire takes exactly 21 bytes starting 81, else
// Errc::malformed_message.
Result<Bytes> wire_signature(ByteView sha1);
Result<Bytes> sha1_from_wire(ByteView signature);

// MmcsObject is an encrypted attachment in its wire forms.
struct MmcsObject {
  Bytes ciphertext;
  SecretBytes decryption_key;  // 33 bytes: 00 ‖ key
  Bytes signature;             // 21 bytes: 81 ‖ salted SHA-1
};
// seal encrypts |content| under |key| (32 bytes, else
// Errc::invalid_argument); seal_fresh draws the key from |rng|.
Result<MmcsObject> seal(const crypto::Provider& provider, ByteView key, ByteView content);
Result<MmcsObject> seal_fresh(const crypto::Provider& provider, crypto::Rng& rng, ByteView content);
// unseal checks |decryption_key| (33 bytes starting 00) and |signature| (21
// bytes starting 81), else Errc::malformed_message; then compares the salted
// SHA-1 of |ciphertext| with the signature in constant time
// (Errc::blob_mismatch, nothing decrypted); then decrypts.
Result<SecretBytes> unseal(const crypto::Provider& provider, ByteView ciphertext,
                           ByteView decryption_key, ByteView signature);

// BlobStore is the operator's blob store, in memory: put gives a URL, get
// returns what was stored under it, Errc::not_found otherwise. It never
// sees a key; it stores what it is given and returns what it holds.
class BlobStore {
 public:
  // put stores |blob| and returns its URL, "mmcs://blobs.imref.invalid/<n>";
  // <n> is the object's mmcs-owner.
  std::string put(Bytes blob);
  Result<Bytes> get(const std::string& url) const;
  // replace overwrites a stored blob (a misbehaving operator, for tests);
  // Errc::not_found if |url| holds nothing.
  Status replace(const std::string& url, Bytes blob);
  bool erase(const std::string& url);
  size_t size() const { return blobs_.size(); }
  // urls lists what the store holds, oldest upload first.
  const std::vector<std::string>& urls() const { return order_; }
  // contents returns everything the store holds, for the operator-cannot-read scan.
  const std::map<std::string, Bytes>& contents() const { return blobs_; }

 private:
  std::map<std::string, Bytes> blobs_;
  std::vector<std::string> order_;  // the keys of blobs_, in upload order
  uint64_t next_ = 0;
};

// encrypt draws a fresh key from |rng| and returns the encrypted blob and
// a reference with its salted SHA-1, size and key (url and owner still
// empty).
struct Encrypted {
  Bytes blob;
  AttachmentRef ref;
};
Result<Encrypted> encrypt(const crypto::Provider& provider, crypto::Rng& rng, ByteView content,
                          std::string name = {});

// upload encrypts |content| and puts the blob in |store|: the returned
// reference, carried inside a sealed message, is all a receiver needs.
Result<AttachmentRef> upload(const crypto::Provider& provider, crypto::Rng& rng, BlobStore& store,
                             ByteView content, std::string name = {});

// decrypt checks the salted SHA-1 of |blob| and its size against |ref| in
// constant time before any decryption (Errc::blob_mismatch), then decrypts.
// A key that is not 32 bytes or a SHA-1 that is not 20 is
// Errc::invalid_argument.
Result<SecretBytes> decrypt(const crypto::Provider& provider, const AttachmentRef& ref,
                            ByteView blob);

// fetch gets the blob |ref| names from |store| (Errc::not_found) and decrypts it.
Result<SecretBytes> fetch(const crypto::Provider& provider, const BlobStore& store,
                          const AttachmentRef& ref);

}  // namespace imref::attachment
