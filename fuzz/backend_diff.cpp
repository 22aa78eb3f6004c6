// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// backend_diff: the OpenSSL and Botan backends on the same inputs (after
// Botan's src/fuzzer/oaep.cpp). The first byte picks a primitive; any
// disagreement, in accepting or in output bytes, aborts with a message.
//   0 RSA-OAEP-SHA1 decrypt, bob's key, ciphertext as given
//   1 RSA-OAEP-SHA1 decrypt of a chosen encoded message: the input gives
//     Y ‖ seed ‖ DB before masking (optionally with the right label hash);
//     it is masked, raised to e mod n here, and both backends decrypt it;
//     a naive RFC 8017 §7.1.2 decoder is the third opinion
//   2 RSA-OAEP-SHA1 round trip: both encrypt, each decrypts both
//   3 ECDSA verify, alice's fixed key: signature from the input, or
//     alice's own signature with one byte changed (DER and raw; SHA-1/256)
//   4 ECDSA with a key from the input: point import, then verify; or a
//     scalar import, sign in each, verify in both
//   5 AES-128/256-CTR (bad key and counter lengths included)
//   6 HMAC-SHA256 (keys over the block size included), SHA-1, SHA-256
//   7 ECDH with bob's encryption key and an untrusted peer point (as given,
//     or a real point with one byte changed)
//   8 HKDF-SHA256 (lengths over 255 · 32 included)
//   9 RSA public key from components: both accept exactly what the shared
//     bound (rsa_public_in_bounds, REQ-KEY-9) accepts
//  10 RSA private key from PKCS#8 DER: both accept only the one strict form
//     (read_rsa_pkcs8, REQ-KEY-8), and an accepted key writes back the same
//     bytes in both
#include <openssl/bn.h>

#include <memory>
#include <optional>

#include "common.h"
#include "imref/internal/rsa_key_rules.h"

