// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Delivery ops: sending through the directory and the world's push relay,
// receiving on a named device, the relay's and the blob store's state, and a
// relay and an operator that misbehave on request (docs/shim-protocol.md,
// docs/spec.md §8).
//
// The relay hands a push to an online device at once: it lands in the
// device's inbox, and `receive` opens everything there in order. A device
// that is offline has its pushes queued by the relay until it connects.
#include <algorithm>

#include "imref/attachment.h"
#include "imref/delivery.h"
#include "imref/message.h"
#include "ops.h"

namespace imref::shim {

namespace {

using nlohmann::json;

std::vector<std::string> string_list(const json& request, const char* name) {
  const json& v = field(request, name);
  if (!v.is_array()) throw BadRequest{std::string("field must be a list of strings: ") + name};
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string()) throw BadRequest{std::string("field must be a list of strings: ") + name};
    out.push_back(e.get<std::string>());
  }
  return out;
}

// attachments_field reads the optional `attachments` list whole, so a bad
// entry is refused before anything is uploaded.
std::vector<NewAttachment> attachments_field(const json& request) {
  std::vector<NewAttachment> out;
  if (!request.contains("attachments")) return out;
  const json& list = field(request, "attachments");
  if (!list.is_array()) throw BadRequest{"field must be a list: attachments"};
  for (const auto& a : list) out.push_back({string_field(a, "name"), hex_field(a, "content")});
  return out;
}

// send: the named device sends (imref::Device::send). The request is read
// whole first, so a bad attachment is refused before anything is uploaded.
OpResult op_send(Context& ctx) {
  World& world = *ctx.world;
  IMREF_TRY(Device * d, find_device(world, string_field(ctx.request, "device")));
  Outgoing message;
  message.from = string_field(ctx.request, "from");
  message.to = string_list(ctx.request, "to");
  if (ctx.request.contains("text")) message.text = string_field(ctx.request, "text");
  if (ctx.request.contains("group")) {
    const json& g = field(ctx.request, "group");
    message.group_id = string_field(g, "id");
    message.group_name = string_field(g, "name");
  }
  message.attachments = attachments_field(ctx.request);
  Network network = world.network();
  IMREF_TRY(auto sent, d->send(message, network, world.rng));
  // One entry per push: its device and E, and why a device got pair
  // (REQ-PAIREC-54).
  json copies = json::array();
  for (const auto& c : sent.report.copies) {
    json e{{"token", c.token.hex()}, {"E", relay::encryption_name(c.encryption)}};
    if (c.fallback) e["fallback"] = errc_name(*c.fallback);
    copies.push_back(std::move(e));
  }
  return json{{"uuid", sent.uuid},
              {"pushes", sent.report.pushes},
              {"via_attachment", sent.report.via_attachment},
              {"copies", copies}};
}

json attachment_json(Context& ctx, const AttachmentRef& ref) {
  json a = {{"name", ref.name}, {"size", ref.size}};
  auto content = attachment::fetch(ctx.provider, ctx.world->blobs, ref);
  if (content.ok())
    a["content"] = to_hex(*content);
  else
    a["error"] = errc_name(content.code());
  return a;
}

json shown_json(Context& ctx, const delivery::Shown& s) {
  const Message& m = s.message;
  json out = {{"sender", s.sender},
              {"timestamp", s.timestamp},
              {"uuid", m.uuid},
              {"text", m.text},
              {"participants", m.participants}};
  if (m.group_id) out["group"] = {{"id", *m.group_id}, {"name", m.group_name.value_or("")}};
  json attachments = json::array();
  for (const auto& a : m.attachments) attachments.push_back(attachment_json(ctx, a));
  out["attachments"] = std::move(attachments);
  return out;
}

// receive opens, in order, every push the relay has handed to the device.
OpResult op_receive(Context& ctx) {
  World& world = *ctx.world;
  IMREF_TRY(Device * d, find_device(world, string_field(ctx.request, "device")));
  Network network = world.network();
  IMREF_TRY(auto inbox, d->receive(network));
  json shown = json::array(), failures = json::array();
  for (const auto& s : inbox.shown) shown.push_back(shown_json(ctx, s));
  for (Errc e : inbox.failures) failures.push_back(errc_name(e));
  return json{{"shown", shown}, {"failures", failures}, {"duplicates", inbox.duplicates}};
}

OpResult op_relay_state(Context& ctx) {
  const relay::Relay& r = *ctx.world->relay;
  json pushes = json::array();
  for (const auto& p : r.queued())
    pushes.push_back({{"token", p.token.hex()},
                      {"sender", p.sender},
                      {"uuid", uuid_string(p.message_uuid)},
                      {"E", relay::encryption_name(p.encryption)},
                      {"size", p.payload.size()}});
  return json{{"limit", r.limit()},
              {"queued", pushes.size()},
              {"pushes", pushes},
              {"delivered", r.delivered()},
              {"dropped", r.dropped()}};
}

