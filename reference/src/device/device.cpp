// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// A client device (imref/device.h): keys in the keychain (REQ-KEYCHAIN-10),
// the signed registration (REQ-DIR-2), alerts on the relay (REQ-ALERT-3),
// sending and receiving (REQ-DELIVERY-*).
#include "imref/device.h"

#include <algorithm>

#include "imref/internal/defects.h"
#include "imref/message.h"

namespace imref {

namespace {

// Item names of a device's private keys in its keychain.
constexpr std::string_view kRsaItem = "rsa.pkcs8";
constexpr std::string_view kSigningItem = "signing.scalar";
constexpr std::string_view kEncryptionItem = "encryption.scalar";

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
                                               const keychain::KdfParams& kdf) {
  IMREF_CHECK(valid_passcode(passcode));
  IMREF_TRY(auto kc, keychain::Keychain::create(provider, disk, std::move(keychain_path), rng,
                                                passcode, kdf));
  IMREF_TRY(SecretBytes rsa, keys.rsa_pkcs8());
  IMREF_CHECK(kc.put(kRsaItem, rsa, rng));
  IMREF_CHECK(kc.put(kSigningItem, keys.signing_scalar(), rng));
  IMREF_CHECK(kc.put(kEncryptionItem, keys.encryption_scalar(), rng));
  return std::unique_ptr<Device>(new Device(provider, PushToken::random(rng), keys, std::move(kc)));
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
    keys_in_memory_ = std::move(keys);
  }
  return &*keys_in_memory_;
}

void Device::forget_keys() {
  keys_in_memory_.reset();
  if (receiver_) receiver_->forget_keys();
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

// devices_of looks |text| up and gives its devices in the directory's order:
// invalid_handle when it is no handle, as the directory's lookup says.
Result<std::vector<delivery::Device>> Device::devices_of(Network& network, std::string_view text) {
  IMREF_TRY(Handle handle, Handle::parse(text));
  IMREF_TRY(auto records, network.lookup(handle));
  std::vector<delivery::Device> out;
  for (const auto& r : records) {
    IMREF_TRY(auto identity, decode_identity(r.identity));
    out.push_back(delivery::Device{handle, std::move(identity), r.push_token});
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
    delivery::SendingDevice sender{keys->sender(), own.front().handle, push_token_};
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
  } else if (!receiver_->has_keys()) {
    receiver_->use_keys(keys->recipient());
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
