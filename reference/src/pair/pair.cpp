// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/pair.h"

#include <algorithm>

#include "imref/internal/defects.h"

namespace imref::pair {

namespace {

using defects::Defect;

// AES-CTR starts from counter block 00…01 (REQ-PAIR-3).
constexpr uint8_t kCounterBlock[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
constexpr uint8_t kZeroCounterBlock[16] = {};
constexpr uint8_t kBugLabel[] = {'b', 'u', 'g'};
constexpr std::string_view kDecryptFailed = "decryption failed";

// tag = HMAC-SHA256(seed, plaintext ‖ 02 ‖ H(sender) ‖ H(recipient))[0:5]
Bytes compute_tag(const crypto::Provider& provider, ByteView seed, ByteView plaintext,
                  const PublicIdentity& sender, const PublicIdentity& recipient) {
  Bytes msg;
  msg.reserve(plaintext.size() + 1 + 2 * kIdentityHashLen);
  append(msg, plaintext);
  if (!defects::on(Defect::pair_tag_without_identities)) {
    msg.push_back(kVersion);
    append(msg, sender.hash());
    append(msg, recipient.hash());
  }
  Bytes mac = provider.hmac_sha256(seed, msg);
  secure_wipe(msg.data(), msg.size());  // it holds the plaintext
  mac.resize(kTagLen);
  return mac;
}

ByteView counter_block() {
  return defects::on(Defect::pair_counter_from_zero) ? ByteView(kZeroCounterBlock)
                                                     : ByteView(kCounterBlock);
}
ByteView oaep_label() {
  return defects::on(Defect::pair_oaep_label) ? ByteView(kBugLabel) : ByteView();
}
crypto::Hash signature_hash() {
  return defects::on(Defect::pair_sign_sha256) ? crypto::Hash::sha256 : crypto::Hash::sha1;
}

}  // namespace

Result<Bytes> seal(const crypto::Provider& provider, crypto::Rng& rng, const SenderKeys& sender,
                   const PublicIdentity& recipient, ByteView plaintext,
                   std::optional<ByteView> seed) {
  // The size before the seed (REQ-PAIR-19): it costs nothing and holds
  // whatever the seed.
  if (plaintext.size() > kMaxPlaintextLen)
    return make_error(Errc::too_large, "plaintext over " + std::to_string(kMaxPlaintextLen) +
                                           " bytes: the body length would not fit in 16 bits");
  SecretBytes key(kKeyLen);
  if (seed && !defects::on(Defect::pair_ignore_given_seed)) {
    if (seed->size() != kSeedLen)
      return make_error(Errc::invalid_argument, "seed must be 11 bytes");
    std::copy(seed->begin(), seed->end(), key.begin());
  } else {
    rng.fill(std::span(key).first(kSeedLen));
  }
  ByteView seed_view = ByteView(key).first(kSeedLen);
  Bytes tag = compute_tag(provider, seed_view, plaintext, sender.identity, recipient);
  std::copy(tag.begin(), tag.end(), key.begin() + kSeedLen);

  IMREF_TRY(Bytes ct, provider.aes_ctr(key, counter_block(), plaintext));
  size_t inline_len = std::min(kInlineCiphertextLen, ct.size());
  SecretBytes block_input(kKeyLen + inline_len);
  std::copy(key.begin(), key.end(), block_input.begin());
  std::copy(ct.begin(), ct.begin() + inline_len, block_input.begin() + kKeyLen);
  IMREF_TRY(Bytes block,
            recipient.encryption_key().encrypt_oaep_sha1(rng, block_input, oaep_label()));

  Bytes body = std::move(block);
  body.insert(body.end(), ct.begin() + inline_len, ct.end());
  IMREF_TRY(Bytes sig, sender.signing->sign(signature_hash(), crypto::SigFormat::der, body));
  return encode_payload(body, sig);
}

Result<SecretBytes> open(const crypto::Provider& provider, const RecipientKeys& recipient,
                         const PublicIdentity& sender, ByteView payload) {
  IMREF_TRY(Payload parsed, parse_payload(payload));
  if (!defects::on(Defect::pair_skip_signature_check))
    IMREF_CHECK(sender.signing_key().verify(signature_hash(), crypto::SigFormat::der, parsed.body,
                                            parsed.signature));

  // From here every failure is the same decrypt_failed after the same work:
  // a bad OAEP block continues with a dummy key, so neither the code, the
  // text nor the amount of work tells an OAEP failure from a tag failure.
  ByteView block = ByteView(parsed.body).first(kRsaBlockLen);
  auto decrypted = recipient.rsa->decrypt_oaep_sha1(block, oaep_label());
  if (defects::on(Defect::pair_distinct_oaep_error) && !decrypted.ok())
    return make_error(Errc::malformed_payload, "OAEP padding error");
  bool good = decrypted.ok() && decrypted->size() >= kKeyLen;
  if (defects::on(Defect::pair_inline_exactly_100) && good) {
    size_t tail = parsed.body.size() - kRsaBlockLen;
    good = decrypted->size() - kKeyLen ==
           (tail > 0 ? kInlineCiphertextLen : decrypted->size() - kKeyLen);
  }
  SecretBytes key_and_inline = good ? std::move(decrypted).value() : SecretBytes(kKeyLen, 0);

  ByteView key = ByteView(key_and_inline).first(kKeyLen);
  Bytes ct(key_and_inline.begin() + kKeyLen, key_and_inline.end());
  ct.insert(ct.end(), parsed.body.begin() + kRsaBlockLen, parsed.body.end());
  auto plain = provider.aes_ctr(key, counter_block(), ct);
  if (!plain.ok()) return make_error(Errc::decrypt_failed, std::string(kDecryptFailed));
  SecretBytes plaintext = to_secret(*plain);
  secure_wipe(plain->data(), plain->size());

  Bytes tag = compute_tag(provider, key.first(kSeedLen), plaintext, sender, recipient.identity);
  good &= constant_time_equal(tag, key.subspan(kSeedLen, kTagLen)) ||
          defects::on(Defect::pair_skip_tag_check);
  if (!good) return make_error(Errc::decrypt_failed, std::string(kDecryptFailed));
  return plaintext;
}

Result<std::vector<DeviceCopy>> seal_for_devices(const crypto::Provider& provider, crypto::Rng& rng,
                                                 const SenderKeys& sender,
                                                 std::span<const PublicIdentity> recipient_devices,
                                                 std::span<const PublicIdentity> own_devices,
                                                 ByteView plaintext) {
  std::vector<DeviceCopy> copies;
  copies.reserve(recipient_devices.size() + own_devices.size());
  auto add = [&](const PublicIdentity& device) -> Status {
    IMREF_TRY(Bytes payload, seal(provider, rng, sender, device, plaintext));
    copies.push_back(DeviceCopy{device, std::move(payload)});
    return ok_status();
  };
  for (const PublicIdentity& device : recipient_devices) IMREF_CHECK(add(device));
  for (const PublicIdentity& device : own_devices)
    if (!(device == sender.identity)) IMREF_CHECK(add(device));
  return copies;
}

}  // namespace imref::pair
