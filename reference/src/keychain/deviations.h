// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Deliberate defects for `imref-shim --bug NAME` (docs/conformance.md). The
// reference always runs with every field false; only the shim sets them,
// through open_store and Keychain::boot_with. Each names the rule it breaks.
#pragma once

#include "imref/keychain.h"

namespace imref::keychain {

struct Deviations {
  bool skip_mac_check = false;             // REQ-KEYCHAIN-5: decrypt without the tag
  bool accept_trailing_bytes = false;      // REQ-KEYCHAIN-3: bytes after the checksum ignored
  bool wrong_passcode_as_corrupt = false;  // REQ-KEYCHAIN-6: bad_passcode reads store_corrupt
  bool reboot_keeps_keys = false;          // REQ-KEYCHAIN-8: reboot forgets nothing
  bool lock_discards_keys = false;         // REQ-KEYCHAIN-8: lock forgets the items
};

// Opened is what a successful open yields: the items and the passcode key,
// which an unlocked keychain keeps for later saves.
struct Opened {
  PasscodeKey key;
  Items items;
};

// seal_encoded seals an already encoded item list as is, unchecked: the
// vector generator uses it to make stores whose tag is right but whose items
// are malformed.
Result<Bytes> seal_encoded(const crypto::Provider& provider, const PasscodeKey& key, ByteView nonce,
                           ByteView encoded_items);

Result<Opened> open_store(const crypto::Provider& provider, ByteView passcode, ByteView store,
                          const Deviations& bugs);

}  // namespace imref::keychain
