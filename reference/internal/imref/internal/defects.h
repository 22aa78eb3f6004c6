// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Deliberate defects: the one way to switch one on (docs/architecture.md).
//
// The reference runs with every defect off. `imref-shim --bug NAME` turns one
// on for the whole process, so a test can prove that `imref check` catches
// it (REQ-CHECK-5). Each defect is a test in the code the reference runs
// (`if (defects::on(Defect::x))`), never a copy of that code. Internal: not
// installed, not reachable from imref/*.h.
#pragma once

#include <cstddef>
#include <initializer_list>

namespace imref::defects {

// Defect names one deviation from a rule of docs/spec.md (in the comment).
enum class Defect {
  // identity (src/identity)
  identity_lenient_framing,     // REQ-ID-2: framing bytes not checked
  identity_hash_whole_blob,     // REQ-ID-5: hash of the whole blob
  identity_strip_leading_zero,  // REQ-ID-1: a 161-byte modulus with a leading zero
  keygen_foreign_identity,      // REQ-KEY-6: identity of another signing key
  // pair (src/pair)
  pair_skip_version_check,      // REQ-PAIR-7: any first byte parses
  pair_accept_trailing_bytes,   // REQ-PAIR-10: bytes after the signature ignored
  pair_skip_signature_check,    // REQ-PAIR-11
  pair_sign_sha256,             // REQ-PAIR-5: sign and verify SHA-256(body)
  pair_skip_tag_check,          // REQ-PAIR-12
  pair_tag_without_identities,  // REQ-PAIR-2: HMAC over the plaintext only
  pair_counter_from_zero,       // REQ-PAIR-3: CTR from block 00…00
  pair_ignore_given_seed,       // REQ-PAIR-1
  pair_inline_exactly_100,      // REQ-PAIR-13: refuse other splits
  pair_distinct_oaep_error,     // REQ-PAIR-14: OAEP failure as malformed_payload
  pair_oaep_label,              // REQ-PAIR-4: non-empty OAEP label both ways
  // directory (src/directory)
  dir_skip_signature_check,     // REQ-DIR-2: any signature accepted
  dir_skip_nonce_check,         // REQ-DIR-3: a seen nonce accepted again
  email_token_reusable,         // REQ-VERIFY-2: a token is not spent
  email_token_no_expiry,        // REQ-VERIFY-2: no expiry
  lookup_unverified_email,      // REQ-VERIFY-1: a pending address is found
  alert_new_device_itself,      // REQ-ALERT-2
  no_email_alert,               // REQ-ALERT-1: no alert for a new address
  removed_device_still_listed,  // REQ-DIR-6: lookups still return it
  // device (src/device)
  alerts_dropped_offline,  // REQ-ALERT-3: queued alerts dropped at connect
  // delivery (src/delivery)
  own_devices_left_out,           // REQ-DELIVERY-1: the sender's other devices get nothing
  no_long_message_fallback,       // REQ-DELIVERY-6: every message pushed inline
  relay_keeps_delivered,          // REQ-DELIVERY-3, -4: handed over, still held
  relay_never_expires,            // REQ-DELIVERY-5: queued pushes wait forever
  attachment_hash_unchecked,      // REQ-ATTACH-3: a changed blob is decrypted
  attachment_key_unprefixed,      // REQ-ATTACH-20: decryption-key without its 00 byte
  attachment_signature_unsalted,  // REQ-ATTACH-21: SHA-1(ciphertext), no salt
  attachment_counter_one,         // REQ-ATTACH-2: CTR from block 00…01
  plist_duplicate_keys,           // REQ-PLIST-22: a dict key twice, the last one kept
  envelope_token_dropped,         // REQ-ENVELOPE-22: envelope.encode leaves out t
  show_replays,                   // REQ-DELIVERY-9: a UUID seen before is shown again
  metadata_unchecked,             // REQ-DELIVERY-10: clear U and sP not checked
  // keychain (src/keychain)
  keychain_skip_mac_check,             // REQ-KEYCHAIN-5: decrypt without the tag
  keychain_accept_trailing_bytes,      // REQ-KEYCHAIN-3: bytes after the checksum ignored
  keychain_wrong_passcode_as_corrupt,  // REQ-KEYCHAIN-6: bad_passcode reads store_corrupt
  keychain_reboot_keeps_keys,          // REQ-KEYCHAIN-8: reboot forgets nothing
  keychain_lock_discards_keys,         // REQ-KEYCHAIN-8: lock forgets the items
  // pair-ec in registration and delivery (src/directory, src/device, src/delivery)
  pair_ec_expired_prekey_used,         // REQ-PAIREC-53: no age check before sealing
  pair_ec_bad_record_used,             // REQ-PAIREC-53: the record's signature not checked
  pair_ec_no_fallback,                 // REQ-PAIREC-54: no pair copy for a device without a record
  pair_ec_counter_reused,              // REQ-PAIREC-58: every copy sealed with counter 0
  pair_ec_window_advances_on_failure,  // REQ-PAIREC-60: the window moves before the push is shown
  pair_ec_old_prekeys_dropped,         // REQ-PAIREC-57: rotation deletes the old private prekeys
  dir_prekey_unchecked,                // REQ-PAIREC-51: the directory takes any prekey record
  // pair-ec (src/pair_ec)
  pair_ec_even_y,                // REQ-PAIREC-2: a compact key decodes to the even Y
  pair_ec_salt_as_info,          // REQ-PAIREC-9: HKDF salt passed as info, empty salt
  pair_ec_padding_count_be,      // REQ-PAIREC-11: u32 padding count big-endian
  pair_ec_signed_data_order,     // REQ-PAIREC-14: ephemeral X before prekey X
  pair_ec_skip_validator_check,  // REQ-PAIREC-19: the validator's key bytes not checked
  pair_ec_counter_omitted_zero,  // REQ-PAIREC-10: counter field left out when 0
  pair_ec_der_signature,         // REQ-PAIREC-14: payload signatures in DER
  prekey_timestamp_be,           // REQ-PAIREC-4: f64 timestamp big-endian in the signed bytes
  prekey_skip_age_check,         // REQ-PAIREC-7: an expired record accepted
  pair_ec_oldest_prekey_only,    // REQ-PAIREC-18: only the last (oldest) prekey tried
  pair_ec_lenient_unpad,         // REQ-PAIREC-21: n + 4 > length taken as no padding

  count  // not a defect: the number of them
};

inline constexpr size_t kDefectCount = static_cast<size_t>(Defect::count);

// on is true when |d| is switched on. A relaxed atomic load: the reference's
// hot paths pay one load per test.
bool on(Defect d) noexcept;

// set switches |d| on or off for the whole process. Only imref-shim (at
// start-up, from --bug) and tests call it.
void set(Defect d, bool enabled) noexcept;

// Scoped switches defects on for its lifetime and restores the previous state,
// for tests that run the reference with a defect in-process.
class Scoped {
 public:
  explicit Scoped(std::initializer_list<Defect> defects);
  ~Scoped();
  Scoped(const Scoped&) = delete;
  Scoped& operator=(const Scoped&) = delete;

 private:
  bool previous_[kDefectCount];
};

}  // namespace imref::defects
