// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// A world device's life: made with its keys put in its keychain, its keys
// read back from the keychain whenever an op needs them, and reboots that
// make it forget them until the passcode is entered again (REQ-KEYCHAIN-7/8).
#include "ops.h"

namespace imref::shim {

namespace {

// Item names of a device's private keys in its keychain.
constexpr std::string_view kRsaItem = "rsa.pkcs8";
constexpr std::string_view kSigningItem = "signing.scalar";
constexpr std::string_view kEncryptionItem = "encryption.scalar";

// The world's keychains use N = 2^10 (1 MiB, about a millisecond), not the
// default 2^15: a scenario makes and unlocks many devices, and what is tested
// is when the keys can be used, not the cost of guessing.
constexpr keychain::KdfParams kWorldKdf{10, 8, 1};

// The passcode of a device made without one: "0000".
const Bytes kDefaultPasscode = to_bytes("0000");

// keychain_holding makes a new keychain on the world's disk, one directory per
// device ever made (a refused device.add leaves its store behind, unused).
Result<keychain::Keychain> keychain_holding(World& world, const DeviceKeys& keys,
                                            ByteView passcode) {
  const std::string path = "/devices/" + std::to_string(world.devices_made++) + "/keychain";
  IMREF_TRY(auto kc, keychain::Keychain::create_with(world.provider, world.disk, path, world.rng,
                                                     passcode, kWorldKdf, world.keychain_bugs));
  IMREF_TRY(SecretBytes rsa, keys.rsa_pkcs8());
  IMREF_CHECK(kc.put(kRsaItem, rsa, world.rng));
  IMREF_CHECK(kc.put(kSigningItem, keys.signing_scalar(), world.rng));
  IMREF_CHECK(kc.put(kEncryptionItem, keys.encryption_scalar(), world.rng));
  return kc;
}

// forget drops the device's copies of its keys outside the keychain. (The
// shim's key pool, World::key_pool, keeps the keys it generated for reuse in
// later worlds: a test double's shortcut no op can reach.)
void forget(WorldDevice& d) {
  d.keys_in_memory.reset();
  if (d.receiver) d.receiver->forget_keys();
}

}  // namespace

Bytes passcode_field(const nlohmann::json& request) {
  return request.contains("passcode") ? hex_field(request, "passcode") : kDefaultPasscode;
}

Result<WorldDevice*> find_device(World& world, const std::string& name) {
  auto it = world.devices.find(name);
  if (it == world.devices.end()) return make_error(Errc::not_found, "no device named " + name);
  return it->second.get();
}

Status check_new_device(const World& world, const std::string& name, ByteView passcode) {
  if (name.empty()) return make_error(Errc::invalid_argument, "device name must not be empty");
  if (world.devices.count(name)) return make_error(Errc::duplicate, "device exists: " + name);
  if (passcode.size() < keychain::kMinPasscodeLen || passcode.size() > keychain::kMaxPasscodeLen)
    return make_error(Errc::invalid_argument, "passcode must be 1..256 bytes");
  return ok_status();
}

Result<WorldDevice*> new_device(World& world, const std::string& name, ByteView passcode) {
  IMREF_CHECK(check_new_device(world, name, passcode));
  IMREF_TRY(auto keys, world.next_keys());
  IMREF_TRY(auto kc, keychain_holding(world, keys, passcode));
  Bytes token(directory::kPushTokenSize);
  world.rng.fill(token);
  auto device = std::make_unique<WorldDevice>(std::move(token), keys, std::move(kc));
  WorldDevice* raw = device.get();
  world.devices.emplace(name, std::move(device));
  relay_presence(world, name);
  return raw;
}

Result<const DeviceKeys*> keys_of(World& world, WorldDevice& d) {
  if (!d.keychain.available()) {
    forget(d);
    return make_error(Errc::locked, "the device has not been unlocked since it booted");
  }
  if (!d.keys_in_memory) {
    IMREF_TRY(SecretBytes rsa, d.keychain.get(kRsaItem));
    IMREF_TRY(SecretBytes signing, d.keychain.get(kSigningItem));
    IMREF_TRY(SecretBytes encryption, d.keychain.get(kEncryptionItem));
    IMREF_TRY(auto keys, DeviceKeys::import(world.provider, rsa, signing, encryption));
    d.keys_in_memory = std::move(keys);
  }
  return &*d.keys_in_memory;
}

void reboot(WorldDevice& d) {
  forget(d);
  d.keychain.reboot();
}

}  // namespace imref::shim
