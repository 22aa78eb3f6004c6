// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The push relay (docs/spec.md REQ-DELIVERY-*): it carries sealed
// payloads, addressed by push token, with clear metadata beside them.
//
// - A push to an online device is handed over at once; the relay keeps
//   nothing of it.
// - A push to an offline device is queued, handed over (and deleted) when
//   the device connects, and dropped once it has waited kRetention.
// - A removed device's queued pushes are deleted (forget).
// - A payload over the relay's limit (4 KB or 16 KB by protocol version) is
//   refused with Errc::too_large; the sender uses an attachment instead.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "imref/bytes.h"
#include "imref/clock.h"
#include "imref/names.h"
#include "imref/result.h"

namespace imref::relay {

inline constexpr int64_t kRetention = 30 * 24 * 3600;  // 30 days
// The relay's payload limit by protocol version: the older 4 KB, the current 16 KB.
enum class PushVersion { v4k, v16k };
inline constexpr size_t payload_limit(PushVersion v) {
  return v == PushVersion::v4k ? 4096 : 16384;
}

// Encryption is a push's E: the format of its payload, "pair" or "pair-ec"
// (REQ-PAIREC-54). The receiver opens both.
enum class Encryption { pair, pair_ec };
// encryption_name is E on the wire: "pair" or "pair-ec".
inline std::string_view encryption_name(Encryption e) {
  return e == Encryption::pair_ec ? "pair-ec" : "pair";
}

// Push is one payload for one device: the clear envelope of REQ-DELIVERY-2
// (c = 100 message, U, sP, t, E, P) plus the sending device's token, by
// which the receiver looks up the sender's identity.
struct Push {
  PushToken token;                           // t: the receiving device's push token
  PushToken sender_token;                    // the sending device's push token
  std::string sender;                        // sP: the sender's handle
  int64_t timestamp = 0;                     // sent at, seconds
  Bytes message_uuid;                        // U: 16 bytes
  Encryption encryption = Encryption::pair;  // E
  Bytes payload;                             // P: the sealed pair or pair-ec payload

  bool operator==(const Push& other) const = default;
};

class Relay {
 public:
  using Sink = std::function<void(const Push&)>;

  Relay(const Clock& clock, PushVersion version);

  size_t limit() const { return limit_; }

  // push hands |p| to its device if online, else queues it. A payload over
  // limit() is Errc::too_large and nothing is kept.
  Status push(Push p);
  // connect marks the device online: every queued push younger than
  // kRetention goes to |sink| in the order it came, and is deleted.
  void connect(const PushToken& token, Sink sink);
  void disconnect(const PushToken& token) { online_.erase(token); }
  // forget deletes every push queued for |token|, undelivered and not
  // counted as dropped: its device was removed from the directory
  // (REQ-DELIVERY-13).
  void forget(const PushToken& token) { queues_.erase(token); }

  // expire drops every queued push that has waited kRetention or longer.
  // push and connect call it first.
  void expire();

  // queued returns every push the relay holds, for tests and the
  // operator-cannot-read scan.
  std::vector<Push> queued() const;
  size_t delivered() const { return delivered_; }
  size_t dropped() const { return dropped_; }

 private:
  struct Held {
    Push push;
    int64_t since;
  };
  const Clock& clock_;
  size_t limit_;
  std::map<PushToken, Sink> online_;
  std::map<PushToken, std::deque<Held>> queues_;
  size_t delivered_ = 0, dropped_ = 0;
};

}  // namespace imref::relay
