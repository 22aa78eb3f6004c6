// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// envelope_decode: the push envelope as bytes (REQ-ENVELOPE-20..24).
//   - A refusal is malformed_message, nothing else.
//   - Whatever decode accepts encodes (encode's rules are decode's), and the
//     encoding decodes to the same envelope.
#include "driver.h"
#include "imref/envelope.h"

namespace imref::fuzz {

void fuzz(ByteView input) {
  auto e = envelope::decode(input);
  if (!e.ok()) {
    IMREF_FUZZ_ASSERT(e.code() == Errc::malformed_message,
                      "envelope::decode refused with a wrong code");
    return;
  }
  auto bytes = envelope::encode(*e);
  IMREF_FUZZ_ASSERT(bytes.ok(), "a decoded envelope does not re-encode");
  auto back = envelope::decode(*bytes);
  IMREF_FUZZ_ASSERT(back.ok() && *back == *e, "a re-encoded envelope decodes differently");
}

}  // namespace imref::fuzz
