// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// pair-ec seal and open (REQ-PAIREC-8..27), and the wire pieces under them:
// the outer and inner protobuf messages, the padding, AES-256-CTR with the
// 64-bit counter and the key validator.
#include "imref/pair_ec.h"

#include <algorithm>
#include <cstring>

#include "imref/internal/defects.h"

namespace imref::pair_ec {

namespace {

using defects::Defect;

constexpr std::string_view kDecryptFailed = "decryption failed";
constexpr size_t kIvLen = 16;
constexpr size_t kKeyLen = 32;
constexpr size_t kCountLen = 4;  // u32le padding count

// Tags of the fields (field number << 3 | wire type), minimal varints.
constexpr uint8_t kTag1Bytes = 0x0A, kTag2Bytes = 0x12, kTag3Bytes = 0x1A, kTag2Varint = 0x10;
constexpr uint8_t kTag99Bytes[2] = {0x9A, 0x06};

// ---- protobuf, the strict subset ----

void put_varint(Bytes& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}
void put_varint(SecretBytes& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

// Reader walks a buffer; every read fails (false) rather than go past the end.
class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}
  bool done() const { return pos_ == in_.size(); }
  // tag consumes |bytes| when the input continues with them.
  bool tag(ByteView bytes) {
    if (in_.size() - pos_ < bytes.size() ||
        !std::equal(bytes.begin(), bytes.end(), in_.begin() + pos_))
      return false;
    pos_ += bytes.size();
    return true;
  }
  bool tag(uint8_t byte) { return tag(ByteView(&byte, 1)); }
  // varint reads a minimal varint of at most 64 bits: no 0x80 continuation
  // ending in a zero byte (REQ-PAIREC-17).
  bool varint(uint64_t& v) {
    v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (pos_ == in_.size()) return false;
      uint8_t b = in_[pos_++];
      if (shift == 63 && b > 1) return false;
      v |= uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return b != 0 || shift == 0;
    }
    return false;
  }
  // bytes reads a length-delimited value.
  bool bytes(ByteView& value) {
    uint64_t len = 0;
    if (!varint(len) || len > in_.size() - pos_) return false;
    value = in_.subspan(pos_, static_cast<size_t>(len));
    pos_ += static_cast<size_t>(len);
    return true;
  }

 private:
  ByteView in_;
  size_t pos_ = 0;
};

Error bad_outer(const char* what) {
  return make_error(Errc::malformed_payload, std::string("pair-ec payload: ") + what);
}

// ---- keys ----

ByteView x_of(const Bytes& point) {
  return ByteView(point).subspan(1, kCompactLen);
}

crypto::SigFormat signature_format() {
  return defects::on(Defect::pair_ec_der_signature) ? crypto::SigFormat::der
                                                    : crypto::SigFormat::raw;
}

// signed = shared ‖ prekey X ‖ ephemeral X ‖ recipient device X ‖ ciphertext
// (REQ-PAIREC-14).
Bytes signed_data(ByteView shared, ByteView prekey_x, ByteView ephemeral_x, ByteView device_x,
                  ByteView ct) {
  Bytes out;
  out.reserve(4 * kCompactLen + ct.size());
  append(out, shared);
  if (defects::on(Defect::pair_ec_signed_data_order)) {
    append(out, ephemeral_x);
    append(out, prekey_x);
  } else {
    append(out, prekey_x);
    append(out, ephemeral_x);
  }
  append(out, device_x);
  append(out, ct);
  return out;
}

// message_keys = HKDF-SHA256(shared, salt "LastPawn-MessageKeys", info "",
// 48): key ‖ iv (REQ-PAIREC-9).
Result<SecretBytes> message_keys(const crypto::Provider& provider, ByteView shared) {
  ByteView label(reinterpret_cast<const uint8_t*>(kHkdfSalt.data()), kHkdfSalt.size());
  if (defects::on(Defect::pair_ec_salt_as_info))
    return provider.hkdf_sha256(shared, {}, label, kHkdfLen);
  return provider.hkdf_sha256(shared, label, {}, kHkdfLen);
}

void put_count(uint8_t* out, uint32_t n) {
  for (size_t i = 0; i < kCountLen; ++i) {
    size_t at = defects::on(Defect::pair_ec_padding_count_be) ? kCountLen - 1 - i : i;
    out[at] = static_cast<uint8_t>(n >> (8 * i));
  }
}
uint32_t get_count(const uint8_t* in) {
  uint32_t n = 0;
  for (size_t i = 0; i < kCountLen; ++i) {
    size_t at = defects::on(Defect::pair_ec_padding_count_be) ? kCountLen - 1 - i : i;
    n |= uint32_t{in[at]} << (8 * i);
  }
  return n;
}

}  // namespace

