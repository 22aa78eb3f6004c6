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
//     UUID shown once (REQ-DELIVERY-7..-10);
//   - pair-ec (REQ-PAIREC-50..60): an NGM device key and signed prekeys in
//     its keychain, published with its registration; a copy sealed with
//     pair-ec to every device whose prekey record verifies, pair to the
//     others; prekeys rotated on request, old ones kept 120 days; a counter
//     per destination and a replay window per sender and prekey.
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
#include "imref/pair_ec.h"
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

// kPrekeyRetentionSeconds: how long a device keeps a replaced prekey's
// private key, counted from when it was replaced, the timestamp of the record
// that replaced it (REQ-PAIREC-57; iOS deletes old prekeys after 120 days).
inline constexpr int64_t kPrekeyRetentionSeconds = 10'368'000;
// kPrekeyRollSeconds: iOS rolls its prekey after 7 days; the reference rolls
// when asked (rotate_prekey) and recommends this period.
inline constexpr int64_t kPrekeyRollSeconds = 604'800;

class Device {
 public:
  // create makes a device around |keys|: a keychain at |keychain_path| on
  // |disk| under |passcode| holding its private keys, and a random push
  // token. invalid_argument for a passcode outside 1..256 bytes; duplicate
  // when a store exists at the path.
  //
  // With |pair_ec_since| the device speaks pair-ec (REQ-PAIREC-50): it gets
  // an NGM device signing key, its EC encryption key becomes its first
  // prekey, signed at that time, and both go into its keychain; without it
  // the device speaks only pair and publishes no NGM key.
  static Result<std::unique_ptr<Device>> create(
      const crypto::Provider& provider, FileSystem& disk, std::string keychain_path,
      crypto::Rng& rng, ByteView passcode, const DeviceKeys& keys, const keychain::KdfParams& kdf,
      std::optional<int64_t> pair_ec_since = std::nullopt);
  // valid_passcode is create's passcode rule, for callers that check first.
  static Status valid_passcode(ByteView passcode);

  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;
  ~Device();

  const PushToken& push_token() const { return push_token_; }
  const Bytes& identity() const { return identity_; }  // the v2 identity blob
  const Bytes& encryption_public() const { return encryption_public_; }
  // The NGM device key (compact X) and the newest prekey record, as
  // published; both empty for a device that speaks only pair.
  const Bytes& ngm_public() const { return ngm_public_; }
  const Bytes& prekey_record() const { return prekey_record_; }
  bool speaks_pair_ec() const { return !ngm_public_.empty(); }

  // rotate_prekey makes a new prekey (compactable), signs its record at
  // |now| with the NGM key, keeps it first in the keychain with the older
  // prekeys replaced at most kPrekeyRetentionSeconds ago, and
  // returns the record (REQ-PAIREC-56, -57). locked before the first unlock;
  // unsupported for a device without pair-ec. A failure changes nothing.
  Result<Bytes> rotate_prekey(int64_t now, crypto::Rng& rng);
  // prekey_count is how many private prekeys the device keeps (0 while
  // locked or without pair-ec).
  size_t prekey_count() const { return pair_ec_ ? pair_ec_->prekeys.size() : 0; }
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
  // NgmKeys are the device's own pair-ec private keys, read from the
  // keychain with the others.
  struct Prekey {
    std::shared_ptr<const crypto::EcPrivateKey> key;
    Bytes record;
    double timestamp = 0;
  };
  struct NgmKeys {
    std::shared_ptr<const crypto::EcPrivateKey> ngm;
    std::vector<Prekey> prekeys;  // newest first
  };

  Device(const crypto::Provider& provider, PushToken push_token, const DeviceKeys& keys,
         keychain::Keychain keychain);
  void forget_keys();
  Status load_pair_ec();
  delivery::PairEcKeys receiver_keys() const;
  void check_pair_ec(delivery::Device& device, const directory::DeviceRecord& record, int64_t now);
  std::optional<pair_ec::PublicKey> ngm_key_of(const Bytes& x);
  Result<PublicIdentity> decode_identity(const Bytes& blob);
  Result<std::vector<delivery::Device>> devices_of(Network& network, std::string_view handle);
  void hand_over(directory::Directory& directory, bool drop);

  const crypto::Provider& provider_;
  PushToken push_token_;
  Bytes identity_;
  Bytes encryption_public_;
  Bytes ngm_public_, prekey_record_;  // empty: pair only
  keychain::Keychain keychain_;
  std::optional<DeviceKeys> keys_in_memory_;  // read from the keychain since the last boot
  std::optional<NgmKeys> pair_ec_;            // likewise, for a device that speaks pair-ec
  std::map<PushToken, uint32_t> counters_;    // pair-ec counter per destination device

  bool online_ = true;
  std::vector<directory::Alert> alerts_;

  std::deque<relay::Push> pending_;
  std::vector<relay::Push> handed_;
  std::unique_ptr<delivery::Receiver> receiver_;  // made at the first receive
  delivery::NgmLookup ngm_lookup_;                // likewise

  // Identities of other devices, decoded once (bounded: cleared when full);
  // NGM keys and prekey records likewise (a record's signature is checked
  // once, its age at every send).
  std::map<Bytes, PublicIdentity> identities_;
  std::map<Bytes, pair_ec::PublicKey> ngm_keys_;
  struct CheckedRecord {
    std::optional<delivery::PairEcTarget> target;
    Errc error = Errc::not_found;
  };
  std::map<Bytes, CheckedRecord> records_;  // NGM X ‖ record -> its check
};

}  // namespace imref
