// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// directory_state: a stateful target for the key directory (imref/directory.h).
// The input is a seed (8 bytes) and action bytes; each action is an op byte
// and its arguments, replayed against a fresh Directory (ManualClock, a
// DeterministicRng from the seed for the email tokens) and against the model
// of reference/test/directory_model.h, libsignal style:
//   0 register_device: signer, account, identity (own, another device's, or
//     a malformed blob), push token (own, another's, or one byte short),
//     timestamp (now, within or outside the 300 s window), nonce (fresh or
//     one tried before, accepted or refused), signature (right or tampered)
//   1 add_email   2 read_email   3 confirm_email (a token read before, or an
//     unknown one)   4 add_phone (carrier zero-rated or not, SIM, consent)
//   5 lookup   6 remove_device   7 remove_handle   8 read_alerts
//   9 advance the clock (1 s .. past the 24 h token lifetime)
// Accounts, emails and phones are indices into a small world, one past the
// end naming an unknown account or an invalid handle.
// Properties:
//   - every call gives the outcome the model predicts (ok, or its error code);
//   - after every call, a lookup of every handle gives exactly the devices
//     of the owning account (identity, encryption key, push token), or the
//     model's error: so a refused call changed nothing a lookup shows;
//   - every mailbox read, and each at the end, holds exactly the alerts the
//     model queued; every email read holds as many fresh tokens as were sent.
#include <string>
#include <vector>

#include "directory_model.h"
#include "driver.h"

namespace imref::fuzz {

namespace {

using namespace test::directory_model;

constexpr int64_t kClockSteps[] = {1, 299, 301, 3'600, 86'399, 86'400, 86'401};
// Registration timestamps relative to now: inside and just outside the window.
constexpr int64_t kSkews[] = {0, -300, 300, -301, 301, -100'000};

void check(const std::string& problem) {
  IMREF_FUZZ_ASSERT(problem.empty(), problem);
}
template <class R>
void same(const char* call, const R& got, Outcome want) {
  IMREF_FUZZ_ASSERT(
      outcome_name(got) == outcome_name(want),
      std::string(call) + ": " + outcome_name(got) + ", model says " + outcome_name(want));
}

// State is one replay: the directory, its clock, and the model.
struct State {
  ManualClock clock;
  crypto::DeterministicRng rng;
  directory::Directory dir;
  Model model;
  std::vector<Bytes> nonces;  // every nonce tried, accepted or refused
  uint64_t fresh = 0;

  explicit State(uint64_t seed) : rng(seed, "directory-state"), dir(provider(), rng, clock) {
    for (int a = 0; a < kAccounts; ++a)
      IMREF_FUZZ_ASSERT(dir.create_account(Account::make(account(a)).value()).ok(),
                        "create_account");
  }

  // index reads a byte as 0..n-1.
  static int index(Reader& r, int n) { return r.u8() % n; }

  Bytes nonce(Reader& r) {
    const uint8_t pick = r.u8();
    if (pick < 0x80 || nonces.empty()) {
      Bytes n(directory::kNonceSize);
      for (size_t i = 0; i < 8; ++i) n[i] = static_cast<uint8_t>(fresh >> (8 * i));
      ++fresh;
      nonces.push_back(n);
      return n;
    }
    return nonces[pick % nonces.size()];
  }

  void register_device(Reader& r) {
    Registration reg;
    reg.signer = index(r, kDevices);
    reg.account = index(r, kAccounts + 1);
    const uint8_t variant = r.u8();
    reg.identity_of = variant % 8 == 0   ? -1
                      : variant % 8 == 1 ? (reg.signer + 1) % kDevices
                                         : reg.signer;
    reg.token_of = variant / 8 % 8 == 0   ? -1
                   : variant / 8 % 8 == 1 ? index(r, kDevices)
                                          : reg.signer;
    reg.tamper = variant >= 0xf0;
    reg.timestamp = model.now() + kSkews[index(r, std::size(kSkews))];
    reg.nonce = nonce(r);
    same("register_device", dir.register_device(reg.request()), model.register_device(reg));
  }

  void step(Reader& r) {
    switch (r.u8() % 10) {
      case 0:
        register_device(r);
        break;
      case 1: {
        const int a = index(r, kAccounts + 1), e = index(r, kEmails + 1);
        same("add_email", dir.add_email(account(a), email(e)), model.add_email(a, e));
        break;
      }
      case 2: {
        const int e = index(r, kEmails + 1);
        check(model.read_email(e, dir.read_email(email(e))));
        break;
      }
      case 3: {
        const int a = index(r, kAccounts + 1);
        const uint8_t pick = r.u8();
        std::string token = model.known_token(pick);
        if (token.empty() || pick >= 0xf0) token = to_hex(Bytes(directory::kEmailTokenSize, pick));
        same("confirm_email", dir.confirm_email(account(a), token), model.confirm_email(a, token));
        break;
      }
      case 4: {
        const int a = index(r, kAccounts + 1), p = index(r, kPhones + 1), s = index(r, kPhones + 1);
        const uint8_t flags = r.u8();
        const bool zero_rated = flags & 1, consent = flags & 2;
        same("add_phone", dir.add_phone(account(a), phone(p), carrier(zero_rated), sim(s), consent),
             model.add_phone(a, p, zero_rated, s, consent));
        break;
      }
      case 5: {
        const int h = index(r, kHandles);
        check(model.check_lookup(h, test::lookup_text(dir, handle(h))));
        break;
      }
      case 6: {
        const int a = index(r, kAccounts + 1), t = index(r, kDevices);
        same("remove_device", dir.remove_device(account(a), push_token(t)),
             model.remove_device(a, t));
        break;
      }
      case 7: {
        const int a = index(r, kAccounts + 1), h = index(r, kHandles);
        same("remove_handle", dir.remove_handle(account(a), handle(h)), model.remove_handle(a, h));
        break;
      }
      case 8: {
        const int t = index(r, kDevices);
        check(model.read_alerts(t, dir.read_alerts(push_token(t))));
        break;
      }
      default: {
        const int64_t s = kClockSteps[index(r, std::size(kClockSteps))];
        clock.advance(s);
        model.advance(s);
        break;
      }
    }
  }

  void check_every_lookup() const {
    for (int h = 0; h < kHandles; ++h)
      check(model.check_lookup(h, test::lookup_text(dir, handle(h))));
  }
};

}  // namespace

void fuzz(ByteView input) {
  Reader r(input);
  uint64_t seed = 0;
  for (int i = 0; i < 8; ++i) seed = seed << 8 | r.u8();
  State state(seed);
  while (r.left() > 0) {
    state.step(r);
    state.check_every_lookup();
  }
  for (int t = 0; t < kDevices; ++t)
    check(state.model.read_alerts(t, state.dir.read_alerts(push_token(t))));
}

}  // namespace imref::fuzz
