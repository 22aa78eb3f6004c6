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
#include <map>
#include <memory>
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
#include "imref/pair_ec.h"
#include "imref/relay.h"
#include "imref/result.h"

namespace imref::delivery {

// kLongMessageName names the attachment that holds a whole encoded message
// too large for a push; a message that carries only it is a pointer.
inline constexpr std::string_view kLongMessageName = "imref-long-message.bplist.gz";

// PairEcTarget is a device's pair-ec keys as the sender checked them: its
// NGM device key and its prekey record, verified and not expired
// (REQ-PAIREC-53).
struct PairEcTarget {
  pair_ec::PublicKey device;
  pair_ec::VerifiedPrekey prekey;
};

// Device is what the directory says about one device of a handle: with
// pair_ec when its prekey record verified, else sealed with pair; fallback
// says why (not_found: it published none; else the record's error).
struct Device {
  Handle handle;
  PublicIdentity identity;
  PushToken push_token;
  std::optional<PairEcTarget> pair_ec = std::nullopt;
  std::optional<Errc> fallback = std::nullopt;
};

// SendingDevice is the device that sends: its keys, handle and push token;
// for pair-ec, its NGM device signing key and its per-destination counters
// (REQ-PAIREC-58), both owned by the caller.
struct SendingDevice {
  SenderKeys keys;
  Handle handle;
  PushToken push_token;
  const crypto::EcPrivateKey* ngm = nullptr;
  std::map<PushToken, uint32_t>* counters = nullptr;
};

// payload_bound is the largest pair payload a plaintext of |plaintext_len|
// bytes seals to (the DER signature is at most 72 bytes).
inline constexpr size_t payload_bound(size_t plaintext_len) {
  return 3 + 160 + (plaintext_len > 100 ? plaintext_len - 100 : 0) + 1 + 72;
}

// pair_ec_payload_bound is the largest pair-ec payload (iOS padding) of a
// message of |message_len| bytes: the inner message (tag, length, message,
// counter: at most len + 16), padded to 196 or the next multiple of 16 (+15),
// the count (4), the outer fields (ciphertext tag and length 4, ephemeral 34,
// signature 66, validator 10).
inline constexpr size_t pair_ec_payload_bound(size_t message_len) {
  const size_t inner = message_len + 16;
  return (inner <= 196 ? 196 : inner + 15) + 4 + 4 + 34 + 66 + 10;
}

// Copy is one push sent: to which device, in which mode (E), and why a
// device was not sent pair-ec (REQ-PAIREC-54).
struct Copy {
  PushToken token;
  relay::Encryption encryption = relay::Encryption::pair;
  std::optional<Errc> fallback;
};

struct Report {
  size_t pushes = 0;            // payloads handed to the relay
  bool via_attachment = false;  // the message went to the blob store
  std::vector<Copy> copies;     // one per push, in push order
};

// deliver sends |message| to every device in |recipients| and every device
// in |own_devices| other than |sender|'s (matched by identity), each sealed
// separately, at |timestamp|: with pair-ec to a device with a PairEcTarget
// when the sender has an NGM key, else with pair (REQ-PAIREC-54). Stops at the first error (a bad
// message is Errc::invalid_argument; a pointer message still too large, too_large).
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

// PairEcKeys is what opening pair-ec needs: the device's NGM signing key and
// its private prekeys, newest first (REQ-PAIREC-55, -57).
struct PairEcKeys {
  std::shared_ptr<const crypto::EcPrivateKey> ngm;
  std::vector<std::shared_ptr<const crypto::EcPrivateKey>> prekeys;
};

// NgmLookup finds a sending device's NGM device key from its handle and push
// token (the directory's answer); nullopt when it published none.
using NgmLookup = std::function<std::optional<pair_ec::PublicKey>(std::string_view handle,
                                                                  const PushToken& push_token)>;

// kReplayWindow is how many counters below the highest seen a pair-ec
// receiver still accepts once, per sender and prekey (REQ-PAIREC-59).
inline constexpr uint32_t kReplayWindow = 64;

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
  void forget_keys() {
    keys_.reset();
    pair_ec_keys_.reset();
  }
  void use_keys(RecipientKeys keys) { keys_ = std::move(keys); }
  bool has_keys() const { return keys_.has_value(); }
  // use_pair_ec gives the keys and sender lookup for pair-ec pushes; without
  // them a pair-ec push is Errc::unsupported. Called again after a rotation.
  void use_pair_ec(PairEcKeys keys, NgmLookup lookup) {
    pair_ec_keys_ = std::move(keys);
    ngm_lookup_ = std::move(lookup);
  }

  // inbox lists what was shown, in order; failures, what was refused.
  const std::vector<Shown>& inbox() const { return inbox_; }
  const std::vector<Errc>& failures() const { return failures_; }

  // Window is one sender's and prekey's replay window (REQ-PAIREC-59): the
  // highest counter shown and a bit per counter below it.
  struct Window {
    uint32_t top = 0;
    uint64_t seen = 0;  // bit i: top - i was shown (bit 0 once anything was)
    bool contains(uint32_t counter) const;
    void mark(uint32_t counter);
  };
  // windows is every window, keyed by sender NGM X ‖ prekey X (tests).
  const std::map<Bytes, Window>& windows() const { return windows_; }

 private:
  struct Opened {
    Shown shown;
    std::optional<std::pair<Bytes, uint32_t>> replay;  // window key and counter (pair-ec)
    bool replayed = false;                             // the window had it already
  };
  Result<Opened> open(const relay::Push& push);
  Result<SecretBytes> open_pair_ec(const relay::Push& push, Opened& out);

  const crypto::Provider& provider_;
  std::optional<RecipientKeys> keys_;  // none after forget_keys
  std::optional<PairEcKeys> pair_ec_keys_;
  NgmLookup ngm_lookup_;
  std::map<Bytes, Window> windows_;
  SenderLookup lookup_;
  const attachment::BlobStore& blobs_;
  std::set<std::string> seen_;
  std::vector<Shown> inbox_;
  std::vector<Errc> failures_;
};

}  // namespace imref::delivery
