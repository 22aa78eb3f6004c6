// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// A model of the key directory (imref/directory.h, docs/spec.md §9) for the
// stateful tests: the RapidCheck state machine (directory_state_test.cpp)
// and the fuzz target fuzz/directory_state.cpp drive a real Directory and
// this model with the same calls. Each model call predicts the directory's
// outcome from the spec alone (nullopt: success, else the error code; the
// checks run in the order the directory documents) and applies a success's
// effect; a refused call changes nothing, so any state the directory shows
// afterwards must still be the model's. The harness compares and asserts.
//
// The world is small so histories collide: kDevices key sets, kAccounts
// accounts (index kAccounts names one that does not exist), kEmails email
// addresses and kPhones numbers (index kEmails / kPhones: an invalid handle).
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "imref/device_keys.h"
#include "imref/directory.h"
#include "test_names.h"

namespace imref::test::directory_model {

using directory::Alert;
using directory::AlertKind;
using Outcome = std::optional<Errc>;  // nullopt: the call succeeds

inline constexpr int kDevices = 4;
inline constexpr int kAccounts = 2;
inline constexpr int kEmails = 3;
inline constexpr int kPhones = 2;
inline constexpr int64_t kStart = 1'700'000'000;  // ManualClock's default

// provider is the backend the stateful tests run on (the directory logic is
// above the seam; both backends meet it in directory_test.cpp).
inline const crypto::Provider& provider() {
  return **crypto::get_provider("openssl");
}

// device returns key set |d|, generated once from a fixed seed.
inline const DeviceKeys& device(int d) {
  static const std::vector<DeviceKeys> pool = [] {
    crypto::DeterministicRng rng(11, "directory-state");
    std::vector<DeviceKeys> out;
    for (int i = 0; i < kDevices; ++i) out.push_back(DeviceKeys::generate(provider(), rng).value());
    return out;
  }();
  return pool.at(static_cast<size_t>(d));
}

inline Bytes push_token(int t) {
  return Bytes(directory::kPushTokenSize, static_cast<uint8_t>(t + 1));
}
inline std::string account(int a) {
  return "acct" + std::to_string(a);
}
inline std::string email(int e) {
  return e < kEmails ? "user" + std::to_string(e) + "@example.com" : "user@@example.com";
}
inline std::string phone(int p) {
  return p < kPhones ? "+4477009000" + std::to_string(p) : "+0123";
}
// handle(h) runs over every email, every phone and one invalid handle.
inline constexpr int kHandles = kEmails + kPhones + 1;
inline std::string handle(int h) {
  return h < kEmails ? email(h) : h < kEmails + kPhones ? phone(h - kEmails) : email(kEmails);
}
inline std::string sim(int s) {
  return "sim" + std::to_string(s);
}
// carrier issues sim(p) for phone(p); zero-rated or not.
inline directory::Carrier carrier(bool zero_rated) {
  directory::Carrier c(zero_rated);
  for (int p = 0; p < kPhones; ++p) c.issue_sim(sim(p), phone(p));
  return c;
}

// Registration describes a register_device call: device |signer|'s keys sign
// a request for |account| that carries the identity and encryption key of
// |identity_of| (-1: a blob with a framing byte changed) and the push token of
// |token_of| (-1: a token one byte short).
struct Registration {
  int signer = 0;
  int account = 0;
  int identity_of = 0;
  int token_of = 0;
  int64_t timestamp = kStart;
  Bytes nonce = Bytes(directory::kNonceSize);
  bool tamper = false;  // sign a message other than the request's

  directory::RegistrationRequest request() const {
    directory::RegistrationRequest r;
    r.account = directory_model::account(account);
    r.push_token = token_of >= 0 ? push_token(token_of) : Bytes(directory::kPushTokenSize - 1, 7);
    const DeviceKeys& keys = device(identity_of >= 0 ? identity_of : signer);
    r.identity = keys.identity().blob();
    if (identity_of < 0) r.identity[0] ^= 1;
    r.encryption_key = keys.encryption_public();
    r.timestamp = static_cast<uint64_t>(timestamp);
    r.nonce = nonce;
    Bytes message = directory::registration_message(r);
    if (tamper) message.push_back(0);
    r.signature = device(signer)
                      .sender()
                      .signing->sign(crypto::Hash::sha256, crypto::SigFormat::der, message)
                      .value();
    return r;
  }
};

// outcome_name reads like the directory's answer: "ok" or the code's name.
inline std::string outcome_name(Outcome o) {
  return o ? std::string(errc_name(*o)) : "ok";
}
template <class R>
std::string outcome_name(const R& result) {
  return result.ok() ? "ok" : std::string(errc_name(result.code()));
}

class Model {
 public:
  int64_t now() const { return now_; }
  void advance(int64_t seconds) { now_ += seconds; }

