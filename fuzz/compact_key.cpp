// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// compact_key: compact P-256 keys (REQ-PAIREC-2, -3), both backends.
//   - expand of the input (any length) has one outcome on both backends, and
//     the same point; a refusal is malformed_key.
//   - An expanded point is compactable, on the curve, has the input as its X
//     and compacts back to it.
//   - compact of the input read as a point agrees on both backends.
#include "common.h"
#include "imref/pair_ec.h"

namespace imref::fuzz {

void fuzz(ByteView input) {
  auto a = pair_ec::expand(openssl(), input);
  auto b = pair_ec::expand(botan(), input);
  IMREF_FUZZ_ASSERT(same_outcome(a, b), disagree("expand", a, b));
  if (a.ok()) {
    IMREF_FUZZ_ASSERT(*a == *b, "the backends expand to different points");
    IMREF_FUZZ_ASSERT(pair_ec::is_compactable(*a), "expand gave y > p - y");
    IMREF_FUZZ_ASSERT(std::equal(input.begin(), input.end(), a->begin() + 1),
                      "the expanded point has another X");
    IMREF_FUZZ_ASSERT(openssl().ec_public_from_point(*a).ok(), "the expanded point is refused");
    auto x = pair_ec::compact(botan(), *a);
    IMREF_FUZZ_ASSERT(x.ok() && *x == to_public(input), "the point does not compact back");
  } else {
    IMREF_FUZZ_ASSERT(a.code() == Errc::malformed_key, "expand refused with a wrong code");
  }
  auto c = pair_ec::compact(openssl(), input);
  auto d = pair_ec::compact(botan(), input);
  IMREF_FUZZ_ASSERT(same_outcome(c, d), disagree("compact", c, d));
  if (c.ok()) IMREF_FUZZ_ASSERT(*c == *d, "the backends compact differently");
}

}  // namespace imref::fuzz
