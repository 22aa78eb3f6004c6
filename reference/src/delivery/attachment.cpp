// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Attachments as MMCS objects: AES-256-CTR from a zero counter block under
// a fresh key, 00 ‖ key, 81 ‖ salted SHA-1 checked before decryption
// (REQ-ATTACH-1..3, -5, and REQ-ATTACH-20 onwards).
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

namespace {

using defects::Defect;

Error malformed(std::string detail) {
  return make_error(Errc::malformed_message, std::move(detail));
}

// counter_block is kCounterBlock, or 00…01 under the defect.
const uint8_t* counter_block() {
  static constexpr uint8_t kOne[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return defects::on(Defect::attachment_counter_one) ? kOne : kCounterBlock;
}

Result<Bytes> ctr(const crypto::Provider& provider, ByteView key, ByteView input) {
  return provider.aes_ctr(key, ByteView(counter_block(), 16), input);
}

}  // namespace

Bytes salted_sha1(const crypto::Provider& provider, ByteView ciphertext) {
  if (defects::on(Defect::attachment_signature_unsalted)) return provider.sha1(ciphertext);
  Bytes salted = to_bytes(kSignatureSalt);
  append(salted, ciphertext);
  return provider.sha1(salted);
}

namespace {
// prefixed is |prefix| ‖ |rest|.
Bytes prefixed(uint8_t prefix, ByteView rest) {
  Bytes out(1 + rest.size(), prefix);
  std::copy(rest.begin(), rest.end(), out.begin() + 1);
  return out;
}
}  // namespace

Bytes signature(const crypto::Provider& provider, ByteView ciphertext) {
  return prefixed(kSignaturePrefix, salted_sha1(provider, ciphertext));
}

Bytes chunk_id(const crypto::Provider& provider, ByteView chunk) {
  Bytes inner = provider.sha256(chunk);
  Bytes outer = provider.sha256(inner);
  return prefixed(kChunkIdPrefix, ByteView(outer).first(20));
}

std::vector<Bytes> chunk_ids(const crypto::Provider& provider, ByteView object) {
  std::vector<Bytes> out;
  for (size_t at = 0; at < object.size(); at += kChunkLen)
    out.push_back(chunk_id(provider, object.subspan(at, std::min(kChunkLen, object.size() - at))));
  return out;
}

Result<SecretBytes> wire_key(ByteView key) {
  if (key.size() != kKeyLen) return make_error(Errc::invalid_argument, "key is not 32 bytes");
  if (defects::on(Defect::attachment_key_unprefixed)) return to_secret(key);
  SecretBytes out(kWireKeyLen, kWireKeyPrefix);
  std::copy(key.begin(), key.end(), out.begin() + 1);
  return out;
}

Result<SecretBytes> key_from_wire(ByteView wire) {
  if (wire.size() != kWireKeyLen || wire[0] != kWireKeyPrefix)
    return malformed("decryption-key is not 00 followed by 32 bytes");
  return to_secret(wire.subspan(1));
}

Result<Bytes> wire_signature(ByteView sha1) {
  if (sha1.size() != kSha1Len) return make_error(Errc::invalid_argument, "SHA-1 is not 20 bytes");
  return prefixed(kSignaturePrefix, sha1);
}

Result<Bytes> sha1_from_wire(ByteView sig) {
  if (sig.size() != kSignatureLen || sig[0] != kSignaturePrefix)
    return malformed("mmcs-signature is not 81 followed by 20 bytes");
  return to_public(sig.subspan(1));
}

Result<MmcsObject> seal(const crypto::Provider& provider, ByteView key, ByteView content) {
  IMREF_TRY(SecretBytes wire, wire_key(key));
  IMREF_TRY(Bytes ciphertext, ctr(provider, key, content));
  MmcsObject out;
  out.signature = signature(provider, ciphertext);
  out.ciphertext = std::move(ciphertext);
  out.decryption_key = std::move(wire);
  return out;
}

Result<MmcsObject> seal_fresh(const crypto::Provider& provider, crypto::Rng& rng,
                              ByteView content) {
  SecretBytes key(kKeyLen);
  rng.fill(key);
  return seal(provider, key, content);
}

Result<SecretBytes> unseal(const crypto::Provider& provider, ByteView ciphertext,
                           ByteView decryption_key, ByteView sig) {
  IMREF_TRY(SecretBytes key, key_from_wire(decryption_key));
  IMREF_TRY(Bytes sha1, sha1_from_wire(sig));
  AttachmentRef ref;
  ref.key = std::move(key);
  ref.sha1 = std::move(sha1);
  ref.size = ciphertext.size();
  return decrypt(provider, ref, ciphertext);
}

Result<Encrypted> encrypt(const crypto::Provider& provider, crypto::Rng& rng, ByteView content,
                          std::string name) {
  SecretBytes key(kKeyLen);
  rng.fill(key);
  IMREF_TRY(Bytes blob, ctr(provider, key, content));
  Encrypted out;
  out.ref.name = std::move(name);
  out.ref.sha1 = salted_sha1(provider, blob);
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
  bool hash_ok = constant_time_equal(salted_sha1(provider, blob), ref.sha1);
  if (!(size_ok & hash_ok) && !defects::on(Defect::attachment_hash_unchecked))
    return make_error(Errc::blob_mismatch, "blob does not match the message's signature");
  IMREF_TRY(Bytes plain, ctr(provider, ref.key, blob));
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
