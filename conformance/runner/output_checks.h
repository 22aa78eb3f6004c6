// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Checks of what an implementation produced that more than one kind of case
// needs: the suites' live cases and `imref fuzz` (conformance/fuzz/).
#pragma once

#include <optional>

#include "case.h"
#include "imref/device_keys.h"
#include "pair_forge.h"

namespace imref::check {

// check_sealed holds a payload the implementation sealed (|reply| to a
// pair.seal from |sender| to |recipient|) to the layout of REQ-PAIR-1..5, by
// taking it apart with the recipient's private key; with |expected| (a given
// seed), the key and ciphertext must be those bytes exactly.
Outcome check_sealed(Session& s, const Reply& reply, const DeviceKeys& sender,
                     const DeviceKeys& recipient, const Bytes& plaintext,
                     const forge::Built* expected);
// The same, for a sender known only by its identity (a vector's own sender).
Outcome check_sealed(Session& s, const Reply& reply, const PublicIdentity& sender,
                     const DeviceKeys& recipient, const Bytes& plaintext,
                     const forge::Built* expected);

// check_generated_device imports the device of a device.generate |reply|
// into the reference (REQ-KEY-1, -2, -7: RSA-1280, e = 65537, consistent
// private parts, in-range scalars) and requires its identity and
// encryption_public to be those of its keys (REQ-KEY-6).
Outcome check_generated_device(Session& s, const Reply& reply);

}  // namespace imref::check
