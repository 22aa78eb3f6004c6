// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The keychain (docs/spec.md §10): the store codec, the boot / first unlock /
// lock states, and atomic saves under power cuts at every step.
#include "imref/keychain.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "crash_filesystem.h"
#include "imref/internal/keychain_store.h"
#include "provider_test_util.h"

namespace imref {
namespace {

using keychain::Items;
using keychain::KdfParams;
using keychain::Keychain;
using keychain::PasscodeKey;

// Cheap parameters (N = 16): the tests are about the format and the
// states, not the cost. params_in_bounds admits them on purpose.
constexpr KdfParams kTestParams{4, 1, 1};
constexpr size_t kHeaderLen = 80;
constexpr size_t kTrailerLen = 64;

Bytes passcode(std::string_view s) {
  return to_bytes(s);
}

Items sample_items() {
  Items items;
  items.emplace("encryption", SecretBytes(32, 0x11));
  items.emplace("rsa.pkcs8", SecretBytes(700, 0x22));
  items.emplace("signing", SecretBytes(32, 0x33));
  return items;
}

Bytes sealed(const crypto::Provider& p, const Items& items, std::string_view code = "1234",
             KdfParams params = kTestParams) {
  auto key = PasscodeKey::derive(p, passcode(code), params, Bytes(16, 0xa5));
  return keychain::seal(p, *key, Bytes(16, 0x5a), items).value();
}

// fix_checksum recomputes the trailing SHA-256, as a forger would, so the
// damage underneath is what the reader has to find.
void fix_checksum(const crypto::Provider& p, Bytes& store) {
  Bytes digest = p.sha256(ByteView(store).first(store.size() - 32));
  std::copy(digest.begin(), digest.end(), store.end() - 32);
}

class KeychainStore : public test::ProviderTest {};

// REQ-KEYCHAIN-1 REQ-KEYCHAIN-2 REQ-KEYCHAIN-4: what is sealed opens again,
// and the file is the documented layout.
TEST_P(KeychainStore, RoundTripAndLayout) {
  const Items items = sample_items();
  Bytes store = sealed(provider(), items);
  EXPECT_EQ(std::string(store.begin(), store.begin() + 8), "imref-kc");
  EXPECT_EQ(store[8], 1);
  EXPECT_EQ((KdfParams{store[9], store[10], store[11]}), kTestParams);
  EXPECT_EQ(Bytes(store.begin() + 12, store.begin() + 28), Bytes(16, 0xa5));
  EXPECT_EQ(Bytes(store.begin() + 28, store.begin() + 44), Bytes(16, 0x5a));
  const size_t plain_len = 3 * 3 + 10 + 9 + 7 + 32 + 700 + 32;
  EXPECT_EQ(store.size(), kHeaderLen + plain_len + kTrailerLen);
  auto opened = keychain::open(provider(), passcode("1234"), store);
  ASSERT_TRUE(opened.ok()) << opened.error().detail;
  EXPECT_EQ(*opened, items);
  auto empty = keychain::open(provider(), passcode("1234"), sealed(provider(), {}));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

// REQ-KEYCHAIN-4: the key schedule, recomputed here from the spec's words
// with the raw primitives, gives the same bytes as seal.
TEST_P(KeychainStore, KeyScheduleIsTheSpecs) {
  const Items items = sample_items();
  Bytes store = sealed(provider(), items);
  const auto& p = provider();
  SecretBytes k = p.scrypt(passcode("1234"), Bytes(16, 0xa5), {4, 1, 1}, 32).value();
  Bytes verifier = p.hmac_sha256(k, to_bytes("imref-keychain-v1 verifier"));
  SecretBytes keys =
      p.hkdf_sha256(k, Bytes(16, 0x5a), to_bytes("imref-keychain-v1 keys"), 64).value();
  Bytes plain;
  for (const auto& [name, value] : items) {
    plain.push_back(static_cast<uint8_t>(name.size()));
    append(plain, to_bytes(name));
    plain.push_back(static_cast<uint8_t>(value.size() >> 8));
    plain.push_back(static_cast<uint8_t>(value.size()));
    append(plain, value);
  }
  Bytes ct = p.aes_ctr(ByteView(keys).first(32), Bytes(16, 0), plain).value();
  Bytes expected = to_bytes("imref-kc");
  append(expected, Bytes{1, 4, 1, 1});
  append(expected, Bytes(16, 0xa5));
  append(expected, Bytes(16, 0x5a));
  append(expected, verifier);
  append(expected,
         Bytes{0, 0, static_cast<uint8_t>(ct.size() >> 8), static_cast<uint8_t>(ct.size())});
  append(expected, ct);
  append(expected, p.hmac_sha256(ByteView(keys).subspan(32), expected));
  append(expected, p.sha256(expected));
  EXPECT_EQ(to_hex(store), to_hex(expected));
}

// REQ-KEYCHAIN-6: a wrong passcode is bad_passcode; a passcode outside
// 1..256 bytes is invalid_argument.
TEST_P(KeychainStore, WrongPasscodeIsRefused) {
  Bytes store = sealed(provider(), sample_items());
  for (std::string_view wrong : {"1235", "12345", "123", "0000"})
    EXPECT_EQ(test::outcome(keychain::open(provider(), passcode(wrong), store)), "bad_passcode");
  EXPECT_EQ(test::outcome(keychain::open(provider(), {}, store)), "invalid_argument");
  EXPECT_EQ(test::outcome(keychain::open(provider(), Bytes(257, '1'), store)), "invalid_argument");
  auto longest = PasscodeKey::derive(provider(), Bytes(256, '1'), kTestParams, Bytes(16, 0));
  EXPECT_TRUE(longest.ok());
}

// REQ-KEYCHAIN-3 REQ-KEYCHAIN-5: every byte of the store, changed, makes it
// store_corrupt, with the right passcode or a wrong one.
TEST_P(KeychainStore, EveryChangedByteIsStoreCorrupt) {
  const Bytes store = sealed(provider(), sample_items());
  for (size_t i = 0; i < store.size(); ++i) {
    for (uint8_t x : {0x01, 0x80}) {
      Bytes damaged = store;
      damaged[i] ^= x;
      EXPECT_EQ(test::outcome(keychain::open(provider(), passcode("1234"), damaged)),
                "store_corrupt")
          << "byte " << i;
    }
  }
}

// REQ-KEYCHAIN-3: every truncation and any trailing byte is store_corrupt.
TEST_P(KeychainStore, EveryTruncationAndTrailingByteIsStoreCorrupt) {
  const Bytes store = sealed(provider(), sample_items());
  for (size_t len = 0; len < store.size(); ++len)
    EXPECT_EQ(
        test::outcome(keychain::open(provider(), passcode("1234"), ByteView(store).first(len))),
        "store_corrupt")
        << "length " << len;
  for (size_t extra = 1; extra <= 3; ++extra) {
    Bytes longer = store;
    longer.resize(store.size() + extra);
    EXPECT_EQ(test::outcome(keychain::open(provider(), passcode("1234"), longer)), "store_corrupt");
  }
}

// REQ-KEYCHAIN-3 REQ-KEYCHAIN-5 REQ-KEYCHAIN-6: a forger who recomputes the
// checksum. Damage the tag covers is store_corrupt; damage to what the key
// derivation reads (parameters, salt, verifier) makes the passcode not
// match, bad_passcode; parameters out of bounds are store_corrupt before
// any KDF work.
TEST_P(KeychainStore, ForgedChecksumStillRefused) {
  const Bytes store = sealed(provider(), sample_items());
  auto forged = [&](size_t offset, uint8_t x) {
    Bytes b = store;
    b[offset] ^= x;
    fix_checksum(provider(), b);
    return test::outcome(keychain::open(provider(), passcode("1234"), b));
  };
  const size_t tag = store.size() - 64;
  for (size_t off : {size_t{28}, size_t{43}, kHeaderLen, kHeaderLen + 40, tag - 1, tag, tag + 31})
    EXPECT_EQ(forged(off, 0x01), "store_corrupt") << "offset " << off;
  for (size_t off : {12, 27, 44, 75}) EXPECT_EQ(forged(off, 0x01), "bad_passcode") << off;
  EXPECT_EQ(forged(9, 0x01), "bad_passcode");   // log2 N 4 -> 5: in bounds
  EXPECT_EQ(forged(10, 0x02), "bad_passcode");  // r 1 -> 3
  EXPECT_EQ(forged(8, 0x03), "store_corrupt");  // version 2
  for (auto [off, value] : std::vector<std::pair<size_t, uint8_t>>{
           {9, 0}, {9, 21}, {10, 0}, {10, 17}, {11, 0}, {11, 5}}) {
    Bytes b = store;
    b[off] = value;
    fix_checksum(provider(), b);
    EXPECT_EQ(test::outcome(keychain::open(provider(), passcode("1234"), b)), "store_corrupt")
        << off << "=" << int(value);
  }
  // The length field must agree with the size, both ways.
  for (uint8_t x : {0x01, 0x02, 0x80}) EXPECT_EQ(forged(79, x), "store_corrupt");
  EXPECT_EQ(forged(76, 0x80), "store_corrupt");
}

// REQ-KEYCHAIN-3: params_in_bounds is exactly the documented box.
TEST(KeychainParams, Bounds) {
  EXPECT_TRUE(keychain::params_in_bounds({1, 1, 1}));
  EXPECT_TRUE(keychain::params_in_bounds(keychain::kDefaultParams));
  EXPECT_TRUE(keychain::params_in_bounds({20, 2, 4}));   // 256 MiB
  EXPECT_FALSE(keychain::params_in_bounds({20, 3, 1}));  // 384 MiB
  EXPECT_TRUE(keychain::params_in_bounds({17, 16, 4}));
  EXPECT_FALSE(keychain::params_in_bounds({0, 1, 1}));
  EXPECT_FALSE(keychain::params_in_bounds({21, 1, 1}));
  EXPECT_FALSE(keychain::params_in_bounds({1, 0, 1}));
  EXPECT_FALSE(keychain::params_in_bounds({1, 17, 1}));
  EXPECT_FALSE(keychain::params_in_bounds({1, 1, 0}));
  EXPECT_FALSE(keychain::params_in_bounds({1, 1, 5}));
  EXPECT_TRUE(keychain::params_in_bounds({15, 1, 1}));  // RFC 7914: N < 2^(16 r)
  EXPECT_FALSE(keychain::params_in_bounds({16, 1, 1}));
  EXPECT_FALSE(keychain::params_in_bounds({20, 1, 1}));  // 128 MiB, but N too big for r = 1
  EXPECT_EQ((KdfParams{15, 8, 1}), keychain::kDefaultParams);
}

// REQ-KEYCHAIN-2: item names and sizes the format cannot carry are refused
// when sealing, not written.
TEST_P(KeychainStore, BadItemsAreNotSealed) {
  auto key = PasscodeKey::derive(provider(), passcode("1234"), kTestParams, Bytes(16, 0)).value();
  for (std::string name : {std::string(), std::string(65, 'a'), std::string("Upper"),
                           std::string("sp ace"), std::string("a/b")}) {
    Items items;
    items.emplace(name, SecretBytes(1, 0));
    EXPECT_EQ(test::outcome(keychain::seal(provider(), key, Bytes(16, 0), items)),
              "invalid_argument")
        << name;
  }
  Items big;
  big.emplace("big", SecretBytes(65536, 0));
  EXPECT_EQ(test::outcome(keychain::seal(provider(), key, Bytes(16, 0), big)), "invalid_argument");
  big.begin()->second.resize(65535);
  EXPECT_EQ(test::outcome(keychain::seal(provider(), key, Bytes(16, 0), big)), "ok");
  EXPECT_EQ(test::outcome(keychain::seal(provider(), key, Bytes(15, 0), {})), "invalid_argument");
}

// The default parameters work end to end (one real-cost derivation).
TEST_P(KeychainStore, DefaultParametersRoundTrip) {
  Bytes store = sealed(provider(), sample_items(), "correct horse", keychain::kDefaultParams);
  EXPECT_EQ(store[9], 15);
  EXPECT_TRUE(keychain::open(provider(), passcode("correct horse"), store).ok());
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(KeychainStore);

// REQ-CRYPTO-1: the two backends write the same store from the same inputs.
TEST(KeychainCrossBackend, SameBytesOnEveryBackend) {
  const Bytes reference = sealed(test::backend("openssl"), sample_items());
  for (const auto& name : test::all_backends()) {
    EXPECT_EQ(to_hex(sealed(test::backend(name), sample_items())), to_hex(reference)) << name;
    EXPECT_TRUE(keychain::open(test::backend(name), passcode("1234"), reference).ok()) << name;
  }
}

// ---- The device keychain ------------------------------------------------------

constexpr const char* kPath = "/data/keychain.store";

class DeviceKeychain : public test::ProviderTest {
 protected:
  Keychain make() {
    auto kc = Keychain::create(provider(), fs_, kPath, rng_, passcode("1234"), kTestParams);
    EXPECT_TRUE(kc.ok()) << kc.error().detail;
    return std::move(kc).value();
  }
  test::CrashFileSystem fs_;
  crypto::DeterministicRng rng_{7, "keychain"};
};

// REQ-KEYCHAIN-7 REQ-KEYCHAIN-8: after boot nothing is usable until the
// first unlock; after it, items stay usable while the screen locks; a
// reboot locks them away again.
TEST_P(DeviceKeychain, AfterFirstUnlock) {
  {
    Keychain kc = make();
    ASSERT_TRUE(kc.put("signing", Bytes(32, 7), rng_).ok());
  }
  Keychain kc = Keychain::boot(provider(), fs_, kPath);
  EXPECT_FALSE(kc.available());
  EXPECT_EQ(test::outcome(kc.get("signing")), "locked");
  EXPECT_EQ(test::outcome(kc.put("other", Bytes(1, 1), rng_)), "locked");
  EXPECT_EQ(test::outcome(kc.erase("signing", rng_)), "locked");
  EXPECT_EQ(test::outcome(kc.unlock(passcode("9999"))), "bad_passcode");
  EXPECT_EQ(test::outcome(kc.get("signing")), "locked");
  ASSERT_TRUE(kc.unlock(passcode("1234")).ok());
  EXPECT_FALSE(kc.screen_locked());
  EXPECT_EQ(to_hex(kc.get("signing").value()), to_hex(Bytes(32, 7)));
  kc.lock();
  EXPECT_TRUE(kc.screen_locked());
  EXPECT_TRUE(kc.available());
  EXPECT_EQ(to_hex(kc.get("signing").value()), to_hex(Bytes(32, 7)));
  EXPECT_TRUE(kc.put("other", Bytes(1, 1), rng_).ok());  // e.g. a key rotated while locked
  EXPECT_EQ(test::outcome(kc.unlock(passcode("0000"))), "bad_passcode");
  EXPECT_TRUE(kc.screen_locked());
  EXPECT_TRUE(kc.unlock(passcode("1234")).ok());
  kc.reboot();
  EXPECT_FALSE(kc.available());
  EXPECT_EQ(test::outcome(kc.get("signing")), "locked");
  ASSERT_TRUE(kc.unlock(passcode("1234")).ok());
  EXPECT_EQ(kc.get("other").value().size(), 1u);
  EXPECT_EQ(test::outcome(kc.get("missing")), "not_found");
  EXPECT_TRUE(kc.erase("other", rng_).ok());
  EXPECT_EQ(test::outcome(kc.erase("other", rng_)), "not_found");
}

// REQ-KEYCHAIN-6 REQ-KEYCHAIN-7: a damaged store or a missing one leaves the
// keychain locked; create never replaces a store.
TEST_P(DeviceKeychain, DamagedOrMissingStoreStaysLocked) {
  Keychain missing = Keychain::boot(provider(), fs_, kPath);
  EXPECT_EQ(test::outcome(missing.unlock(passcode("1234"))), "not_found");
  { make(); }
  EXPECT_EQ(
      test::outcome(Keychain::create(provider(), fs_, kPath, rng_, passcode("x"), kTestParams)),
      "duplicate");
  fs_.raw(kPath)[kHeaderLen - 1] ^= 1;
  Keychain kc = Keychain::boot(provider(), fs_, kPath);
  EXPECT_EQ(test::outcome(kc.unlock(passcode("1234"))), "store_corrupt");
  EXPECT_FALSE(kc.available());
}

// REQ-KEYCHAIN-9: the power goes at every step of a save. What was saved
// before survives whole; the new set is there only once the save is
// complete; nothing half-written is ever read. Both crash models: renames
// lost unless the directory was synced, and renames that survive anyway.
TEST_P(DeviceKeychain, PowerCutAtEveryStepOfASave) {
  for (bool renames_survive : {false, true}) {
    for (int step = 0; step <= 4; ++step) {
      fs_ = test::CrashFileSystem();
      fs_.renames_survive = renames_survive;
      Items before;
      {
        Keychain kc = make();
        ASSERT_TRUE(kc.put("signing", Bytes(32, 1), rng_).ok());
        before.emplace("signing", SecretBytes(32, 1));
        fs_.cut_power_at(step);
        const Status saved = kc.put("signing", Bytes(32, 2), rng_);
        EXPECT_EQ(saved.ok(), step == 4) << step;
        // A failed save leaves memory as it was.
        EXPECT_EQ(to_hex(kc.get("signing").value()), to_hex(Bytes(32, step == 4 ? 2 : 1)));
      }
      fs_.power_on();
      Keychain kc = Keychain::boot(provider(), fs_, kPath);
      ASSERT_TRUE(kc.unlock(passcode("1234")).ok()) << "step " << step;
      const Bytes got = to_public(kc.get("signing").value());
      if (step == 4) {
        EXPECT_EQ(got, Bytes(32, 2));
      } else if (renames_survive && step == 3) {
        EXPECT_TRUE(got == Bytes(32, 1) || got == Bytes(32, 2));
      } else {
        EXPECT_EQ(got, Bytes(32, 1)) << "step " << step << " renames_survive " << renames_survive;
      }
    }
  }
}

// A save that skips the fsync before the rename: after a crash the store
// is torn, and the reader says so instead of reading half of it. This is
// why the fsync is there.
TEST_P(DeviceKeychain, TornStoreIsDetectedNotHalfRead) {
  Keychain kc = make();
  fs_.renames_survive = true;
  ASSERT_TRUE(fs_.write(kPath, sealed(provider(), sample_items())).ok());
  fs_.cut_power_at(0);
  EXPECT_FALSE(fs_.sync_file(kPath).ok());
  fs_.power_on();
  Keychain rebooted = Keychain::boot(provider(), fs_, kPath);
  EXPECT_EQ(test::outcome(rebooted.unlock(passcode("1234"))), "store_corrupt");
}

IMREF_INSTANTIATE_FOR_ALL_BACKENDS(DeviceKeychain);

// The real filesystem: a store written through PosixFileSystem opens after a
// "reboot", and the temporary file is gone.
TEST(PosixKeychain, SavesAndReopensOnDisk) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("imref-keychain-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "keychain.store").string();
  std::filesystem::remove(path);
  PosixFileSystem fs;
  const auto& p = test::backend("openssl");
  crypto::DeterministicRng rng(3, "posix");
  {
    auto kc = Keychain::create(p, fs, path, rng, passcode("pw"), kTestParams);
    ASSERT_TRUE(kc.ok()) << kc.error().detail;
    ASSERT_TRUE(kc->put("signing", Bytes(32, 9), rng).ok());
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  Keychain kc = Keychain::boot(p, fs, path);
  ASSERT_TRUE(kc.unlock(passcode("pw")).ok());
  EXPECT_EQ(to_public(kc.get("signing").value()), Bytes(32, 9));
  EXPECT_EQ(test::outcome(fs.read((dir / "none").string())), "not_found");
  std::filesystem::remove_all(dir);
}

// REQ-KEYCHAIN-9: MemoryFileSystem (a simulated device's disk) does the same
// steps: the save leaves no temporary file, a rename replaces, and what was
// written reads back.
TEST(MemoryKeychain, SavesAndReopensInMemory) {
  MemoryFileSystem fs;
  const auto& p = test::backend("openssl");
  crypto::DeterministicRng rng(4, "memory");
  {
    auto kc = Keychain::create(p, fs, "/d/keychain", rng, passcode("pw"), kTestParams);
    ASSERT_TRUE(kc.ok()) << kc.error().detail;
    ASSERT_TRUE(kc->put("signing", Bytes(32, 5), rng).ok());
  }
  EXPECT_FALSE(fs.exists("/d/keychain.tmp"));
  Keychain kc = Keychain::boot(p, fs, "/d/keychain");
  EXPECT_EQ(test::outcome(kc.unlock(passcode("px"))), "bad_passcode");
  ASSERT_TRUE(kc.unlock(passcode("pw")).ok());
  EXPECT_EQ(to_public(kc.get("signing").value()), Bytes(32, 5));
  EXPECT_EQ(test::outcome(fs.read("/d/none")), "not_found");
  EXPECT_EQ(test::outcome(fs.rename("/d/none", "/d/x")), "io_error");
  EXPECT_EQ(test::outcome(fs.sync_file("/d/none")), "io_error");
}

// ---- Properties ----------------------------------------------------------------

rc::Gen<Items> gen_items() {
  auto name =
      rc::gen::container<std::string>(rc::gen::element('a', 'b', 'z', '0', '9', '.', '_', '-'));
  return rc::gen::map(rc::gen::container<std::map<std::string, std::vector<uint8_t>>>(
                          rc::gen::resize(20, rc::gen::nonEmpty(name)),
                          rc::gen::resize(300, rc::gen::arbitrary<std::vector<uint8_t>>())),
                      [](const std::map<std::string, std::vector<uint8_t>>& m) {
                        Items items;
                        for (const auto& [k, v] : m)
                          items.emplace(k, SecretBytes(v.begin(), v.end()));
                        return items;
                      });
}

// REQ-KEYCHAIN-2: any item set opens to itself; any other passcode is
// bad_passcode; any single changed byte is store_corrupt.
RC_GTEST_PROP(KeychainProperties, SealOpenChange, ()) {
  const auto& p = test::backend(*rc::gen::element<std::string>("openssl", "botan"));
  const Items items = *gen_items();
  const auto code =
      *rc::gen::nonEmpty(rc::gen::container<std::vector<uint8_t>>(rc::gen::arbitrary<uint8_t>()));
  RC_PRE(code.size() <= keychain::kMaxPasscodeLen);
  const Bytes salt = *rc::gen::container<Bytes>(16, rc::gen::arbitrary<uint8_t>());
  const Bytes nonce = *rc::gen::container<Bytes>(16, rc::gen::arbitrary<uint8_t>());
  auto key = PasscodeKey::derive(p, code, kTestParams, salt).value();
  const Bytes store = keychain::seal(p, key, nonce, items).value();
  auto opened = keychain::open(p, code, store);
  RC_ASSERT(opened.ok());
  RC_ASSERT(*opened == items);
  Bytes other = code;
  other[*rc::gen::inRange<size_t>(0, other.size())] ^= *rc::gen::inRange<uint8_t>(1, 255);
  RC_ASSERT(test::outcome(keychain::open(p, other, store)) == "bad_passcode");
  Bytes damaged = store;
  damaged[*rc::gen::inRange<size_t>(0, store.size())] ^= *rc::gen::inRange<uint8_t>(1, 255);
  RC_ASSERT(test::outcome(keychain::open(p, code, damaged)) == "store_corrupt");
}

// REQ-KEYCHAIN-3: bytes that are not a store are store_corrupt, whatever
// they are, including a valid header followed by noise.
RC_GTEST_PROP(KeychainProperties, NoiseIsStoreCorrupt, ()) {
  const auto& p = test::backend("openssl");
  Bytes noise = *rc::gen::arbitrary<Bytes>();
  if (*rc::gen::arbitrary<bool>()) {
    Bytes store = sealed(p, {});
    noise.insert(noise.begin(), store.begin(), store.begin() + 80);
  }
  RC_ASSERT(test::outcome(keychain::open(p, passcode("1234"), noise)) == "store_corrupt");
}

// REQ-KEYCHAIN-9: random puts and erases with the power cut at a random
// step; after each crash and reboot the keychain holds exactly the last
// set whose save completed.
RC_GTEST_PROP(KeychainProperties, CrashesNeverLoseSavedItems, ()) {
  const auto& p = test::backend("openssl");
  test::CrashFileSystem fs;
  fs.renames_survive = *rc::gen::arbitrary<bool>();
  crypto::DeterministicRng rng(5, "crash-property");
  Keychain kc = Keychain::create(p, fs, kPath, rng, passcode("1234"), kTestParams).value();
  std::map<std::string, Bytes> model;
  auto observe = [&] {
    std::map<std::string, Bytes> seen;
    for (const char* n : {"a", "b", "c"}) {
      auto got = kc.get(n);
      if (got.ok())
        seen[n] = to_public(*got);
      else
        RC_ASSERT(test::outcome(got) == "not_found");
    }
    return seen;
  };
  const int rounds = *rc::gen::inRange(1, 12);
  for (int round = 0; round < rounds; ++round) {
    const std::string name = *rc::gen::element<std::string>("a", "b", "c");
    const bool erase = *rc::gen::arbitrary<bool>() && model.count(name) != 0;
    const Bytes value(*rc::gen::inRange<size_t>(0, 40), static_cast<uint8_t>(round));
    auto attempted = model;
    if (erase)
      attempted.erase(name);
    else
      attempted[name] = value;
    const bool crash = *rc::gen::inRange(0, 4) == 0;
    if (crash) fs.cut_power_at(*rc::gen::inRange(0, 4));
    const Status s = erase ? kc.erase(name, rng) : kc.put(name, value, rng);
    RC_ASSERT(s.ok() == !crash);
    if (s.ok()) model = attempted;
    RC_ASSERT(observe() == model);  // memory: the last completed save
    if (crash) {
      fs.power_on();
      kc = Keychain::boot(p, fs, kPath);
      RC_ASSERT(test::outcome(kc.get(name)) == "locked");
      RC_ASSERT(kc.unlock(passcode("1234")).ok());
      // On disk: the old set, or (only if a rename outlived the crash) the
      // new one; never a mix, never an error.
      const auto seen = observe();
      RC_ASSERT(seen == model || (fs.renames_survive && seen == attempted));
      model = seen;
    }
  }
}

}  // namespace
}  // namespace imref
