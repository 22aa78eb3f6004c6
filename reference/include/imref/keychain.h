// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The device keychain (REQ-KEYCHAIN-*): private keys at rest, encrypted under
// a key derived from the device passcode with scrypt, usable only after the
// first unlock since boot. The store format is in docs/spec.md §10.
//
// Two levels:
//  - seal / open: the stateless store codec (vectors, the shim's ops).
//  - Keychain: one device's keychain over a FileSystem, with the boot, first
//    unlock and lock states, saving atomically (write, fsync, rename, fsync
//    the directory) so a crash never loses what was saved before.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"
#include "imref/crypto/rng.h"
#include "imref/filesystem.h"
#include "imref/result.h"

namespace imref::keychain {

inline constexpr size_t kSaltLen = 16;
inline constexpr size_t kNonceLen = 16;
inline constexpr size_t kMinPasscodeLen = 1;
inline constexpr size_t kMaxPasscodeLen = 256;

// KdfParams are scrypt's, as the store records them (one byte each).
struct KdfParams {
  uint8_t log2_n = 15;
  uint8_t r = 8;
  uint8_t p = 1;
  bool operator==(const KdfParams&) const = default;
};

// kDefaultParams is what a new store gets: N = 2^15, r = 8, p = 1 (32 MiB,
// docs/performance.md has the time). Tests and vectors pass cheaper ones.
inline constexpr KdfParams kDefaultParams{};

// params_in_bounds: log2_n 1..20, r 1..16, p 1..4, 128·r·N at most 256 MiB.
// A store with other parameters is store_corrupt, before any KDF work.
bool params_in_bounds(const KdfParams& params);

// Items maps a name (1..64 of [a-z0-9._-]) to a secret (0..65535 bytes).
using Items = std::map<std::string, SecretBytes, std::less<>>;

// PasscodeKey is the scrypt output for one passcode, salt and parameter set:
// what an unlocked keychain keeps instead of the passcode.
class PasscodeKey {
 public:
  // derive runs scrypt. A passcode outside 1..256 bytes, a salt not 16 bytes
  // or parameters outside params_in_bounds are invalid_argument.
  static Result<PasscodeKey> derive(const crypto::Provider& provider, ByteView passcode,
                                    const KdfParams& params, ByteView salt);
  const KdfParams& params() const { return params_; }
  const Bytes& salt() const { return salt_; }
  // same_key compares with another key (salt, parameters and the secret,
  // the latter in constant time).
  bool same_key(const PasscodeKey& other) const;
  // secret is the 32-byte scrypt output.
  const SecretBytes& secret() const { return key_; }

 private:
  PasscodeKey(KdfParams params, Bytes salt, SecretBytes key)
      : params_(params), salt_(std::move(salt)), key_(std::move(key)) {}
  KdfParams params_;
  Bytes salt_;
  SecretBytes key_;
};

// seal writes |items| as a store under |key| with the given 16-byte nonce
// (a fresh one from the Rng for every write; vectors pass it). Bad names or
// sizes are invalid_argument.
Result<Bytes> seal(const crypto::Provider& provider, const PasscodeKey& key, ByteView nonce,
                   const Items& items);

// open reads a store. Anything but a well-formed store with a matching
// checksum is store_corrupt, decided before the KDF runs; a passcode that
// does not match the store's verifier is bad_passcode; a tag that does not
// verify is store_corrupt, and nothing is decrypted. On failure nothing of
// the store is returned.
Result<Items> open(const crypto::Provider& provider, ByteView passcode, ByteView store);

// Keychain is one device's keychain, stored at |path| on |fs|.
//
//   auto kc = Keychain::create(p, fs, "/data/keychain", rng, passcode);   // set up
//   Keychain kc = Keychain::boot(p, fs, "/data/keychain");  // after power-on: locked
//   kc.get("signing") -> locked;  kc.unlock(passcode);  kc.get("signing") -> the key
//   kc.lock();  kc.get("signing") -> still the key (after first unlock)
class Keychain {
 public:
  // create writes a new, empty store (refusing to replace an existing one:
  // duplicate) and returns the keychain unlocked.
  static Result<Keychain> create(const crypto::Provider& provider, FileSystem& fs, std::string path,
                                 crypto::Rng& rng, ByteView passcode,
                                 const KdfParams& params = kDefaultParams);
  // boot is the keychain right after power-on: nothing read, nothing usable.
  static Keychain boot(const crypto::Provider& provider, FileSystem& fs, std::string path);

  Keychain(Keychain&&) noexcept;
  Keychain& operator=(Keychain&&) noexcept;
  ~Keychain();

  // unlock checks |passcode|. The first success since boot reads and opens
  // the store and keeps its items and key in memory; later ones only check
  // the passcode. bad_passcode, store_corrupt or not_found change nothing.
  Status unlock(ByteView passcode);
  // lock is the screen locking: items stay usable (after first unlock).
  void lock();
  // reboot forgets (and wipes) every item and key, as power-off does.
  void reboot();

  bool available() const;  // unlocked at least once since boot
  bool screen_locked() const { return screen_locked_; }

  // get returns a copy of an item: locked before the first unlock,
  // not_found for an unknown name.
  Result<SecretBytes> get(std::string_view name) const;
  // put adds or replaces an item and saves the store atomically; erase
  // removes one. Both are locked before the first unlock; when saving fails
  // the item set in memory is left as it was.
  Status put(std::string_view name, ByteView secret, crypto::Rng& rng);
  Status erase(std::string_view name, crypto::Rng& rng);
  // rewrite saves the items again as they are, under a fresh nonce: the
  // save every put and erase makes, with nothing changed (the shim crashes
  // a device in the middle of one). locked before the first unlock.
  Status rewrite(crypto::Rng& rng);
  // change_passcode saves the items under a key derived from |passcode|
  // (a fresh salt, the same parameters); the new key replaces the old in
  // memory once the save is done. invalid_argument for a passcode not 1..256
  // bytes; locked before the first unlock.
  Status change_passcode(ByteView passcode, crypto::Rng& rng);

 private:
  struct Unlocked;
  Keychain(const crypto::Provider& provider, FileSystem& fs, std::string path);
  Status save(Items items, crypto::Rng& rng);
  Status write_store(ByteView store);

  const crypto::Provider* provider_;
  FileSystem* fs_;
  std::string path_;
  std::unique_ptr<Unlocked> unlocked_;  // null until the first unlock
  bool screen_locked_ = true;
};

}  // namespace imref::keychain