namespace imref::fuzz {

namespace {

using crypto::Hash;
using crypto::SigFormat;

constexpr size_t kK = 160;  // RSA-1280 modulus bytes
constexpr size_t kHLen = 20;

// --------------------------------------------------------------- OAEP

// compare_decrypt: both backends agree; with |naive| (what RFC 8017 gives for
// the encoded message behind |ciphertext|) they also agree with it.
void compare_decrypt(ByteView ciphertext, const std::optional<Bytes>* naive) {
  auto o = devices(openssl()).bob.recipient().rsa->decrypt_oaep_sha1(ciphertext);
  auto b = devices(botan()).bob.recipient().rsa->decrypt_oaep_sha1(ciphertext);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("OAEP decrypt", o, b));
  if (o.ok())
    IMREF_FUZZ_ASSERT(*o == *b, "OAEP decrypt: backends recover different messages");
  else
    IMREF_FUZZ_ASSERT(o.code() == Errc::decrypt_failed, "OAEP decrypt failed with " + outcome(o));
  if (naive) {
    IMREF_FUZZ_ASSERT(o.ok() == naive->has_value(),
                      o.ok() ? "OAEP decrypt accepts what RFC 8017 refuses"
                             : "OAEP decrypt refuses what RFC 8017 accepts");
    if (o.ok())
      IMREF_FUZZ_ASSERT(same_bytes(*o, **naive), "OAEP decrypt: message differs from RFC 8017");
  }
}

Bytes mgf1(ByteView seed, size_t len) {
  Bytes out;
  for (uint32_t counter = 0; out.size() < len; ++counter) {
    Bytes block(seed.begin(), seed.end());
    for (int shift = 24; shift >= 0; shift -= 8)
      block.push_back(static_cast<uint8_t>(counter >> shift));
    append(out, openssl().sha1(block));
  }
  out.resize(len);
  return out;
}

void xor_into(Bytes& out, ByteView mask) {
  for (size_t i = 0; i < out.size(); ++i) out[i] ^= mask[i];
}

// naive_oaep_decode is RFC 8017 §7.1.2 step 3, written for clarity only.
std::optional<Bytes> naive_oaep_decode(ByteView em) {
  Bytes masked_seed(em.begin() + 1, em.begin() + 1 + kHLen);
  Bytes masked_db(em.begin() + 1 + kHLen, em.end());
  Bytes seed = masked_seed;
  xor_into(seed, mgf1(masked_db, kHLen));
  Bytes db = masked_db;
  xor_into(db, mgf1(seed, db.size()));
  if (em[0] != 0) return std::nullopt;
  if (!std::equal(db.begin(), db.begin() + kHLen, openssl().sha1({}).begin())) return std::nullopt;
  size_t i = kHLen;
  while (i < db.size() && db[i] == 0) ++i;
  if (i == db.size() || db[i] != 0x01) return std::nullopt;
  return Bytes(db.begin() + static_cast<std::ptrdiff_t>(i) + 1, db.end());
}

// rsa_public_op returns m^e mod n (k bytes), or nullopt when m >= n.
std::optional<Bytes> rsa_public_op(ByteView m) {
  const auto& key = devices(openssl()).bob.recipient().rsa->public_key();
  Bytes n = key.modulus(), e = key.exponent();
  using Bn = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
  Bn bm(BN_bin2bn(m.data(), static_cast<int>(m.size()), nullptr), BN_free);
  Bn bn(BN_bin2bn(n.data(), static_cast<int>(n.size()), nullptr), BN_free);
  Bn be(BN_bin2bn(e.data(), static_cast<int>(e.size()), nullptr), BN_free);
  Bn out(BN_new(), BN_free);
  std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> ctx(BN_CTX_new(), BN_CTX_free);
  if (!bm || !bn || !be || !out || !ctx) fail(__FILE__, __LINE__, "BN allocation");
  if (BN_cmp(bm.get(), bn.get()) >= 0) return std::nullopt;
  if (BN_mod_exp(out.get(), bm.get(), be.get(), bn.get(), ctx.get()) != 1)
    fail(__FILE__, __LINE__, "BN_mod_exp");
  Bytes c(kK);
  if (BN_bn2binpad(out.get(), c.data(), static_cast<int>(c.size())) != static_cast<int>(kK))
    fail(__FILE__, __LINE__, "BN_bn2binpad");
  return c;
}

void oaep_given(Reader& r) {
  compare_decrypt(r.rest(), nullptr);
}

void oaep_chosen_em(Reader& r) {
  const uint8_t flags = r.u8();
  const uint8_t y = (flags & 1) ? r.u8() : 0;
  Bytes seed = r.bytes(kHLen);
  seed.resize(kHLen);
  Bytes db = r.bytes(kK - 1 - kHLen);
  db.resize(kK - 1 - kHLen);
  if (flags & 2) {  // the label hash right, so the fuzzer works on PS ‖ 01 ‖ M
    Bytes lhash = openssl().sha1({});
    std::copy(lhash.begin(), lhash.end(), db.begin());
  }
  Bytes masked_db = db;
  xor_into(masked_db, mgf1(seed, masked_db.size()));
  Bytes masked_seed = seed;
  xor_into(masked_seed, mgf1(masked_db, kHLen));
  Bytes em{y};
  append(em, masked_seed);
  append(em, masked_db);
  auto c = rsa_public_op(em);
  if (!c) return;  // EM >= n: no ciphertext maps to it
  const std::optional<Bytes> naive = naive_oaep_decode(em);
  compare_decrypt(*c, &naive);
}

void oaep_round_trip(Reader& r) {
  Bytes message = r.rest();
  auto rng = rng_for(message, "backend_diff oaep");
  auto co = devices(openssl()).bob.identity().encryption_key().encrypt_oaep_sha1(rng, message);
  auto cb = devices(botan()).bob.identity().encryption_key().encrypt_oaep_sha1(rng, message);
  IMREF_FUZZ_ASSERT(same_outcome(co, cb), disagree("OAEP encrypt", co, cb));
  if (!co.ok()) {
    IMREF_FUZZ_ASSERT(co.code() == Errc::too_large && message.size() > kK - 2 * kHLen - 2,
                      "OAEP encrypt refused a message that fits: " + outcome(co));
    return;
  }
  for (const Bytes* c : {&*co, &*cb}) {
    IMREF_FUZZ_ASSERT(c->size() == kK, "OAEP ciphertext is not 160 bytes");
    auto o = devices(openssl()).bob.recipient().rsa->decrypt_oaep_sha1(*c);
    auto b = devices(botan()).bob.recipient().rsa->decrypt_oaep_sha1(*c);
    IMREF_FUZZ_ASSERT(o.ok() && b.ok() && same_bytes(*o, message) && same_bytes(*b, message),
                      "OAEP round trip fails: " + disagree("decrypt", o, b));
  }
}

// --------------------------------------------------------------- ECDSA

void compare_verify(const crypto::EcPublicKey& ko, const crypto::EcPublicKey& kb, Hash h,
                    SigFormat f, ByteView message, ByteView sig, std::optional<bool> must) {
  auto o = ko.verify(h, f, message, sig);
  auto b = kb.verify(h, f, message, sig);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("ECDSA verify", o, b));
  if (!o.ok())
    IMREF_FUZZ_ASSERT(o.code() == Errc::bad_signature, "verify failed with " + outcome(o));
  if (must)
    IMREF_FUZZ_ASSERT(o.ok() == *must,
                      *must ? "a good signature fails" : "a bad signature verifies");
}

