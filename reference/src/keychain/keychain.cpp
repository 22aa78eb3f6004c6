// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// One device's keychain: the states of REQ-KEYCHAIN-7/8 and the atomic save
// of REQ-KEYCHAIN-9.
#include "imref/keychain.h"

#include "imref/internal/defects.h"
#include "imref/internal/keychain_store.h"

namespace imref::keychain {

namespace {

using defects::Defect;

std::string directory_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

// What the first unlock since boot brings into memory.
struct Keychain::Unlocked {
  PasscodeKey key;
  Items items;
};

Keychain::Keychain(const crypto::Provider& provider, FileSystem& fs, std::string path)
    : provider_(&provider), fs_(&fs), path_(std::move(path)) {}

Keychain::Keychain(Keychain&&) noexcept = default;
Keychain& Keychain::operator=(Keychain&&) noexcept = default;
Keychain::~Keychain() = default;

Keychain Keychain::boot(const crypto::Provider& provider, FileSystem& fs, std::string path) {
  return Keychain(provider, fs, std::move(path));
}

Result<Keychain> Keychain::create(const crypto::Provider& provider, FileSystem& fs,
                                  std::string path, crypto::Rng& rng, ByteView passcode,
                                  const KdfParams& params) {
  if (fs.exists(path)) return make_error(Errc::duplicate, "a keychain store exists at " + path);
  IMREF_TRY(PasscodeKey key, PasscodeKey::derive(provider, passcode, params, rng.bytes(kSaltLen)));
  Keychain kc = boot(provider, fs, std::move(path));
  kc.unlocked_ = std::make_unique<Unlocked>(Unlocked{std::move(key), {}});
  kc.screen_locked_ = false;
  IMREF_CHECK(kc.save({}, rng));
  return kc;
}

Status Keychain::unlock(ByteView passcode) {
  if (unlocked_) {
    // Later unlocks only check the passcode against the key in memory.
    IMREF_TRY(
        PasscodeKey candidate,
        PasscodeKey::derive(*provider_, passcode, unlocked_->key.params(), unlocked_->key.salt()));
    if (!candidate.same_key(unlocked_->key))
      return make_error(Errc::bad_passcode, "wrong passcode");
    screen_locked_ = false;
    return ok_status();
  }
  IMREF_TRY(Bytes store, fs_->read(path_));
  IMREF_TRY(Opened opened, open_store(*provider_, passcode, store));
  unlocked_ = std::make_unique<Unlocked>(Unlocked{std::move(opened.key), std::move(opened.items)});
  screen_locked_ = false;
  return ok_status();
}

void Keychain::lock() {
  screen_locked_ = true;
  if (defects::on(Defect::keychain_lock_discards_keys)) unlocked_.reset();
}

void Keychain::reboot() {
  screen_locked_ = true;
  if (!defects::on(Defect::keychain_reboot_keeps_keys))
    unlocked_.reset();  // SecretBytes wipe themselves
}

bool Keychain::available() const {
  return unlocked_ != nullptr;
}

Result<SecretBytes> Keychain::get(std::string_view name) const {
  if (!unlocked_) return make_error(Errc::locked, "not unlocked since boot");
  auto it = unlocked_->items.find(name);
  if (it == unlocked_->items.end()) return make_error(Errc::not_found, "no such item");
  return it->second;
}

Status Keychain::put(std::string_view name, ByteView secret, crypto::Rng& rng) {
  if (!unlocked_) return make_error(Errc::locked, "not unlocked since boot");
  Items next = unlocked_->items;
  next.insert_or_assign(std::string(name), to_secret(secret));
  return save(std::move(next), rng);
}

Status Keychain::erase(std::string_view name, crypto::Rng& rng) {
  if (!unlocked_) return make_error(Errc::locked, "not unlocked since boot");
  Items next = unlocked_->items;
  auto it = next.find(name);
  if (it == next.end()) return make_error(Errc::not_found, "no such item");
  next.erase(it);
  return save(std::move(next), rng);
}

Status Keychain::rewrite(crypto::Rng& rng) {
  if (!unlocked_) return make_error(Errc::locked, "not unlocked since boot");
  return save(unlocked_->items, rng);
}

Status Keychain::change_passcode(ByteView passcode, crypto::Rng& rng) {
  if (!unlocked_) return make_error(Errc::locked, "not unlocked since boot");
  IMREF_TRY(PasscodeKey key, PasscodeKey::derive(*provider_, passcode, unlocked_->key.params(),
                                                 rng.bytes(kSaltLen)));
  IMREF_TRY(Bytes store, seal(*provider_, key, rng.bytes(kNonceLen), unlocked_->items));
  IMREF_CHECK(write_store(store));
  unlocked_->key = std::move(key);
  return ok_status();
}

Status Keychain::save(Items items, crypto::Rng& rng) {
  IMREF_TRY(Bytes store, seal(*provider_, unlocked_->key, rng.bytes(kNonceLen), items));
  IMREF_CHECK(write_store(store));
  unlocked_->items = std::move(items);
  return ok_status();
}

// write_store writes the whole store next to the old one, makes it durable,
// then renames it over the old one and makes the rename durable: a crash at
// any point leaves the old store or the new one, never a mix
// (REQ-KEYCHAIN-9).
Status Keychain::write_store(ByteView store) {
  const std::string temp = path_ + ".tmp";
  IMREF_CHECK(fs_->write(temp, store));
  IMREF_CHECK(fs_->sync_file(temp));
  IMREF_CHECK(fs_->rename(temp, path_));
  IMREF_CHECK(fs_->sync_dir(directory_of(path_)));
  return ok_status();
}

}  // namespace imref::keychain
