// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// pair_ec_open: pair-ec open (REQ-PAIREC-17..23) with the keys of
// vectors/pair_ec_open_test.json (bob receiving from alice), both backends.
//   - Any input gets one of malformed_payload, bad_signature, decrypt_failed,
//     or opens; both backends give the same outcome, message and counter.
//   - A refusal is malformed_payload exactly when parse_outer refuses, or the
//     ephemeral does not decode.
#include "common.h"
#include "imref/pair_ec.h"

namespace imref::fuzz {

namespace {

struct Keys {
  std::unique_ptr<crypto::EcPrivateKey> bob, pre_new, pre_old;
  std::optional<pair_ec::PublicKey> alice;
};

Keys load(const crypto::Provider& p) {
  Keys k;
  auto hex = [](const char* s) { return from_hex(s).value(); };
  k.bob = pair_ec::private_from_scalar(p, hex(vector_keys::kEcBobNgm)).value();
  k.pre_new = p.ec_private_from_scalar(hex(vector_keys::kEcBobPrekeyNew)).value();
  k.pre_old = p.ec_private_from_scalar(hex(vector_keys::kEcBobPrekeyOld)).value();
  k.alice = pair_ec::PublicKey::from_compact(p, hex(vector_keys::kEcAliceNgmPublic)).value();
  return k;
}

Result<pair_ec::Opened> open_with(const crypto::Provider& p, const Keys& k, ByteView input) {
  const crypto::EcPrivateKey* prekeys[] = {k.pre_new.get(), k.pre_old.get()};
  return pair_ec::open(p, *k.bob, prekeys, *k.alice, input);
}

}  // namespace

void fuzz(ByteView input) {
  static const Keys* ossl = new Keys(load(openssl()));
  static const Keys* bot = new Keys(load(botan()));
  auto a = open_with(openssl(), *ossl, input);
  auto b = open_with(botan(), *bot, input);
  IMREF_FUZZ_ASSERT(same_outcome(a, b), disagree("open", a, b));
  if (a.ok()) {
    IMREF_FUZZ_ASSERT(
        a->message == b->message && a->counter == b->counter && a->prekey_index == b->prekey_index,
        "the backends open to different messages");
    return;
  }
  const Errc code = a.code();
  IMREF_FUZZ_ASSERT(code == Errc::malformed_payload || code == Errc::bad_signature ||
                        code == Errc::decrypt_failed,
                    "open refused with a class outside the three");
  auto outer = pair_ec::parse_outer(input);
  const bool parses = outer.ok() && pair_ec::expand(openssl(), outer->ephemeral).ok();
  IMREF_FUZZ_ASSERT((code == Errc::malformed_payload) == !parses,
                    "malformed_payload does not match the parser");
}

}  // namespace imref::fuzz