void ecdsa_fixed_key(Reader& r) {
  const uint8_t flags = r.u8();
  const Hash h = (flags & 1) ? Hash::sha256 : Hash::sha1;
  const SigFormat f = (flags & 2) ? SigFormat::raw : SigFormat::der;
  const auto& ko = devices(openssl()).alice.identity().signing_key();
  const auto& kb = devices(botan()).alice.identity().signing_key();
  Bytes message = r.sized();
  if (flags & 4) {  // alice's signature with at most one byte changed
    auto sig = devices(botan()).alice.sender().signing->sign(h, f, message);
    IMREF_FUZZ_ASSERT(sig.ok(), "Botan cannot sign");
    const size_t pos = r.u8();
    const uint8_t x = r.u8();
    Bytes s = *sig;
    if (pos < s.size())
      s[pos] ^= x;
    else if (x & 1)
      s.push_back(x);  // or one byte appended
    compare_verify(ko, kb, h, f, message, s, s == *sig ? std::optional(true) : std::nullopt);
  } else {
    compare_verify(ko, kb, h, f, message, r.rest(), std::nullopt);
  }
}

void ecdsa_input_key(Reader& r) {
  const uint8_t flags = r.u8();
  const Hash h = (flags & 1) ? Hash::sha256 : Hash::sha1;
  const SigFormat f = (flags & 2) ? SigFormat::raw : SigFormat::der;
  if (flags & 4) {  // a public point as given
    Bytes point = r.bytes(crypto::kP256PointLen + ((flags & 8) ? 1 : 0));
    auto o = openssl().ec_public_from_point(point);
    auto b = botan().ec_public_from_point(point);
    IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("EC point import", o, b));
    if (!o.ok()) {
      IMREF_FUZZ_ASSERT(o.code() == Errc::malformed_key, "point import failed with " + outcome(o));
      return;
    }
    IMREF_FUZZ_ASSERT((*o)->point() == point && (*b)->point() == point, "point() is not the input");
    Bytes message = r.sized();
    compare_verify(**o, **b, h, f, message, r.rest(), std::nullopt);
    return;
  }
  Bytes scalar = r.bytes(crypto::kP256ScalarLen + ((flags & 8) ? 1 : 0));
  auto o = openssl().ec_private_from_scalar(scalar);
  auto b = botan().ec_private_from_scalar(scalar);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("EC scalar import", o, b));
  if (!o.ok()) {
    IMREF_FUZZ_ASSERT(o.code() == Errc::malformed_key, "scalar import failed with " + outcome(o));
    return;
  }
  IMREF_FUZZ_ASSERT((*o)->public_key().point() == (*b)->public_key().point(),
                    "backends derive different public points");
  IMREF_FUZZ_ASSERT(same_bytes((*o)->scalar(), scalar) && same_bytes((*b)->scalar(), scalar),
                    "scalar() is not the input");
  Bytes message = r.rest();
  for (const crypto::EcPrivateKey* signer : {o->get(), b->get()}) {
    auto sig = signer->sign(h, f, message);
    IMREF_FUZZ_ASSERT(sig.ok(), "signing failed: " + outcome(sig));
    compare_verify((*o)->public_key(), (*b)->public_key(), h, f, message, *sig, true);
  }
}

