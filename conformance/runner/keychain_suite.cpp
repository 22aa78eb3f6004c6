// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The keychain suite: the store format (REQ-KEYCHAIN-*). Vector cases from
// keychain_test.json (keychain.open of every store, keychain.seal of every
// valid one), then a live property against the reference's own seal, the
// 1 MiB bound of a store's items, and what a writer refuses.
#include "imref/keychain.h"
#include "property.h"
#include "suites.h"
#include "vector_node.h"

namespace imref::check {

namespace {

Outcome expect_items(const Reply& reply, const json& items) {
  if (!is_success(reply))
    return Outcome::failed("refused a valid store", "success", describe(reply));
  if (!reply.response.contains("items") || reply.response["items"] != items)
    return Outcome::failed("wrong items", items.dump(),
                           reply.response.value("items", json()).dump());
  return Outcome::passed();
}

Outcome expect_store(const Reply& reply, const std::string& store) {
  if (!is_success(reply))
    return Outcome::failed("refused to seal valid inputs", "success", describe(reply));
  std::string got = field_string(reply, "store");
  if (got != store) return Outcome::failed("wrong store bytes", store, got);
  return Outcome::passed();
}

// add_vector_cases reads every test up front (vector_node.h): a file of the
// wrong shape is a problem of the suite, not of a case.
void add_vector_cases(std::vector<Case>& cases, const VectorNode& file) {
  for (const VectorNode& g : file["testGroups"].elements()) {
    for (const VectorNode& t : g["tests"].elements()) {
      const VectorTest test = read_vector_test(t);
      const std::string n = std::to_string(test.tc_id);
      const json open_request = {{"passcode", t["passcode"].hex_string()},
                                 {"store", t["store"].hex_string()}};
      if (!test.valid) {
        cases.push_back(with_requirements(
            {"keychain/open/" + n,
             "keychain",
             {"keychain.open"},
             [open_request, test](Session& s) {
               return expect_error(s, s.call("keychain.open", open_request), test.error);
             },
             {}},
            test));
        continue;
      }
      json items = json::object();
      const VectorNode items_node = t["items"];
      if (!items_node.value().is_object()) items_node.fail("is not an object");
      for (auto it = items_node.value().begin(); it != items_node.value().end(); ++it)
        items[it.key()] = items_node[it.key().c_str()].hex_string();
      const VectorNode params = t["params"];
      const json seal_request = {{"passcode", open_request["passcode"]},
                                 {"params",
                                  {{"log2_n", params["log2_n"].integer()},
                                   {"r", params["r"].integer()},
                                   {"p", params["p"].integer()}}},
                                 {"salt", t["salt"].hex_string()},
                                 {"nonce", t["nonce"].hex_string()},
                                 {"items", items}};
      const std::string store = open_request["store"];
      cases.push_back(with_requirements({"keychain/open/" + n,
                                         "keychain",
                                         {"keychain.open"},
                                         [open_request, items](Session& s) {
                                           return expect_items(
                                               s.call("keychain.open", open_request), items);
                                         },
                                         {}},
                                        test));
      cases.push_back(with_requirements({"keychain/seal/" + n,
                                         "keychain",
                                         {"keychain.seal"},
                                         [seal_request, store](Session& s) {
                                           return expect_store(
                                               s.call("keychain.seal", seal_request), store);
                                         },
                                         {}},
                                        test));
    }
  }
}

constexpr keychain::KdfParams kCheapParams{4, 1, 1};

// RoundTripInput is the property's input, read strictly (REQ-CHECK-7), with
// the store the reference seals from it. The reference's own derive and seal
// judge the passcode, the names and the sizes, so a case file the reference
// refuses is refused here, naming the field, and no rule is written twice.
struct RoundTripInput {
  json passcode, items;  // as the requests carry them
  Bytes salt, nonce;
  Bytes store;    // what the reference seals
  uint64_t flip;  // the byte of the store to change, modulo its length
};

// read_short_hex reads up to |len| bytes, padded with zeros: the generator
// may make fewer.
Bytes read_short_hex(const VectorNode& node, size_t len) {
  Bytes b = node.hex();
  if (b.size() > len) node.fail("is over " + std::to_string(len) + " bytes");
  b.resize(len);
  return b;
}

RoundTripInput read_round_trip_input(const crypto::Provider& reference, const VectorNode& in) {
  in.reject_unknown_members({"items", "passcode", "salt", "nonce", "flip"});
  RoundTripInput out;
  out.passcode = in["passcode"].hex_string();
  out.salt = read_short_hex(in["salt"], keychain::kSaltLen);
  out.nonce = read_short_hex(in["nonce"], keychain::kNonceLen);
  out.flip = in["flip"].unsigned_integer();
  const VectorNode items_node = in["items"];
  if (!items_node.value().is_object()) items_node.fail("is not an object");
  keychain::Items items;
  out.items = json::object();
  for (const auto& [name, value] : items_node.value().items()) {
    out.items[name] = items_node[name.c_str()].hex_string();
    items.emplace(name, to_secret(items_node[name.c_str()].hex()));
  }
  auto key = keychain::PasscodeKey::derive(reference, in["passcode"].hex(), kCheapParams, out.salt);
  if (!key.ok()) in["passcode"].fail("is refused by the reference: " + key.error().detail);
  auto store = keychain::seal(reference, *key, out.nonce, items);
  if (!store.ok()) items_node.fail("are refused by the reference: " + store.error().detail);
  out.store = std::move(store).value();
  return out;
}

// check_round_trip: the implementation seals |in| to the reference's store,
// opens it to the items, and refuses it with one byte changed.
Outcome check_round_trip(Session& s, const RoundTripInput& in) {
  const keychain::KdfParams& params = kCheapParams;
  Reply sealed = s.call("keychain.seal",
                        {{"passcode", in.passcode},
                         {"params", {{"log2_n", params.log2_n}, {"r", params.r}, {"p", params.p}}},
                         {"salt", to_hex(in.salt)},
                         {"nonce", to_hex(in.nonce)},
                         {"items", in.items}});
  Outcome o = expect_store(sealed, to_hex(in.store));
  if (o.status != Status::pass) return o;
  o = expect_items(
      s.call("keychain.open", {{"passcode", in.passcode}, {"store", to_hex(in.store)}}), in.items);
  if (o.status != Status::pass) return o;
  Bytes damaged = in.store;
  damaged[in.flip % damaged.size()] ^= 0x01;
  return expect_error(
      s.call("keychain.open", {{"passcode", in.passcode}, {"store", to_hex(damaged)}}),
      "store_corrupt");
}

// The implementation seals generated items exactly as the reference does
// (the format is deterministic given salt and nonce), opens its own store
// to the same items, and refuses it with one byte changed (REQ-KEYCHAIN-2,
// -3, -4, -5).
Case round_trip_property(const crypto::Provider& reference) {
  return property_case(Property{
      "keychain/live/seal-open-change",
      "keychain",
      {"keychain.seal", "keychain.open"},
      12,
      [] {
        auto name = rc::gen::container<std::string>(rc::gen::element('a', 'k', 'z', '0', '.', '-'));
        return rc::gen::apply(
            [](std::map<std::string, std::string> items, std::string passcode, std::string salt,
               std::string nonce, size_t flip) {
              return json{{"items", items},
                          {"passcode", passcode},
                          {"salt", salt},
                          {"nonce", nonce},
                          {"flip", flip}};
            },
            rc::gen::container<std::map<std::string, std::string>>(
                rc::gen::resize(8, rc::gen::nonEmpty(name)), gen_hex(64)),
            rc::gen::nonEmpty(gen_hex(32)), gen_hex(16), gen_hex(16), rc::gen::arbitrary<size_t>());
      },
      replay_of([provider = &reference](
                    const VectorNode& in) { return read_round_trip_input(*provider, in); },
                check_round_trip)});
}

// seal_request is keychain.seal of |items| under the cheap parameters with
// fixed salt and nonce, any field then replaced by |changes|.
json seal_request(const json& items, const json& changes = json::object()) {
  json r = {
      {"passcode", "31323334"},
      {"params", {{"log2_n", kCheapParams.log2_n}, {"r", kCheapParams.r}, {"p", kCheapParams.p}}},
      {"salt", std::string(32, 'a')},
      {"nonce", std::string(32, 'b')},
      {"items", items}};
  r.update(changes);
  return r;
}

// mib_items are 16 items whose encoding (u8 name length, name, u16 value
// length, value) is exactly 1 MiB, the most a store holds (REQ-KEYCHAIN-3).
keychain::Items mib_items() {
  keychain::Items items;
  for (char c = 'a'; c < 'a' + 16; ++c)
    items.emplace(std::string(1, c), SecretBytes(65'532, static_cast<uint8_t>(c)));
  return items;
}
json items_json(const keychain::Items& items) {
  json j = json::object();
  for (const auto& [name, value] : items) j[name] = to_hex(value);
  return j;
}

// ciphertext-at-1-mib: a store holding exactly 1 MiB of items seals as the
// reference seals it and opens; with one ciphertext byte more (L = 1 MiB + 1,
// the checksum recomputed and the verifier changed) it is store_corrupt by
// its length alone: a reader that runs the KDF first says bad_passcode.
Case ciphertext_limit_case(const crypto::Provider& reference) {
  return {"keychain/live/ciphertext-1-mib",
          "keychain",
          {"keychain.seal", "keychain.open"},
          [&reference](Session& s) {  // the provider outlives every case
            const keychain::Items items = mib_items();
            const json request = seal_request(items_json(items));
            auto key = keychain::PasscodeKey::derive(reference, to_bytes("1234"), kCheapParams,
                                                     Bytes(16, 0xaa));
            if (!key.ok()) return Outcome::failed("the reference cannot derive the key");
            auto store = keychain::seal(reference, *key, Bytes(16, 0xbb), items);
            if (!store.ok() || store->size() != 144 + (size_t{1} << 20))
              return Outcome::failed("the reference does not seal 1 MiB of items");
            Outcome o = expect_store(s.call("keychain.seal", request), to_hex(*store));
            if (o.status != Status::pass) return o;
            o = expect_items(
                s.call("keychain.open", {{"passcode", "31323334"}, {"store", to_hex(*store)}}),
                request["items"]);
            if (o.status != Status::pass) return o;
            Bytes over = *store;
            over.insert(over.begin() + 80 + (1 << 20), 0x00);  // one more ciphertext byte
            const uint32_t len = (1u << 20) + 1;
            for (int i = 0; i < 4; ++i) over[76 + i] = static_cast<uint8_t>(len >> (24 - 8 * i));
            over[44] ^= 0x01;  // the verifier: past the length check, a wrong passcode
            Bytes digest = reference.sha256(ByteView(over).first(over.size() - 32));
            std::copy(digest.begin(), digest.end(), over.end() - 32);
            return expect_error(
                s.call("keychain.open", {{"passcode", "31323334"}, {"store", to_hex(over)}}),
                "store_corrupt");
          },
          {}};
}

// seal-refusals: a writer refuses a name of 65 bytes, a value of 65,536, a
// passcode of 0 or 257 bytes, a salt or nonce of 15 or 17 bytes
// (invalid_argument) and items over 1 MiB (too_large); a value of exactly
// 65,535 bytes seals (REQ-KEYCHAIN-1, -2, -4).
Case seal_refusals_case(const crypto::Provider& reference) {
  return {"keychain/live/seal-refusals",
          "keychain",
          {"keychain.seal"},
          [&reference](Session& s) {  // the provider outlives every case
            const json one = {{"a", "01"}};
            keychain::Items max_value;
            max_value.emplace("a", SecretBytes(65'535, 0x5a));
            auto key = keychain::PasscodeKey::derive(reference, to_bytes("1234"), kCheapParams,
                                                     Bytes(16, 0xaa));
            if (!key.ok()) return Outcome::failed("the reference cannot derive the key");
            auto store = keychain::seal(reference, *key, Bytes(16, 0xbb), max_value);
            if (!store.ok()) return Outcome::failed("the reference does not seal 65,535 bytes");
            Outcome o = expect_store(s.call("keychain.seal", seal_request(items_json(max_value))),
                                     to_hex(*store));
            if (o.status != Status::pass) return o;
            keychain::Items over = mib_items();
            over.emplace("q", SecretBytes{});  // 16 + 3 bytes past 1 MiB; each item is valid
            const std::vector<std::pair<json, std::string>> refused = {
                {seal_request({{std::string(65, 'a'), "01"}}), "invalid_argument"},
                {seal_request({{"a", std::string(2 * 65'536, '0')}}), "invalid_argument"},
                {seal_request(one, {{"passcode", ""}}), "invalid_argument"},
                {seal_request(one, {{"passcode", std::string(2 * 257, '1')}}), "invalid_argument"},
                {seal_request(one, {{"salt", std::string(30, 'a')}}), "invalid_argument"},
                {seal_request(one, {{"salt", std::string(34, 'a')}}), "invalid_argument"},
                {seal_request(one, {{"nonce", std::string(30, 'b')}}), "invalid_argument"},
                {seal_request(one, {{"nonce", std::string(34, 'b')}}), "invalid_argument"},
                {seal_request(items_json(over)), "too_large"},
            };
            for (size_t i = 0; i < refused.size(); ++i) {
              o = expect_error(s.call("keychain.seal", refused[i].first), refused[i].second);
              if (o.status != Status::pass) {
                o.reason = "refusal " + std::to_string(i) + ": " + o.reason;
                return o;
              }
            }
            return Outcome::passed();
          },
          {}};
}
}  // namespace

Result<std::vector<Case>> keychain_suite(const SuiteContext& ctx) {
  return build_cases([&]() -> Result<std::vector<Case>> {
    std::vector<Case> cases;
    IMREF_TRY(const json file, load_vector_file(ctx, "keychain_test.json"));
    add_vector_cases(cases, VectorNode(file, ctx.vectors_dir + "/keychain_test.json"));
    cases.push_back(round_trip_property(ctx.reference));
    cases.push_back(ciphertext_limit_case(ctx.reference));
    cases.push_back(seal_refusals_case(ctx.reference));
    return cases;
  });
}

}  // namespace imref::check
