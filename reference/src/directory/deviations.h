// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Deliberate defects of the directory for `imref-shim --bug NAME`, so the
// registration suite can prove it catches each one (docs/conformance.md).
// The reference always runs with every field false; only the four-argument
// Directory constructor sets them. Each field names the requirement it breaks.
#pragma once

#include "imref/directory.h"

namespace imref::directory {

struct Deviations {
  bool skip_signature_check = false;     // REQ-DIR-2: any signature accepted
  bool skip_nonce_check = false;         // REQ-DIR-3: a seen nonce accepted again
  bool reusable_email_token = false;     // REQ-VERIFY-2: a token is not spent
  bool accept_expired_token = false;     // REQ-VERIFY-2: no expiry
  bool lookup_unverified_email = false;  // REQ-VERIFY-1: a pending address is found
  bool alert_new_device_itself = false;  // REQ-ALERT-2
  bool no_email_alert = false;           // REQ-ALERT-1: no alert for a new address
  bool keep_removed_device = false;      // REQ-DIR-6: lookups still return it
};

}  // namespace imref::directory
