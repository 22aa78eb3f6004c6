// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "shim.h"

#include <functional>
#include <map>

#include "imref/device_keys.h"
#include "imref/identity.h"
#include "imref/pair.h"

namespace imref::shim {

namespace {

using nlohmann::json;

// BadRequest is thrown inside this file only, for a request that lacks a
// field or has one of the wrong type; handle() turns it into
// malformed_request.
struct BadRequest {
  std::string detail;
};

const json& field(const json& obj, const char* name) {
  if (!obj.is_object() || !obj.contains(name))
    throw BadRequest{std::string("missing field: ") + name};
  return obj.at(name);
}

Bytes hex_field(const json& obj, const char* name) {
  const json& v = field(obj, name);
  if (!v.is_string()) throw BadRequest{std::string("field must be a hex string: ") + name};
  auto bytes = from_hex(v.get<std::string>());
  if (!bytes.ok()) throw BadRequest{std::string("field is not hex: ") + name};
  return std::move(bytes).value();
}

json error_response(const json& id, std::string_view code, std::string_view detail) {
  return json{{"id", id}, {"ok", false}, {"error", code}, {"detail", detail}};
}

json error_response(const json& id, const Error& e) {
  return error_response(id, errc_name(e.code), e.detail);
}

struct Context {
  const crypto::Provider& provider;
  const json& request;
  KeyCache& cache;
  const Bugs& bugs;
};

// Each op returns its result fields, or an Error the client sees as-is.
using OpResult = Result<json>;
using Op = std::function<OpResult(Context&)>;

OpResult op_device_generate(Context& ctx) {
  crypto::SystemRng rng;
  IMREF_TRY(auto keys, DeviceKeys::generate(ctx.provider, rng));
  IMREF_TRY(auto pkcs8, keys.rsa_pkcs8());
  Bytes identity = keys.identity().blob();
  if (ctx.bugs.keygen_foreign_identity) {
    IMREF_TRY(auto other, DeviceKeys::generate(ctx.provider, rng));
    identity = other.identity().blob();
  }
  return json{{"device",
               {{"rsa_private", to_hex(pkcs8)},
                {"signing_private", to_hex(keys.signing_scalar())},
                {"encryption_private", to_hex(keys.encryption_scalar())},
                {"identity", to_hex(identity)},
                {"encryption_public", to_hex(keys.encryption_public())}}}};
}

OpResult op_identity_encode(Context& ctx) {
  Bytes modulus = hex_field(ctx.request, "rsa_modulus");
  if (ctx.bugs.identity_strip_leading_zero && modulus.size() == kRsaModulusLen + 1 &&
      modulus[0] == 0)
    modulus.erase(modulus.begin());
  IMREF_TRY(auto id, PublicIdentity::encode(ctx.provider, hex_field(ctx.request, "signing_public"),
                                            modulus));
  return json{{"identity", to_hex(id.blob())}};
}

OpResult op_identity_decode(Context& ctx) {
  Bytes blob = hex_field(ctx.request, "identity");
  if (ctx.bugs.identity_lenient_framing && blob.size() == kIdentityBlobLen) {
    // Keys read at their offsets; the bytes around them never looked at.
    ByteView b(blob);
    IMREF_TRY(auto canonical,
              PublicIdentity::encode(ctx.provider, b.subspan(7, 65), b.subspan(84, 160)));
    blob = canonical.blob();
  }
  IMREF_TRY(auto id, PublicIdentity::decode(ctx.provider, blob));
  Bytes hash = ctx.bugs.identity_hash_whole_blob ? ctx.provider.sha256(id.blob()) : id.hash();
  return json{{"signing_public", to_hex(id.signing_public())},
              {"rsa_modulus", to_hex(id.rsa_modulus())},
              {"rsa_exponent", to_hex(id.encryption_key().exponent())},
              {"identity_hash", to_hex(hash)}};
}

OpResult op_pair_seal(Context& ctx) {
  const json& sender = field(ctx.request, "sender");
  IMREF_TRY(auto keys, ctx.cache.sender(ctx.provider, hex_field(sender, "signing_private"),
                                         hex_field(sender, "identity")));
  IMREF_TRY(auto recipient,
            ctx.cache.identity(ctx.provider, hex_field(ctx.request, "recipient_identity")));
  std::optional<Bytes> seed;
  if (ctx.request.contains("seed")) seed = hex_field(ctx.request, "seed");
  crypto::SystemRng rng;
  Bytes plaintext = hex_field(ctx.request, "plaintext");
  std::optional<ByteView> seed_view;
  if (seed) seed_view = ByteView(*seed);
  IMREF_TRY(auto payload,
            pair::seal(ctx.provider, rng, keys, recipient, plaintext, seed_view, ctx.bugs.pair));
  return json{{"payload", to_hex(payload)}};
}

OpResult op_pair_open(Context& ctx) {
  const json& recipient = field(ctx.request, "recipient");
  IMREF_TRY(auto keys, ctx.cache.recipient(ctx.provider, hex_field(recipient, "rsa_private"),
                                            hex_field(recipient, "identity")));
  IMREF_TRY(auto sender,
            ctx.cache.identity(ctx.provider, hex_field(ctx.request, "sender_identity")));
  IMREF_TRY(auto plaintext,
            pair::open(ctx.provider, keys, sender, hex_field(ctx.request, "payload"), ctx.bugs.pair));
  return json{{"plaintext", to_hex(plaintext)}};
}

const std::map<std::string, Op, std::less<>>& op_table() {
  static const std::map<std::string, Op, std::less<>> kOps = {
      {"device.generate", op_device_generate}, {"identity.encode", op_identity_encode},
      {"identity.decode", op_identity_decode}, {"pair.seal", op_pair_seal},
      {"pair.open", op_pair_open},
  };
  return kOps;
}

}  // namespace

Result<PublicIdentity> KeyCache::identity(const crypto::Provider& p, const Bytes& blob) {
  if (auto it = identities_.find(blob); it != identities_.end()) return it->second;
  IMREF_TRY(auto id, PublicIdentity::decode(p, blob));
  bound(identities_);
  identities_.emplace(blob, id);
  return id;
}

Result<SenderKeys> KeyCache::sender(const crypto::Provider& p, const Bytes& scalar,
                                    const Bytes& blob) {
  auto key = std::make_pair(to_secret(scalar), blob);
  if (auto it = senders_.find(key); it != senders_.end()) return it->second;
  IMREF_TRY(auto id, identity(p, blob));
  IMREF_TRY(auto keys, make_sender_keys(p, scalar, id));
  bound(senders_);
  senders_.emplace(std::move(key), keys);
  return keys;
}

Result<RecipientKeys> KeyCache::recipient(const crypto::Provider& p, const Bytes& pkcs8,
                                          const Bytes& blob) {
  auto key = std::make_pair(to_secret(pkcs8), blob);
  if (auto it = recipients_.find(key); it != recipients_.end()) return it->second;
  IMREF_TRY(auto id, identity(p, blob));
  IMREF_TRY(auto keys, make_recipient_keys(p, pkcs8, id));
  bound(recipients_);
  recipients_.emplace(std::move(key), keys);
  return keys;
}

Shim::Shim(const crypto::Provider& provider, Bugs bugs)
    : provider_(provider), bugs_(std::move(bugs)) {}

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
      return json{{"id", id}, {"ok", true}, {"protocol", kProtocol},
                  {"implementation", impl}, {"ops", ops()}};
    }
    auto it = op_table().find(op);
    if (it == op_table().end()) return error_response(id, "unimplemented", "unknown op: " + op);
    Context ctx{provider_, request, cache_, bugs_};
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
  json request = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded())
    return error_response(nullptr, "malformed_request", "not valid JSON").dump();
  return handle(request).dump();
}

}  // namespace imref::shim
