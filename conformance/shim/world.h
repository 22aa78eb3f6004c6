// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// World is the state a shim keeps between requests for the stateful layers
// (registration, delivery): one injected clock and the components the
// implementation under test plays in one process. The `reset` op replaces it
// with a fresh one, so every scenario starts from nothing.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bugs.h"
#include "directory/deviations.h"
#include "imref/clock.h"
#include "imref/crypto/provider.h"
#include "imref/crypto/rng.h"
#include "imref/delivery.h"
#include "imref/device_keys.h"
#include "imref/directory.h"
#include "imref/filesystem.h"
#include "imref/keychain.h"
#include "imref/relay.h"

namespace imref::shim {

// WorldDevice is one named device of the world. Its private keys live in its
// keychain, on the world's disk, and never leave the shim; ops name the
// device instead. Each layer keeps its own part here.
struct WorldDevice {
  WorldDevice(Bytes token, const DeviceKeys& keys, keychain::Keychain kc)
      : push_token(std::move(token)),
        identity(keys.identity().blob()),
        encryption_public(keys.encryption_public()),
        keychain(std::move(kc)),
        keys_in_memory(keys) {}

  Bytes push_token;  // 32 random bytes, fixed at creation
  Bytes identity;    // the public identity blob and EC encryption key
  Bytes encryption_public;

  // The keychain (REQ-KEYCHAIN-7/8): after device.reboot nothing can use the
  // keys until device.unlock. keys_in_memory is what was read from it since
  // the last reboot; only keys_of (world_device.cpp) reads either.
  keychain::Keychain keychain;
  std::optional<DeviceKeys> keys_in_memory;

  // Registration (registration_ops.cpp).
  std::string account;                   // empty until the directory registered it
  bool online = true;                    // reachable through the push relay
  std::vector<directory::Alert> alerts;  // handed over by the relay, not yet read

  // Delivery (delivery_ops.cpp).
  std::deque<relay::Push> inbox;                 // handed over by the relay, not yet received
  std::vector<relay::Push> handed;               // every push handed over (relay.replay)
  std::unique_ptr<delivery::Receiver> receiver;  // made at the first receive
};

struct World {
  // |bugs| must outlive the world (the Shim's own).
  World(const crypto::Provider& p, const Bugs& bugs, std::vector<DeviceKeys>& keys)
      : provider(p),
        keychain_bugs(bugs.keychain),
        key_pool(keys),
        directory(p, rng, clock, bugs.directory),
        relay(std::make_unique<relay::Relay>(clock, relay::PushVersion::v16k, bugs.delivery)) {}
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // next_keys gives the keys of the world's next new device: the n-th device
  // of every world gets the keys generated for the n-th device of the first
  // world that had one. Key generation is most of a scenario's run time
  // (RSA-1280); within a world every device still has its own keys, and no
  // scenario compares keys across worlds.
  Result<DeviceKeys> next_keys() {
    if (keys_used == key_pool.size()) {
      IMREF_TRY(auto keys, DeviceKeys::generate(provider, rng));
      key_pool.push_back(std::move(keys));
    }
    return key_pool[keys_used++];
  }

  const crypto::Provider& provider;
  const keychain::Deviations& keychain_bugs;
  std::vector<DeviceKeys>& key_pool;  // the shim's, kept across `reset`
  size_t keys_used = 0;
  ManualClock clock;
  crypto::SystemRng rng;

  // The devices' disks: one file system, a keychain store per device.
  MemoryFileSystem disk;
  size_t devices_made = 0;  // names each device's directory on the disk

  // Registration: the key directory, carriers by name, devices by name.
  directory::Directory directory;
  std::map<std::string, directory::Carrier> carriers;
  std::map<std::string, std::unique_ptr<WorldDevice>> devices;

  // Delivery: the push relay on the world's clock (16 KB until relay.configure
  // says otherwise) and the blob store.
  std::unique_ptr<relay::Relay> relay;
  attachment::BlobStore blobs;
};

}  // namespace imref::shim
