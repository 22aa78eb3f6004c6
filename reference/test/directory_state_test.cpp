// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// REQ-DIR-1 REQ-DIR-4 REQ-DIR-6 REQ-VERIFY-1 REQ-VERIFY-3 REQ-ALERT-1 REQ-ALERT-2:
// random sequences of register / add-and-verify email / add phone / remove /
// lookup / read-alerts against the directory model (directory_model.h, shared
// with the fuzz target fuzz/directory_state.cpp); every outcome, lookup and
// mailbox must match the model.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include "directory_model.h"

namespace imref {
namespace {

using namespace test::directory_model;

struct World {
  ManualClock clock;
  crypto::DeterministicRng rng{12, "directory-state-world"};
  directory::Directory dir{provider(), rng, clock};
  World() {
    for (int a = 0; a < kAccounts; ++a)
      RC_ASSERT(dir.create_account(Account::make(account(a)).value()).ok());
  }
};

using Cmd = rc::state::Command<Model, World>;

// A valid registration of device d on account a (the model predicts the
// duplicate and replay refusals), then one second passes.
struct Register : Cmd {
  int d = *rc::gen::inRange(0, kDevices);
  int a = *rc::gen::inRange(0, kAccounts);
  Bytes nonce = *rc::gen::container<Bytes>(directory::kNonceSize, rc::gen::inRange<uint8_t>(0, 4));

  Registration at(const Model& m) const {
    Registration r;
    r.signer = r.identity_of = r.token_of = d;
    r.account = a;
    r.timestamp = m.now();
    r.nonce = nonce;
    return r;
  }
  void apply(Model& m) const override {
    (void)m.register_device(at(m));
    m.advance(1);
  }
  void run(const Model& m, World& w) const override {
    Model next = m;
    const Registration r = at(m);
    RC_ASSERT(outcome_name(w.dir.register_device(r.request())) ==
              outcome_name(next.register_device(r)));
    w.clock.advance(1);
  }
  void show(std::ostream& os) const override { os << "register d" << d << " on a" << a; }
};

// add_email, then read the mailbox and confirm its token at once.
struct VerifyEmail : Cmd {
  int e = *rc::gen::inRange(0, kEmails);
  int a = *rc::gen::inRange(0, kAccounts);
  void apply(Model& m) const override {
    if (m.add_email(a, e)) return;
    const std::string token = m.stand_in_token();  // the real one exists only in run()
    (void)m.read_email(e, {token});
    (void)m.confirm_email(a, token);
  }
  void run(const Model& m, World& w) const override {
    Model next = m;
    const Outcome added = next.add_email(a, e);
    RC_ASSERT(outcome_name(w.dir.add_email(account(a), email(e))) == outcome_name(added));
    const auto tokens = w.dir.read_email(email(e));
    RC_ASSERT(next.read_email(e, tokens) == "");
    if (added) return;
    RC_ASSERT(outcome_name(w.dir.confirm_email(account(a), tokens.at(0))) ==
              outcome_name(next.confirm_email(a, tokens.at(0))));
  }
  void show(std::ostream& os) const override { os << "verify " << email(e) << " for a" << a; }
};

struct AddPhone : Cmd {
  int p = *rc::gen::inRange(0, kPhones);
  int a = *rc::gen::inRange(0, kAccounts);
  int s = *rc::gen::inRange(0, kPhones);
  void apply(Model& m) const override { (void)m.add_phone(a, p, true, s, false); }
  void run(const Model& m, World& w) const override {
    Model next = m;
    RC_ASSERT(outcome_name(w.dir.add_phone(account(a), phone(p), carrier(true), sim(s), false)) ==
              outcome_name(next.add_phone(a, p, true, s, false)));
  }
  void show(std::ostream& os) const override {
    os << "add " << phone(p) << " with " << sim(s) << " for a" << a;
  }
};

struct RemoveDevice : Cmd {
  int d = *rc::gen::inRange(0, kDevices);
  int a = *rc::gen::inRange(0, kAccounts);
  void apply(Model& m) const override { (void)m.remove_device(a, d); }
  void run(const Model& m, World& w) const override {
    Model next = m;
    RC_ASSERT(outcome_name(w.dir.remove_device(account(a), push_token(d))) ==
              outcome_name(next.remove_device(a, d)));
  }
  void show(std::ostream& os) const override { os << "remove d" << d << " from a" << a; }
};

struct RemoveHandle : Cmd {
  int h = *rc::gen::inRange(0, kHandles);
  int a = *rc::gen::inRange(0, kAccounts);
  void apply(Model& m) const override { (void)m.remove_handle(a, h); }
  void run(const Model& m, World& w) const override {
    Model next = m;
    RC_ASSERT(outcome_name(w.dir.remove_handle(account(a), handle(h))) ==
              outcome_name(next.remove_handle(a, h)));
  }
  void show(std::ostream& os) const override { os << "remove " << handle(h) << " from a" << a; }
};

struct Lookup : Cmd {
  int h = *rc::gen::inRange(0, kHandles);
  void run(const Model& m, World& w) const override {
    RC_ASSERT(m.check_lookup(h, test::lookup_text(w.dir, handle(h))) == "");
  }
  void show(std::ostream& os) const override { os << "lookup " << handle(h); }
};

struct ReadAlerts : Cmd {
  int d = *rc::gen::inRange(0, kDevices);
  void apply(Model& m) const override { (void)m.read_alerts(d, std::vector<directory::Alert>{}); }
  void run(const Model& m, World& w) const override {
    Model next = m;
    RC_ASSERT(next.read_alerts(d, w.dir.read_alerts(push_token(d))) == "");
  }
  void show(std::ostream& os) const override { os << "read alerts d" << d; }
};

RC_GTEST_PROP(DirectoryState, MatchesModel, ()) {
  World world;
  rc::state::check(Model{}, world,
                   rc::state::gen::execOneOfWithArgs<Register, VerifyEmail, AddPhone, RemoveDevice,
                                                     RemoveHandle, Lookup, ReadAlerts>());
}

}  // namespace
}  // namespace imref
