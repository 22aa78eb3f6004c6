// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Ops of the keychain: the store codec (stateless: keychain.seal,
// keychain.open) and a world device's keychain states (device.reboot,
// device.lock, device.unlock, device.state; REQ-KEYCHAIN-7/8) and a crash in
// the middle of its save (device.crash, REQ-KEYCHAIN-9).
#include <map>
#include <optional>

#include "imref/keychain.h"
#include "ops.h"

namespace imref::shim {

namespace {

using nlohmann::json;

uint8_t byte_field(const json& obj, const char* name) {
  const int64_t v = int_field(obj, name);
  if (v < 0 || v > 255) throw BadRequest{std::string("field must be 0..255: ") + name};
  return static_cast<uint8_t>(v);
}

OpResult op_keychain_seal(Context& ctx) {
  const json& params = field(ctx.request, "params");
  const keychain::KdfParams kdf{byte_field(params, "log2_n"), byte_field(params, "r"),
                                byte_field(params, "p")};
  const json& items_json = field(ctx.request, "items");
  if (!items_json.is_object()) throw BadRequest{"field items must be an object"};
  keychain::Items items;
  for (auto it = items_json.begin(); it != items_json.end(); ++it)
    items.emplace(it.key(), to_secret(hex_field(items_json, it.key().c_str())));
  IMREF_TRY(auto key,
            keychain::PasscodeKey::derive(ctx.provider, hex_field(ctx.request, "passcode"), kdf,
                                          hex_field(ctx.request, "salt")));
  IMREF_TRY(auto store, keychain::seal(ctx.provider, key, hex_field(ctx.request, "nonce"), items));
  return json{{"store", to_hex(store)}};
}

OpResult op_keychain_open(Context& ctx) {
  IMREF_TRY(auto opened, keychain::open(ctx.provider, hex_field(ctx.request, "passcode"),
                                        hex_field(ctx.request, "store")));
  json items = json::object();
  for (const auto& [name, value] : opened) items[name] = to_hex(value);
  return json{{"items", items}};
}

Result<Device*> named_device(Context& ctx) {
  return find_device(*ctx.world, string_field(ctx.request, "device"));
}

OpResult op_device_reboot(Context& ctx) {
  IMREF_TRY(Device * d, named_device(ctx));
  d->reboot();
  return json::object();
}

OpResult op_device_lock(Context& ctx) {
  IMREF_TRY(Device * d, named_device(ctx));
  d->lock();
  return json::object();
}

OpResult op_device_unlock(Context& ctx) {
  IMREF_TRY(Device * d, named_device(ctx));
  IMREF_CHECK(d->unlock(hex_field(ctx.request, "passcode")));
  return json::object();
}

OpResult op_device_state(Context& ctx) {
  IMREF_TRY(Device * d, named_device(ctx));
  return json{{"online", d->online()},
              {"unlocked_since_boot", d->keychain().available()},
              {"screen_locked", d->keychain().screen_locked()}};
}

// device.crash: the device saves its keychain again, unchanged or under a
// new `passcode` (a passcode change), and loses power right after step `at`
// of the save (REQ-KEYCHAIN-9). The disk keeps what a crash keeps
// (MemoryFileSystem), and the device comes back as after device.reboot;
// `saved` tells whether the save finished before the power went (a crash
// then changes nothing). A device not unlocked since boot: locked.
OpResult op_device_crash(Context& ctx) {
  static const std::map<std::string, int, std::less<>> kSteps{
      {"write", 0}, {"sync_file", 1}, {"rename", 2}, {"sync_dir", 3}};
  IMREF_TRY(Device * d, named_device(ctx));
  auto at = kSteps.find(string_field(ctx.request, "at"));
  if (at == kSteps.end())
    return make_error(Errc::invalid_argument, "at must be write, sync_file, rename or sync_dir");
  const bool renames_survive =
      ctx.request.contains("renames_survive") && bool_field(ctx.request, "renames_survive");
  std::optional<Bytes> passcode;
  if (ctx.request.contains("passcode")) {
    passcode = hex_field(ctx.request, "passcode");
    IMREF_CHECK(Device::valid_passcode(*passcode));
  }
  if (!d->keychain().available()) return make_error(Errc::locked, "not unlocked since boot");
  MemoryFileSystem& disk = ctx.world->disk;
  disk.renames_survive = renames_survive;
  disk.cut_power_at(at->second + 1);  // the step after `at` never happens
  const Status saved = passcode ? d->change_passcode(*passcode, ctx.world->rng)
                                : d->rewrite_keychain(ctx.world->rng);  // io_error: power cut
  disk.power_on();
  disk.renames_survive = false;
  d->reboot();
  return json{{"saved", saved.ok()}};
}

}  // namespace

void add_keychain_ops(OpTable& ops) {
  ops.emplace("keychain.seal", op_keychain_seal);
  ops.emplace("keychain.open", op_keychain_open);
  ops.emplace("device.reboot", op_device_reboot);
  ops.emplace("device.lock", op_device_lock);
  ops.emplace("device.unlock", op_device_unlock);
  ops.emplace("device.state", op_device_state);
  ops.emplace("device.crash", op_device_crash);
}

}  // namespace imref::shim
