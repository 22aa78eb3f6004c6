// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The keychain store codec (docs/spec.md §10, REQ-KEYCHAIN-2..6):
//
//   offset  len  field
//   0       8    magic "imref-kc"
//   8       1    version 01
//   9       1    log2 N     scrypt parameters: N = 2^log2 N,
//   10      1    r          block size r,
//   11      1    p          parallelism p
//   12      16   salt
//   28      16   nonce
//   44      32   verifier   HMAC-SHA256(K, "imref-keychain-v1 verifier")
//   76      4    L          ciphertext length, u32 big-endian, at most 1 MiB
//   80      L    ciphertext AES-256-CTR(enc key, counter 0, items)
//   80+L    32   tag        HMAC-SHA256(mac key, bytes 0 .. 80+L)
//   112+L   32   checksum   SHA-256(bytes 0 .. 112+L)
//
// K = scrypt(passcode, salt, N, r, p, 32); enc key ‖ mac key =
// HKDF-SHA256(K, salt = nonce, info = "imref-keychain-v1 keys", 64).
#include <algorithm>

#include "imref/internal/defects.h"
#include "imref/internal/keychain_store.h"

namespace imref::keychain {

namespace {

using defects::Defect;

constexpr uint8_t kMagic[8] = {'i', 'm', 'r', 'e', 'f', '-', 'k', 'c'};
constexpr uint8_t kVersion = 1;
constexpr size_t kKeyLen = 32;
constexpr size_t kVerifierLen = 32;
constexpr size_t kTagLen = 32;
constexpr size_t kChecksumLen = 32;
constexpr size_t kHeaderLen = 80;
constexpr size_t kMinStoreLen = kHeaderLen + kTagLen + kChecksumLen;
constexpr size_t kMaxCiphertextLen = size_t{1} << 20;
constexpr size_t kMaxNameLen = 64;
constexpr size_t kMaxValueLen = 65535;
constexpr std::string_view kVerifierLabel = "imref-keychain-v1 verifier";
constexpr std::string_view kKeysLabel = "imref-keychain-v1 keys";

Error corrupt(std::string detail) {
  return make_error(Errc::store_corrupt, std::move(detail));
}

ByteView label(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

uint32_t read_u32(ByteView b) {
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
}

bool valid_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameLen &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == '-';
         });
}

// A store split into its fields; views into the caller's bytes.
struct Fields {
  KdfParams params;
  ByteView salt, nonce, verifier, ciphertext, tag;
  ByteView authenticated;  // bytes 0 .. 80+L, what the tag covers
};

// parse checks everything that needs no key: the layout, the bounds and
// the checksum, so a damaged store costs no KDF run.
Result<Fields> parse(const crypto::Provider& provider, ByteView store) {
  if (store.size() < kMinStoreLen) return corrupt("store shorter than 144 bytes");
  if (!std::equal(std::begin(kMagic), std::end(kMagic), store.begin()))
    return corrupt("not a keychain store");
  if (store[8] != kVersion) return corrupt("unknown store version");
  Fields f;
  f.params = {store[9], store[10], store[11]};
  if (!params_in_bounds(f.params)) return corrupt("scrypt parameters out of bounds");
  const size_t ct_len = read_u32(store.subspan(76, 4));
  if (ct_len > kMaxCiphertextLen) return corrupt("ciphertext over 1 MiB");
  const size_t total = kMinStoreLen + ct_len;
  if (store.size() < total) return corrupt("store truncated");
  if (store.size() > total && !defects::on(Defect::keychain_accept_trailing_bytes))
    return corrupt("bytes after the store");
  ByteView checked = store.subspan(0, total - kChecksumLen);
  if (!constant_time_equal(provider.sha256(checked),
                           store.subspan(total - kChecksumLen, kChecksumLen)))
    return corrupt("checksum mismatch");
  f.salt = store.subspan(12, kSaltLen);
  f.nonce = store.subspan(28, kNonceLen);
  f.verifier = store.subspan(44, kVerifierLen);
  f.ciphertext = store.subspan(kHeaderLen, ct_len);
  f.tag = store.subspan(kHeaderLen + ct_len, kTagLen);
  f.authenticated = store.subspan(0, kHeaderLen + ct_len);
  return f;
}

Bytes verifier(const crypto::Provider& provider, const PasscodeKey& key) {
  return provider.hmac_sha256(key.secret(), label(kVerifierLabel));
}

Result<SecretBytes> item_keys(const crypto::Provider& provider, const PasscodeKey& key,
                              ByteView nonce) {
  return provider.hkdf_sha256(key.secret(), nonce, label(kKeysLabel), 2 * kKeyLen);
}

Result<SecretBytes> encode_items(const Items& items) {
  SecretBytes out;
  for (const auto& [name, value] : items) {
    if (!valid_name(name)) return make_error(Errc::invalid_argument, "bad item name: " + name);
    if (value.size() > kMaxValueLen)
      return make_error(Errc::invalid_argument, "item over 65535 bytes");
    out.push_back(static_cast<uint8_t>(name.size()));
    out.insert(out.end(), name.begin(), name.end());
    out.push_back(static_cast<uint8_t>(value.size() >> 8));
    out.push_back(static_cast<uint8_t>(value.size()));
    out.insert(out.end(), value.begin(), value.end());
  }
  if (out.size() > kMaxCiphertextLen) return make_error(Errc::too_large, "items over 1 MiB");
  return out;
}

