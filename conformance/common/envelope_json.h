// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The JSON form of a push envelope (docs/shim-protocol.md, envelope.*): the
// wire keys as member names, data as lower-case hex, optional keys only when
// present, plus "form": "send" or "received". One writer for the shim, the
// runner and the vector generator.
#pragma once

#include <nlohmann/json.hpp>

#include "imref/envelope.h"

namespace imref::conformance {

nlohmann::json envelope_json(const envelope::Envelope& envelope);

}  // namespace imref::conformance
