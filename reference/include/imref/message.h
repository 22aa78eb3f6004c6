// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The message inside a pair payload (docs/spec.md REQ-MESSAGE-*):
// a binary property list (bplist00) with the documented keys, gzip-compressed.
//
//   t    text (UTF-8 here, ASCII or UTF-16BE on the wire)     left out if empty
//   x    XHTML body; attachments are <FILE …/> elements in it  optional
//   p    participants (handles, the sender included)          required
//   r    message UUID, upper-case 8-4-4-4-12                  required
//   gid  group UUID, n group name, iid effect id               optional
//   pv 0, gv "8", v "1"                                        always written
//
// The codec is the project's own and strict: it knows dict, array, ASCII and
// UTF-16 strings, integers, data and booleans, nothing else, and refuses
// anything it cannot re-encode. gunzip stops at kMaxDecompressedLen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "imref/bytes.h"
#include "imref/plist.h"
#include "imref/result.h"

namespace imref {

// ---------------------------------------------------------------------------
// gzip wrapping.
namespace gz {

// kMaxDecompressedLen bounds what gunzip produces (REQ-MESSAGE-5): 1 MiB,
// far above the largest message a push (16 KB) or a long-message blob
// carries in practice; a bomb stops there.
inline constexpr size_t kMaxDecompressedLen = 1 << 20;

// gzip compresses at level 9 with no name, no comment and mtime 0, which
// gives the header 1f 8b 08 00 00000000 02 03 (XFL 02 = "best compression",
// OS 03 = Unix) that deployed clients write. zlib's buffers are wiped before
// it returns; the output is the caller's to wipe (REQ-MESSAGE-9).
Result<Bytes> gzip(ByteView data);

// gunzip takes exactly one gzip member and nothing after it. More than
// |limit| bytes of output is Errc::too_large; any format error (header,
// deflate data, CRC, length) is Errc::malformed_message. The output is
// plaintext, so it is SecretBytes; zlib's own buffers are wiped before the
// call returns (REQ-MESSAGE-9).
Result<SecretBytes> gunzip(ByteView data, size_t limit = kMaxDecompressedLen);

}  // namespace gz

// ---------------------------------------------------------------------------
// The message.

// AttachmentRef is one <FILE> element of the XHTML body: where the encrypted
// blob is, its SHA-1, its size and the key that decrypts it.
struct AttachmentRef {
  std::string name;   // name: shown to the user
  std::string url;    // mmcs-url: where the blob store keeps it
  std::string owner;  // mmcs-owner: the blob store's id for it
  Bytes sha1;         // mmcs-signature-hex: SHA-1 of the encrypted blob, 20 bytes
  uint64_t size = 0;  // file-size: bytes of the blob
  SecretBytes key;    // decryption-key: the AES-256 key, 32 bytes

  bool operator==(const AttachmentRef& other) const = default;
};

struct Message {
  std::string text;                        // t
  std::optional<std::string> xhtml;        // x
  std::vector<std::string> participants;   // p
  std::string uuid;                        // r: upper-case 8-4-4-4-12
  std::optional<std::string> group_id;     // gid
  std::optional<std::string> group_name;   // n
  std::optional<std::string> effect_id;    // iid
  std::vector<AttachmentRef> attachments;  // <FILE> elements of x

  bool operator==(const Message& other) const = default;
};

// is_message_uuid is true for 36 characters 8-4-4-4-12 of 0-9 A-F.
bool is_message_uuid(std::string_view uuid);
// uuid_string formats 16 bytes as an upper-case message UUID; uuid_bytes is
// its inverse (Errc::malformed_message for anything is_message_uuid refuses).
std::string uuid_string(ByteView bytes16);
Result<Bytes> uuid_bytes(std::string_view uuid);

// to_plist builds the documented dict. With attachments and no xhtml, x is
// "<html><body>" + one file_element per attachment + "</body></html>". An
// xhtml of the caller's own is sent as is and must hold exactly the
// message's attachments as <FILE> elements (else Errc::invalid_argument). A
// bad uuid or no participant is Errc::invalid_argument.
Result<plist::Dict> to_plist(const Message& message);
// file_element writes |ref| as a <FILE …/> element, attribute values
// escaped, hex in lower case.
std::string file_element(const AttachmentRef& ref);
// from_plist reads the documented keys (others are ignored, as deployed
// receivers do): r and p required, every known key of its documented type,
// x parsed for <FILE> elements. x that is exactly the wrapper to_plist makes
// reads back as no xhtml, so decode(encode(m)) = m, and encode(decode(b))
// succeeds for every b that decodes. Else Errc::malformed_message.
Result<Message> from_plist(const plist::Value& value);

// encode_message is gzip(plist::encode(to_plist(message))).
Result<Bytes> encode_message(const Message& message);
// decode_message gunzips data starting 1f 8b, or takes data starting
// "bplist00" as the raw plist (as deployed receivers fall back), and reads
// the message. Call it only on the output of pair::open: the tag has been
// checked, so gzip's errors tell an attacker nothing (REQ-MESSAGE-6).
Result<Message> decode_message(ByteView data);

}  // namespace imref