// decode_items reads what encode_items wrote, strictly: valid names in
// increasing order, lengths that fit, nothing left over.
Result<Items> decode_items(ByteView plain) {
  Items items;
  size_t i = 0;
  while (i < plain.size()) {
    const size_t name_len = plain[i++];
    if (plain.size() - i < name_len + 2) return corrupt("item truncated");
    std::string name(plain.begin() + i, plain.begin() + i + name_len);
    i += name_len;
    const size_t value_len = size_t{plain[i]} << 8 | plain[i + 1];
    i += 2;
    if (plain.size() - i < value_len) return corrupt("item truncated");
    if (!valid_name(name) || (!items.empty() && items.rbegin()->first >= name))
      return corrupt("bad or unordered item name");
    items.emplace(std::move(name), SecretBytes(plain.begin() + i, plain.begin() + i + value_len));
    i += value_len;
  }
  return items;
}

Result<Items> decrypt(const crypto::Provider& provider, const PasscodeKey& key, const Fields& f) {
  if (!constant_time_equal(verifier(provider, key), f.verifier))
    return make_error(defects::on(Defect::keychain_wrong_passcode_as_corrupt) ? Errc::store_corrupt
                                                                              : Errc::bad_passcode,
                      "wrong passcode");
  IMREF_TRY(SecretBytes keys, item_keys(provider, key, f.nonce));
  const ByteView enc_key = ByteView(keys).subspan(0, kKeyLen);
  const ByteView mac_key = ByteView(keys).subspan(kKeyLen, kKeyLen);
  // The tag first, in constant time: nothing is decrypted unless it holds.
  if (!defects::on(Defect::keychain_skip_mac_check) &&
      !constant_time_equal(provider.hmac_sha256(mac_key, f.authenticated), f.tag))
    return corrupt("tag mismatch");
  IMREF_TRY(Bytes plain, provider.aes_ctr(enc_key, Bytes(16, 0), f.ciphertext));
  SecretBytes secret_plain = to_secret(plain);
  secure_wipe(plain.data(), plain.size());
  return decode_items(secret_plain);
}

void put_u32(Bytes& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

}  // namespace

bool params_in_bounds(const KdfParams& params) {
  return params.log2_n >= 1 && params.log2_n <= 20 && params.r >= 1 && params.r <= 16 &&
         params.p >= 1 && params.p <= 4 &&
         params.log2_n < 16 * params.r &&  // RFC 7914 section 2: N < 2^(16 r)
         (uint64_t{128} * params.r << params.log2_n) <= (uint64_t{1} << 28);
}

Result<PasscodeKey> PasscodeKey::derive(const crypto::Provider& provider, ByteView passcode,
                                        const KdfParams& params, ByteView salt) {
  if (passcode.size() < kMinPasscodeLen || passcode.size() > kMaxPasscodeLen)
    return make_error(Errc::invalid_argument, "passcode must be 1..256 bytes");
  if (salt.size() != kSaltLen) return make_error(Errc::invalid_argument, "salt must be 16 bytes");
  if (!params_in_bounds(params))
    return make_error(Errc::invalid_argument, "scrypt parameters out of bounds");
  IMREF_TRY(SecretBytes key,
            provider.scrypt(passcode, salt, {params.log2_n, params.r, params.p}, kKeyLen));
  return PasscodeKey(params, to_public(salt), std::move(key));
}

bool PasscodeKey::same_key(const PasscodeKey& other) const {
  return params_ == other.params_ && salt_ == other.salt_ && constant_time_equal(key_, other.key_);
}

Result<Bytes> seal_encoded(const crypto::Provider& provider, const PasscodeKey& key, ByteView nonce,
                           ByteView encoded_items) {
  if (nonce.size() != kNonceLen)
    return make_error(Errc::invalid_argument, "nonce must be 16 bytes");
  if (encoded_items.size() > kMaxCiphertextLen)
    return make_error(Errc::too_large, "items over 1 MiB");
  IMREF_TRY(SecretBytes keys, item_keys(provider, key, nonce));
  IMREF_TRY(Bytes ciphertext,
            provider.aes_ctr(ByteView(keys).subspan(0, kKeyLen), Bytes(16, 0), encoded_items));
  Bytes out(std::begin(kMagic), std::end(kMagic));
  out.push_back(kVersion);
  out.push_back(key.params().log2_n);
  out.push_back(key.params().r);
  out.push_back(key.params().p);
  append(out, key.salt());
  append(out, nonce);
  append(out, verifier(provider, key));
  put_u32(out, static_cast<uint32_t>(ciphertext.size()));
  append(out, ciphertext);
  append(out, provider.hmac_sha256(ByteView(keys).subspan(kKeyLen, kKeyLen), out));
  append(out, provider.sha256(out));
  return out;
}

Result<Bytes> seal(const crypto::Provider& provider, const PasscodeKey& key, ByteView nonce,
                   const Items& items) {
  IMREF_TRY(SecretBytes plain, encode_items(items));
  return seal_encoded(provider, key, nonce, plain);
}

Result<Opened> open_store(const crypto::Provider& provider, ByteView passcode, ByteView store) {
  if (passcode.size() < kMinPasscodeLen || passcode.size() > kMaxPasscodeLen)
    return make_error(Errc::invalid_argument, "passcode must be 1..256 bytes");
  IMREF_TRY(Fields f, parse(provider, store));
  IMREF_TRY(PasscodeKey key, PasscodeKey::derive(provider, passcode, f.params, f.salt));
  IMREF_TRY(Items items, decrypt(provider, key, f));
  return Opened{std::move(key), std::move(items)};
}

Result<Items> open(const crypto::Provider& provider, ByteView passcode, ByteView store) {
  IMREF_TRY(Opened opened, open_store(provider, passcode, store));
  return std::move(opened.items);
}

}  // namespace imref::keychain
