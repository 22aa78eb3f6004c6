// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// keychain_test.json: known-answer keychain stores (passcode, scrypt
// parameters, salt, nonce and items -> the exact store bytes) and stores
// that must be refused (REQ-KEYCHAIN-*).
#include "generate.h"
#include "imref/internal/keychain_store.h"
#include "imref/keychain.h"

namespace imref::vectorgen {

namespace {

using keychain::Items;
using keychain::KdfParams;
using keychain::PasscodeKey;

constexpr KdfParams kCheap{4, 1, 1};  // N = 16: the format is tested, not the cost
constexpr size_t kHeaderLen = 80;

Json notes() {
  Json n;
  note(n, "DeviceKeys", "BASIC", "A store holding a device's three private keys.");
  note(n, "EdgeItems", "EDGE_CASE",
       "Empty item sets, empty values, 64-byte names, passcodes of 1 and 256 bytes.");
  note(n, "DefaultParams", "BASIC",
       "The parameters a new store gets: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s).");
  note(n, "WrongPasscode", "BASIC",
       "The passcode differs from the one the store was sealed with: bad_passcode, not "
       "store_corrupt, so the user is told to try again rather than that the keys are lost.");
  note(n, "PasscodeLength", "MODIFIED_PARAMETER", "A passcode of 0 or more than 256 bytes.");
  note(n, "Truncated", "MISSING_STEP",
       "The store is cut short. A reader that trusts the length field reads past the end or "
       "returns part of the items.");
  note(n, "TrailingBytes", "MISSING_STEP",
       "Bytes follow the checksum. Accepting them gives one store many encodings.");
  note(n, "WrongMagic", "MODIFIED_PARAMETER", "The first 8 bytes are not imref-kc.");
  note(n, "WrongVersion", "MODIFIED_PARAMETER",
       "A version other than 01, with the checksum recomputed.");
  note(n, "ParamsOutOfBounds", "RESOURCE_EXHAUSTION",
       "scrypt parameters outside the documented bounds, checksum recomputed. A reader that "
       "runs the KDF on them can be made to allocate gigabytes or spin for minutes.");
  note(n, "WrongLength", "MODIFIED_PARAMETER",
       "The ciphertext length field disagrees with the size, checksum recomputed.");
  note(n, "BadChecksum", "MISSING_STEP", "A byte changed and the checksum not recomputed.");
  note(n, "ForgedCiphertext", "MISSING_STEP",
       "Ciphertext, nonce or tag changed and the checksum recomputed: only the tag catches it. "
       "A reader that decrypts without checking the tag returns forged items.");
  note(n, "ForgedKdfInput", "EDGE_CASE",
       "Salt, in-bounds parameters or verifier changed and the checksum recomputed: the passcode "
       "no longer matches, so the reader cannot tell this from a wrong passcode (bad_passcode).");
  note(n, "MalformedItems", "MISSING_STEP",
       "The tag verifies but the decrypted items break the encoding (order, duplicates, name "
       "characters, lengths). Only a writer with the key can make these.");
  return n;
}

Bytes pass(std::string_view s) {
  return to_bytes(s);
}

Bytes seeded(const std::string& label, size_t n) {
  crypto::DeterministicRng rng(20261128, "keychain:" + label);
  return rng.bytes(n);
}

Items device_items(const crypto::Provider& p, const std::string& name) {
  DeviceKeys keys = vector_device(p, name);
  Items items;
  items.emplace("encryption", to_secret(keys.encryption_scalar()));
  items.emplace("rsa.pkcs8", keys.rsa_pkcs8().value());
  items.emplace("signing", to_secret(keys.signing_scalar()));
  return items;
}

// Sealing needs only the provider, the parameters and the seeded inputs.
struct Sealed {
  Bytes passcode;
  KdfParams params;
  Bytes salt, nonce;
  Bytes store;
};

Sealed seal_store(const crypto::Provider& p, Bytes passcode, KdfParams params,
                  const std::string& label, const Items& items) {
  Bytes salt = seeded(label + ":salt", keychain::kSaltLen);
  Bytes nonce = seeded(label + ":nonce", keychain::kNonceLen);
  auto key = PasscodeKey::derive(p, passcode, params, salt).value();
  Bytes store = keychain::seal(p, key, nonce, items).value();
  return {std::move(passcode), params, std::move(salt), std::move(nonce), std::move(store)};
}

void add_valid(TestList& tests, const Sealed& s, const Items& items, const std::string& comment,
               const std::string& flag) {
  Json& t =
      tests.add(comment, {flag}, {"REQ-KEYCHAIN-1", "REQ-KEYCHAIN-2", "REQ-KEYCHAIN-4"}, "valid");
  t["passcode"] = to_hex(s.passcode);
  t["store"] = to_hex(s.store);
  t["params"] = {{"log2_n", s.params.log2_n}, {"r", s.params.r}, {"p", s.params.p}};
  t["salt"] = to_hex(s.salt);
  t["nonce"] = to_hex(s.nonce);
  Json j = Json::object();
  for (const auto& [name, value] : items) j[name] = to_hex(value);
  t["items"] = j;
}

void add_invalid(TestList& tests, ByteView passcode, ByteView store, const std::string& comment,
                 const std::string& flag, const std::string& requirement,
                 const std::string& error = "store_corrupt") {
  Json& t = tests.add(comment, {flag}, {requirement}, "invalid");
  t["passcode"] = to_hex(passcode);
  t["store"] = to_hex(store);
  t["error"] = error;
}

void fix_checksum(const crypto::Provider& p, Bytes& store) {
  Bytes digest = p.sha256(ByteView(store).first(store.size() - 32));
  std::copy(digest.begin(), digest.end(), store.end() - 32);
}

Bytes item(std::string_view name, Bytes value) {
  Bytes out{static_cast<uint8_t>(name.size())};
  append(out, to_bytes(name));
  out.push_back(static_cast<uint8_t>(value.size() >> 8));
  out.push_back(static_cast<uint8_t>(value.size()));
  append(out, value);
  return out;
}

// known_answer_cases adds the valid stores and returns alice's, the one the
// invalid cases damage.
Sealed known_answer_cases(TestList& tests, const crypto::Provider& p) {
  const Items alice = device_items(p, "alice");
  const Sealed base = seal_store(p, pass("1234"), kCheap, "alice", alice);
  add_valid(tests, base, alice, "alice's device keys, passcode 1234", "DeviceKeys");
  {
    const Items bob = device_items(p, "bob");
    add_valid(tests,
              seal_store(p, pass("correct horse battery staple"), keychain::kDefaultParams,
                         "bob-default", bob),
              bob, "bob's device keys under the default parameters", "DefaultParams");
  }
  add_valid(tests, seal_store(p, pass("0"), kCheap, "empty", {}), {}, "no items, 1-byte passcode",
            "EdgeItems");
  {
    Items edge;
    edge.emplace("a", SecretBytes{});
    edge.emplace("a.b", SecretBytes(1, 0xff));
    edge.emplace(std::string(64, 'z'), SecretBytes(3, 0));
    edge.emplace("0-9_", SecretBytes(16, 0x42));
    add_valid(tests, seal_store(p, Bytes(256, 0xc3), {6, 2, 2}, "edge", edge), edge,
              "empty value, 64-byte name, 256-byte binary passcode, N = 64, r = 2, p = 2",
              "EdgeItems");
  }
  {
    Items one;
    one.emplace("signing", to_secret(vector_device(p, "carol").signing_scalar()));
    add_valid(tests,
              seal_store(p, to_bytes("p\xc3\xa4sscode \xe2\x9c\x93"), {10, 8, 1}, "utf8", one), one,
              "UTF-8 passcode, N = 1024, r = 8", "DeviceKeys");
  }
  return base;
}

// Wrong passcodes (REQ-KEYCHAIN-6) and passcodes of no or too many bytes
// (REQ-KEYCHAIN-1).
void passcode_cases(TestList& tests, const Sealed& base) {
  const Bytes& store = base.store;
  for (std::string_view wrong : {"1235", "12345", "123", "4321"})
    add_invalid(tests, pass(wrong), store, "wrong passcode " + std::string(wrong), "WrongPasscode",
                "REQ-KEYCHAIN-6", "bad_passcode");
  add_invalid(tests, {}, store, "empty passcode", "PasscodeLength", "REQ-KEYCHAIN-1",
              "invalid_argument");
  add_invalid(tests, Bytes(257, '1'), store, "257-byte passcode", "PasscodeLength",
              "REQ-KEYCHAIN-1", "invalid_argument");
}

// Stores cut short or followed by bytes (REQ-KEYCHAIN-3).
void framing_cases(TestList& tests, const Sealed& base) {
  const Bytes& store = base.store;
  const Bytes& code = base.passcode;
  const size_t ct_len = store.size() - 144;  // all but header, tag and checksum
  for (size_t len : {size_t{0}, size_t{1}, size_t{8}, size_t{12}, kHeaderLen, size_t{143},
                     kHeaderLen + ct_len, store.size() - 32, store.size() - 1})
    add_invalid(tests, code, ByteView(store).first(len),
                "truncated to " + std::to_string(len) + " bytes", "Truncated", "REQ-KEYCHAIN-3");
  {
    Bytes b = store;
    b.push_back(0);
    add_invalid(tests, code, b, "one zero byte after the checksum", "TrailingBytes",
                "REQ-KEYCHAIN-3");
    b = store;
    append(b, ByteView(store).last(32));
    add_invalid(tests, code, b, "the checksum twice", "TrailingBytes", "REQ-KEYCHAIN-3");
  }
}

// Header fields out of range, the checksum recomputed (REQ-KEYCHAIN-3).
void header_cases(TestList& tests, const crypto::Provider& p, const Sealed& base) {
  const Bytes& store = base.store;
  const Bytes& code = base.passcode;
  const size_t ct_len = store.size() - 144;
  for (size_t off : {0, 7}) {
    Bytes b = store;
    b[off] ^= 0x20;
    fix_checksum(p, b);
    add_invalid(tests, code, b, "magic byte " + std::to_string(off) + " changed", "WrongMagic",
                "REQ-KEYCHAIN-3");
  }
  for (uint8_t version : {0x00, 0x02, 0xff}) {
    Bytes b = store;
    b[8] = version;
    fix_checksum(p, b);
    add_invalid(tests, code, b, "version " + to_hex(Bytes{version}), "WrongVersion",
                "REQ-KEYCHAIN-3");
  }
  struct Params {
    KdfParams params;
    const char* what;
  };
  for (const Params& bad :
       {Params{{0, 1, 1}, "log2 N = 0"}, Params{{21, 1, 1}, "log2 N = 21"},
        Params{{4, 0, 1}, "r = 0"}, Params{{4, 17, 1}, "r = 17"}, Params{{4, 1, 0}, "p = 0"},
        Params{{4, 1, 5}, "p = 5"}, Params{{20, 3, 1}, "N = 2^20, r = 3: 384 MiB"},
        Params{{255, 255, 255}, "every parameter 255"}}) {
    Bytes b = store;
    b[9] = bad.params.log2_n;
    b[10] = bad.params.r;
    b[11] = bad.params.p;
    fix_checksum(p, b);
    add_invalid(tests, code, b, bad.what, "ParamsOutOfBounds", "REQ-KEYCHAIN-3");
  }
  for (uint32_t len : {uint32_t(ct_len + 1), uint32_t(ct_len - 1), 0u, 0xffffffffu}) {
    Bytes b = store;
    for (int i = 0; i < 4; ++i) b[76 + i] = static_cast<uint8_t>(len >> (24 - 8 * i));
    fix_checksum(p, b);
    add_invalid(tests, code, b, "length field " + std::to_string(len), "WrongLength",
                "REQ-KEYCHAIN-3");
  }
}

// A byte changed: with the checksum kept the checksum catches it
// (REQ-KEYCHAIN-3); recomputed, only the tag (REQ-KEYCHAIN-5) or the passcode
// check (REQ-KEYCHAIN-6) is left.
void forgery_cases(TestList& tests, const crypto::Provider& p, const Sealed& base) {
  const Bytes& store = base.store;
  const Bytes& code = base.passcode;
  for (size_t off : {size_t{12}, kHeaderLen + 20, store.size() - 64, store.size() - 1}) {
    Bytes b = store;
    b[off] ^= 0x01;
    add_invalid(tests, code, b, "byte " + std::to_string(off) + " changed, checksum kept",
                "BadChecksum", "REQ-KEYCHAIN-3");
  }
  // The value bytes of the first item start at 80 + 1 + 10 + 2 ("encryption").
  const size_t first_value = kHeaderLen + 13;
  for (auto [off, what] : std::vector<std::pair<size_t, std::string>>{
           {first_value, "first value byte of the first item"},
           {first_value + 31, "last byte of the encryption key"},
           {store.size() - 65, "last ciphertext byte"},
           {store.size() - 64, "first tag byte"},
           {store.size() - 33, "last tag byte"},
           {28, "first nonce byte"}}) {
    Bytes b = store;
    b[off] ^= 0x01;
    fix_checksum(p, b);
    add_invalid(tests, code, b, what + " changed, checksum recomputed", "ForgedCiphertext",
                "REQ-KEYCHAIN-5");
  }
  // REQ-KEYCHAIN-6: the KDF inputs forged; the passcode no longer matches.
  for (auto [off, what] : std::vector<std::pair<size_t, std::string>>{
           {9, "log2 N 4 -> 5"}, {12, "first salt byte"}, {44, "first verifier byte"}}) {
    Bytes b = store;
    b[off] ^= 0x01;
    fix_checksum(p, b);
    add_invalid(tests, code, b, what + ", checksum recomputed", "ForgedKdfInput", "REQ-KEYCHAIN-6",
                "bad_passcode");
  }
}

// A right tag over items that do not decode (REQ-KEYCHAIN-5).
void malformed_item_cases(TestList& tests, const crypto::Provider& p, const Sealed& base) {
  const Bytes& code = base.passcode;
  auto key = PasscodeKey::derive(p, code, kCheap, base.salt).value();
  auto concat = [](std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& part : parts) append(out, part);
    return out;
  };
  const Bytes one(1, 1);
  const std::vector<std::pair<Bytes, std::string>> malformed = {
      {concat({item("b", one), item("a", one)}), "names out of order"},
      {concat({item("a", one), item("a", one)}), "the same name twice"},
      {item("", one), "an empty name"},
      {item("Signing", one), "an upper-case name"},
      {item(std::string(65, 'a'), one), "a 65-byte name"},
      {[&] {
         Bytes cut = item("a", Bytes(4, 1));
         cut.pop_back();
         return cut;
       }(),
       "a value cut short"},
      {Bytes{3, 'a', 'b'}, "a name cut short"},
      {concat({item("a", one), Bytes{0}}), "a trailing byte"},
  };
  for (const auto& [plain, what] : malformed) {
    Bytes b = keychain::seal_encoded(p, key, base.nonce, plain).value();
    add_invalid(tests, code, b, "tag verifies, items malformed: " + what, "MalformedItems",
                "REQ-KEYCHAIN-5");
  }
}

// The bounds at their edges (REQ-KEYCHAIN-1, -3): the smallest N with the
// largest r and p, an empty value last; the largest N at the largest
// product in bounds (its passcode check costs 256 MiB), and the smallest
// product past it; a passcode out of range refused before a
// damaged store is read.
void bound_cases(TestList& tests, const crypto::Provider& p, const Sealed& base) {
  {
    Items edge;
    edge.emplace("a", SecretBytes(1, 1));
    edge.emplace("z", SecretBytes{});
    const Sealed s = seal_store(p, pass("1"), {1, 16, 4}, "bounds", edge);
    claim(s.store[9] == 1 && s.store[10] == 16 && s.store[11] == 4, "params 1, 16, 4 in the store");
    claim(edge.rbegin()->second.empty(), "the last item's value is empty");
    add_valid(tests, s, edge,
              "log2 N = 1, r = 16, p = 4 (each at a bound); the last item's value is empty",
              "EdgeItems");
  }
  const Bytes& store = base.store;
  const Bytes& code = base.passcode;
  struct Params {
    KdfParams params;
    const char* what;
    uint64_t mib;
    const char* error;
  };
  // log2 N = 20 needs r >= 2: RFC 7914 wants N < 2^(16 r).
  for (const Params& edge :
       {Params{{20, 2, 1}, "log2 N = 20, r = 2: 256 MiB", 256, "bad_passcode"},
        Params{{18, 9, 1}, "log2 N = 18, r = 9: 288 MiB", 288, "store_corrupt"}}) {
    claim((uint64_t{128} * edge.params.r << edge.params.log2_n) == edge.mib << 20,
          std::string(edge.what) + " is 128 r N bytes");
    Bytes b = store;
    b[9] = edge.params.log2_n;
    b[10] = edge.params.r;
    b[11] = edge.params.p;
    fix_checksum(p, b);
    const bool in_bounds = std::string(edge.error) == "bad_passcode";
    claim(keychain::params_in_bounds(edge.params) == in_bounds,
          std::string(edge.what) + (in_bounds ? " is in bounds" : " is out of bounds"));
    add_invalid(tests, code, b,
                std::string(edge.what) +
                    (in_bounds ? ", in bounds: the passcode no longer matches" : ", over 256 MiB"),
                in_bounds ? "ForgedKdfInput" : "ParamsOutOfBounds",
                in_bounds ? "REQ-KEYCHAIN-6" : "REQ-KEYCHAIN-3", edge.error);
  }
  const ByteView torn = ByteView(store).first(10);
  add_invalid(tests, {}, torn, "empty passcode, store truncated to 10 bytes: the passcode first",
              "PasscodeLength", "REQ-KEYCHAIN-1", "invalid_argument");
  add_invalid(tests, Bytes(257, '1'), torn,
              "257-byte passcode, store truncated to 10 bytes: the passcode first",
              "PasscodeLength", "REQ-KEYCHAIN-1", "invalid_argument");
}

// RFC 7914 section 2 wants N < 2^(16 r): with r = 1, log2 N 15 is the
// largest (REQ-KEYCHAIN-3). A store past it is refused before any KDF run,
// so no backend is asked for parameters scrypt itself refuses.
void rfc7914_cases(TestList& tests, const crypto::Provider& p, const Sealed& base) {
  struct Edge {
    KdfParams params;
    const char* what;
    bool in_bounds;
  };
  for (const Edge& edge :
       {Edge{{15, 1, 1}, "log2 N = 15, r = 1: N = 2^15 < 2^16", true},
        Edge{{16, 1, 1}, "log2 N = 16, r = 1: N = 2^16, not below 2^(16 r)", false}}) {
    claim(keychain::params_in_bounds(edge.params) == edge.in_bounds,
          std::string(edge.what) + (edge.in_bounds ? " is in bounds" : " is out of bounds"));
    Bytes b = base.store;
    b[9] = edge.params.log2_n;
    b[10] = edge.params.r;
    b[11] = edge.params.p;
    fix_checksum(p, b);
    add_invalid(
        tests, base.passcode, b,
        std::string(edge.what) + (edge.in_bounds ? ", in bounds: the passcode no longer matches"
                                                 : ", out of bounds (RFC 7914)"),
        edge.in_bounds ? "ForgedKdfInput" : "ParamsOutOfBounds",
        edge.in_bounds ? "REQ-KEYCHAIN-6" : "REQ-KEYCHAIN-3",
        edge.in_bounds ? "bad_passcode" : "store_corrupt");
  }
}
}  // namespace

// The groups in file order: tcIds follow the calls, so new groups go last.
Json keychain_vectors(const crypto::Provider& p) {
  TestList tests;
  const Sealed base = known_answer_cases(tests, p);
  passcode_cases(tests, base);
  framing_cases(tests, base);
  header_cases(tests, p, base);
  forgery_cases(tests, p, base);
  malformed_item_cases(tests, p, base);
  bound_cases(tests, p, base);
  rfc7914_cases(tests, p, base);

  Json group;
  group["type"] = "KeychainTest";
  group["tests"] = tests.take();
  return envelope("imref-keychain-v1", "keychain_test_schema.json",
                  {"The keychain store (docs/spec.md section 10, REQ-KEYCHAIN-*).",
                   "Valid cases give the inputs of keychain.seal and the exact store; "
                   "keychain.open of the store must give the items back.",
                   "Invalid cases: keychain.open of the store with the passcode must fail with "
                   "the error class given."},
                  notes(), Json::array({group}));
}

}  // namespace imref::vectorgen
