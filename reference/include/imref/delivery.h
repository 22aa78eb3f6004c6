// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Sending and receiving one message (docs/spec.md REQ-DELIVERY-*):
//
//   deliver: encode the message (gzip bplist), seal it once per device
//            (every recipient device, then the sender's own other devices),
//            push each payload with clear metadata beside it. A message
//            whose payload would exceed the relay's limit goes to the blob
//            store as a long-message attachment and the pushes carry a
//            short message that points to it.
//   receive: find the sender's device, open (tag checked), only then
//            decompress and decode, fetch a long body, check the clear
//            metadata against the sealed message, show each UUID once.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "imref/attachment.h"
#include "imref/crypto/provider.h"
#include "imref/device_keys.h"
#include "imref/identity.h"
#include "imref/message.h"
#include "imref/names.h"
#include "imref/relay.h"
#include "imref/result.h"

namespace imref::delivery {

// kLongMessageName names the attachment that holds a whole encoded message
// too large for a push; a message that carries only it is a pointer.
inline constexpr std::string_view kLongMessageName = "imref-long-message.bplist.gz";

// Device is what the directory says about one device of a handle.
struct Device {
  Handle handle;
  PublicIdentity identity;
  PushToken push_token;
};

// SendingDevice is the device that sends: its keys, handle and push token.
struct SendingDevice {
  SenderKeys keys;
  Handle handle;
  PushToken push_token;
};

// payload_bound is the largest pair payload a plaintext of |plaintext_len|
// bytes seals to (the DER signature is at most 72 bytes).
inline constexpr size_t payload_bound(size_t plaintext_len) {
  return 3 + 160 + (plaintext_len > 100 ? plaintext_len - 100 : 0) + 1 + 72;
}

struct Report {
  size_t pushes = 0;            // payloads handed to the relay
  bool via_attachment = false;  // the message went to the blob store
};

// deliver sends |message| to every device in |recipients| and every device
// in |own_devices| other than |sender|'s (matched by identity), each sealed
// separately, at |timestamp|. Stops at the first error (a bad message is
// Errc::invalid_argument; a pointer message still too large, too_large).
Result<Report> deliver(const crypto::Provider& provider, crypto::Rng& rng, relay::Relay& relay,
                       attachment::BlobStore& blobs, const SendingDevice& sender,
                       std::span<const Device> recipients, std::span<const Device> own_devices,
                       const Message& message, int64_t timestamp);

// SenderLookup finds a sending device's identity from its handle and push
// token (the directory's answer); nullopt when there is none.
using SenderLookup = std::function<std::optional<PublicIdentity>(std::string_view handle,
                                                                 const PushToken& push_token)>;

struct Shown {
  std::string sender;     // handle, from the push, checked against p
  int64_t timestamp = 0;  // from the push (clear metadata)
  Message message;
};

struct Received {
  enum class Outcome { shown, duplicate, failed };
  Outcome outcome = Outcome::failed;
  std::optional<Shown> shown;  // when outcome is shown
  std::optional<Errc> error;   // when outcome is failed
};

// Receiver is one device's receiving side: its keys, how it finds senders,
// the blob store it fetches from, and the UUIDs it has shown.
class Receiver {
 public:
  Receiver(const crypto::Provider& provider, RecipientKeys keys, SenderLookup lookup,
           const attachment::BlobStore& blobs);

  // receive takes one push. A failure (no such sender: not_found; the pair
  // errors of open; malformed_message, too_large, blob_mismatch after it) is
  // reported and never shown. A UUID shown before is a duplicate. Without
  // keys (forget_keys) it is Errc::locked and nothing is recorded: the
  // caller keeps the push for later.
  Received receive(const relay::Push& push);

  // forget_keys drops (and so wipes) the private key, as a reboot does; what
  // was shown, and so which UUIDs are duplicates, stays: that is the device's
  // message store, not its keychain. use_keys gives a key back.
  void forget_keys() { keys_.reset(); }
  void use_keys(RecipientKeys keys) { keys_ = std::move(keys); }
  bool has_keys() const { return keys_.has_value(); }

  // inbox lists what was shown, in order; failures, what was refused.
  const std::vector<Shown>& inbox() const { return inbox_; }
  const std::vector<Errc>& failures() const { return failures_; }

 private:
  Result<Shown> open(const relay::Push& push) const;

  const crypto::Provider& provider_;
  std::optional<RecipientKeys> keys_;  // none after forget_keys
  SenderLookup lookup_;
  const attachment::BlobStore& blobs_;
  std::set<std::string> seen_;
  std::vector<Shown> inbox_;
  std::vector<Errc> failures_;
};

}  // namespace imref::delivery
