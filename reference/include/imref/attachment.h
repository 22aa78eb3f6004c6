// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Attachments and long messages (docs/spec.md REQ-ATTACH-*):
//
//   key  = 32 fresh random bytes from the caller's Rng
//   blob = AES-256-CTR(key, counter 00×16, content)
//   ref  = { url, SHA-1(blob), len(blob), key }   inside the sealed message
//
// The blob store holds only blobs. A receiver fetches the blob, checks its
// SHA-1 against the one in the message (constant time) and only then
// decrypts; a mismatch is Errc::blob_mismatch and nothing is decrypted.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/message.h"
#include "imref/result.h"

namespace imref::attachment {

inline constexpr size_t kKeyLen = 32;  // AES-256
inline constexpr size_t kSha1Len = 20;
// kCounterBlock is the initial counter block: all zero. Every key is fresh
// and encrypts exactly one blob, so no (key, counter) pair can repeat and a
// random IV would add nothing (REQ-ATTACH-2).
inline constexpr uint8_t kCounterBlock[16] = {};

// BlobStore is the operator's blob store, in memory: put gives a URL, get
// returns what was stored under it, Errc::not_found otherwise. It never
// sees a key; it stores what it is given and returns what it holds.
class BlobStore {
 public:
  // put stores |blob| and returns its URL, "mmcs://blobs.imref.invalid/<n>".
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
// a reference with its SHA-1, size and key (url and owner still empty).
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

// decrypt checks SHA-1(|blob|) and its size against |ref| in constant time
// before any decryption (Errc::blob_mismatch), then decrypts. A key that is
// not 32 bytes is Errc::invalid_argument.
Result<SecretBytes> decrypt(const crypto::Provider& provider, const AttachmentRef& ref,
                            ByteView blob);

// fetch gets the blob |ref| names from |store| (Errc::not_found) and decrypts it.
Result<SecretBytes> fetch(const crypto::Provider& provider, const BlobStore& store,
                          const AttachmentRef& ref);

}  // namespace imref::attachment