  // REQ-DIR-2..4, REQ-ALERT-1, -2.
  Outcome register_device(const Registration& r) {
    if (r.token_of < 0) return Errc::too_large;
    if (r.account >= kAccounts) return Errc::unknown_account;
    if (r.identity_of < 0) return Errc::malformed_identity;
    if (r.tamper || r.identity_of != r.signer) return Errc::bad_signature;
    const int64_t skew = now_ > r.timestamp ? now_ - r.timestamp : r.timestamp - now_;
    if (skew > static_cast<int64_t>(directory::kRequestWindowSeconds) || nonces_.count(r.nonce))
      return Errc::replayed_request;
    if (devices_.count(r.token_of)) return Errc::duplicate;
    nonces_.insert(r.nonce);
    alert(r.account, Alert{AlertKind::device, to_hex(push_token(r.token_of))});
    devices_[r.token_of] = Device{r.account, r.identity_of};
    alerts_[r.token_of].clear();
    return std::nullopt;
  }

  // REQ-VERIFY-1: a token is mailed; read_email tells the model its value.
  Outcome add_email(int a, int e) {
    if (e >= kEmails) return Errc::invalid_handle;
    if (a >= kAccounts) return Errc::unknown_account;
    if (handles_.count(email(e))) return Errc::duplicate;
    outbox_[e].push_back(
        Pending{a, e, now_ + static_cast<int64_t>(directory::kEmailTokenLifetimeSeconds)});
    return std::nullopt;
  }

  // read_email takes the tokens the directory mailed to email |e|; returns
  // what is wrong with them, or "".
  std::string read_email(int e, const std::vector<std::string>& got) {
    std::vector<Pending> mailed = std::move(outbox_[e]);
    outbox_.erase(e);
    if (got.size() != mailed.size())
      return std::to_string(got.size()) + " tokens for " + email(e) + ", expected " +
             std::to_string(mailed.size());
    for (size_t i = 0; i < got.size(); ++i) {
      if (got[i].size() != 2 * directory::kEmailTokenSize || tokens_.count(got[i]))
        return "token " + got[i] + " is not 16 fresh bytes";
      tokens_[got[i]] = mailed[i];
      known_tokens_.push_back(got[i]);
    }
    return "";
  }
  // stand_in_token is a token value no mailbox gave yet, for a model run
  // without a directory (a RapidCheck command's apply).
  std::string stand_in_token() const {
    std::string t = std::to_string(known_tokens_.size());
    return std::string(2 * directory::kEmailTokenSize - t.size(), 'x') + t;
  }
  // known_token(i) is a token read from a mailbox (used or not, in the order
  // read), or "" when none was.
  std::string known_token(size_t i) const {
    return known_tokens_.empty() ? "" : known_tokens_[i % known_tokens_.size()];
  }

  // REQ-VERIFY-2, REQ-VERIFY-3 (duplicate), REQ-ALERT-1.
  Outcome confirm_email(int a, const std::string& token) {
    if (a >= kAccounts) return Errc::unknown_account;
    auto it = tokens_.find(token);
    if (it == tokens_.end() || it->second.account != a || now_ >= it->second.expires)
      return Errc::bad_token;
    const std::string address = email(it->second.email);
    if (handles_.count(address)) return Errc::duplicate;  // the token stays unused
    verify(a, address, AlertKind::email);
    tokens_.erase(it);
    return std::nullopt;
  }

