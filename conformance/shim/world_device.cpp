// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The world's named devices: each an imref::Device, its keychain on the
// world's disk, reachable through the world's relay once made.
#include "ops.h"

namespace imref::shim {

namespace {

// The world's keychains use N = 2^10 (1 MiB, about a millisecond), not the
// default 2^15: a scenario makes and unlocks many devices, and what is tested
// is when the keys can be used, not the cost of guessing.
constexpr keychain::KdfParams kWorldKdf{10, 8, 1};

// The passcode of a device made without one: "0000".
const Bytes kDefaultPasscode = to_bytes("0000");

}  // namespace

Bytes passcode_field(const nlohmann::json& request) {
  return request.contains("passcode") ? hex_field(request, "passcode") : kDefaultPasscode;
}

Result<Device*> find_device(World& world, const std::string& name) {
  auto it = world.devices.find(name);
  if (it == world.devices.end()) return make_error(Errc::not_found, "no device named " + name);
  return it->second.get();
}

Result<DeviceName> check_new_device(const World& world, const std::string& name,
                                    ByteView passcode) {
  IMREF_TRY(auto made, DeviceName::make(name));
  if (world.devices.count(made)) return make_error(Errc::duplicate, "device exists: " + name);
  IMREF_CHECK(Device::valid_passcode(passcode));
  return made;
}

bool pair_ec_field(const nlohmann::json& request) {
  return request.contains("pair_ec") ? bool_field(request, "pair_ec") : true;
}

Result<Device*> new_device(World& world, const std::string& name, ByteView passcode, bool pair_ec) {
  IMREF_TRY(DeviceName made, check_new_device(world, name, passcode));
  IMREF_TRY(auto keys, world.next_keys());
  // One directory per device ever made (a refused device.add leaves its
  // store behind, unused).
  const std::string path = "/devices/" + std::to_string(world.devices_made++) + "/keychain";
  IMREF_TRY(auto device,
            Device::create(world.provider, world.disk, path, world.rng, passcode, keys, kWorldKdf,
                           pair_ec ? std::optional<int64_t>(world.clock.now()) : std::nullopt));
  Device* raw = device.get();
  world.devices.emplace(std::move(made), std::move(device));
  relay_presence(world, name);
  return raw;
}

}  // namespace imref::shim
