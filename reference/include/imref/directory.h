// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The key directory (IDS): accounts own handles (E.164 phone numbers, email
// addresses) and devices (v2 identity, EC encryption public key, push token).
// Devices register with proof of possession; handles become visible to lookup
// only once verified; every device already on an account is alerted, through
// its mailbox on the push relay, when a device or handle is added. Time comes
// from an injected Clock. Every refused call leaves the directory unchanged.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "imref/bytes.h"
#include "imref/clock.h"
#include "imref/crypto/provider.h"
#include "imref/crypto/rng.h"
#include "imref/names.h"
#include "imref/result.h"

namespace imref::directory {

// Limits and windows (docs/spec.md §9).
inline constexpr size_t kMaxAccountLength = Account::kMaxLength;
inline constexpr size_t kPushTokenSize = PushToken::kSize;
inline constexpr size_t kNonceSize = 16;
inline constexpr uint64_t kRequestWindowSeconds = 300;          // |now - timestamp| <= 5 min
inline constexpr uint64_t kEmailTokenLifetimeSeconds = 86'400;  // 24 h
inline constexpr size_t kEmailTokenSize = 16;                   // 128 random bits

// valid_phone: E.164, '+' then 8..15 digits, first digit not '0'.
bool valid_phone(std::string_view handle);
// valid_email: local@domain, ASCII, <= 254 bytes, local <= 64 of
// [A-Za-z0-9._%+-] not starting or ending with '.', domain of >= 2
// dot-separated labels of [A-Za-z0-9-] not starting or ending with '-'.
bool valid_email(std::string_view handle);

// RegistrationRequest is what a device sends to register itself.
struct RegistrationRequest {
  std::string account;
  Bytes push_token;      // 32 bytes
  Bytes identity;        // 249-byte v2 identity blob
  Bytes encryption_key;  // 65-byte uncompressed P-256 point
  uint64_t timestamp = 0;
  Bytes nonce;      // 16 bytes
  Bytes signature;  // ECDSA P-256 SHA-256, DER, by the identity's signing key
  // pair-ec (REQ-PAIREC-50): the NGM device key (compact X, 32 bytes) and
  // the signed prekey record (109 bytes); both empty for a device that
  // speaks only pair.
  Bytes ngm_public;
  Bytes prekey_record;
};

// registration_message returns the signed bytes:
//   "imref-register-v1" ‖ u16be(len account) ‖ account ‖ push token (32)
//   ‖ identity (249) ‖ encryption key (65) ‖ u64be(timestamp) ‖ nonce (16)
// and, for a request with an NGM key and prekey record, "imref-register-v2"
// and the same fields followed by NGM key X (32) ‖ prekey record (109).
Bytes registration_message(const RegistrationRequest& request);

struct DeviceRecord {
  Bytes identity;
  Bytes encryption_key;
  PushToken push_token;
  Bytes ngm_public;     // compact X, or empty (REQ-PAIREC-52)
  Bytes prekey_record;  // the newest published record, or empty
  bool operator==(const DeviceRecord&) const = default;
};

// AlertKind is what was added to an account: a device, a phone number or an
// email address.
enum class AlertKind { device, phone, email };
// alert_kind_name is the kind's name on the wire of the shim: "device",
// "phone" or "email".
std::string_view alert_kind_name(AlertKind kind);

// Alert is what an existing device is told: what is the push token in hex
// for a device, else the handle.
struct Alert {
  AlertKind kind = AlertKind::device;
  std::string what;
  bool operator==(const Alert&) const = default;
};

// Carrier attests phone numbers for SIMs it has issued. A carrier that is not
// zero-rated needs the user's consent before it sends the verification SMS.
class Carrier {
 public:
  explicit Carrier(bool zero_rated = true) : zero_rated_(zero_rated) {}
  void issue_sim(const std::string& sim, const std::string& phone) { sims_[sim] = phone; }
  bool zero_rated() const { return zero_rated_; }
  // attests is true when |sim| is a SIM of this carrier for |phone|.
  bool attests(const std::string& sim, const std::string& phone) const;

 private:
  bool zero_rated_;
  std::map<std::string, std::string> sims_;
};

class Directory {
 public:
  Directory(const crypto::Provider& provider, crypto::Rng& rng, const Clock& clock);

  Status create_account(const imref::Account& account);

  // register_device checks fields, the account, the signature, the request
  // window and nonce, and push-token uniqueness, then adds the device and
  // alerts every device already on the account.
  Status register_device(const RegistrationRequest& request);

  // add_email records an unverified address and mails a confirmation token
  // to it (read with read_email).
  Status add_email(const std::string& account, const std::string& email);
  // read_email returns and clears the tokens mailed to |email| (hex).
  std::vector<std::string> read_email(const std::string& email);
  Status confirm_email(const std::string& account, const std::string& token_hex);

  // add_phone verifies |phone| for |account| through |carrier| and |sim|.
  // sms_consent is required when the carrier is not zero-rated.
  Status add_phone(const std::string& account, const std::string& phone, const Carrier& carrier,
                   const std::string& sim, bool sms_consent);

  Result<std::vector<DeviceRecord>> lookup(const Handle& handle) const;

  // publish_prekey replaces the prekey record of the device with |push_token|
  // by |record| (REQ-PAIREC-56): it must verify under the NGM key the device
  // registered (malformed_prekey, bad_signature, expired) and be newer than
  // the record it replaces (replayed_request). not_found for an unknown
  // token, unsupported for a device that registered no NGM key.
  Status publish_prekey(ByteView push_token, ByteView record);

  // overwrite_prekey is the operator's (or an attacker's) write: the stored
  // record of |push_token| becomes |record|, unchecked. Senders must not
  // trust what a lookup returns (REQ-PAIREC-53); tests and the shim's
  // `dir.tamper_prekey` use it. not_found for an unknown token.
  Status overwrite_prekey(ByteView push_token, Bytes record);

  Status remove_device(const std::string& account, ByteView push_token);
  Status remove_handle(const std::string& account, const std::string& handle);

  // read_alerts returns and clears the queued alerts of a device.
  Result<std::vector<Alert>> read_alerts(ByteView push_token);

 private:
  struct Account {
    std::vector<DeviceRecord> devices;
    std::set<std::string> verified;
  };
  struct PendingEmail {
    std::string account;
    std::string email;
    uint64_t expires = 0;
  };
  void alert_all(Account& account, const Alert& alert, ByteView except);
  DeviceRecord* find_device(ByteView push_token);
  Status check_prekey(ByteView ngm_public, ByteView record) const;
  Status claim_handle(const std::string& account, const std::string& handle);

  const crypto::Provider& provider_;
  crypto::Rng& rng_;
  const Clock& clock_;
  std::map<std::string, Account> accounts_;
  std::map<std::string, std::string> handle_owner_;  // verified handle -> account
  std::map<Bytes, std::vector<Alert>> mailboxes_;    // push token -> queued alerts
  std::set<Bytes> seen_nonces_;
  std::map<std::string, PendingEmail> pending_;             // token hex -> pending address
  std::map<std::string, std::vector<std::string>> outbox_;  // email -> tokens
};

}  // namespace imref::directory
