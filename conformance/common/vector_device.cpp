// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "vector_device.h"

#include "imref/bytes.h"

namespace imref::conformance {

Result<VectorDevice> vector_device(const nlohmann::json& object) {
  std::array<std::string, 4> keys;
  for (size_t i = 0; i < keys.size(); ++i) {
    const char* name = kVectorDeviceKeys[i];
    if (!object.is_object() || !object.contains(name) || !object[name].is_string())
      return make_error(Errc::invalid_argument, std::string("no ") + name);
    keys[i] = object[name].get<std::string>();
  }
  return VectorDevice{keys[0], keys[1], keys[2], keys[3]};
}

nlohmann::json to_json(const VectorDevice& device) {
  return {{"rsa_private", device.rsa_private},
          {"signing_private", device.signing_private},
          {"encryption_private", device.encryption_private},
          {"identity", device.identity}};
}

Result<DeviceKeys> import_vector_device(const crypto::Provider& p, const VectorDevice& device) {
  IMREF_TRY(const Bytes rsa, from_hex(device.rsa_private));
  IMREF_TRY(const Bytes signing, from_hex(device.signing_private));
  IMREF_TRY(const Bytes encryption, from_hex(device.encryption_private));
  return DeviceKeys::import(p, rsa, signing, encryption);
}

Result<DeviceKeys> import_vector_device(const crypto::Provider& p, const nlohmann::json& object) {
  IMREF_TRY(const VectorDevice device, vector_device(object));
  return import_vector_device(p, device);
}

}  // namespace imref::conformance
