// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "bugs.h"

#include <algorithm>

namespace imref::shim {

using defects::Defect;

const std::vector<BugInfo>& all_bugs() {
  static const std::vector<BugInfo> kBugs = {
      {"identity-lenient-framing", "REQ-ID-2",
       "identity.decode reads the keys at their offsets and ignores the framing bytes",
       Defect::identity_lenient_framing},
      {"identity-hash-whole-blob", "REQ-ID-5",
       "identity_hash is SHA-256 of the whole 249-byte blob, not of the identity material",
       Defect::identity_hash_whole_blob},
      {"identity-strip-leading-zero", "REQ-ID-1",
       "identity.encode accepts a 161-byte modulus with a leading zero",
       Defect::identity_strip_leading_zero},
      {"keygen-foreign-identity", "REQ-KEY-6",
       "device.generate returns an identity built from another signing key",
       Defect::keygen_foreign_identity},
      {"pair-no-version-check", "REQ-PAIR-7", "pair.open accepts any first byte",
       Defect::pair_skip_version_check},
      {"pair-trailing-bytes", "REQ-PAIR-10", "pair.open ignores bytes after the signature",
       Defect::pair_accept_trailing_bytes},
      {"pair-no-signature-check", "REQ-PAIR-11", "pair.open does not verify the signature",
       Defect::pair_skip_signature_check},
      {"pair-sign-sha256", "REQ-PAIR-5",
       "pair.seal signs, and pair.open verifies, SHA-256(body) instead of SHA-1(body)",
       Defect::pair_sign_sha256},
      {"pair-no-tag-check", "REQ-PAIR-12", "pair.open does not check the 40-bit tag",
       Defect::pair_skip_tag_check},
      {"pair-tag-without-identities", "REQ-PAIR-2",
       "the tag is HMAC over the plaintext only, without 02 and the identity hashes",
       Defect::pair_tag_without_identities},
      {"pair-ctr-from-zero", "REQ-PAIR-3", "AES-CTR starts from counter block 0, not 1",
       Defect::pair_counter_from_zero},
      {"pair-seed-ignored", "REQ-PAIR-1", "pair.seal draws a fresh seed even when given one",
       Defect::pair_ignore_given_seed},
      {"pair-inline-exactly-100", "REQ-PAIR-13",
       "pair.open refuses RSA blocks holding other than min(100, n) ciphertext bytes",
       Defect::pair_inline_exactly_100},
      {"pair-distinct-oaep-error", "REQ-PAIR-14",
       "pair.open reports an OAEP failure as malformed_payload, unlike a tag failure",
       Defect::pair_distinct_oaep_error},
      {"pair-oaep-label", "REQ-PAIR-4", "the RSA block uses OAEP with a non-empty label",
       Defect::pair_oaep_label},
      {"dir-no-signature-check", "REQ-DIR-2", "dir.register accepts a request whatever signed it",
       Defect::dir_skip_signature_check},
      {"dir-no-nonce-check", "REQ-DIR-3", "dir.register accepts a nonce it has seen before",
       Defect::dir_skip_nonce_check},
      {"email-token-reusable", "REQ-VERIFY-2", "email.confirm does not spend the token",
       Defect::email_token_reusable},
      {"email-token-no-expiry", "REQ-VERIFY-2", "email.confirm accepts an expired token",
       Defect::email_token_no_expiry},
      {"lookup-unverified-email", "REQ-VERIFY-1",
       "dir.lookup finds an address whose confirmation is still pending",
       Defect::lookup_unverified_email},
      {"alert-new-device-itself", "REQ-ALERT-2",
       "a newly registered device gets an alert about itself", Defect::alert_new_device_itself},
      {"no-email-alert", "REQ-ALERT-1", "a confirmed email address alerts no device",
       Defect::no_email_alert},
      {"removed-device-still-listed", "REQ-DIR-6",
       "device.remove succeeds but lookups still return the device",
       Defect::removed_device_still_listed},
      {"alerts-dropped-offline", "REQ-ALERT-3",
       "alerts queued for an offline device are dropped when it connects",
       Defect::alerts_dropped_offline},
      {"delivery-own-devices-left-out", "REQ-DELIVERY-1",
       "send seals for the recipients' devices only, not the sender's other devices",
       Defect::own_devices_left_out},
      {"delivery-no-long-message", "REQ-DELIVERY-6",
       "send pushes every message inline; the relay refuses one over its limit",
       Defect::no_long_message_fallback},
      {"relay-keeps-delivered", "REQ-DELIVERY-3",
       "the relay keeps a push after handing it over (and hands it over again)",
       Defect::relay_keeps_delivered},
      {"relay-never-expires", "REQ-DELIVERY-5", "the relay delivers pushes older than 30 days",
       Defect::relay_never_expires},
      {"attachment-hash-unchecked", "REQ-ATTACH-3",
       "the receiver decrypts a blob without checking its SHA-1",
       Defect::attachment_hash_unchecked},
      {"delivery-replays-shown", "REQ-DELIVERY-9",
       "the receiver shows a message UUID it has shown before", Defect::show_replays},
      {"delivery-metadata-unchecked", "REQ-DELIVERY-10",
       "the receiver does not check the clear UUID and sender against the sealed message",
       Defect::metadata_unchecked},
      {"keychain-no-mac-check", "REQ-KEYCHAIN-5", "keychain.open decrypts without checking the tag",
       Defect::keychain_skip_mac_check},
      {"keychain-trailing-bytes", "REQ-KEYCHAIN-3",
       "keychain.open ignores bytes after the checksum", Defect::keychain_accept_trailing_bytes},
      {"keychain-passcode-as-corrupt", "REQ-KEYCHAIN-6",
       "keychain.open reports a wrong passcode as store_corrupt",
       Defect::keychain_wrong_passcode_as_corrupt},
      {"keychain-reboot-keeps-keys", "REQ-KEYCHAIN-7",
       "a device's keys stay usable after device.reboot, before any unlock",
       Defect::keychain_reboot_keeps_keys},
      {"keychain-lock-discards-keys", "REQ-KEYCHAIN-8",
       "device.lock makes a device's keys unusable until the next unlock",
       Defect::keychain_lock_discards_keys},
      {"pair-ec-expired-prekey-used", "REQ-PAIREC-53",
       "send seals pair-ec to a prekey record older than 12,355,200 s",
       Defect::pair_ec_expired_prekey_used},
      {"pair-ec-bad-record-used", "REQ-PAIREC-53",
       "send seals pair-ec to a prekey record without checking its signature",
       Defect::pair_ec_bad_record_used},
      {"pair-ec-no-fallback", "REQ-PAIREC-54",
       "send fails instead of sealing pair for a device whose prekey record fails",
       Defect::pair_ec_no_fallback},
      {"pair-ec-counter-reused", "REQ-PAIREC-58",
       "send seals every pair-ec copy with counter 0", Defect::pair_ec_counter_reused},
      {"pair-ec-replay-window-advances-on-failure", "REQ-PAIREC-60",
       "the replay window moves when a pair-ec push opens, even if it is then refused",
       Defect::pair_ec_window_advances_on_failure},
      {"pair-ec-old-prekeys-dropped", "REQ-PAIREC-57",
       "a prekey rotation deletes the old private prekeys at once",
       Defect::pair_ec_old_prekeys_dropped},
      {"dir-prekey-unchecked", "REQ-PAIREC-51",
       "the directory registers a prekey record without verifying it",
       Defect::dir_prekey_unchecked},
  };
  return kBugs;
}

Result<std::vector<Defect>> parse_bugs(const std::vector<std::string>& names) {
  std::vector<Defect> out;
  for (const auto& name : names) {
    auto it = std::find_if(all_bugs().begin(), all_bugs().end(),
                           [&](const BugInfo& b) { return b.name == name; });
    if (it == all_bugs().end()) return make_error(Errc::invalid_argument, "unknown bug: " + name);
    out.push_back(it->defect);
  }
  return out;
}

void switch_on(const std::vector<Defect>& bugs) {
  for (Defect d : bugs) defects::set(d, true);
}

}  // namespace imref::shim
