// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// A client device: what one of a user's devices keeps and does.
//
//   - its private keys, in its own keychain: usable only after the first
//     unlock since boot (REQ-KEYCHAIN-7, -8, -10);
//   - its registration request, signed with its identity's signing key
//     (REQ-DIR-2);
//   - the alerts the directory queues for it, handed over while it is online
//     (REQ-ALERT-3);
//   - sending: look every handle up, seal once per device (the recipients',
//     then its own account's other devices), upload attachments first and
//     remove them again if the send fails (REQ-DELIVERY-1, -2, -6);
//   - receiving: the pushes the relay handed over, opened in order, each
//     UUID shown once (REQ-DELIVERY-7..-10).
//
// The services it talks to (directory, relay, blob store, clock) are passed
// in as a Network; the device owns none of them.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imref/attachment.h"
#include "imref/clock.h"
#include "imref/crypto/provider.h"
#include "imref/crypto/rng.h"
#include "imref/delivery.h"
#include "imref/device_keys.h"
#include "imref/directory.h"
#include "imref/filesystem.h"
#include "imref/keychain.h"
#include "imref/names.h"
#include "imref/relay.h"

namespace imref {

// Network is what a device reaches: the directory's lookup (as a client sees
// it), the push relay, the blob store and the clock.
struct Network {
  std::function<Result<std::vector<directory::DeviceRecord>>(const Handle& handle)> lookup;
  relay::Relay& relay;
  attachment::BlobStore& blobs;
  const Clock& clock;
};

// NewAttachment is a file to send: its name and its clear content.
struct NewAttachment {
  std::string name;
  Bytes content;
};

// Outgoing is a message as its author writes it; the device adds the
// participants, the UUID and the attachment references.
struct Outgoing {
  std::string from;             // the sender's handle
  std::vector<std::string> to;  // recipients' handles, at least one
  std::string text;
  std::optional<std::string> group_id, group_name;
  std::vector<NewAttachment> attachments;
};

struct Sent {
  std::string uuid;
  delivery::Report report;
};

// Inbox is what one receive did: every push taken, in order.
struct Inbox {
  std::vector<delivery::Shown> shown;
  std::vector<Errc> failures;
  size_t duplicates = 0;
};

class Device {
 public:
  // create makes a device around |keys|: a keychain at |keychain_path| on
  // |disk| under |passcode| holding its private keys, and a random push
  // token. invalid_argument for a passcode outside 1..256 bytes; duplicate
  // when a store exists at the path.
  static Result<std::unique_ptr<Device>> create(const crypto::Provider& provider, FileSystem& disk,
                                                std::string keychain_path, crypto::Rng& rng,
                                                ByteView passcode, const DeviceKeys& keys,
                                                const keychain::KdfParams& kdf);
  // valid_passcode is create's passcode rule, for callers that check first.
  static Status valid_passcode(ByteView passcode);

  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;
  ~Device();

  const PushToken& push_token() const { return push_token_; }
  const Bytes& identity() const { return identity_; }  // the v2 identity blob
  const Bytes& encryption_public() const { return encryption_public_; }

  // keys reads the private keys from the keychain: locked until the first
  // unlock since the last boot.
  Result<const DeviceKeys*> keys();
  // reboot forgets the keys (and wipes them) until the next unlock; what was
  // shown stays, so a replay is still a duplicate.
  void reboot();
  Status unlock(ByteView passcode) { return keychain_.unlock(passcode); }
  void lock() { keychain_.lock(); }
  const keychain::Keychain& keychain() const { return keychain_; }
  // rewrite_keychain saves the keychain again, unchanged (Keychain::rewrite):
  // locked before the first unlock since boot.
  Status rewrite_keychain(crypto::Rng& rng) { return keychain_.rewrite(rng); }
  // change_passcode re-encrypts the keychain under |passcode|.
  Status change_passcode(ByteView passcode, crypto::Rng& rng) {
    return keychain_.change_passcode(passcode, rng);
  }

  // registration_request is |subject|'s request to register on |account| at
  // |timestamp|, signed with this device's key (a device signs its own; tests
  // make one device sign another's). locked before the first unlock.
  Result<directory::RegistrationRequest> registration_request(const Device& subject,
                                                              const std::string& account,
                                                              uint64_t timestamp, crypto::Rng& rng);

  // Presence on the push relay, and the alerts it hands over while online.
  bool online() const { return online_; }
  // connect takes what the directory queued while offline; disconnect keeps
  // what arrived while online.
  void connect(directory::Directory& directory);
  void disconnect(directory::Directory& directory);
  // take_alerts hands over what is queued and returns every alert not yet
  // read, oldest first.
  std::vector<directory::Alert> take_alerts(directory::Directory& directory);

  // send sends |message| as this device, whose handle is message.from: every
  // device of every recipient once, then the sender's other devices. The
  // keys first (locked: nothing sent), then the lookups; attachments are
  // uploaded before anything is pushed, and a send that fails removes them.
  Result<Sent> send(const Outgoing& message, Network& network, crypto::Rng& rng);

  // deliver is the relay's hand-over: the push waits in pending() until
  // receive. handed() is every push ever handed over.
  void deliver(const relay::Push& push);
  std::deque<relay::Push>& pending() { return pending_; }
  const std::vector<relay::Push>& handed() const { return handed_; }

  // receive opens every pending push in order. Before the first unlock since
  // boot it is locked and the pushes wait.
  Result<Inbox> receive(Network& network);

 private:
  Device(const crypto::Provider& provider, PushToken push_token, const DeviceKeys& keys,
         keychain::Keychain keychain);
  void forget_keys();
  Result<PublicIdentity> decode_identity(const Bytes& blob);
  Result<std::vector<delivery::Device>> devices_of(Network& network, std::string_view handle);
  void hand_over(directory::Directory& directory, bool drop);

  const crypto::Provider& provider_;
  PushToken push_token_;
  Bytes identity_;
  Bytes encryption_public_;
  keychain::Keychain keychain_;
  std::optional<DeviceKeys> keys_in_memory_;  // read from the keychain since the last boot

  bool online_ = true;
  std::vector<directory::Alert> alerts_;

  std::deque<relay::Push> pending_;
  std::vector<relay::Push> handed_;
  std::unique_ptr<delivery::Receiver> receiver_;  // made at the first receive

  // Identities of other devices, decoded once (bounded: cleared when full).
  std::map<Bytes, PublicIdentity> identities_;
};

}  // namespace imref
