// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "shim.h"

#include <algorithm>

#include "ops.h"

namespace imref::shim {

using nlohmann::json;

const json& field(const json& obj, const char* name) {
  if (!obj.is_object() || !obj.contains(name))
    throw BadRequest{std::string("missing field: ") + name};
  return obj.at(name);
}

Bytes hex_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_string()) throw BadRequest{std::string("field must be a hex string: ") + name};
  auto bytes = from_hex(v.get_ref<const std::string&>());
  if (!bytes.ok()) throw BadRequest{std::string("field is not hex: ") + name};
  return std::move(bytes).value();
}

std::string string_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_string()) throw BadRequest{std::string("field must be a string: ") + name};
  return v.get<std::string>();
}

int64_t int_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_number_integer()) throw BadRequest{std::string("field must be an integer: ") + name};
  return v.get<int64_t>();
}

bool bool_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_boolean()) throw BadRequest{std::string("field must be true or false: ") + name};
  return v.get<bool>();
}

namespace {

json error_response(const json& id, std::string_view code, std::string_view detail) {
  return json{{"id", id}, {"ok", false}, {"error", code}, {"detail", detail}};
}

json error_response(const json& id, const Error& e) {
  return error_response(id, errc_name(e.code), e.detail);
}

const OpTable& op_table() {
  static const OpTable kOps = [] {
    OpTable ops;
    add_pair_ops(ops);
    add_world_ops(ops);
    add_registration_ops(ops);
    add_delivery_ops(ops);
    add_keychain_ops(ops);
    add_pair_ec_ops(ops);
    return ops;
  }();
  return kOps;
}

}  // namespace

bool KeyCache::ByteLess::operator()(ByteView a, ByteView b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

bool KeyCache::ByteLess::operator()(std::pair<ByteView, ByteView> a,
                                    std::pair<ByteView, ByteView> b) const {
  if ((*this)(a.first, b.first)) return true;
  if ((*this)(b.first, a.first)) return false;
  return (*this)(a.second, b.second);
}

Result<PublicIdentity> KeyCache::identity(const crypto::Provider& p, ByteView blob) {
  if (auto it = identities_.find(blob); it != identities_.end()) return it->second;
  IMREF_TRY(auto id, PublicIdentity::decode(p, blob));
  bound(identities_);
  identities_.emplace(Bytes(blob.begin(), blob.end()), id);
  return id;
}

// keys is sender and recipient: the keys made by |make| from a private key
// and the (cached) identity it must belong to, kept by both their bytes.
template <class Keys, class Make>
Result<Keys> KeyCache::keys(std::map<PrivateKey, Keys, ByteLess>& cache, const crypto::Provider& p,
                            ByteView secret, ByteView blob, Make make) {
  if (auto it = cache.find(std::pair{secret, blob}); it != cache.end()) return it->second;
  IMREF_TRY(auto id, identity(p, blob));
  IMREF_TRY(auto made, make(p, secret, id));
  bound(cache);
  cache.emplace(PrivateKey{to_secret(secret), Bytes(blob.begin(), blob.end())}, made);
  return made;
}

Result<SenderKeys> KeyCache::sender(const crypto::Provider& p, ByteView scalar, ByteView blob) {
  return keys(senders_, p, scalar, blob, make_sender_keys);
}

Result<RecipientKeys> KeyCache::recipient(const crypto::Provider& p, ByteView pkcs8,
                                          ByteView blob) {
  return keys(recipients_, p, pkcs8, blob, make_recipient_keys);
}

Result<std::shared_ptr<const crypto::EcPrivateKey>> KeyCache::ec_private(const crypto::Provider& p,
                                                                         ByteView scalar,
                                                                         bool compactable) {
  std::shared_ptr<const crypto::EcPrivateKey> key;
  if (auto it = ec_privates_.find(scalar); it != ec_privates_.end()) {
    key = it->second;
  } else {
    IMREF_TRY(auto made, p.ec_private_from_scalar(scalar));
    key = std::move(made);
    bound(ec_privates_);
    ec_privates_.emplace(to_secret(scalar), key);
  }
  if (compactable && !pair_ec::is_compactable(key->public_key().point()))
    return make_error(Errc::malformed_key, "the key is not compactable (y > p - y)");
  return key;
}

Result<pair_ec::PublicKey> KeyCache::compact_public(const crypto::Provider& p, ByteView x) {
  if (auto it = compact_publics_.find(x); it != compact_publics_.end()) return it->second;
  IMREF_TRY(auto key, pair_ec::PublicKey::from_compact(p, x));
  bound(compact_publics_);
  compact_publics_.emplace(Bytes(x.begin(), x.end()), key);
  return key;
}

Shim::Shim(const crypto::Provider& provider)
    : provider_(provider), world_(std::make_unique<World>(provider, device_keys_)) {}

Shim::~Shim() = default;

const std::vector<std::string>& Shim::ops() const {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names = {"hello"};
    for (const auto& [name, op] : op_table()) names.push_back(name);
    return names;
  }();
  return kNames;
}

json Shim::handle(const json& request) {
  json id = nullptr;
  try {
    if (!request.is_object()) return error_response(id, "malformed_request", "not a JSON object");
    if (request.contains("id") && request["id"].is_number_integer()) id = request["id"];
    const json& op_json = field(request, "op");
    if (!request.contains("id") || !request["id"].is_number_integer())
      throw BadRequest{"missing or non-integer field: id"};
    if (!op_json.is_string()) throw BadRequest{"field op must be a string"};
    std::string op = op_json.get<std::string>();
    if (op == "hello") {
      std::string impl = "imref-shim 0.1.0 (" + std::string(provider_.name()) + ")";
      return json{{"id", id},
                  {"ok", true},
                  {"protocol", kProtocol},
                  {"implementation", impl},
                  {"ops", ops()}};
    }
    auto it = op_table().find(op);
    if (it == op_table().end()) return error_response(id, "unimplemented", "unknown op: " + op);
    Context ctx{provider_, request, cache_, world_};
    OpResult result = it->second(ctx);
    if (!result.ok()) return error_response(id, result.error());
    json response = std::move(result).value();
    response["id"] = id;
    response["ok"] = true;
    return response;
  } catch (const BadRequest& e) {
    return error_response(id, "malformed_request", e.detail);
  } catch (const json::exception& e) {
    return error_response(id, "malformed_request", e.what());
  }
}

std::string Shim::handle_line(std::string_view line) {
  json request = reader_.read(line);
  if (request.is_discarded())
    return error_response(nullptr, "malformed_request", "not valid JSON").dump();
  return handle(request).dump();
}

}  // namespace imref::shim
