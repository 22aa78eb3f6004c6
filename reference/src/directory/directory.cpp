// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/directory.h"

#include <algorithm>
#include <cctype>

#include "imref/identity.h"
#include "imref/internal/defects.h"
#include "imref/pair_ec.h"

namespace imref::directory {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void put_u64be(Bytes& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

bool valid_phone(std::string_view h) {
  if (h.size() < 9 || h.size() > 16 || h[0] != '+' || h[1] == '0') return false;
  return std::all_of(h.begin() + 1, h.end(), is_digit);
}

bool valid_email(std::string_view h) {
  if (h.size() > 254) return false;
  const size_t at = h.find('@');
  if (at == std::string_view::npos || h.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = h.substr(0, at), domain = h.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') {
    return false;
  }
  for (char c : local) {
    if (!is_alnum(c) && std::string_view("._%+-").find(c) == std::string_view::npos) return false;
  }
  size_t labels = 0, start = 0;
  while (true) {
    const size_t dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!is_alnum(c) && c != '-') return false;
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

using defects::Defect;

std::string_view alert_kind_name(AlertKind kind) {
  switch (kind) {
    case AlertKind::device:
      return "device";
    case AlertKind::phone:
      return "phone";
    case AlertKind::email:
      return "email";
  }
  return "device";  // unreachable: every kind is named above
}

Directory::Directory(const crypto::Provider& provider, crypto::Rng& rng, const Clock& clock)
    : provider_(provider), rng_(rng), clock_(clock) {}

Bytes registration_message(const RegistrationRequest& r) {
  // v2 covers the pair-ec keys too: a request cannot have them swapped.
  const bool v2 = !r.ngm_public.empty() || !r.prekey_record.empty();
  const std::string_view label = v2 ? "imref-register-v2" : "imref-register-v1";
  Bytes m(label.begin(), label.end());
  m.push_back(static_cast<uint8_t>(r.account.size() >> 8));
  m.push_back(static_cast<uint8_t>(r.account.size()));
  m.insert(m.end(), r.account.begin(), r.account.end());
  m.insert(m.end(), r.push_token.begin(), r.push_token.end());
  m.insert(m.end(), r.identity.begin(), r.identity.end());
  m.insert(m.end(), r.encryption_key.begin(), r.encryption_key.end());
  put_u64be(m, r.timestamp);
  m.insert(m.end(), r.nonce.begin(), r.nonce.end());
  if (v2) {
    m.insert(m.end(), r.ngm_public.begin(), r.ngm_public.end());
    m.insert(m.end(), r.prekey_record.begin(), r.prekey_record.end());
  }
  return m;
}

// check_prekey: the NGM key decodes and the record verifies under it, not
// expired by the directory's clock (REQ-PAIREC-51).
Status Directory::check_prekey(ByteView ngm_public, ByteView record) const {
  IMREF_TRY(auto device, pair_ec::PublicKey::from_compact(provider_, ngm_public));
  if (defects::on(Defect::dir_prekey_unchecked)) return ok_status();
  IMREF_TRY(auto verified, pair_ec::verify_prekey(provider_, device, record, clock_.now()));
  (void)verified;
  return ok_status();
}

DeviceRecord* Directory::find_device(ByteView push_token) {
  for (auto& [name, account] : accounts_) {
    for (auto& d : account.devices) {
      const ByteView token = d.push_token;
      if (std::equal(token.begin(), token.end(), push_token.begin(), push_token.end())) return &d;
    }
  }
  return nullptr;
}

Status Directory::publish_prekey(ByteView push_token, ByteView record) {
  DeviceRecord* d = find_device(push_token);
  if (!d) return make_error(Errc::not_found, "no such device");
  if (d->ngm_public.empty()) return make_error(Errc::unsupported, "the device has no NGM key");
  IMREF_TRY(auto device, pair_ec::PublicKey::from_compact(provider_, d->ngm_public));
  IMREF_TRY(auto fresh, pair_ec::verify_prekey(provider_, device, record, clock_.now()));
  // The stored record verified when it was stored; an operator's overwrite
  // may not parse, and then any valid record replaces it.
  if (auto old = pair_ec::parse_prekey_record(d->prekey_record);
      old.ok() && !(fresh.timestamp > old->timestamp))
    return make_error(Errc::replayed_request, "not newer than the published prekey record");
  d->prekey_record.assign(record.begin(), record.end());
  return ok_status();
}

Status Directory::overwrite_prekey(ByteView push_token, Bytes record) {
  DeviceRecord* d = find_device(push_token);
  if (!d) return make_error(Errc::not_found, "no such device");
  d->prekey_record = std::move(record);
  return ok_status();
}

bool Carrier::attests(const std::string& sim, const std::string& phone) const {
  auto it = sims_.find(sim);
  return it != sims_.end() && it->second == phone;
}

Status Directory::create_account(const imref::Account& account) {
  if (accounts_.count(account.str())) return make_error(Errc::duplicate, "account exists");
  accounts_[account.str()];
  return ok_status();
}

Status Directory::register_device(const RegistrationRequest& r) {
  // Sizes first: every field has a fixed size or a limit (too_large).
  if (r.account.size() > kMaxAccountLength || r.push_token.size() != kPushTokenSize ||
      r.nonce.size() != kNonceSize || r.encryption_key.size() != 65 || r.signature.size() > 72 ||
      (!r.ngm_public.empty() && r.ngm_public.size() != pair_ec::kCompactLen) ||
      (!r.prekey_record.empty() && r.prekey_record.size() != pair_ec::kPrekeyRecordLen)) {
    return make_error(Errc::too_large, "a registration field has the wrong size");
  }
  if (r.ngm_public.empty() != r.prekey_record.empty())
    return make_error(Errc::malformed_prekey, "an NGM key without a prekey record, or the reverse");
  auto acct = accounts_.find(r.account);
  if (acct == accounts_.end()) return make_error(Errc::unknown_account, r.account);
  IMREF_TRY(auto identity, PublicIdentity::decode(provider_, r.identity));
  IMREF_TRY(auto enc, provider_.ec_public_from_point(r.encryption_key));
  (void)enc;
  if (!r.ngm_public.empty()) IMREF_CHECK(check_prekey(r.ngm_public, r.prekey_record));
  // Proof of possession: the identity's own signing key signed the request.
  if (!defects::on(Defect::dir_skip_signature_check) &&
      !identity.signing_key()
           .verify(crypto::Hash::sha256, crypto::SigFormat::der, registration_message(r),
                   r.signature)
           .ok()) {
    return make_error(Errc::bad_signature, "registration signature does not verify");
  }
  const auto now = static_cast<uint64_t>(clock_.now());
  const uint64_t skew = now > r.timestamp ? now - r.timestamp : r.timestamp - now;
  if (skew > kRequestWindowSeconds ||
      (seen_nonces_.count(r.nonce) && !defects::on(Defect::dir_skip_nonce_check))) {
    return make_error(Errc::replayed_request, "stale timestamp or nonce seen before");
  }
  if (mailboxes_.count(r.push_token)) return make_error(Errc::duplicate, "push token in use");
  // Every check passed: change state.
  seen_nonces_.insert(r.nonce);
  alert_all(acct->second, Alert{AlertKind::device, to_hex(r.push_token)},
            defects::on(Defect::alert_new_device_itself) ? ByteView{} : ByteView(r.push_token));
  acct->second.devices.push_back(DeviceRecord{r.identity, r.encryption_key,
                                              PushToken::from(r.push_token).value(), r.ngm_public,
                                              r.prekey_record});
  mailboxes_[r.push_token];
  if (defects::on(Defect::alert_new_device_itself))
    mailboxes_[r.push_token].push_back(Alert{AlertKind::device, to_hex(r.push_token)});
  return ok_status();
}

void Directory::alert_all(Account& account, const Alert& alert, ByteView except) {
  for (const auto& d : account.devices) {
    if (const ByteView token = d.push_token;
        std::equal(token.begin(), token.end(), except.begin(), except.end())) {
      continue;
    }
    mailboxes_[d.push_token.bytes()].push_back(alert);
  }
}

Status Directory::claim_handle(const std::string& account, const std::string& handle) {
  auto owner = handle_owner_.find(handle);
  if (owner != handle_owner_.end()) {
    return make_error(Errc::duplicate, "handle already verified for an account");
  }
  handle_owner_[handle] = account;
  auto& acct = accounts_.at(account);
  acct.verified.insert(handle);
  const bool phone = valid_phone(handle);
  if (phone || !defects::on(Defect::no_email_alert))
    alert_all(acct, Alert{phone ? AlertKind::phone : AlertKind::email, handle}, {});
  return ok_status();
}

Status Directory::add_email(const std::string& account, const std::string& email) {
  if (!valid_email(email)) return make_error(Errc::invalid_handle, "not an email address");
  if (!accounts_.count(account)) return make_error(Errc::unknown_account, account);
  if (handle_owner_.count(email)) return make_error(Errc::duplicate, "address already verified");
  Bytes token(kEmailTokenSize);
  rng_.fill(token);
  const std::string hex = to_hex(token);
  pending_[hex] = PendingEmail{account, email,
                               static_cast<uint64_t>(clock_.now()) + kEmailTokenLifetimeSeconds};
  outbox_[email].push_back(hex);
  return ok_status();
}

std::vector<std::string> Directory::read_email(const std::string& email) {
  auto it = outbox_.find(email);
  if (it == outbox_.end()) return {};
  auto out = std::move(it->second);
  outbox_.erase(it);
  return out;
}

Status Directory::confirm_email(const std::string& account, const std::string& token_hex) {
  if (!accounts_.count(account)) return make_error(Errc::unknown_account, account);
  auto it = pending_.find(token_hex);
  // One code for unknown, used, expired and wrong-account tokens.
  if (it == pending_.end() || it->second.account != account ||
      (static_cast<uint64_t>(clock_.now()) >= it->second.expires &&
       !defects::on(Defect::email_token_no_expiry))) {
    return make_error(Errc::bad_token, "confirmation token refused");
  }
  IMREF_CHECK(claim_handle(account, it->second.email));
  if (!defects::on(Defect::email_token_reusable)) pending_.erase(it);
  return ok_status();
}

Status Directory::add_phone(const std::string& account, const std::string& phone,
                            const Carrier& carrier, const std::string& sim, bool sms_consent) {
  if (!valid_phone(phone)) return make_error(Errc::invalid_handle, "not an E.164 number");
  if (!accounts_.count(account)) return make_error(Errc::unknown_account, account);
  if (!carrier.zero_rated() && !sms_consent) {
    return make_error(Errc::consent_required, "SMS is not zero-rated: user consent needed");
  }
  if (!carrier.attests(sim, phone)) {
    return make_error(Errc::not_attested, "carrier does not attest this number for this SIM");
  }
  return claim_handle(account, phone);
}

Result<std::vector<DeviceRecord>> Directory::lookup(const Handle& h) const {
  const std::string& handle = h.str();
  auto owner = handle_owner_.find(handle);
  if (owner == handle_owner_.end() && defects::on(Defect::lookup_unverified_email)) {
    for (const auto& [token, p] : pending_) {
      if (p.email == handle) return accounts_.at(p.account).devices;
    }
  }
  if (owner == handle_owner_.end()) return make_error(Errc::unknown_handle, handle);
  return accounts_.at(owner->second).devices;
}

Status Directory::remove_device(const std::string& account, ByteView push_token) {
  auto acct = accounts_.find(account);
  if (acct == accounts_.end()) return make_error(Errc::unknown_account, account);
  auto& devices = acct->second.devices;
  auto it = std::find_if(devices.begin(), devices.end(), [&](const DeviceRecord& d) {
    const ByteView token = d.push_token;
    return std::equal(token.begin(), token.end(), push_token.begin(), push_token.end());
  });
  if (it == devices.end()) return make_error(Errc::not_found, "no such device on the account");
  mailboxes_.erase(it->push_token.bytes());
  if (!defects::on(Defect::removed_device_still_listed)) devices.erase(it);
  return ok_status();
}

Status Directory::remove_handle(const std::string& account, const std::string& handle) {
  auto acct = accounts_.find(account);
  if (acct == accounts_.end()) return make_error(Errc::unknown_account, account);
  if (!acct->second.verified.erase(handle)) return make_error(Errc::unknown_handle, handle);
  handle_owner_.erase(handle);
  return ok_status();
}

Result<std::vector<Alert>> Directory::read_alerts(ByteView push_token) {
  auto it = mailboxes_.find(Bytes(push_token.begin(), push_token.end()));
  if (it == mailboxes_.end()) return make_error(Errc::not_found, "no such device");
  auto out = std::move(it->second);
  it->second.clear();
  return out;
}

}  // namespace imref::directory
