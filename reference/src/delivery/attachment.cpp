// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Attachments: AES-256-CTR under a fresh key, SHA-1 of the encrypted blob
// checked before decryption (REQ-ATTACH-1..3, -5).
#include "imref/attachment.h"

#include <algorithm>

#include "imref/internal/defects.h"

namespace imref::attachment {

std::string BlobStore::put(Bytes blob) {
  std::string url = "mmcs://blobs.imref.invalid/" + std::to_string(next_++);
  blobs_.emplace(url, std::move(blob));
  order_.push_back(url);
  return url;
}

bool BlobStore::erase(const std::string& url) {
  if (blobs_.erase(url) == 0) return false;
  order_.erase(std::find(order_.begin(), order_.end(), url));
  return true;
}

Result<Bytes> BlobStore::get(const std::string& url) const {
  auto it = blobs_.find(url);
  if (it == blobs_.end()) return make_error(Errc::not_found, "no blob at that URL");
  return it->second;
}

Status BlobStore::replace(const std::string& url, Bytes blob) {
  auto it = blobs_.find(url);
  if (it == blobs_.end()) return make_error(Errc::not_found, "no blob at that URL");
  it->second = std::move(blob);
  return ok_status();
}

Result<Encrypted> encrypt(const crypto::Provider& provider, crypto::Rng& rng, ByteView content,
                          std::string name) {
  SecretBytes key(kKeyLen);
  rng.fill(key);
  IMREF_TRY(Bytes blob, provider.aes_ctr(key, kCounterBlock, content));
  Encrypted out;
  out.ref.name = std::move(name);
  out.ref.sha1 = provider.sha1(blob);
  out.ref.size = blob.size();
  out.ref.key = std::move(key);
  out.blob = std::move(blob);
  return out;
}

Result<AttachmentRef> upload(const crypto::Provider& provider, crypto::Rng& rng, BlobStore& store,
                             ByteView content, std::string name) {
  IMREF_TRY(Encrypted e, encrypt(provider, rng, content, std::move(name)));
  e.ref.url = store.put(std::move(e.blob));
  e.ref.owner = e.ref.url.substr(e.ref.url.rfind('/') + 1);
  return std::move(e.ref);
}

Result<SecretBytes> decrypt(const crypto::Provider& provider, const AttachmentRef& ref,
                            ByteView blob) {
  if (ref.key.size() != kKeyLen || ref.sha1.size() != kSha1Len)
    return make_error(Errc::invalid_argument, "attachment key or SHA-1 of the wrong size");
  // The size is public; the hash is compared without a data-dependent branch.
  bool size_ok = blob.size() == ref.size;
  bool hash_ok = constant_time_equal(provider.sha1(blob), ref.sha1);
  if (!(size_ok & hash_ok) && !defects::on(defects::Defect::attachment_hash_unchecked))
    return make_error(Errc::blob_mismatch, "blob does not match the message's SHA-1");
  IMREF_TRY(Bytes plain, provider.aes_ctr(ref.key, kCounterBlock, blob));
  SecretBytes out = to_secret(plain);
  secure_wipe(plain.data(), plain.size());
  return out;
}

Result<SecretBytes> fetch(const crypto::Provider& provider, const BlobStore& store,
                          const AttachmentRef& ref) {
  IMREF_TRY(Bytes blob, store.get(ref.url));
  return decrypt(provider, ref, blob);
}

}  // namespace imref::attachment
