// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The P-256 private-scalar range rule, shared by both backends so that the
// same Rng output is accepted or redrawn identically everywhere.
#pragma once

#include "imref/bytes.h"

namespace imref::crypto {

// p256_scalar_in_range reports whether |scalar| is 32 bytes with
// 1 <= scalar < n (the group order), big-endian. The scalar is secret: the
// comparison runs over every byte with no branch on its value.
bool p256_scalar_in_range(ByteView scalar);

}  // namespace imref::crypto
