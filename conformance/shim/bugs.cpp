// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "bugs.h"

#include <functional>

namespace imref::shim {

namespace {

struct Switch {
  BugInfo info;
  std::function<void(Bugs&)> apply;
};

const std::vector<Switch>& switches() {
  static const std::vector<Switch> kSwitches = {
      {{"identity-lenient-framing", "REQ-ID-2",
        "identity.decode reads the keys at their offsets and ignores the framing bytes"},
       [](Bugs& b) { b.identity_lenient_framing = true; }},
      {{"identity-hash-whole-blob", "REQ-ID-5",
        "identity_hash is SHA-256 of the whole 249-byte blob, not of the identity material"},
       [](Bugs& b) { b.identity_hash_whole_blob = true; }},
      {{"identity-strip-leading-zero", "REQ-ID-1",
        "identity.encode accepts a 161-byte modulus with a leading zero"},
       [](Bugs& b) { b.identity_strip_leading_zero = true; }},
      {{"keygen-foreign-identity", "REQ-KEY-6",
        "device.generate returns an identity built from another signing key"},
       [](Bugs& b) { b.keygen_foreign_identity = true; }},
      {{"pair-no-version-check", "REQ-PAIR-7", "pair.open accepts any first byte"},
       [](Bugs& b) { b.pair.skip_version_check = true; }},
      {{"pair-trailing-bytes", "REQ-PAIR-10", "pair.open ignores bytes after the signature"},
       [](Bugs& b) { b.pair.accept_trailing_bytes = true; }},
      {{"pair-no-signature-check", "REQ-PAIR-11", "pair.open does not verify the signature"},
       [](Bugs& b) { b.pair.skip_signature_check = true; }},
      {{"pair-sign-sha256", "REQ-PAIR-5",
        "pair.seal signs, and pair.open verifies, SHA-256(body) instead of SHA-1(body)"},
       [](Bugs& b) { b.pair.sign_sha256 = true; }},
      {{"pair-no-tag-check", "REQ-PAIR-12", "pair.open does not check the 40-bit tag"},
       [](Bugs& b) { b.pair.skip_tag_check = true; }},
      {{"pair-tag-without-identities", "REQ-PAIR-2",
        "the tag is HMAC over the plaintext only, without 02 and the identity hashes"},
       [](Bugs& b) { b.pair.tag_without_identities = true; }},
      {{"pair-ctr-from-zero", "REQ-PAIR-3", "AES-CTR starts from counter block 0, not 1"},
       [](Bugs& b) { b.pair.counter_from_zero = true; }},
      {{"pair-seed-ignored", "REQ-PAIR-1", "pair.seal draws a fresh seed even when given one"},
       [](Bugs& b) { b.pair.ignore_given_seed = true; }},
      {{"pair-inline-exactly-100", "REQ-PAIR-13",
        "pair.open refuses RSA blocks holding other than min(100, n) ciphertext bytes"},
       [](Bugs& b) { b.pair.inline_exactly_100 = true; }},
      {{"pair-distinct-oaep-error", "REQ-PAIR-14",
        "pair.open reports an OAEP failure as malformed_payload, unlike a tag failure"},
       [](Bugs& b) { b.pair.distinct_oaep_error = true; }},
      {{"pair-oaep-label", "REQ-PAIR-4", "the RSA block uses OAEP with a non-empty label"},
       [](Bugs& b) { b.pair.oaep_label = true; }},
      {{"dir-no-signature-check", "REQ-DIR-2", "dir.register accepts a request whatever signed it"},
       [](Bugs& b) { b.directory.skip_signature_check = true; }},
      {{"dir-no-nonce-check", "REQ-DIR-3", "dir.register accepts a nonce it has seen before"},
       [](Bugs& b) { b.directory.skip_nonce_check = true; }},
      {{"email-token-reusable", "REQ-VERIFY-2", "email.confirm does not spend the token"},
       [](Bugs& b) { b.directory.reusable_email_token = true; }},
      {{"email-token-no-expiry", "REQ-VERIFY-2", "email.confirm accepts an expired token"},
       [](Bugs& b) { b.directory.accept_expired_token = true; }},
      {{"lookup-unverified-email", "REQ-VERIFY-1",
        "dir.lookup finds an address whose confirmation is still pending"},
       [](Bugs& b) { b.directory.lookup_unverified_email = true; }},
      {{"alert-new-device-itself", "REQ-ALERT-2",
        "a newly registered device gets an alert about itself"},
       [](Bugs& b) { b.directory.alert_new_device_itself = true; }},
      {{"no-email-alert", "REQ-ALERT-1", "a confirmed email address alerts no device"},
       [](Bugs& b) { b.directory.no_email_alert = true; }},
      {{"removed-device-still-listed", "REQ-DIR-6",
        "device.remove succeeds but lookups still return the device"},
       [](Bugs& b) { b.directory.keep_removed_device = true; }},
      {{"alerts-dropped-offline", "REQ-ALERT-3",
        "alerts queued for an offline device are dropped when it connects"},
       [](Bugs& b) { b.alerts_dropped_offline = true; }},
      {{"delivery-own-devices-left-out", "REQ-DELIVERY-1",
        "send seals for the recipients' devices only, not the sender's other devices"},
       [](Bugs& b) { b.delivery.own_devices_left_out = true; }},
      {{"delivery-no-long-message", "REQ-DELIVERY-6",
        "send pushes every message inline; the relay refuses one over its limit"},
       [](Bugs& b) { b.delivery.no_long_message_fallback = true; }},
      {{"relay-keeps-delivered", "REQ-DELIVERY-3",
        "the relay keeps a push after handing it over (and hands it over again)"},
       [](Bugs& b) { b.delivery.relay_keeps_delivered = true; }},
      {{"relay-never-expires", "REQ-DELIVERY-5", "the relay delivers pushes older than 30 days"},
       [](Bugs& b) { b.delivery.relay_never_expires = true; }},
      {{"attachment-hash-unchecked", "REQ-ATTACH-3",
        "the receiver decrypts a blob without checking its SHA-1"},
       [](Bugs& b) { b.delivery.skip_blob_hash_check = true; }},
      {{"delivery-replays-shown", "REQ-DELIVERY-9",
        "the receiver shows a message UUID it has shown before"},
       [](Bugs& b) { b.delivery.show_replays = true; }},
      {{"delivery-metadata-unchecked", "REQ-DELIVERY-10",
        "the receiver does not check the clear UUID and sender against the sealed message"},
       [](Bugs& b) { b.delivery.skip_metadata_check = true; }},
      {{"keychain-no-mac-check", "REQ-KEYCHAIN-5",
        "keychain.open decrypts without checking the tag"},
       [](Bugs& b) { b.keychain.skip_mac_check = true; }},
      {{"keychain-trailing-bytes", "REQ-KEYCHAIN-3",
        "keychain.open ignores bytes after the checksum"},
       [](Bugs& b) { b.keychain.accept_trailing_bytes = true; }},
      {{"keychain-passcode-as-corrupt", "REQ-KEYCHAIN-6",
        "keychain.open reports a wrong passcode as store_corrupt"},
       [](Bugs& b) { b.keychain.wrong_passcode_as_corrupt = true; }},
      {{"keychain-reboot-keeps-keys", "REQ-KEYCHAIN-7",
        "a device's keys stay usable after device.reboot, before any unlock"},
       [](Bugs& b) { b.keychain.reboot_keeps_keys = true; }},
      {{"keychain-lock-discards-keys", "REQ-KEYCHAIN-8",
        "device.lock makes a device's keys unusable until the next unlock"},
       [](Bugs& b) { b.keychain.lock_discards_keys = true; }},
  };
  return kSwitches;
}

}  // namespace

const std::vector<BugInfo>& all_bugs() {
  static const std::vector<BugInfo> kInfo = [] {
    std::vector<BugInfo> out;
    for (const auto& s : switches()) out.push_back(s.info);
    return out;
  }();
  return kInfo;
}

Result<Bugs> parse_bugs(const std::vector<std::string>& names) {
  Bugs bugs;
  for (const auto& name : names) {
    auto it = std::find_if(switches().begin(), switches().end(),
                           [&](const Switch& s) { return s.info.name == name; });
    if (it == switches().end()) return make_error(Errc::invalid_argument, "unknown bug: " + name);
    it->apply(bugs);
  }
  return bugs;
}

}  // namespace imref::shim