// relay.configure sets the relay's limit (the protocol version); only an
// empty relay may change.
OpResult op_relay_configure(Context& ctx) {
  World& world = *ctx.world;
  const int64_t limit = int_field(ctx.request, "limit");
  if (limit != 4096 && limit != 16384)
    return make_error(Errc::invalid_argument, "limit must be 4096 or 16384");
  if (!world.relay->queued().empty())
    return make_error(Errc::invalid_argument, "the relay holds pushes");
  auto version = limit == 4096 ? relay::PushVersion::v4k : relay::PushVersion::v16k;
  world.relay = std::make_unique<relay::Relay>(world.clock, version);
  for (const auto& [name, d] : world.devices) relay_presence(world, name.str());
  return json{{"limit", world.relay->limit()}};
}

// relay.replay: a relay that recorded the traffic hands the device every push
// it was ever handed, again.
OpResult op_relay_replay(Context& ctx) {
  IMREF_TRY(Device * d, find_device(*ctx.world, string_field(ctx.request, "device")));
  for (const auto& p : d->handed()) d->pending().push_back(p);
  return json{{"replayed", d->handed().size()}};
}

// relay.reorder: the pushes waiting for the device arrive in reverse order.
OpResult op_relay_reorder(Context& ctx) {
  IMREF_TRY(Device * d, find_device(*ctx.world, string_field(ctx.request, "device")));
  std::reverse(d->pending().begin(), d->pending().end());
  return json{{"pending", d->pending().size()}};
}

// relay.rewrite: the relay changes the clear metadata (U and/or sP) of every
// push waiting for the device.
OpResult op_relay_rewrite(Context& ctx) {
  IMREF_TRY(Device * d, find_device(*ctx.world, string_field(ctx.request, "device")));
  std::optional<Bytes> uuid;
  if (ctx.request.contains("uuid")) {
    IMREF_TRY(uuid, uuid_bytes(string_field(ctx.request, "uuid")));
  }
  std::optional<std::string> sender;
  if (ctx.request.contains("sender")) sender = string_field(ctx.request, "sender");
  for (auto& p : d->pending()) {
    if (uuid) p.message_uuid = *uuid;
    if (sender) p.sender = *sender;
  }
  return json{{"rewritten", d->pending().size()}};
}

// blob.list, oldest upload first.
OpResult op_blob_list(Context& ctx) {
  const attachment::BlobStore& store = ctx.world->blobs;
  json blobs = json::array();
  for (const auto& url : store.urls()) {
    const Bytes& blob = store.contents().at(url);
    blobs.push_back(
        {{"url", url}, {"size", blob.size()}, {"sha1", to_hex(ctx.provider.sha1(blob))}});
  }
  return json{{"blobs", blobs}};
}

// blob.tamper: the operator flips the low bit of one byte of a stored blob.
OpResult op_blob_tamper(Context& ctx) {
  const std::string url = string_field(ctx.request, "url");
  IMREF_TRY(Bytes blob, ctx.world->blobs.get(url));
  const int64_t offset = ctx.request.contains("offset") ? int_field(ctx.request, "offset") : 0;
  if (offset < 0 || static_cast<uint64_t>(offset) >= blob.size())
    return make_error(Errc::invalid_argument, "offset outside the blob");
  blob[static_cast<size_t>(offset)] ^= 1;
  IMREF_CHECK(ctx.world->blobs.replace(url, std::move(blob)));
  return json::object();
}

// blob.remove: the operator loses (or withholds) a stored blob.
OpResult op_blob_remove(Context& ctx) {
  if (!ctx.world->blobs.erase(string_field(ctx.request, "url")))
    return make_error(Errc::not_found, "no such blob");
  return json::object();
}

}  // namespace

void relay_presence(World& world, const std::string& name) {
  auto it = world.devices.find(name);
  if (it == world.devices.end()) return;
  Device& d = *it->second;
  if (!d.online()) {
    world.relay->disconnect(d.push_token());
    return;
  }
  // The sink finds the device by name: a device refused at registration is
  // erased, and what the relay hands to it then goes nowhere.
  world.relay->connect(d.push_token(), [w = &world, name](const relay::Push& p) {
    auto found = w->devices.find(name);
    if (found != w->devices.end()) found->second->deliver(p);
  });
}

void relay_forget(World& world, const PushToken& token) {
  world.relay->forget(token);
}

void add_delivery_ops(OpTable& ops) {
  ops.emplace("send", op_send);
  ops.emplace("receive", op_receive);
  ops.emplace("relay.state", op_relay_state);
  ops.emplace("relay.configure", op_relay_configure);
  ops.emplace("relay.replay", op_relay_replay);
  ops.emplace("relay.reorder", op_relay_reorder);
  ops.emplace("relay.rewrite", op_relay_rewrite);
  ops.emplace("blob.list", op_blob_list);
  ops.emplace("blob.tamper", op_blob_tamper);
  ops.emplace("blob.remove", op_blob_remove);
}

}  // namespace imref::shim