// ---- outer and inner messages ----

Result<Outer> parse_outer(ByteView payload) {
  Reader r(payload);
  ByteView ct, eph, sig, valid;
  if (!r.tag(kTag1Bytes) || !r.bytes(ct)) return bad_outer("field 1 (ciphertext) must come first");
  if (!r.tag(kTag2Bytes) || !r.bytes(eph)) return bad_outer("field 2 (ephemeral) must follow");
  if (eph.size() != kCompactLen) return bad_outer("the ephemeral key must be 32 bytes");
  if (!r.tag(kTag3Bytes) || !r.bytes(sig)) return bad_outer("field 3 (signature) must follow");
  if (sig.size() != kSignatureLen) return bad_outer("the signature must be 64 bytes");
  if (!r.tag(kTag99Bytes) || !r.bytes(valid)) return bad_outer("field 99 (validator) must follow");
  if (valid.size() != kValidatorLen) return bad_outer("the key validator must be 7 bytes");
  if (valid[kValidatorLen - 1] != kValidatorVersion)
    return bad_outer("the key validator's version is not 0x0C");
  if (!r.done()) return bad_outer("bytes after the key validator");
  return Outer{Bytes(ct.begin(), ct.end()), Bytes(eph.begin(), eph.end()),
               Bytes(sig.begin(), sig.end()), Bytes(valid.begin(), valid.end())};
}

Bytes encode_outer(const Outer& outer) {
  Bytes out;
  out.reserve(outer.ciphertext.size() + 120);
  out.push_back(kTag1Bytes);
  put_varint(out, outer.ciphertext.size());
  append(out, outer.ciphertext);
  out.push_back(kTag2Bytes);
  put_varint(out, outer.ephemeral.size());
  append(out, outer.ephemeral);
  out.push_back(kTag3Bytes);
  put_varint(out, outer.signature.size());
  append(out, outer.signature);
  append(out, kTag99Bytes);
  put_varint(out, outer.validator.size());
  append(out, outer.validator);
  return out;
}

Result<Inner> parse_inner(ByteView in) {
  Reader r(in);
  Inner inner;
  ByteView message;
  if (!r.tag(kTag1Bytes) || !r.bytes(message))
    return make_error(Errc::malformed_payload, "inner: field 1 (message) must come first");
  inner.message.assign(message.begin(), message.end());
  uint64_t counter = 0;
  if (r.tag(kTag2Varint)) {
    if (!r.varint(counter) || counter > UINT32_MAX)
      return make_error(Errc::malformed_payload, "inner: the counter is not a uint32 varint");
  } else if (!defects::on(Defect::pair_ec_counter_omitted_zero)) {
    return make_error(Errc::malformed_payload, "inner: no replay counter (field 2)");
  }
  inner.counter = static_cast<uint32_t>(counter);
  ByteView extra;
  if (r.tag(kTag3Bytes)) {
    if (!r.bytes(extra)) return make_error(Errc::malformed_payload, "inner: field 3 truncated");
    inner.kt_gossip = Bytes(extra.begin(), extra.end());
  }
  if (r.tag(kTag99Bytes)) {
    if (!r.bytes(extra)) return make_error(Errc::malformed_payload, "inner: field 99 truncated");
    inner.debug = Bytes(extra.begin(), extra.end());
  }
  if (!r.done()) return make_error(Errc::malformed_payload, "inner: unexpected bytes");
  return inner;
}

SecretBytes encode_inner(const Inner& inner) {
  SecretBytes out;
  out.reserve(inner.message.size() + 16);
  out.push_back(kTag1Bytes);
  put_varint(out, inner.message.size());
  out.insert(out.end(), inner.message.begin(), inner.message.end());
  if (inner.counter != 0 || !defects::on(Defect::pair_ec_counter_omitted_zero)) {
    out.push_back(kTag2Varint);
    put_varint(out, inner.counter);
  }
  if (inner.kt_gossip) {
    out.push_back(kTag3Bytes);
    put_varint(out, inner.kt_gossip->size());
    out.insert(out.end(), inner.kt_gossip->begin(), inner.kt_gossip->end());
  }
  if (inner.debug) {
    out.insert(out.end(), std::begin(kTag99Bytes), std::end(kTag99Bytes));
    put_varint(out, inner.debug->size());
    out.insert(out.end(), inner.debug->begin(), inner.debug->end());
  }
  return out;
}

