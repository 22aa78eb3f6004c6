// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Registration ops: the world's key directory, carriers, mailboxes and named
// devices (docs/shim-protocol.md, docs/spec.md §9). A device's private keys
// stay in its imref::Device; ops name devices, and only public material and
// signatures go out.
//
// Alerts ride the push relay (REQ-ALERT-3, imref::Device): the hand-over is
// lazy — done whenever a device's alerts could be observed (alerts.read,
// connect, disconnect, device.remove) — which no client can tell from an
// eager one.
#include "imref/directory.h"
#include "ops.h"

namespace imref::shim {

namespace {

using nlohmann::json;

Result<directory::Carrier*> find_carrier(World& world, const std::string& name) {
  auto it = world.carriers.find(name);
  if (it == world.carriers.end()) return make_error(Errc::not_found, "no carrier named " + name);
  return &it->second;
}

json request_json(const directory::RegistrationRequest& r) {
  json j{{"account", r.account},
         {"push_token", to_hex(r.push_token)},
         {"identity", to_hex(r.identity)},
         {"encryption_public", to_hex(r.encryption_key)},
         {"timestamp", r.timestamp},
         {"nonce", to_hex(r.nonce)},
         {"signature", to_hex(r.signature)}};
  if (!r.ngm_public.empty()) j["ngm_public"] = to_hex(r.ngm_public);
  if (!r.prekey_record.empty()) j["prekey_record"] = to_hex(r.prekey_record);
  return j;
}

// pair_ec_json adds a device's published pair-ec keys to |out| (none for a
// device that speaks only pair).
void add_pair_ec_json(json& out, const Bytes& ngm_public, const Bytes& prekey_record) {
  if (!ngm_public.empty()) out["ngm_public"] = to_hex(ngm_public);
  if (!prekey_record.empty()) out["prekey_record"] = to_hex(prekey_record);
}

directory::RegistrationRequest request_from_json(const json& j) {
  directory::RegistrationRequest r;
  r.account = string_field(j, "account");
  r.push_token = hex_field(j, "push_token");
  r.identity = hex_field(j, "identity");
  r.encryption_key = hex_field(j, "encryption_public");
  const int64_t timestamp = int_field(j, "timestamp");
  if (timestamp < 0) throw BadRequest{"timestamp must not be negative"};
  r.timestamp = static_cast<uint64_t>(timestamp);
  r.nonce = hex_field(j, "nonce");
  r.signature = hex_field(j, "signature");
  if (j.contains("ngm_public")) r.ngm_public = hex_field(j, "ngm_public");
  if (j.contains("prekey_record")) r.prekey_record = hex_field(j, "prekey_record");
  return r;
}

uint64_t now(const World& world) {
  return static_cast<uint64_t>(world.clock.now());
}

OpResult op_account_create(Context& ctx) {
  IMREF_TRY(auto account, Account::make(string_field(ctx.request, "account")));
  IMREF_CHECK(ctx.world->directory.create_account(account));
  return json::object();
}

OpResult op_device_add(Context& ctx) {
  World& world = *ctx.world;
  const std::string name = string_field(ctx.request, "device");
  const std::string account = string_field(ctx.request, "account");
  IMREF_TRY(Device * d,
            new_device(world, name, passcode_field(ctx.request), pair_ec_field(ctx.request)));
  auto registered = [&]() -> Status {
    IMREF_TRY(auto r, d->registration_request(*d, account, now(world), world.rng));
    return world.directory.register_device(r);
  }();
  if (!registered.ok()) {
    world.devices.erase(world.devices.find(name));  // a refused add leaves no device behind
    return registered.error();
  }
  json out{{"push_token", d->push_token().hex()},
           {"identity", to_hex(d->identity())},
           {"encryption_public", to_hex(d->encryption_public())}};
  add_pair_ec_json(out, d->ngm_public(), d->prekey_record());
  return out;
}

OpResult op_device_registration_request(Context& ctx) {
  World& world = *ctx.world;
  const std::string name = string_field(ctx.request, "device");
  const std::string account = string_field(ctx.request, "account");
  uint64_t timestamp = now(world);
  if (ctx.request.contains("timestamp")) {
    const int64_t t = int_field(ctx.request, "timestamp");
    if (t < 0) return make_error(Errc::invalid_argument, "timestamp must not be negative");
    timestamp = static_cast<uint64_t>(t);
  }
  Device* signer = nullptr;
  if (ctx.request.contains("signer")) {
    IMREF_TRY(signer, find_device(world, string_field(ctx.request, "signer")));
  }
  Device* d = nullptr;
  const Bytes passcode = passcode_field(ctx.request);
  if (auto found = find_device(world, name); found.ok()) {
    d = found.value();
  } else if (auto checked = check_new_device(world, name, passcode); !checked.ok()) {
    return checked.error();  // the device itself is made below, once the signer is unlocked
  }
  // A locked signer refuses before anything is made: a refused request
  // leaves no device behind (REQ-KEYCHAIN-10).
  if (Device* signing = signer ? signer : d) {
    if (auto keys = signing->keys(); !keys.ok()) return keys.error();
  }
  if (!d) {
    IMREF_TRY(d, new_device(world, name, passcode, pair_ec_field(ctx.request)));
  }
  IMREF_TRY(auto r, (signer ? signer : d)->registration_request(*d, account, timestamp, world.rng));
  return json{{"request", request_json(r)}};
}

OpResult op_dir_register(Context& ctx) {
  const auto r = request_from_json(field(ctx.request, "request"));
  IMREF_CHECK(ctx.world->directory.register_device(r));
  return json::object();
}

OpResult op_email_add(Context& ctx) {
  IMREF_CHECK(ctx.world->directory.add_email(string_field(ctx.request, "account"),
                                             string_field(ctx.request, "email")));
  return json::object();
}

OpResult op_email_read(Context& ctx) {
  return json{{"tokens", ctx.world->directory.read_email(string_field(ctx.request, "email"))}};
}

OpResult op_email_confirm(Context& ctx) {
  IMREF_CHECK(ctx.world->directory.confirm_email(string_field(ctx.request, "account"),
                                                 string_field(ctx.request, "token")));
  return json::object();
}

OpResult op_carrier_create(Context& ctx) {
  const std::string name = string_field(ctx.request, "carrier");
  const bool zero_rated = bool_field(ctx.request, "zero_rated");
  if (name.empty()) return make_error(Errc::invalid_argument, "carrier name must not be empty");
  if (ctx.world->carriers.count(name)) return make_error(Errc::duplicate, "carrier exists");
  ctx.world->carriers.emplace(name, directory::Carrier(zero_rated));
  return json::object();
}

OpResult op_carrier_issue_sim(Context& ctx) {
  IMREF_TRY(auto carrier, find_carrier(*ctx.world, string_field(ctx.request, "carrier")));
  carrier->issue_sim(string_field(ctx.request, "sim"), string_field(ctx.request, "phone"));
  return json::object();
}

OpResult op_phone_add(Context& ctx) {
  IMREF_TRY(auto carrier, find_carrier(*ctx.world, string_field(ctx.request, "carrier")));
  IMREF_CHECK(ctx.world->directory.add_phone(
      string_field(ctx.request, "account"), string_field(ctx.request, "phone"), *carrier,
      string_field(ctx.request, "sim"), bool_field(ctx.request, "consent")));
  return json::object();
}

OpResult op_dir_lookup(Context& ctx) {
  IMREF_TRY(auto handle, Handle::parse(string_field(ctx.request, "handle")));
  IMREF_TRY(auto records, ctx.world->directory.lookup(handle));
  json devices = json::array();
  for (const auto& r : records) {
    json d{{"identity", to_hex(r.identity)},
           {"encryption_public", to_hex(r.encryption_key)},
           {"push_token", r.push_token.hex()}};
    add_pair_ec_json(d, r.ngm_public, r.prekey_record);
    devices.push_back(std::move(d));
  }
  return json{{"devices", devices}};
}

OpResult op_device_remove(Context& ctx) {
  World& world = *ctx.world;
  const Bytes token = hex_field(ctx.request, "push_token");
  // What reached an online device stays with it (REQ-ALERT-3): the lazy
  // hand-over is done before the directory deletes the queue. connect on an
  // online device only takes what is queued.
  for (auto& [name, d] : world.devices) {
    if (d->online() && d->push_token().bytes() == token) d->connect(world.directory);
  }
  IMREF_CHECK(world.directory.remove_device(string_field(ctx.request, "account"), token));
  IMREF_TRY(auto removed, PushToken::from(token));  // 32 bytes: the directory had it
  relay_forget(world, removed);
  return json::object();
}

OpResult op_handle_remove(Context& ctx) {
  IMREF_CHECK(ctx.world->directory.remove_handle(string_field(ctx.request, "account"),
                                                 string_field(ctx.request, "handle")));
  return json::object();
}

OpResult op_device_connect(Context& ctx) {
  IMREF_TRY(auto d, find_device(*ctx.world, string_field(ctx.request, "device")));
  d->connect(ctx.world->directory);
  relay_presence(*ctx.world, string_field(ctx.request, "device"));
  return json::object();
}

OpResult op_device_disconnect(Context& ctx) {
  IMREF_TRY(auto d, find_device(*ctx.world, string_field(ctx.request, "device")));
  d->disconnect(ctx.world->directory);
  relay_presence(*ctx.world, string_field(ctx.request, "device"));
  return json::object();
}

// device.rotate_prekey: the device makes a new prekey, keeps the old ones it
// still may need, and publishes the new record (REQ-PAIREC-56, -57). The
// directory's answer cannot refuse a record the device just signed at the
// world's clock, but for a device it does not know (published: false).
OpResult op_device_rotate_prekey(Context& ctx) {
  World& world = *ctx.world;
  IMREF_TRY(Device * d, find_device(world, string_field(ctx.request, "device")));
  IMREF_TRY(Bytes record, d->rotate_prekey(world.clock.now(), world.rng));
  // A device not (yet) registered keeps its new prekey and publishes it with
  // its registration.
  auto published = world.directory.publish_prekey(d->push_token().bytes(), record);
  if (!published.ok() && published.code() != Errc::not_found) return published.error();
  return json{{"prekey_record", to_hex(record)},
              {"prekeys", d->prekey_count()},
              {"published", published.ok()}};
}

// dir.publish_prekey: a record submitted for a registered device, as a
// device (or anyone) could send it; the directory checks it.
OpResult op_dir_publish_prekey(Context& ctx) {
  IMREF_CHECK(ctx.world->directory.publish_prekey(hex_field(ctx.request, "push_token"),
                                                  hex_field(ctx.request, "prekey_record")));
  return json::object();
}

// dir.tamper_prekey: the directory's operator flips the low bit of one byte
// of a device's published prekey record (default: byte 50, in the
// signature); senders must notice (REQ-PAIREC-53).
OpResult op_dir_tamper_prekey(Context& ctx) {
  IMREF_TRY(auto handle, Handle::parse(string_field(ctx.request, "handle")));
  IMREF_TRY(auto records, ctx.world->directory.lookup(handle));
  const Bytes token = hex_field(ctx.request, "push_token");
  const int64_t offset = ctx.request.contains("offset") ? int_field(ctx.request, "offset") : 50;
  for (const auto& r : records) {
    if (r.push_token.bytes() != token) continue;
    if (r.prekey_record.empty()) return make_error(Errc::not_found, "no prekey record");
    if (offset < 0 || static_cast<uint64_t>(offset) >= r.prekey_record.size())
      return make_error(Errc::invalid_argument, "offset outside the record");
    Bytes record = r.prekey_record;
    record[static_cast<size_t>(offset)] ^= 1;
    IMREF_CHECK(ctx.world->directory.overwrite_prekey(token, std::move(record)));
    return json::object();
  }
  return make_error(Errc::not_found, "no such device under the handle");
}

OpResult op_alerts_read(Context& ctx) {
  IMREF_TRY(auto d, find_device(*ctx.world, string_field(ctx.request, "device")));
  json alerts = json::array();
  for (const auto& a : d->take_alerts(ctx.world->directory))
    alerts.push_back({{"kind", directory::alert_kind_name(a.kind)}, {"what", a.what}});
  return json{{"alerts", alerts}};
}

}  // namespace

void add_registration_ops(OpTable& ops) {
  ops.emplace("account.create", op_account_create);
  ops.emplace("device.add", op_device_add);
  ops.emplace("device.registration_request", op_device_registration_request);
  ops.emplace("dir.register", op_dir_register);
  ops.emplace("email.add", op_email_add);
  ops.emplace("email.read", op_email_read);
  ops.emplace("email.confirm", op_email_confirm);
  ops.emplace("carrier.create", op_carrier_create);
  ops.emplace("carrier.issue_sim", op_carrier_issue_sim);
  ops.emplace("phone.add", op_phone_add);
  ops.emplace("dir.lookup", op_dir_lookup);
  ops.emplace("device.remove", op_device_remove);
  ops.emplace("handle.remove", op_handle_remove);
  ops.emplace("device.connect", op_device_connect);
  ops.emplace("device.disconnect", op_device_disconnect);
  ops.emplace("alerts.read", op_alerts_read);
  ops.emplace("device.rotate_prekey", op_device_rotate_prekey);
  ops.emplace("dir.publish_prekey", op_dir_publish_prekey);
  ops.emplace("dir.tamper_prekey", op_dir_tamper_prekey);
}

}  // namespace imref::shim