  // REQ-VERIFY-3, -4: |sim_index| attests phone(sim_index).
  Outcome add_phone(int a, int p, bool zero_rated, int sim_index, bool consent) {
    if (p >= kPhones) return Errc::invalid_handle;
    if (a >= kAccounts) return Errc::unknown_account;
    if (!zero_rated && !consent) return Errc::consent_required;
    if (sim_index != p) return Errc::not_attested;
    if (handles_.count(phone(p))) return Errc::duplicate;
    verify(a, phone(p), AlertKind::phone);
    return std::nullopt;
  }

  // REQ-DIR-6.
  Outcome remove_device(int a, int t) {
    if (a >= kAccounts) return Errc::unknown_account;
    auto it = devices_.find(t);
    if (it == devices_.end() || it->second.account != a) return Errc::not_found;
    devices_.erase(it);
    alerts_.erase(t);
    return std::nullopt;
  }
  Outcome remove_handle(int a, int h) {
    if (a >= kAccounts) return Errc::unknown_account;
    auto it = handles_.find(handle(h));
    if (it == handles_.end() || it->second != a) return Errc::unknown_handle;
    handles_.erase(it);
    return std::nullopt;
  }

  // check_lookup compares a lookup of handle(h) with the model (REQ-DIR-1,
  // REQ-DIR-5, REQ-DIR-6, REQ-VERIFY-1); returns what differs, or "".
  std::string check_lookup(int h, const Result<std::vector<directory::DeviceRecord>>& got) const {
    const std::string name = "lookup " + handle(h);
    if (h == kHandles - 1) return expect(name, got, Errc::invalid_handle);
    auto owner = handles_.find(handle(h));
    if (owner == handles_.end()) return expect(name, got, Errc::unknown_handle);
    if (!got.ok()) return name + ": " + outcome_name(got) + ", expected ok";
    std::vector<directory::DeviceRecord> want;
    for (const auto& [t, d] : devices_)
      if (d.account == owner->second)
        want.push_back({device(d.keys).identity().blob(),
                        device(d.keys).encryption_public(),
                        PushToken::from(push_token(t)).value(),
                        {},
                        {}});
    std::vector<directory::DeviceRecord> sorted = *got;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& x, const auto& y) { return x.push_token < y.push_token; });
    if (sorted != want)
      return name + ": " + std::to_string(got->size()) + " devices, not the " +
             std::to_string(want.size()) + " of account " + account(owner->second);
    return "";
  }

  // read_alerts compares the alerts read from token |t|'s mailbox with the
  // model and clears them (REQ-ALERT-1, -2); returns what differs, or "".
  std::string read_alerts(int t, const Result<std::vector<Alert>>& got) {
    const std::string name = "alerts of token " + std::to_string(t);
    auto it = alerts_.find(t);
    if (it == alerts_.end()) return expect(name, got, Errc::not_found);
    if (!got.ok()) return name + ": " + outcome_name(got) + ", expected ok";
    const std::vector<Alert> want = std::move(it->second);
    it->second.clear();
    if (*got != want)
      return name + ": " + std::to_string(got->size()) + " alerts, expected " +
             std::to_string(want.size());
    return "";
  }

 private:
  struct Device {
    int account;
    int keys;  // the key set whose identity and encryption key it registered
  };
  struct Pending {
    int account;
    int email;
    int64_t expires;
  };

  template <class R>
  static std::string expect(const std::string& name, const R& got, Errc want) {
    if (!got.ok() && got.code() == want) return "";
    return name + ": " + outcome_name(got) + ", expected " + std::string(errc_name(want));
  }

  void alert(int a, const Alert& what) {
    for (const auto& [t, d] : devices_)
      if (d.account == a) alerts_[t].push_back(what);
  }
  void verify(int a, const std::string& h, AlertKind kind) {
    handles_[h] = a;
    alert(a, Alert{kind, h});
  }

  int64_t now_ = kStart;
  std::map<int, Device> devices_;               // push token index -> registration
  std::map<int, std::vector<Alert>> alerts_;    // push token index -> queued alerts
  std::set<Bytes> nonces_;                      // of accepted registrations
  std::map<std::string, int> handles_;          // verified handle -> account
  std::map<int, std::vector<Pending>> outbox_;  // email -> tokens mailed, not read
  std::map<std::string, Pending> tokens_;       // read and not yet used
  std::vector<std::string> known_tokens_;       // every token read
};

}  // namespace imref::test::directory_model
