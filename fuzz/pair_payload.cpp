// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// pair_payload: the payload framing (REQ-PAIR-PARSE-*).
//   - Whatever parse_payload accepts re-frames with encode_payload to the
//     same bytes, with a body of at least 160 bytes; a refusal is
//     malformed_payload.
//   - The other way: the input read as (u16 body length, body, signature) is
//     framed, and parses back to the same fields exactly when the body has
//     160 bytes or more; a signature over 255 bytes is too_large.
#include "driver.h"
#include "imref/pair.h"

namespace imref::fuzz {

void fuzz(ByteView input) {
  auto parsed = pair::parse_payload(input);
  if (parsed.ok()) {
    IMREF_FUZZ_ASSERT(parsed->body.size() >= pair::kRsaBlockLen, "parsed a body under 160 bytes");
    auto framed = pair::encode_payload(parsed->body, parsed->signature);
    IMREF_FUZZ_ASSERT(framed.ok(), "a parsed payload does not re-frame");
    IMREF_FUZZ_ASSERT(*framed == to_public(input), "re-framed payload differs from the input");
  } else {
    IMREF_FUZZ_ASSERT(parsed.code() == Errc::malformed_payload, "parse refused with a wrong code");
  }

  Reader r(input);
  Bytes body = r.bytes(r.u16());
  Bytes signature = r.rest();
  auto framed = pair::encode_payload(body, signature);
  if (signature.size() > 255) {
    IMREF_FUZZ_ASSERT(!framed.ok() && framed.code() == Errc::too_large,
                      "a signature over 255 bytes was framed");
    return;
  }
  IMREF_FUZZ_ASSERT(framed.ok(), "encode_payload refused fields that fit");
  IMREF_FUZZ_ASSERT(framed->size() == 4 + body.size() + signature.size(), "framed size is wrong");
  auto back = pair::parse_payload(*framed);
  IMREF_FUZZ_ASSERT(back.ok() == (body.size() >= pair::kRsaBlockLen),
                    "a framed payload parses iff its body has 160 bytes or more");
  if (back.ok())
    IMREF_FUZZ_ASSERT(back->body == body && back->signature == signature,
                      "framed fields do not parse back");
}

}  // namespace imref::fuzz
