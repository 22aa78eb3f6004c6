// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The targets of `imref fuzz` for the layers under the message:
// attachment.encrypt, attachment.decrypt (MMCS objects) and envelope.decode,
// envelope.encode (the push envelope as bytes), seeded from
// message_wire_test.json (docs/fuzzing.md).
#pragma once

#include <memory>
#include <vector>

#include "targets.h"

namespace imref::iutfuzz {

// wire_targets makes the four targets; an error if the vector file cannot be
// read.
Result<std::vector<Target>> wire_targets(const check::SuiteContext& ctx,
                                         std::shared_ptr<Reference> reference);

}  // namespace imref::iutfuzz