// --------------------------------------------------------------- symmetric

void aes_ctr(Reader& r) {
  const uint8_t k = r.u8();
  const size_t key_len = k < 112 ? 16 : k < 224 ? 32 : k % 40;
  Bytes key = r.bytes(key_len);
  const uint8_t c = r.u8();
  Bytes counter = r.bytes(c < 240 ? 16 : c % 20);
  Bytes input = r.rest();
  auto o = openssl().aes_ctr(key, counter, input);
  auto b = botan().aes_ctr(key, counter, input);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("AES-CTR", o, b));
  if (!o.ok()) {
    IMREF_FUZZ_ASSERT(o.code() == Errc::invalid_argument, "AES-CTR failed with " + outcome(o));
    IMREF_FUZZ_ASSERT((key.size() != 16 && key.size() != 32) || counter.size() != 16,
                      "AES-CTR refused a good key and counter");
    return;
  }
  IMREF_FUZZ_ASSERT(*o == *b, "AES-CTR: backends give different bytes");
  IMREF_FUZZ_ASSERT(o->size() == input.size(), "AES-CTR output length differs from the input's");
  auto back = openssl().aes_ctr(key, counter, *o);
  IMREF_FUZZ_ASSERT(back.ok() && *back == input, "AES-CTR twice is not the identity");
}

void hashes(Reader& r) {
  Bytes key = r.bytes(r.u16() % 300);
  Bytes message = r.rest();
  IMREF_FUZZ_ASSERT(openssl().hmac_sha256(key, message) == botan().hmac_sha256(key, message),
                    "HMAC-SHA256 differs");
  IMREF_FUZZ_ASSERT(openssl().sha1(message) == botan().sha1(message), "SHA-1 differs");
  IMREF_FUZZ_ASSERT(openssl().sha256(message) == botan().sha256(message), "SHA-256 differs");
}

void ecdh(Reader& r) {
  const auto& ko = devices(openssl()).bob.encryption_key();
  const auto& kb = devices(botan()).bob.encryption_key();
  const uint8_t flags = r.u8();
  Bytes peer;
  std::unique_ptr<crypto::EcPrivateKey> peer_key;
  bool changed = false;
  if (flags & 1) {  // a real point, perhaps with one byte changed
    auto key = openssl().ec_private_from_scalar(r.bytes(crypto::kP256ScalarLen));
    if (!key.ok()) return;
    peer_key = std::move(key).value();
    peer = peer_key->public_key().point();
    const uint8_t pos = r.u8(), x = r.u8();
    if (pos < peer.size() && x) {
      peer[pos] ^= x;
      changed = true;
    }
  } else {
    peer = r.rest();
  }
  auto o = ko.ecdh(peer);
  auto b = kb.ecdh(peer);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("ECDH", o, b));
  if (!o.ok()) {
    IMREF_FUZZ_ASSERT(o.code() == Errc::malformed_key, "ECDH failed with " + outcome(o));
    IMREF_FUZZ_ASSERT(!peer_key || changed, "ECDH refused a real point");
    return;
  }
  IMREF_FUZZ_ASSERT(*o == *b, "ECDH: backends derive different secrets");
  IMREF_FUZZ_ASSERT(o->size() == 32, "ECDH secret is not 32 bytes");
  if (peer_key && !changed) {
    auto other = peer_key->ecdh(devices(openssl()).bob.encryption_public());
    IMREF_FUZZ_ASSERT(other.ok() && *other == *o, "ECDH is not symmetric");
  }
}

