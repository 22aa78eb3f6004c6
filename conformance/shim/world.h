// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// World is the state a shim keeps between requests for the stateful layers
// (registration, delivery): one injected clock and the library's components
// the implementation under test plays in one process (directory, carriers,
// relay, blob store, named devices). It adds no protocol rule of its own. The
// `reset` op replaces it with a fresh one, so every scenario starts from
// nothing.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "imref/clock.h"
#include "imref/crypto/provider.h"
#include "imref/crypto/rng.h"
#include "imref/delivery.h"
#include "imref/device.h"
#include "imref/device_keys.h"
#include "imref/directory.h"
#include "imref/filesystem.h"
#include "imref/keychain.h"
#include "imref/relay.h"

namespace imref::shim {

struct World {
  World(const crypto::Provider& p, std::vector<DeviceKeys>& keys)
      : provider(p),
        key_pool(keys),
        directory(p, rng, clock),
        relay(std::make_unique<relay::Relay>(clock, relay::PushVersion::v16k)) {}
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
  // By name; their private keys never leave them.
  std::map<DeviceName, std::unique_ptr<Device>, std::less<>> devices;

  // Delivery: the push relay on the world's clock (16 KB until relay.configure
  // says otherwise) and the blob store.
  std::unique_ptr<relay::Relay> relay;
  attachment::BlobStore blobs;

  // network is what the world's devices reach: the directory's lookup, the
  // relay, the blob store and the clock.
  Network network() {
    return Network{[this](const Handle& handle) { return directory.lookup(handle); }, *relay, blobs,
                   clock};
  }
};

}  // namespace imref::shim
