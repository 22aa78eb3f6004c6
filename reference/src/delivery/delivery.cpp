// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// deliver and receive (REQ-DELIVERY-1, -2, -7..-10).
#include "imref/delivery.h"

#include <algorithm>

#include "imref/internal/defects.h"
#include "imref/pair.h"
#include "imref/pair_ec.h"

namespace imref::delivery {
namespace {

using defects::Defect;

Error malformed(std::string detail) {
  return make_error(Errc::malformed_message, std::move(detail));
}

// encode_secret is encode_message with the result in SecretBytes: the
// encoded message is plaintext (REQ-MESSAGE-9).
Result<SecretBytes> encode_secret(const Message& message) {
  IMREF_TRY(Bytes encoded, encode_message(message));
  SecretBytes out = to_secret(encoded);
  secure_wipe(encoded.data(), encoded.size());
  return out;
}

// bound is the largest payload |len| bytes seal to in either mode.
size_t bound(size_t len) {
  return std::max(payload_bound(len), pair_ec_payload_bound(len));
}

}  // namespace

Result<Report> deliver(const crypto::Provider& provider, crypto::Rng& rng, relay::Relay& relay,
                       attachment::BlobStore& blobs, const SendingDevice& sender,
                       std::span<const Device> recipients, std::span<const Device> own_devices,
                       const Message& message, int64_t timestamp) {
  Report report;
  IMREF_TRY(Bytes uuid, uuid_bytes(message.uuid));
  IMREF_TRY(SecretBytes encoded, encode_secret(message));
  if (defects::on(Defect::own_devices_left_out)) own_devices = {};
  if (bound(encoded.size()) > relay.limit() && !defects::on(Defect::no_long_message_fallback)) {
    // Too large for a push: the whole encoded message becomes an attachment
    // and every device gets a short pointer to it (REQ-DELIVERY-6).
    IMREF_TRY(AttachmentRef ref,
              attachment::upload(provider, rng, blobs, encoded, std::string(kLongMessageName)));
    Message pointer;
    pointer.participants = message.participants;
    pointer.uuid = message.uuid;
    pointer.group_id = message.group_id;
    pointer.group_name = message.group_name;
    pointer.attachments.push_back(std::move(ref));
    IMREF_TRY(encoded, encode_secret(pointer));
    if (bound(encoded.size()) > relay.limit()) {
      blobs.erase(pointer.attachments[0].url);  // a refusal leaves nothing behind
      return make_error(Errc::too_large, "even the pointer message is over the relay's limit");
    }
    report.via_attachment = true;
  }

  // The same order as pair::seal_for_devices: recipients, then own devices
  // but the sending one. Every copy is sealed before any is pushed.
  std::vector<const Device*> targets;
  for (const auto& d : recipients) targets.push_back(&d);
  for (const auto& d : own_devices)
    if (!(d.identity == sender.keys.identity)) targets.push_back(&d);
  std::vector<Bytes> payloads;
  for (const Device* d : targets) {
    Copy copy{d->push_token, relay::Encryption::pair, d->fallback};
    if (d->pair_ec && sender.ngm) {
      // REQ-PAIREC-58: a counter per destination device, from 0.
      uint32_t counter = 0;
      if (sender.counters && !defects::on(Defect::pair_ec_counter_reused))
        counter = (*sender.counters)[d->push_token]++;
      IMREF_TRY(Bytes payload, pair_ec::seal(provider, rng, *sender.ngm, d->pair_ec->device,
                                             d->pair_ec->prekey, encoded, counter));
      payloads.push_back(std::move(payload));
      copy.encryption = relay::Encryption::pair_ec;
      copy.fallback.reset();
    } else {
      IMREF_TRY(Bytes payload, pair::seal(provider, rng, sender.keys, d->identity, encoded));
      payloads.push_back(std::move(payload));
      if (!copy.fallback) copy.fallback = Errc::not_found;  // the sender has no NGM key
    }
    report.copies.push_back(std::move(copy));
  }
  for (size_t i = 0; i < payloads.size(); ++i) {
    IMREF_CHECK(relay.push(relay::Push{.token = targets[i]->push_token,
                                       .sender_token = sender.push_token,
                                       .sender = sender.handle.str(),
                                       .timestamp = timestamp,
                                       .message_uuid = uuid,
                                       .encryption = report.copies[i].encryption,
                                       .payload = std::move(payloads[i])}));
    ++report.pushes;
  }
  return report;
}

bool Receiver::Window::contains(uint32_t counter) const {
  if (seen == 0 || counter > top) return false;
  const uint32_t behind = top - counter;
  return behind >= kReplayWindow || ((seen >> behind) & 1) != 0;
}

void Receiver::Window::mark(uint32_t counter) {
  if (seen == 0) {
    top = counter;
    seen = 1;
  } else if (counter > top) {
    const uint32_t ahead = counter - top;
    seen = ahead >= kReplayWindow ? 1 : (seen << ahead) | 1;
    top = counter;
  } else if (top - counter < kReplayWindow) {
    seen |= uint64_t{1} << (top - counter);
  }
}

Receiver::Receiver(const crypto::Provider& provider, RecipientKeys keys, SenderLookup lookup,
                   const attachment::BlobStore& blobs)
    : provider_(provider), keys_(std::move(keys)), lookup_(std::move(lookup)), blobs_(blobs) {}

// open_pair_ec opens a pair-ec push (REQ-PAIREC-55): the sender's NGM key
// from the directory, the device's prekeys newest first; then the replay
// window of that sender and prekey (REQ-PAIREC-59), read, not changed.
Result<SecretBytes> Receiver::open_pair_ec(const relay::Push& push, Opened& out) {
  if (!pair_ec_keys_ || !pair_ec_keys_->ngm || !ngm_lookup_)
    return make_error(Errc::unsupported, "this device has no pair-ec keys");
  auto sender = ngm_lookup_(push.sender, push.sender_token);
  if (!sender) return make_error(Errc::not_found, "the sending device has no NGM key");
  std::vector<const crypto::EcPrivateKey*> prekeys;
  for (const auto& k : pair_ec_keys_->prekeys) prekeys.push_back(k.get());
  IMREF_TRY(auto opened,
            pair_ec::open(provider_, *pair_ec_keys_->ngm, prekeys, *sender, push.payload));
  IMREF_TRY(auto prekey,
            pair_ec::PublicKey::from_private(provider_, *prekeys[opened.prekey_index]));
  Bytes key = sender->x();
  key.insert(key.end(), prekey.x().begin(), prekey.x().end());
  auto it = windows_.find(key);
  out.replayed = it != windows_.end() && it->second.contains(opened.counter);
  out.replay = std::make_pair(std::move(key), opened.counter);
  if (defects::on(Defect::pair_ec_window_advances_on_failure) && !out.replayed)
    windows_[out.replay->first].mark(opened.counter);
  return std::move(opened.message);
}

Result<Receiver::Opened> Receiver::open(const relay::Push& push) {
  Opened out;
  auto sender = lookup_(push.sender, push.sender_token);
  if (!sender) return make_error(Errc::not_found, "no such sending device");
  // Signature (and tag) first: nothing is decompressed before the open.
  SecretBytes plain;
  if (push.encryption == relay::Encryption::pair_ec) {
    IMREF_TRY(plain, open_pair_ec(push, out));
    if (out.replayed && !defects::on(Defect::show_replays)) return out;  // nothing decoded
  } else {
    IMREF_TRY(plain, pair::open(provider_, *keys_, *sender, push.payload));
  }
  IMREF_TRY(Message m, decode_message(plain));
  if (m.attachments.size() == 1 && m.attachments[0].name == kLongMessageName && m.text.empty()) {
    IMREF_TRY(SecretBytes body, attachment::fetch(provider_, blobs_, m.attachments[0]));
    IMREF_TRY(Message full, decode_message(body));
    if (full.uuid != m.uuid) return malformed("long message UUID differs from its pointer's");
    m = std::move(full);
  }
  // The clear metadata must agree with what the sender sealed.
  if (defects::on(Defect::metadata_unchecked)) {
    out.shown = Shown{push.sender, push.timestamp, std::move(m)};
    return out;
  }
  IMREF_TRY(Bytes uuid, uuid_bytes(m.uuid));
  if (uuid != push.message_uuid) return malformed("U differs from the sealed UUID");
  if (std::find(m.participants.begin(), m.participants.end(), push.sender) == m.participants.end())
    return malformed("sender is not a participant");
  out.shown = Shown{push.sender, push.timestamp, std::move(m)};
  return out;
}

Received Receiver::receive(const relay::Push& push) {
  Received r;
  if (!keys_) {
    r.error = Errc::locked;
    return r;
  }
  auto opened = open(push);
  if (!opened.ok()) {
    r.outcome = Received::Outcome::failed;
    r.error = opened.code();
    failures_.push_back(opened.code());
    return r;
  }
  // A pair-ec counter inside its sender's window, or a UUID shown before:
  // a duplicate, and nothing changes (REQ-PAIREC-59, REQ-DELIVERY-9).
  if (opened->replayed && !defects::on(Defect::show_replays)) {
    r.outcome = Received::Outcome::duplicate;
    return r;
  }
  Shown& shown = opened->shown;
  if (!seen_.insert(shown.message.uuid).second && !defects::on(Defect::show_replays)) {
    r.outcome = Received::Outcome::duplicate;
    return r;
  }
  // Only a push that is shown moves its window (REQ-PAIREC-60).
  if (opened->replay) windows_[opened->replay->first].mark(opened->replay->second);
  r.outcome = Received::Outcome::shown;
  inbox_.push_back(shown);
  r.shown = std::move(shown);
  return r;
}

}  // namespace imref::delivery