void hkdf(Reader& r) {
  const size_t length = r.u16() % 8400;
  Bytes ikm = r.sized(), salt = r.sized(), info = r.rest();
  auto o = openssl().hkdf_sha256(ikm, salt, info, length);
  auto b = botan().hkdf_sha256(ikm, salt, info, length);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("HKDF", o, b));
  IMREF_FUZZ_ASSERT(o.ok() == (length <= 255 * 32), "HKDF length limit is not 255 * 32");
  if (!o.ok()) {
    IMREF_FUZZ_ASSERT(o.code() == Errc::invalid_argument, "HKDF failed with " + outcome(o));
    return;
  }
  IMREF_FUZZ_ASSERT(*o == *b, "HKDF: backends derive different bytes");
  IMREF_FUZZ_ASSERT(o->size() == length, "HKDF output length is wrong");
}

// --------------------------------------------------------------- RSA keys

void rsa_components(Reader& r) {
  Bytes exponent = r.sized(16);
  Bytes modulus = r.rest();
  auto o = openssl().rsa_public_from_components(modulus, exponent);
  auto b = botan().rsa_public_from_components(modulus, exponent);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("RSA public key import", o, b));
  IMREF_FUZZ_ASSERT(o.ok() == crypto::rsa_public_in_bounds(modulus, exponent),
                    "RSA public key import differs from the shared bound");
  if (!o.ok()) {
    IMREF_FUZZ_ASSERT(o.code() == Errc::malformed_key, "RSA import failed with " + outcome(o));
    return;
  }
  IMREF_FUZZ_ASSERT((*o)->modulus() == (*b)->modulus() && (*o)->exponent() == (*b)->exponent() &&
                        (*o)->bits() == (*b)->bits(),
                    "backends read different RSA public keys");
}

void rsa_pkcs8(Reader& r) {
  Bytes der = r.rest();
  auto o = openssl().rsa_private_from_pkcs8(der);
  auto b = botan().rsa_private_from_pkcs8(der);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("PKCS#8 import", o, b));
  if (!crypto::read_rsa_pkcs8(der))
    IMREF_FUZZ_ASSERT(!o.ok(), "a PKCS#8 key outside the strict form imports");
  if (!o.ok()) {
    IMREF_FUZZ_ASSERT(o.code() == Errc::malformed_key, "PKCS#8 import failed with " + outcome(o));
    return;
  }
  IMREF_FUZZ_ASSERT((*o)->public_key().modulus() == (*b)->public_key().modulus() &&
                        (*o)->public_key().exponent() == (*b)->public_key().exponent(),
                    "backends read different RSA private keys");
  // The strict form is canonical: what imports writes back byte for byte.
  auto o_der = (*o)->pkcs8();
  auto b_der = (*b)->pkcs8();
  IMREF_FUZZ_ASSERT(o_der.ok() && b_der.ok() && same_bytes(*o_der, der) && same_bytes(*b_der, der),
                    "an imported PKCS#8 key writes back other bytes");
}

}  // namespace

void fuzz(ByteView input) {
  Reader r(input);
  switch (r.u8() % 11) {
    case 0:
      return oaep_given(r);
    case 1:
      return oaep_chosen_em(r);
    case 2:
      return oaep_round_trip(r);
    case 3:
      return ecdsa_fixed_key(r);
    case 4:
      return ecdsa_input_key(r);
    case 5:
      return aes_ctr(r);
    case 6:
      return hashes(r);
    case 7:
      return ecdh(r);
    case 8:
      return hkdf(r);
    case 9:
      return rsa_components(r);
    default:
      return rsa_pkcs8(r);
  }
}

}  // namespace imref::fuzz