// ---- padding, cipher, validator ----

size_t padding_count(size_t len, Padding rule) {
  if (rule == Padding::ios && len <= kIosPaddedLen) return kIosPaddedLen - len;
  return (16 - len % 16) % 16;
}

Result<ByteView> unpad(ByteView padded) {
  if (padded.size() < kCountLen)
    return make_error(Errc::malformed_payload, "padded message shorter than its count");
  const size_t body = padded.size() - kCountLen;
  const uint64_t n = get_count(padded.data() + body);
  if (n > body) {
    if (defects::on(Defect::pair_ec_lenient_unpad)) return padded.first(body);
    return make_error(Errc::malformed_payload, "padding count over the length");
  }
  return padded.first(body - static_cast<size_t>(n));
}

Result<Bytes> aes256_ctr64(const crypto::Provider& provider, ByteView key, ByteView iv,
                           ByteView input) {
  if (key.size() != kKeyLen || iv.size() != kIvLen)
    return make_error(Errc::invalid_argument, "AES-256-CTR takes a 32-byte key and 16-byte IV");
  // The seam counts all 128 bits. Blocks before the low half wraps: 2^64 − low.
  uint64_t low = 0;
  for (size_t i = 8; i < 16; ++i) low = (low << 8) | iv[i];
  const uint64_t blocks = (input.size() + 15) / 16;
  const uint64_t room = 0 - low;  // 2^64 − low, 0 meaning 2^64 (no wrap possible)
  if (low == 0 || blocks <= room) return provider.aes_ctr(key, iv, input);
  const size_t split = static_cast<size_t>(room) * 16;
  IMREF_TRY(Bytes out, provider.aes_ctr(key, iv, input.first(split)));
  uint8_t wrapped[kIvLen] = {};
  std::memcpy(wrapped, iv.data(), 8);  // the high half stays; the low half is 0
  IMREF_TRY(Bytes rest, provider.aes_ctr(key, wrapped, input.subspan(split)));
  append(out, rest);
  return out;
}

Bytes validator(ByteView sender_x, ByteView recipient_x, ByteView prekey_x) {
  Bytes v;
  v.reserve(kValidatorLen);
  v.insert(v.end(), sender_x.begin(), sender_x.begin() + 2);
  v.insert(v.end(), recipient_x.begin(), recipient_x.begin() + 2);
  v.insert(v.end(), prekey_x.begin(), prekey_x.begin() + 2);
  v.push_back(kValidatorVersion);
  return v;
}

// ---- seal and open ----

Result<Bytes> seal(const crypto::Provider& provider, crypto::Rng& rng,
                   const crypto::EcPrivateKey& sender_signing, const PublicKey& recipient_device,
                   const VerifiedPrekey& prekey, ByteView message, uint32_t counter,
                   const SealOptions& options) {
  if (message.size() > kMaxMessageLen)
    return make_error(Errc::too_large, "a pair-ec message is at most 1 MiB");
  const Bytes sender_point = sender_signing.public_key().point();
  if (!is_compactable(sender_point))
    return make_error(Errc::malformed_key, "the sender's device signing key is not compactable");

  // A fresh ephemeral (REQ-PAIREC-27), then ECDH with the prekey. One draw:
  // only X travels and X(d·P) = X((n − d)·P), so the key stands for its
  // compactable twin (corecrypto's n − d) with nothing on the wire to tell.
  std::unique_ptr<crypto::EcPrivateKey> ephemeral;
  if (options.ephemeral_scalar) {
    IMREF_TRY(ephemeral, private_from_scalar(provider, *options.ephemeral_scalar));
  } else {
    IMREF_TRY(ephemeral, provider.ec_generate(rng));
  }
  const Bytes ephemeral_point = ephemeral->public_key().point();
  const Bytes prekey_point = prekey.prekey.key().point();
  IMREF_TRY(SecretBytes shared, ephemeral->ecdh(prekey_point));
  IMREF_TRY(SecretBytes okm, message_keys(provider, shared));

  // inner ‖ fill ‖ u32le(n) (REQ-PAIREC-10, -11, -12).
  Inner inner;
  inner.message.assign(message.begin(), message.end());
  inner.counter = counter;
  SecretBytes padded = encode_inner(inner);
  const size_t inner_len = padded.size();
  const size_t n = options.fill ? options.fill->size() : padding_count(inner_len, options.padding);
  padded.resize(inner_len + n + kCountLen);
  if (options.fill)
    std::copy(options.fill->begin(), options.fill->end(), padded.begin() + inner_len);
  else
    rng.fill(std::span(padded).subspan(inner_len, n));
  put_count(padded.data() + inner_len + n, static_cast<uint32_t>(n));

  ByteView okm_view(okm);
  IMREF_TRY(Bytes ct,
            aes256_ctr64(provider, okm_view.first(kKeyLen), okm_view.subspan(kKeyLen), padded));
  const ByteView prekey_x = prekey.prekey.x();
  const ByteView ephemeral_x = x_of(ephemeral_point);
  Bytes to_sign = signed_data(shared, prekey_x, ephemeral_x, recipient_device.x(), ct);
  IMREF_TRY(Bytes sig, sender_signing.sign(crypto::Hash::sha256, signature_format(), to_sign));
  secure_wipe(to_sign.data(), kCompactLen);  // the shared secret
  return encode_outer(Outer{std::move(ct), Bytes(ephemeral_x.begin(), ephemeral_x.end()),
                            std::move(sig),
                            validator(x_of(sender_point), recipient_device.x(), prekey_x)});
}

