// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// A client device (imref/device.h): keys in the keychain (REQ-KEYCHAIN-10),
// the signed registration (REQ-DIR-2), alerts on the relay (REQ-ALERT-3),
// sending and receiving (REQ-DELIVERY-*).
#include "imref/device.h"

#include <algorithm>

#include "imref/internal/defects.h"
#include "imref/message.h"
#include "imref/pair_ec.h"

namespace imref {

namespace {

// Item names of a device's private keys in its keychain.
constexpr std::string_view kRsaItem = "rsa.pkcs8";
constexpr std::string_view kSigningItem = "signing.scalar";
constexpr std::string_view kEncryptionItem = "encryption.scalar";
// pair-ec (REQ-PAIREC-57): the NGM device signing key, and the prekeys,
// newest first, each its scalar (32) ‖ its record (109), in one item so a
// rotation is one atomic save.
constexpr std::string_view kNgmItem = "ngm.scalar";
constexpr std::string_view kPrekeysItem = "prekeys";
constexpr size_t kPrekeyEntryLen = 32 + pair_ec::kPrekeyRecordLen;

// A bound on the identities a device keeps decoded: a lookup answer is decoded
// once, not on every send.
constexpr size_t kMaxCachedIdentities = 256;

}  // namespace

Status Device::valid_passcode(ByteView passcode) {
  if (passcode.size() < keychain::kMinPasscodeLen || passcode.size() > keychain::kMaxPasscodeLen)
    return make_error(Errc::invalid_argument, "passcode must be 1..256 bytes");
  return ok_status();
}

Result<std::unique_ptr<Device>> Device::create(const crypto::Provider& provider, FileSystem& disk,
                                               std::string keychain_path, crypto::Rng& rng,
                                               ByteView passcode, const DeviceKeys& keys,
                                               const keychain::KdfParams& kdf,
                                               std::optional<int64_t> pair_ec_since) {
  IMREF_CHECK(valid_passcode(passcode));
  // pair-ec keys first: a key that cannot be made leaves no store behind.
  Bytes ngm_public, record;
  SecretBytes ngm_scalar, prekeys;
  if (pair_ec_since) {
    if (!keys.has_ngm())
      return make_error(Errc::invalid_argument, "pair-ec needs keys with an NGM device key");
    const crypto::EcPrivateKey& ngm = keys.ngm_signing_key();
    IMREF_TRY(auto ngm_pub, pair_ec::PublicKey::from_private(provider, ngm));
    IMREF_TRY(record, pair_ec::sign_prekey(provider, ngm, keys.encryption_key(),
                                           static_cast<double>(*pair_ec_since)));
    ngm_public = ngm_pub.x();
    ngm_scalar = ngm.scalar();
    SecretBytes first = keys.encryption_scalar();
    prekeys.insert(prekeys.end(), first.begin(), first.end());
    prekeys.insert(prekeys.end(), record.begin(), record.end());
  }
  IMREF_TRY(auto kc, keychain::Keychain::create(provider, disk, std::move(keychain_path), rng,
                                                passcode, kdf));
  IMREF_TRY(SecretBytes rsa, keys.rsa_pkcs8());
  IMREF_CHECK(kc.put(kRsaItem, rsa, rng));
  IMREF_CHECK(kc.put(kSigningItem, keys.signing_scalar(), rng));
  IMREF_CHECK(kc.put(kEncryptionItem, keys.encryption_scalar(), rng));
  if (pair_ec_since) {
    IMREF_CHECK(kc.put(kNgmItem, ngm_scalar, rng));
    IMREF_CHECK(kc.put(kPrekeysItem, prekeys, rng));
  }
  auto device =
      std::unique_ptr<Device>(new Device(provider, PushToken::random(rng), keys, std::move(kc)));
  device->ngm_public_ = std::move(ngm_public);
  device->prekey_record_ = std::move(record);
  if (pair_ec_since) IMREF_CHECK(device->load_pair_ec());
  return device;
}

Device::Device(const crypto::Provider& provider, PushToken push_token, const DeviceKeys& keys,
               keychain::Keychain keychain)
    : provider_(provider),
      push_token_(std::move(push_token)),
      identity_(keys.identity().blob()),
      encryption_public_(keys.encryption_public()),
      keychain_(std::move(keychain)),
      keys_in_memory_(keys) {}

Device::~Device() = default;

Result<const DeviceKeys*> Device::keys() {
  if (!keychain_.available()) {
    forget_keys();  // whatever was in memory goes with the keychain's items
    return make_error(Errc::locked, "the device has not been unlocked since it booted");
  }
  if (!keys_in_memory_) {
    IMREF_TRY(SecretBytes rsa, keychain_.get(kRsaItem));
    IMREF_TRY(SecretBytes signing, keychain_.get(kSigningItem));
    IMREF_TRY(SecretBytes encryption, keychain_.get(kEncryptionItem));
    IMREF_TRY(auto keys, DeviceKeys::import(provider_, rsa, signing, encryption));
    if (speaks_pair_ec()) IMREF_CHECK(load_pair_ec());
    keys_in_memory_ = std::move(keys);
  }
  return &*keys_in_memory_;
}

// load_pair_ec reads the NGM key and the prekeys from the keychain.
Status Device::load_pair_ec() {
  IMREF_TRY(SecretBytes ngm_scalar, keychain_.get(kNgmItem));
  IMREF_TRY(SecretBytes stored, keychain_.get(kPrekeysItem));
  if (stored.empty() || stored.size() % kPrekeyEntryLen != 0)
    return make_error(Errc::store_corrupt, "the prekeys item has the wrong size");
  NgmKeys keys;
  IMREF_TRY(auto ngm, pair_ec::private_from_scalar(provider_, ngm_scalar));
  keys.ngm = std::move(ngm);
  for (size_t at = 0; at < stored.size(); at += kPrekeyEntryLen) {
    const ByteView entry(stored.data() + at, kPrekeyEntryLen);
    IMREF_TRY(auto key, pair_ec::private_from_scalar(provider_, entry.subspan(0, 32)));
    IMREF_TRY(auto record, pair_ec::parse_prekey_record(entry.subspan(32)));
    keys.prekeys.push_back(
        Prekey{std::move(key), Bytes(entry.begin() + 32, entry.end()), record.timestamp});
  }
  pair_ec_ = std::move(keys);
  return ok_status();
}

delivery::PairEcKeys Device::receiver_keys() const {
  delivery::PairEcKeys out;
  out.ngm = pair_ec_->ngm;
  for (const auto& p : pair_ec_->prekeys) out.prekeys.push_back(p.key);
  return out;
}

void Device::forget_keys() {
  keys_in_memory_.reset();
  pair_ec_.reset();
  if (receiver_) receiver_->forget_keys();
}

Result<Bytes> Device::rotate_prekey(int64_t now, crypto::Rng& rng) {
  IMREF_TRY(const DeviceKeys* keys, this->keys());
  (void)keys;
  if (!speaks_pair_ec() || !pair_ec_)
    return make_error(Errc::unsupported, "the device speaks only pair");
  // A new record must be newer than the one it replaces (REQ-PAIREC-56).
  if (!pair_ec_->prekeys.empty() && !(static_cast<double>(now) > pair_ec_->prekeys[0].timestamp))
    return make_error(Errc::invalid_argument, "the clock has not passed the newest prekey record");
  IMREF_TRY(auto fresh, pair_ec::generate_compactable(provider_, rng));
  IMREF_TRY(Bytes record,
            pair_ec::sign_prekey(provider_, *pair_ec_->ngm, *fresh, static_cast<double>(now)));
  std::shared_ptr<const crypto::EcPrivateKey> key = std::move(fresh);
  std::vector<Prekey> kept{Prekey{key, record, static_cast<double>(now)}};
  // A replaced prekey is kept kPrekeyRetentionSeconds from the time it was
  // replaced: the timestamp of the record that replaced it (REQ-PAIREC-57).
  if (!defects::on(defects::Defect::pair_ec_old_prekeys_dropped)) {
    double replaced_at = static_cast<double>(now);
    for (const auto& p : pair_ec_->prekeys) {
      if (static_cast<double>(now) - replaced_at > static_cast<double>(kPrekeyRetentionSeconds))
        break;  // this one and every older one
      kept.push_back(p);
      replaced_at = p.timestamp;
    }
  }
  SecretBytes stored;
  for (const auto& p : kept) {
    SecretBytes scalar = p.key->scalar();
    stored.insert(stored.end(), scalar.begin(), scalar.end());
    stored.insert(stored.end(), p.record.begin(), p.record.end());
  }
  IMREF_CHECK(keychain_.put(kPrekeysItem, stored, rng));  // saved, or nothing changes
  pair_ec_->prekeys = std::move(kept);
  prekey_record_ = record;
  if (receiver_ && receiver_->has_keys()) receiver_->use_pair_ec(receiver_keys(), ngm_lookup_);
  return record;
}

void Device::reboot() {
  forget_keys();
  keychain_.reboot();
}

Result<directory::RegistrationRequest> Device::registration_request(const Device& subject,
                                                                    const std::string& account,
                                                                    uint64_t timestamp,
                                                                    crypto::Rng& rng) {
  IMREF_TRY(const DeviceKeys* keys, this->keys());
  directory::RegistrationRequest r;
  r.account = account;
  r.push_token = subject.push_token_.bytes();
  r.identity = subject.identity_;
  r.encryption_key = subject.encryption_public_;
  r.ngm_public = subject.ngm_public_;
  r.prekey_record = subject.prekey_record_;
  r.timestamp = timestamp;
  r.nonce.resize(directory::kNonceSize);
  rng.fill(r.nonce);
  IMREF_TRY(r.signature, keys->sender().signing->sign(crypto::Hash::sha256, crypto::SigFormat::der,
                                                      directory::registration_message(r)));
  return r;
}

// hand_over moves the alerts the directory queued for this device into it
// while it is online; |drop| discards them instead (a defect, REQ-ALERT-3).
void Device::hand_over(directory::Directory& directory, bool drop) {
  if (!online_ && !drop) return;
  auto queued = directory.read_alerts(push_token_);
  if (!queued.ok() || drop) return;  // not registered (any more): nothing queued
  for (auto& a : queued.value()) alerts_.push_back(std::move(a));
}

void Device::connect(directory::Directory& directory) {
  const bool was_offline = !online_;
  online_ = true;
  hand_over(directory, was_offline && defects::on(defects::Defect::alerts_dropped_offline));
}

void Device::disconnect(directory::Directory& directory) {
  hand_over(directory, false);  // what arrived while online stays with the device
  online_ = false;
}

std::vector<directory::Alert> Device::take_alerts(directory::Directory& directory) {
  hand_over(directory, false);
  return std::exchange(alerts_, {});
}

Result<PublicIdentity> Device::decode_identity(const Bytes& blob) {
  if (auto it = identities_.find(blob); it != identities_.end()) return it->second;
  IMREF_TRY(auto id, PublicIdentity::decode(provider_, blob));
  if (identities_.size() >= kMaxCachedIdentities) identities_.clear();
  identities_.emplace(blob, id);
  return id;
}

std::optional<pair_ec::PublicKey> Device::ngm_key_of(const Bytes& x) {
  if (auto it = ngm_keys_.find(x); it != ngm_keys_.end()) return it->second;
  auto key = pair_ec::PublicKey::from_compact(provider_, x);
  if (!key.ok()) return std::nullopt;
  if (ngm_keys_.size() >= kMaxCachedIdentities) ngm_keys_.clear();
  ngm_keys_.emplace(x, *key);
  return *key;
}

// check_pair_ec decides how |device| is sealed to (REQ-PAIREC-53, -54): with
// pair-ec when it published an NGM key and a prekey record that verifies
// under it and is not older than kPrekeyMaxAgeSeconds at |now|; else pair,
// and fallback says why. The directory is not trusted: every record is
// checked here, its signature once, its age at every send.
void Device::check_pair_ec(delivery::Device& device, const directory::DeviceRecord& r,
                           int64_t now) {
  using defects::Defect;
  if (r.ngm_public.empty() || r.prekey_record.empty()) {
    device.fallback = Errc::not_found;
    return;
  }
  Bytes key = r.ngm_public;
  key.insert(key.end(), r.prekey_record.begin(), r.prekey_record.end());
  auto it = records_.find(key);
  if (it == records_.end()) {
    CheckedRecord checked;
    auto ngm = ngm_key_of(r.ngm_public);
    if (!ngm) {
      checked.error = Errc::malformed_key;
    } else if (defects::on(Defect::pair_ec_bad_record_used)) {
      // The signature is not checked: any record whose key decodes is used.
      auto parsed = pair_ec::parse_prekey_record(r.prekey_record);
      auto prekey = parsed.ok() ? pair_ec::PublicKey::from_compact(provider_, parsed->prekey)
                                : Result<pair_ec::PublicKey>(parsed.error());
      if (prekey.ok())
        checked.target = delivery::PairEcTarget{*ngm, {*prekey, parsed->timestamp}};
      else
        checked.error = prekey.code();
    } else if (auto v = pair_ec::verify_prekey(provider_, *ngm, r.prekey_record); v.ok()) {
      checked.target = delivery::PairEcTarget{*ngm, std::move(v).value()};
    } else {
      checked.error = v.code();
    }
    if (records_.size() >= kMaxCachedIdentities) records_.clear();
    it = records_.emplace(std::move(key), std::move(checked)).first;
  }
  const CheckedRecord& c = it->second;
  if (!c.target) {
    device.fallback = c.error;
    return;
  }
  // Age: older than kPrekeyMaxAgeSeconds is expired; a future timestamp passes.
  if (static_cast<double>(now) - c.target->prekey.timestamp >
          static_cast<double>(pair_ec::kPrekeyMaxAgeSeconds) &&
      !defects::on(Defect::pair_ec_expired_prekey_used)) {
    device.fallback = Errc::expired;
    return;
  }
  device.pair_ec = c.target;
}

// devices_of looks |text| up and gives its devices in the directory's order:
// invalid_handle when it is no handle, as the directory's lookup says.
Result<std::vector<delivery::Device>> Device::devices_of(Network& network, std::string_view text) {
  IMREF_TRY(Handle handle, Handle::parse(text));
  IMREF_TRY(auto records, network.lookup(handle));
  std::vector<delivery::Device> out;
  const int64_t now = network.clock.now();
  for (const auto& r : records) {
    IMREF_TRY(auto identity, decode_identity(r.identity));
    delivery::Device device{handle, std::move(identity), r.push_token};
    check_pair_ec(device, r, now);
    // REQ-PAIREC-54 broken on purpose: a device without a valid record
    // makes the send fail instead of getting pair.
    if (device.fallback && *device.fallback != Errc::not_found &&
        defects::on(defects::Defect::pair_ec_no_fallback))
      return make_error(*device.fallback, "no valid prekey record");
    out.push_back(std::move(device));
  }
  return out;
}

Result<Sent> Device::send(const Outgoing& message, Network& network, crypto::Rng& rng) {
  if (message.to.empty()) return make_error(Errc::invalid_argument, "no recipient");
  IMREF_TRY(const DeviceKeys* keys, this->keys());  // locked: nothing is sent

  IMREF_TRY(auto own, devices_of(network, message.from));
  if (std::none_of(own.begin(), own.end(),
                   [&](const delivery::Device& o) { return o.push_token == push_token_; }))
    return make_error(Errc::invalid_argument,
                      "the device is not one of " + message.from + "'s devices");
  Message m;
  m.text = message.text;
  m.group_id = message.group_id;
  m.group_name = message.group_name;
  m.participants.push_back(message.from);
  // Every device once: a device already among the sender's or an earlier
  // recipient's is not added again (REQ-DELIVERY-1).
  std::vector<delivery::Device> recipients;
  auto known = [&](const PushToken& token) {
    auto has = [&](const delivery::Device& x) { return x.push_token == token; };
    return std::any_of(own.begin(), own.end(), has) ||
           std::any_of(recipients.begin(), recipients.end(), has);
  };
  for (const auto& handle : message.to) {
    IMREF_TRY(auto devices, devices_of(network, handle));
    for (auto& r : devices)
      if (!known(r.push_token)) recipients.push_back(std::move(r));
    if (std::find(m.participants.begin(), m.participants.end(), handle) == m.participants.end())
      m.participants.push_back(handle);
  }

  m.uuid = uuid_string(rng.bytes(16));
  std::vector<std::string> uploaded;
  auto sent = [&]() -> Result<delivery::Report> {
    for (const auto& a : message.attachments) {
      IMREF_TRY(auto ref, attachment::upload(provider_, rng, network.blobs, a.content, a.name));
      uploaded.push_back(ref.url);
      m.attachments.push_back(std::move(ref));
    }
    delivery::SendingDevice sender{keys->sender(), own.front().handle, push_token_,
                                   pair_ec_ ? pair_ec_->ngm.get() : nullptr, &counters_};
    return delivery::deliver(provider_, rng, network.relay, network.blobs, sender, recipients, own,
                             m, network.clock.now());
  }();
  if (!sent.ok()) {
    for (const auto& url : uploaded) network.blobs.erase(url);  // a refused send leaves no blob
    return sent.error();
  }
  return Sent{m.uuid, *sent};
}

void Device::deliver(const relay::Push& push) {
  pending_.push_back(push);
  handed_.push_back(push);
}

Result<Inbox> Device::receive(Network& network) {
  // Before the first unlock since boot nothing opens: the pushes wait.
  IMREF_TRY(const DeviceKeys* keys, this->keys());
  if (!receiver_) {
    // The sender's identity comes from the directory: its handle's devices,
    // the one with the push's sending token.
    auto lookup = [this, find = network.lookup](
                      std::string_view text,
                      const PushToken& token) -> std::optional<PublicIdentity> {
      auto handle = Handle::parse(text);
      if (!handle.ok()) return std::nullopt;
      auto records = find(*handle);
      if (!records.ok()) return std::nullopt;
      for (const auto& r : *records) {
        if (r.push_token != token) continue;
        auto id = decode_identity(r.identity);
        if (id.ok()) return *id;
      }
      return std::nullopt;
    };
    receiver_ =
        std::make_unique<delivery::Receiver>(provider_, keys->recipient(), lookup, network.blobs);
    // The sender's NGM key likewise: the device with the push's sending token.
    ngm_lookup_ = [this, find = network.lookup](
                      std::string_view text,
                      const PushToken& token) -> std::optional<pair_ec::PublicKey> {
      auto handle = Handle::parse(text);
      if (!handle.ok()) return std::nullopt;
      auto records = find(*handle);
      if (!records.ok()) return std::nullopt;
      for (const auto& r : *records)
        if (r.push_token == token && !r.ngm_public.empty()) return ngm_key_of(r.ngm_public);
      return std::nullopt;
    };
    if (pair_ec_) receiver_->use_pair_ec(receiver_keys(), ngm_lookup_);
  } else if (!receiver_->has_keys()) {
    receiver_->use_keys(keys->recipient());
    if (pair_ec_) receiver_->use_pair_ec(receiver_keys(), ngm_lookup_);
  }
  Inbox inbox;
  while (!pending_.empty()) {
    relay::Push p = std::move(pending_.front());
    pending_.pop_front();
    auto r = receiver_->receive(p);
    if (r.outcome == delivery::Received::Outcome::shown)
      inbox.shown.push_back(std::move(*r.shown));
    else if (r.outcome == delivery::Received::Outcome::duplicate)
      ++inbox.duplicates;
    else
      inbox.failures.push_back(*r.error);
  }
  return inbox;
}

}  // namespace imref
