// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// plist_roundtrip: the bplist00 reader with every type (REQ-PLIST-20..22).
//   - A refusal is malformed_message, nothing else.
//   - Whatever decode accepts re-encodes; the re-encoding decodes to the
//     same value (reals and dates bit for bit) and re-encoding that gives
//     the same bytes again.
#include "driver.h"
#include "imref/plist.h"

namespace imref::fuzz {

void fuzz(ByteView input) {
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
