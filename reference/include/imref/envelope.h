// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The push envelope as bytes (docs/spec.md REQ-ENVELOPE-*): a bplist00 dict
// in clear around the sealed payload, in two forms.
//
// Send form, client -> service, one per fan-out chunk:
//   c    int     command (100 message, 101 delivered, 102 read, 104 async, 118 edit/unsend, …)
//   U    data    message UUID, 16 bytes
//   sP   string  sender handle URI (tel:+… or mailto:…)
//   i    int     random 32-bit message id                 optional
//   v    int     protocol version (8 on com.apple.madrid)  optional
//   ua   string  client version string                    optional
//   fcn  int     fan-out chunk number from 1               optional
//   E    string  "pair" / "pair-ec" for every target        optional
//   dtl  array   one dict per device:
//          tP string target handle URI, t data(32) target's push token,
//          sT data session token (optional), D bool delivery receipt wanted
//          (optional), P data sealed payload (optional), E string (optional)
//   nr   bool    no response needed                         optional
//   eX   int     0 = typing indicator                       optional
//
// Received form, service -> one device:
//   c, U, sP, tP (the handle it was sent to), t = the SENDER's push token
//   (data, 32), E, P, e (ns since 1970, filled by the service), D, nr, eX,
//   oC (the real command of a c = 104 push) — all but c, U, sP, tP, t
//   optional.
//
// Unknown keys are ignored by decode (deployed clients add htu, rc, cdv, …);
// a known key of another type, a handle that is not a URI, a U that is not
// 16 bytes, a token that is not 32, or a payload without its E is
// Errc::malformed_message (decode) or Errc::invalid_argument (encode).
// nr is read as a bool or as the integer 0 or 1, and written as a bool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "imref/bytes.h"
#include "imref/plist.h"
#include "imref/result.h"

namespace imref::envelope {

// Command numbers (c) of message-facts REQ-ENVELOPE-20.
inline constexpr int64_t kMessage = 100;
inline constexpr int64_t kDelivered = 101;
inline constexpr int64_t kRead = 102;
inline constexpr int64_t kAsync = 104;
inline constexpr int64_t kCertifiedDelivery = 109;
inline constexpr int64_t kEditUnsend = 118;

inline constexpr size_t kUuidLen = 16;
inline constexpr size_t kTokenLen = 32;

// Target is one dtl entry of the send form.
struct Target {
  std::string handle;                     // tP
  Bytes token;                            // t: the target device's push token
  std::optional<Bytes> session_token;     // sT
  std::optional<bool> delivery_receipt;   // D
  std::optional<Bytes> payload;           // P
  std::optional<std::string> encryption;  // E
  bool operator==(const Target&) const = default;
};

struct Send {
  int64_t command = kMessage;             // c
  Bytes uuid;                             // U
  std::string sender;                     // sP
  std::optional<int64_t> id;              // i
  std::optional<int64_t> version;         // v
  std::optional<std::string> user_agent;  // ua
  std::optional<int64_t> chunk;           // fcn
  std::optional<std::string> encryption;  // E
  std::vector<Target> targets;            // dtl, at least one
  std::optional<bool> no_response;        // nr
  std::optional<int64_t> expiry;          // eX
  bool operator==(const Send&) const = default;
};

struct Received {
  int64_t command = kMessage;               // c
  Bytes uuid;                               // U
  std::string sender;                       // sP
  std::string target;                       // tP: the handle it was sent to
  Bytes sender_token;                       // t: the sending device's push token
  std::optional<std::string> encryption;    // E
  std::optional<Bytes> payload;             // P
  std::optional<int64_t> timestamp_ns;      // e
  std::optional<bool> delivery_receipt;     // D
  std::optional<bool> no_response;          // nr
  std::optional<int64_t> expiry;            // eX
  std::optional<int64_t> original_command;  // oC
  bool operator==(const Received&) const = default;
};

// Envelope is either form; decode tells them apart by dtl (send form).
using Envelope = std::variant<Send, Received>;

// is_handle_uri is true for "tel:" + an E.164 number or "mailto:" + an
// email address (Handle::parse on the rest, the scheme matching its kind).
bool is_handle_uri(std::string_view text);

// to_plist / encode check the rules above (Errc::invalid_argument) and write
// the keys in the order of the tables above, optional keys only when set.
Result<plist::Dict> to_plist(const Envelope& envelope);
Result<Bytes> encode(const Envelope& envelope);

// from_plist / decode read either form (Errc::malformed_message for
// anything the rules refuse, and every refusal of plist::decode).
Result<Envelope> from_plist(const plist::Value& value);
Result<Envelope> decode(ByteView bytes);
// decode_received is decode that also requires the received form.
Result<Received> decode_received(ByteView bytes);

}  // namespace imref::envelope
