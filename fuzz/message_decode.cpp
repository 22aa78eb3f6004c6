// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// message_decode: the inner message codec (REQ-MESSAGE-*).
//   - Whatever decode_message accepts re-encodes, and the re-encoding
//     decodes to the same message; a refusal is malformed_message or
//     too_large (the 1 MiB gunzip limit), nothing else.
//   - Whatever plist::decode accepts re-encodes to bytes that decode to the
//     same value, and re-encoding those gives the same bytes again.
#include "driver.h"
#include "imref/message.h"

namespace imref::fuzz {

void fuzz(ByteView input) {
  auto m = decode_message(input);
  if (m.ok()) {
    auto again = encode_message(*m);
    IMREF_FUZZ_ASSERT(again.ok(), "a decoded message does not re-encode");
    auto back = decode_message(*again);
    IMREF_FUZZ_ASSERT(back.ok() && *back == *m, "a re-encoded message decodes differently");
  } else {
    IMREF_FUZZ_ASSERT(m.code() == Errc::malformed_message || m.code() == Errc::too_large,
                      "decode_message refused with a wrong code");
  }

  auto v = plist::decode(input);
  if (!v.ok()) {
    IMREF_FUZZ_ASSERT(v.code() == Errc::malformed_message,
                      "plist::decode refused with a wrong code");
    return;
  }
  auto bytes = plist::encode(*v);
  IMREF_FUZZ_ASSERT(bytes.ok(), "a decoded plist does not re-encode");
  auto back = plist::decode(*bytes);
  IMREF_FUZZ_ASSERT(back.ok() && *back == *v, "a re-encoded plist decodes differently");
  IMREF_FUZZ_ASSERT(plist::encode(*back).value() == *bytes, "plist encoding is not a fixed point");
}

}  // namespace imref::fuzz
