// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// pair_open: pair::open with the keys of vectors/pair_open_test.json group 0
// (alice → bob), in both backends. The first input byte picks how the rest
// becomes a payload, so the fuzzer reaches past the signature:
//   mode 0  the rest is the payload as is;
//   mode 1  the rest is a body, signed by alice (Botan: RFC 6979, so the
//           input alone fixes the payload) and framed;
//   mode 2  the rest is a recipe (variant, parameter, 11-byte seed,
//           plaintext) that reference/testing/pair_forge builds into a body with at most
//           one deviation from seal(), signed by alice.
// Properties:
//   - open never crashes and fails only with malformed_payload (exactly when
//     parse_payload refuses), bad_signature or decrypt_failed (never
//     bad_signature for a body alice signed);
//   - both backends give the same code, or the same plaintext;
//   - mode 2: the standard recipe and its allowed variations (any inline
//     split) open to the plaintext; every deviation is decrypt_failed;
//   - whatever opens, sealed again (either backend) opens to the same bytes.
#include "common.h"
#include "imref/pair.h"
#include "pair_forge.h"

namespace imref::fuzz {

namespace {

struct Built {
  Bytes payload;
  bool signed_by_alice = false;
  std::optional<Bytes> must_open_to;  // mode 2: the plaintext, when the recipe is valid
  bool must_fail = false;             // mode 2: a deviation
};

std::optional<Built> from_recipe(Reader& r) {
  const Devices& d = devices(botan());
  const uint8_t variant = r.u8(), param = r.u8();
  forge::Recipe recipe;
  recipe.seed = r.bytes(pair::kSeedLen);
  recipe.seed.resize(pair::kSeedLen);
  recipe.plaintext = r.rest();
  const size_t natural_inline = std::min(pair::kInlineCiphertextLen, recipe.plaintext.size());
  forge::apply_variant(recipe, variant, param, d.alice.identity());
  bool valid = false;
  switch (variant % forge::kVariants) {
    case 0:  // exactly what seal() does
    case 1:  // any split of the ciphertext between block and tail opens (REQ-PAIR-13)
    case 4:  // another initial counter: valid only where the keystream agrees (below)
      valid = true;
      break;
    case 5:  // a truncated or zero-extended RSA block: valid at its natural length
      valid = *recipe.block_plain_len == pair::kKeyLen + natural_inline;
      break;
    default:  // a flipped tag bit, a tag over other fields, an OAEP label, another key
      break;
  }
  auto rng = rng_for(recipe.plaintext, "pair_open recipe");
  auto body = forge::build_body(botan(), rng, d.alice.identity(), d.bob.identity(), recipe);
  if (!body.ok()) return std::nullopt;  // a split or length the block cannot hold
  if (recipe.counter_last != 1) {
    // Another counter yields the same ciphertext for an empty plaintext, and
    // for a short one with probability 2^-8n: it opens exactly when it does.
    Bytes standard_counter(16, 0);
    standard_counter[15] = 1;
    auto standard = botan().aes_ctr(body->key, standard_counter, recipe.plaintext);
    valid = standard.ok() && *standard == body->ciphertext;
  }
  auto payload = forge::signed_payload(*d.alice.sender().signing, body->body);
  if (!payload.ok()) return std::nullopt;  // body over 65535 bytes
  Built b{std::move(payload).value(), true, std::nullopt, !valid};
  if (valid) b.must_open_to = recipe.plaintext;
  return b;
}

std::optional<Built> build(ByteView input) {
  Reader r(input);
  const uint8_t mode = r.u8();
  switch (mode % 3) {
    case 0:
      return Built{r.rest(), false, std::nullopt, false};
    case 1: {
      auto payload = forge::signed_payload(*devices(botan()).alice.sender().signing, r.rest());
      if (!payload.ok()) return std::nullopt;
      return Built{std::move(payload).value(), true, std::nullopt, false};
    }
    default:
      return from_recipe(r);
  }
}

Result<SecretBytes> open_with(const crypto::Provider& p, ByteView payload) {
  const Devices& d = devices(p);
  return pair::open(p, d.bob.recipient(), d.alice.identity(), payload);
}

}  // namespace

void fuzz(ByteView input) {
  std::optional<Built> built = build(input);
  if (!built) return;
  const Bytes& payload = built->payload;

  auto o = open_with(openssl(), payload);
  auto b = open_with(botan(), payload);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("open", o, b));
  const bool parses = pair::parse_payload(payload).ok();
  if (!o.ok()) {
    const Errc code = o.code();
    IMREF_FUZZ_ASSERT(code == Errc::malformed_payload || code == Errc::bad_signature ||
                          code == Errc::decrypt_failed,
                      "open failed with " + outcome(o));
    IMREF_FUZZ_ASSERT((code == Errc::malformed_payload) == !parses,
                      "malformed_payload exactly when parse_payload refuses");
    IMREF_FUZZ_ASSERT(!(built->signed_by_alice && code == Errc::bad_signature),
                      "a body alice signed fails the signature check");
    IMREF_FUZZ_ASSERT(!built->must_open_to, "a valid recipe does not open: " + outcome(o));
    return;
  }
  IMREF_FUZZ_ASSERT(parses, "open accepted a payload parse_payload refuses");
  IMREF_FUZZ_ASSERT(*o == *b, "backends open different plaintexts");
  IMREF_FUZZ_ASSERT(!built->must_fail, "a deviating recipe opened");
  if (built->must_open_to)
    IMREF_FUZZ_ASSERT(same_bytes(*o, *built->must_open_to), "opened another plaintext");

  // Seal the plaintext again, in the backend the input picks, and open it.
  const crypto::Provider& p = input.size() > 1 && (input[1] & 1) ? botan() : openssl();
  auto rng = rng_for(input, "pair_open reseal");
  const Devices& d = devices(p);
  auto sealed = pair::seal(p, rng, d.alice.sender(), d.bob.identity(), *o);
  IMREF_FUZZ_ASSERT(sealed.ok(), "an opened plaintext does not seal: " + outcome(sealed));
  auto again = open_with(p, *sealed);
  IMREF_FUZZ_ASSERT(again.ok() && *again == *o, "a resealed plaintext does not open to itself");
}

}  // namespace imref::fuzz
