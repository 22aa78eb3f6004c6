// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// pair_ec_wire: the three protobuf messages of pair-ec (REQ-PAIREC-5, -6,
// -15, -17, -22). The first byte picks the reader, the rest is its input:
//   0 outer payload, 1 inner message, 2 prekey record.
//   - Whatever a reader accepts re-encodes to the same bytes (one encoding
//     per value: the strict rules leave no byte free).
//   - A refusal has the reader's class (malformed_payload, malformed_prekey).
#include "driver.h"
#include "imref/pair_ec.h"

namespace imref::fuzz {

void fuzz(ByteView input) {
  if (input.empty()) return;
  const ByteView rest = input.subspan(1);
  switch (input[0] % 3) {
    case 0: {
      auto outer = pair_ec::parse_outer(rest);
      if (!outer.ok()) {
        IMREF_FUZZ_ASSERT(outer.code() == Errc::malformed_payload,
                          "outer refused with a wrong code");
        return;
      }
      IMREF_FUZZ_ASSERT(outer->ephemeral.size() == 32 && outer->signature.size() == 64 &&
                            outer->validator.size() == 7 && outer->validator[6] == 0x0C,
                        "parsed an outer message with a field of the wrong size");
      IMREF_FUZZ_ASSERT(pair_ec::encode_outer(*outer) == to_public(rest),
                        "outer message does not re-encode to its bytes");
      return;
    }
    case 1: {
      auto inner = pair_ec::parse_inner(rest);
      if (!inner.ok()) {
        IMREF_FUZZ_ASSERT(inner.code() == Errc::malformed_payload,
                          "inner refused with a wrong code");
        return;
      }
      SecretBytes again = pair_ec::encode_inner(*inner);
      IMREF_FUZZ_ASSERT(Bytes(again.begin(), again.end()) == to_public(rest),
                        "inner message does not re-encode to its bytes");
      return;
    }
    default: {
      auto record = pair_ec::parse_prekey_record(rest);
      if (!record.ok()) {
        IMREF_FUZZ_ASSERT(record.code() == Errc::malformed_prekey,
                          "record refused with a wrong code");
        return;
      }
      IMREF_FUZZ_ASSERT(pair_ec::encode_prekey_record(*record) == to_public(rest),
                        "prekey record does not re-encode to its bytes");
    }
  }
}

}  // namespace imref::fuzz
