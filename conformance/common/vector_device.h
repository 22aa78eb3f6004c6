// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The devices of the vector files: the sender and the recipient of each
// group of vectors/pair_open_test.json and pair_seal_test.json, as their four
// keys in hex. imref check (conformance/runner/pair_suite.cpp), imref fuzz
// (conformance/fuzz/targets.cpp) and the fuzz targets (fuzz/common.h) load
// them here.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>

#include "imref/crypto/provider.h"
#include "imref/device_keys.h"
#include "imref/result.h"

namespace imref::conformance {

// VectorDevice is one device of a vector file, each key hex as the files and
// the shim's requests write it (docs/shim-protocol.md).
struct VectorDevice {
  std::string rsa_private, signing_private, encryption_private, identity;
};

// kVectorDeviceKeys names the members of a device object, in the order of
// VectorDevice.
inline constexpr std::array<const char*, 4> kVectorDeviceKeys = {"rsa_private", "signing_private",
                                                                 "encryption_private", "identity"};

// vector_device reads a device object; invalid_argument ("no rsa_private")
// when a member is missing or not a string. The strings are not checked here.
Result<VectorDevice> vector_device(const nlohmann::json& object);

// to_json is the device object: the four members, as requests send them.
nlohmann::json to_json(const VectorDevice& device);

// import_vector_device imports the device's three private keys into |p|: an
// error when one is not hex, or DeviceKeys::import's when they do not import.
// The identity member is not compared with the keys' identity.
Result<DeviceKeys> import_vector_device(const crypto::Provider& p, const VectorDevice& device);

// import_vector_device reads a device object (vector_device) and imports it.
Result<DeviceKeys> import_vector_device(const crypto::Provider& p, const nlohmann::json& object);

}  // namespace imref::conformance
