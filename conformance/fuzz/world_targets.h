// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The targets of `imref fuzz` for the stateful layers and the keychain
// store: `scenario` runs mutated registration and delivery scenarios in the
// implementation's world and in the reference's, step by step, and
// `keychain.open` opens mutated stores (docs/fuzzing.md).
#pragma once

#include <memory>
#include <string>

#include "targets.h"

namespace imref::iutfuzz {

// keychain_open_target fuzzes keychain.open with the stores and passcodes of
// keychain_test.json; an error if it cannot be read.
Result<Target> keychain_open_target(const check::SuiteContext& ctx,
                                    std::shared_ptr<Reference> reference);

// scenario_target fuzzes the world with the scripts of registration_test.json
// and delivery_test.json; an error if they cannot be read.
Result<Target> scenario_target(const check::SuiteContext& ctx,
                               std::shared_ptr<Reference> reference);

}  // namespace imref::iutfuzz