Result<Opened> open(const crypto::Provider& provider, const crypto::EcPrivateKey& recipient_signing,
                    std::span<const crypto::EcPrivateKey* const> prekeys, const PublicKey& sender,
                    ByteView payload) {
  IMREF_TRY(Outer outer, parse_outer(payload));
  auto ephemeral_point = expand(provider, outer.ephemeral);
  if (!ephemeral_point.ok()) return bad_outer("the ephemeral key is not a compact P-256 key");
  const Bytes device_point = recipient_signing.public_key().point();
  const ByteView device_x = x_of(device_point);

  // Each prekey, newest first; the first whose signature verifies wins
  // (REQ-PAIREC-18). The ephemeral enters the signed bytes as received.
  size_t first = 0;
  if (defects::on(Defect::pair_ec_oldest_prekey_only) && !prekeys.empty())
    first = prekeys.size() - 1;
  std::optional<size_t> winner;
  SecretBytes shared;
  Bytes prekey_point;
  for (size_t i = first; i < prekeys.size() && !winner; ++i) {
    if (prekeys[i] == nullptr) continue;
    auto candidate = prekeys[i]->ecdh(*ephemeral_point);
    if (!candidate.ok()) continue;
    prekey_point = prekeys[i]->public_key().point();
    Bytes to_verify =
        signed_data(*candidate, x_of(prekey_point), outer.ephemeral, device_x, outer.ciphertext);
    const bool good =
        sender.key()
            .verify(crypto::Hash::sha256, signature_format(), to_verify, outer.signature)
            .ok();
    secure_wipe(to_verify.data(), kCompactLen);
    if (good) {
      winner = i;
      shared = std::move(candidate).value();
    }
  }
  if (!winner)
    return make_error(Errc::bad_signature, "no prekey of this device verifies the signature");
  // The validator must name the sender, this device and that prekey
  // (REQ-PAIREC-19, [choice]: iOS only uses it to explain a failure).
  if (!defects::on(Defect::pair_ec_skip_validator_check) &&
      outer.validator != validator(sender.x(), device_x, x_of(prekey_point)))
    return make_error(Errc::bad_signature, "the key validator names other keys");

  // From here every failure is one decrypt_failed (REQ-PAIREC-20).
  auto fail = [] { return make_error(Errc::decrypt_failed, std::string(kDecryptFailed)); };
  auto okm = message_keys(provider, shared);
  if (!okm.ok()) return fail();
  ByteView okm_view(*okm);
  auto padded =
      aes256_ctr64(provider, okm_view.first(kKeyLen), okm_view.subspan(kKeyLen), outer.ciphertext);
  if (!padded.ok()) return fail();
  SecretBytes plain = to_secret(*padded);
  secure_wipe(padded->data(), padded->size());
  auto body = unpad(plain);
  if (!body.ok()) return fail();
  auto inner = parse_inner(*body);
  if (!inner.ok()) return fail();
  return Opened{std::move(inner->message), inner->counter, *winner};
}

}  // namespace imref::pair_ec
