// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The keychain store codec's internals, for the keychain itself and the
// vector generator. Not installed.
#pragma once

#include "imref/keychain.h"

namespace imref::keychain {

// Opened is what a successful open yields: the items and the passcode key,
// which an unlocked keychain keeps for later saves.
struct Opened {
  PasscodeKey key;
  Items items;
};

// open_store is open, keeping the passcode key.
Result<Opened> open_store(const crypto::Provider& provider, ByteView passcode, ByteView store);

// seal_encoded seals an already encoded item list as is, unchecked: the
// vector generator uses it to make stores whose tag is right but whose items
// are malformed.
Result<Bytes> seal_encoded(const crypto::Provider& provider, const PasscodeKey& key, ByteView nonce,
                           ByteView encoded_items);

}  // namespace imref::keychain
