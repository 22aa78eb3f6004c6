// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// deliver and receive (REQ-DELIVERY-1, -2, -7..-10).
#include "imref/delivery.h"

#include <algorithm>

#include "imref/internal/defects.h"
#include "imref/pair.h"

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

}  // namespace

Result<Report> deliver(const crypto::Provider& provider, crypto::Rng& rng, relay::Relay& relay,
                       attachment::BlobStore& blobs, const SendingDevice& sender,
                       std::span<const Device> recipients, std::span<const Device> own_devices,
                       const Message& message, int64_t timestamp) {
  Report report;
  IMREF_TRY(Bytes uuid, uuid_bytes(message.uuid));
  IMREF_TRY(SecretBytes encoded, encode_secret(message));
  if (defects::on(Defect::own_devices_left_out)) own_devices = {};
  if (payload_bound(encoded.size()) > relay.limit() &&
      !defects::on(Defect::no_long_message_fallback)) {
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
    if (payload_bound(encoded.size()) > relay.limit()) {
      blobs.erase(pointer.attachments[0].url);  // a refusal leaves nothing behind
      return make_error(Errc::too_large, "even the pointer message is over the relay's limit");
    }
    report.via_attachment = true;
  }

  // The same order as seal_for_devices: recipients, then own devices but
  // the sending one.
  std::vector<PublicIdentity> recipient_ids, own_ids;
  std::vector<const Device*> targets;
  for (const auto& d : recipients) {
    recipient_ids.push_back(d.identity);
    targets.push_back(&d);
  }
  for (const auto& d : own_devices) {
    own_ids.push_back(d.identity);
    if (!(d.identity == sender.keys.identity)) targets.push_back(&d);
  }
  IMREF_TRY(auto copies,
            pair::seal_for_devices(provider, rng, sender.keys, recipient_ids, own_ids, encoded));
  if (copies.size() != targets.size())
    return make_error(Errc::crypto_failure, "fan-out does not line up with the devices");
  for (size_t i = 0; i < copies.size(); ++i) {
    IMREF_CHECK(relay.push(relay::Push{.token = targets[i]->push_token,
                                       .sender_token = sender.push_token,
                                       .sender = sender.handle.str(),
                                       .timestamp = timestamp,
                                       .message_uuid = uuid,
                                       .payload = std::move(copies[i].payload)}));
    ++report.pushes;
  }
  return report;
}

Receiver::Receiver(const crypto::Provider& provider, RecipientKeys keys, SenderLookup lookup,
                   const attachment::BlobStore& blobs)
    : provider_(provider), keys_(std::move(keys)), lookup_(std::move(lookup)), blobs_(blobs) {}

Result<Shown> Receiver::open(const relay::Push& push) const {
  auto sender = lookup_(push.sender, push.sender_token);
  if (!sender) return make_error(Errc::not_found, "no such sending device");
  if (push.encryption != relay::Encryption::pair)
    return make_error(Errc::unsupported, "not a pair payload");
  // Tag first: nothing is decompressed before pair::open has checked it.
  IMREF_TRY(SecretBytes plain, pair::open(provider_, *keys_, *sender, push.payload));
  IMREF_TRY(Message m, decode_message(plain));
  if (m.attachments.size() == 1 && m.attachments[0].name == kLongMessageName && m.text.empty()) {
    IMREF_TRY(SecretBytes body, attachment::fetch(provider_, blobs_, m.attachments[0]));
    IMREF_TRY(Message full, decode_message(body));
    if (full.uuid != m.uuid) return malformed("long message UUID differs from its pointer's");
    m = std::move(full);
  }
  // The clear metadata must agree with what the sender sealed.
  if (defects::on(Defect::metadata_unchecked))
    return Shown{push.sender, push.timestamp, std::move(m)};
  IMREF_TRY(Bytes uuid, uuid_bytes(m.uuid));
  if (uuid != push.message_uuid) return malformed("U differs from the sealed UUID");
  if (std::find(m.participants.begin(), m.participants.end(), push.sender) == m.participants.end())
    return malformed("sender is not a participant");
  return Shown{push.sender, push.timestamp, std::move(m)};
}

Received Receiver::receive(const relay::Push& push) {
  Received r;
  if (!keys_) {
    r.error = Errc::locked;
    return r;
  }
  auto shown = open(push);
  if (!shown.ok()) {
    r.outcome = Received::Outcome::failed;
    r.error = shown.code();
    failures_.push_back(shown.code());
    return r;
  }
  if (!seen_.insert(shown->message.uuid).second && !defects::on(Defect::show_replays)) {
    r.outcome = Received::Outcome::duplicate;
    return r;
  }
  r.outcome = Received::Outcome::shown;
  inbox_.push_back(*shown);
  r.shown = std::move(shown).value();
  return r;
}

}  // namespace imref::delivery
