// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Inside the shim: what an op needs to read its request and answer it. Each
// layer's ops live in their own file and add themselves to the one table
// Shim::handle dispatches on.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/result.h"
#include "shim.h"
#include "world.h"

namespace imref::shim {

// BadRequest is thrown by the field readers below for a field that is
// missing or of the wrong type; Shim::handle turns it into malformed_request.
struct BadRequest {
  std::string detail;
};

const nlohmann::json& field(const nlohmann::json& obj, const char* name);
Bytes hex_field(const nlohmann::json& obj, const char* name);
std::string string_field(const nlohmann::json& obj, const char* name);
int64_t int_field(const nlohmann::json& obj, const char* name);
bool bool_field(const nlohmann::json& obj, const char* name);

struct Context {
  const crypto::Provider& provider;
  const nlohmann::json& request;
  KeyCache& cache;
  std::unique_ptr<World>& world;  // `reset` replaces it
};

// Each op returns its result fields, or an Error the client sees as is.
using OpResult = Result<nlohmann::json>;
using Op = std::function<OpResult(Context&)>;
using OpTable = std::map<std::string, Op, std::less<>>;

void add_pair_ops(OpTable& ops);   // device.generate, identity.*, pair.* (pair_ops.cpp)
void add_world_ops(OpTable& ops);  // reset, clock.advance (world_ops.cpp)
// account.*, device.add/connect/disconnect/remove/registration_request,
// dir.*, email.*, carrier.*, phone.add, handle.remove, alerts.read
void add_registration_ops(OpTable& ops);  // registration_ops.cpp
// send, receive, relay.*, blob.* (delivery_ops.cpp)
void add_delivery_ops(OpTable& ops);

// World devices (world_device.cpp). new_device makes |name| with fresh keys
// in a keychain under |passcode|, online; find_device is not_found for an
// unknown name. passcode_field reads a request's optional `passcode` (hex;
// "0000" when absent).
// A device speaks pair-ec (REQ-PAIREC-50) unless |pair_ec| is false: its
// first prekey record is signed at the world's clock.
Result<Device*> new_device(World& world, const std::string& name, ByteView passcode,
                           bool pair_ec = true);
// pair_ec_field reads the optional `pair_ec` (default true).
bool pair_ec_field(const nlohmann::json& request);
// check_new_device is new_device's refusals, with nothing made: an empty or
// taken name, a passcode not 1..256 bytes; else the name.
Result<DeviceName> check_new_device(const World& world, const std::string& name, ByteView passcode);
Result<Device*> find_device(World& world, const std::string& name);
Bytes passcode_field(const nlohmann::json& request);

// relay_presence tells the world's relay whether |name| is online: a device
// that comes online gets its queued pushes at once (delivery_ops.cpp).
// Registration calls it wherever a device is made or goes on or off line.
void relay_presence(World& world, const std::string& name);
// relay_forget deletes what the relay queued for a device the directory no
// longer has (REQ-DELIVERY-13); device.remove calls it.
void relay_forget(World& world, const PushToken& token);
void add_keychain_ops(OpTable& ops);  // keychain.seal, keychain.open (keychain_ops.cpp)
// attachment.encrypt/decrypt, envelope.encode/decode (wire_ops.cpp)
void add_wire_ops(OpTable& ops);
// key.compact, key.expand, prekey.sign, prekey.verify, pair-ec.seal,
// pair-ec.open (pair_ec_ops.cpp)
void add_pair_ec_ops(OpTable& ops);

}  // namespace imref::shim
