// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// REQ-DIR-1 REQ-DIR-6 REQ-VERIFY-1 REQ-ALERT-1 REQ-ALERT-2: random sequences
// of register / add-and-verify email / remove / lookup / read-alerts against a
// simple model; every lookup and every mailbox must match the model.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "imref/device_keys.h"
#include "imref/directory.h"
#include "provider_test_util.h"

namespace imref {
namespace {

using directory::Alert;
using directory::Directory;

constexpr int kDevices = 4;
constexpr int kAccounts = 2;
constexpr int kEmails = 3;

const crypto::Provider& prov() {
  return test::backend("openssl");
}

const std::vector<DeviceKeys>& pool() {
  static const std::vector<DeviceKeys> keys = [] {
    crypto::DeterministicRng rng(11, "directory-state");
    std::vector<DeviceKeys> out;
    for (int i = 0; i < kDevices; ++i) out.push_back(*DeviceKeys::generate(prov(), rng));
    return out;
  }();
  return keys;
}

Bytes push_token(int d) {
  return Bytes(32, static_cast<uint8_t>(d + 1));
}
std::string account(int a) {
  return "acct" + std::to_string(a);
}
std::string email(int e) {
  return "user" + std::to_string(e) + "@example.com";
}

struct Model {
  std::map<int, int> device_account;   // registered device -> account
  std::map<std::string, int> handles;  // verified handle -> account
  std::map<int, std::vector<Alert>> alerts;
  void alert(int acct, const Alert& a) {
    for (auto [d, owner] : device_account) {
      if (owner == acct) alerts[d].push_back(a);
    }
  }
};

struct World {
  ManualClock clock;
  crypto::DeterministicRng rng{12, "directory-state-world"};
  Directory dir{prov(), rng, clock};
  World() {
    for (int a = 0; a < kAccounts; ++a) RC_ASSERT(dir.create_account(account(a)).ok());
  }
};

using Cmd = rc::state::Command<Model, World>;

struct Register : Cmd {
  int d = *rc::gen::inRange(0, kDevices);
  int a = *rc::gen::inRange(0, kAccounts);
  void apply(Model& m) const override {
    if (m.device_account.count(d)) return;
    m.alert(a, Alert{"device", to_hex(push_token(d))});
    m.device_account[d] = a;
    m.alerts[d];
  }
  void run(const Model& m, World& w) const override {
    directory::RegistrationRequest r;
    r.account = account(a);
    r.push_token = push_token(d);
    r.identity = pool()[d].identity().blob();
    r.encryption_key = pool()[d].encryption_public();
    r.timestamp = w.clock.now();
    r.nonce = w.rng.bytes(16);
    r.signature = *pool()[d].sender().signing->sign(crypto::Hash::sha256, crypto::SigFormat::der,
                                                    directory::registration_message(r));
    auto s = w.dir.register_device(r);
    if (m.device_account.count(d)) {
      RC_ASSERT(s.code() == Errc::duplicate);
    } else {
      RC_ASSERT(s.ok());
    }
    w.clock.advance(1);
  }
  void show(std::ostream& os) const override { os << "register d" << d << " on a" << a; }
};

struct VerifyEmail : Cmd {
  int e = *rc::gen::inRange(0, kEmails);
  int a = *rc::gen::inRange(0, kAccounts);
  void apply(Model& m) const override {
    if (m.handles.count(email(e))) return;
    m.handles[email(e)] = a;
    m.alert(a, Alert{"email", email(e)});
  }
  void run(const Model& m, World& w) const override {
    auto s = w.dir.add_email(account(a), email(e));
    if (m.handles.count(email(e))) {
      RC_ASSERT(s.code() == Errc::duplicate);
      return;
    }
    RC_ASSERT(s.ok());
    auto tokens = w.dir.read_email(email(e));
    RC_ASSERT(tokens.size() == 1u);
    RC_ASSERT(w.dir.confirm_email(account(a), tokens[0]).ok());
  }
  void show(std::ostream& os) const override { os << "verify " << email(e) << " for a" << a; }
};

struct RemoveDevice : Cmd {
  int d = *rc::gen::inRange(0, kDevices);
  void apply(Model& m) const override {
    m.device_account.erase(d);
    m.alerts.erase(d);
  }
  void run(const Model& m, World& w) const override {
    auto it = m.device_account.find(d);
    auto s =
        w.dir.remove_device(account(it == m.device_account.end() ? 0 : it->second), push_token(d));
    RC_ASSERT(s.ok() == (it != m.device_account.end()));
  }
  void show(std::ostream& os) const override { os << "remove d" << d; }
};

struct RemoveHandle : Cmd {
  int e = *rc::gen::inRange(0, kEmails);
  void apply(Model& m) const override { m.handles.erase(email(e)); }
  void run(const Model& m, World& w) const override {
    auto it = m.handles.find(email(e));
    auto s = w.dir.remove_handle(account(it == m.handles.end() ? 0 : it->second), email(e));
    RC_ASSERT(s.ok() == (it != m.handles.end()));
  }
  void show(std::ostream& os) const override { os << "remove " << email(e); }
};

struct Lookup : Cmd {
  int e = *rc::gen::inRange(0, kEmails);
  void run(const Model& m, World& w) const override {
    auto found = w.dir.lookup(email(e));
    auto owner = m.handles.find(email(e));
    if (owner == m.handles.end()) {
      RC_ASSERT(found.code() == Errc::unknown_handle);
      return;
    }
    RC_ASSERT(found.ok());
    std::vector<Bytes> got, want;
    for (const auto& rec : *found) {
      got.push_back(rec.push_token);
      const int d = rec.push_token[0] - 1;
      RC_ASSERT(rec.identity == pool()[d].identity().blob());
      RC_ASSERT(rec.encryption_key == pool()[d].encryption_public());
    }
    for (auto [d, a] : m.device_account) {
      if (a == owner->second) want.push_back(push_token(d));
    }
    std::sort(got.begin(), got.end());
    RC_ASSERT(got == want);
  }
  void show(std::ostream& os) const override { os << "lookup " << email(e); }
};

struct ReadAlerts : Cmd {
  int d = *rc::gen::inRange(0, kDevices);
  void apply(Model& m) const override {
    if (m.alerts.count(d)) m.alerts[d].clear();
  }
  void run(const Model& m, World& w) const override {
    auto got = w.dir.read_alerts(push_token(d));
    auto it = m.alerts.find(d);
    if (it == m.alerts.end()) {
      RC_ASSERT(got.code() == Errc::not_found);
    } else {
      RC_ASSERT(got.ok());
      RC_ASSERT(*got == it->second);
    }
  }
  void show(std::ostream& os) const override { os << "read alerts d" << d; }
};

RC_GTEST_PROP(DirectoryState, MatchesModel, ()) {
  World world;
  rc::state::check(Model{}, world,
                   rc::state::gen::execOneOfWithArgs<Register, VerifyEmail, RemoveDevice,
                                                     RemoveHandle, Lookup, ReadAlerts>());
}

}  // namespace
}  // namespace imref
