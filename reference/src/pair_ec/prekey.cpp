// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Signed prekey records (REQ-PAIREC-4..7):
//   record = 0A 20 ‖ X ‖ 12 40 ‖ sig ‖ 19 ‖ f64le(timestamp)      (109 bytes)
//   sig    = ECDSA-P256-SHA256("NGMPrekeySignature" ‖ X ‖ f64le(timestamp)), raw r ‖ s
#include <bit>
#include <cmath>
#include <cstring>

#include "imref/internal/defects.h"
#include "imref/pair_ec.h"

namespace imref::pair_ec {

namespace {

using defects::Defect;

// Offsets of the record's fixed layout.
constexpr size_t kKeyTag = 0, kSigTag = 2 + kCompactLen, kTimeTag = kSigTag + 2 + kSignatureLen;
constexpr size_t kTimeLen = 8;
static_assert(kTimeTag + 1 + kTimeLen == kPrekeyRecordLen);

// f64 writes the IEEE double's 8 bytes little-endian (REQ-PAIREC-4); the
// defect writes them big-endian.
void put_f64(uint8_t* out, double value, bool big_endian) {
  uint64_t bits = std::bit_cast<uint64_t>(value);
  for (size_t i = 0; i < kTimeLen; ++i) {
    size_t at = big_endian ? kTimeLen - 1 - i : i;
    out[at] = static_cast<uint8_t>(bits >> (8 * i));
  }
}

double get_f64le(const uint8_t* in) {
  uint64_t bits = 0;
  for (size_t i = 0; i < kTimeLen; ++i) bits |= uint64_t{in[i]} << (8 * i);
  return std::bit_cast<double>(bits);
}

// signed_bytes = "NGMPrekeySignature" ‖ X ‖ f64le(timestamp), 58 bytes.
Bytes signed_bytes(ByteView x, double timestamp) {
  Bytes out(kPrekeyLabel.size() + kCompactLen + kTimeLen);
  std::memcpy(out.data(), kPrekeyLabel.data(), kPrekeyLabel.size());
  std::memcpy(out.data() + kPrekeyLabel.size(), x.data(), kCompactLen);
  put_f64(out.data() + kPrekeyLabel.size() + kCompactLen, timestamp,
          defects::on(Defect::prekey_timestamp_be));
  return out;
}

}  // namespace

Result<PrekeyRecord> parse_prekey_record(ByteView record) {
  // The one layout every writer emits: fields 1, 2, 3 in order, each once,
  // exact lengths, nothing else (REQ-PAIREC-6).
  if (record.size() != kPrekeyRecordLen)
    return make_error(Errc::malformed_prekey, "a prekey record is 109 bytes");
  if (record[kKeyTag] != 0x0A || record[kKeyTag + 1] != kCompactLen)
    return make_error(Errc::malformed_prekey, "field 1 (prekey, 32 bytes) must come first");
  if (record[kSigTag] != 0x12 || record[kSigTag + 1] != kSignatureLen)
    return make_error(Errc::malformed_prekey, "field 2 (signature, 64 bytes) must come second");
  if (record[kTimeTag] != 0x19)
    return make_error(Errc::malformed_prekey, "field 3 (timestamp, double) must come last");
  PrekeyRecord r;
  r.prekey.assign(record.begin() + 2, record.begin() + 2 + kCompactLen);
  r.signature.assign(record.begin() + kSigTag + 2, record.begin() + kSigTag + 2 + kSignatureLen);
  r.timestamp = get_f64le(record.data() + kTimeTag + 1);
  if (!std::isfinite(r.timestamp))
    return make_error(Errc::malformed_prekey, "the timestamp is not a finite number");
  return r;
}

Bytes encode_prekey_record(const PrekeyRecord& record) {
  Bytes out;
  out.reserve(kPrekeyRecordLen);
  out.push_back(0x0A);
  out.push_back(static_cast<uint8_t>(record.prekey.size()));
  append(out, record.prekey);
  out.push_back(0x12);
  out.push_back(static_cast<uint8_t>(record.signature.size()));
  append(out, record.signature);
  out.push_back(0x19);
  uint8_t t[kTimeLen];
  put_f64(t, record.timestamp, false);
  append(out, t);
  return out;
}

Result<Bytes> sign_prekey(const crypto::Provider& provider,
                          const crypto::EcPrivateKey& device_signing,
                          const crypto::EcPrivateKey& prekey, double timestamp) {
  if (!std::isfinite(timestamp))
    return make_error(Errc::invalid_argument, "the timestamp must be a finite number");
  if (!is_compactable(device_signing.public_key().point()))
    return make_error(Errc::malformed_key, "the device signing key is not compactable");
  IMREF_TRY(Bytes x, compact(provider, prekey.public_key().point()));
  IMREF_TRY(Bytes sig, device_signing.sign(crypto::Hash::sha256, crypto::SigFormat::raw,
                                           signed_bytes(x, timestamp)));
  return encode_prekey_record(PrekeyRecord{std::move(x), std::move(sig), timestamp});
}

Result<VerifiedPrekey> verify_prekey(const crypto::Provider& provider, const PublicKey& device,
                                     ByteView record, std::optional<int64_t> now) {
  IMREF_TRY(PrekeyRecord r, parse_prekey_record(record));
  auto prekey = PublicKey::from_compact(provider, r.prekey);
  if (!prekey.ok())
    return make_error(Errc::malformed_prekey, "the prekey is not a compact P-256 key");
  IMREF_CHECK(device.key().verify(crypto::Hash::sha256, crypto::SigFormat::raw,
                                  signed_bytes(r.prekey, r.timestamp), r.signature));
  // Age after the signature (REQ-PAIREC-7): older than 143 days is expired; a
  // timestamp in the future passes.
  if (now && !defects::on(Defect::prekey_skip_age_check) &&
      static_cast<double>(*now) - r.timestamp > static_cast<double>(kPrekeyMaxAgeSeconds))
    return make_error(Errc::expired, "the prekey record is older than 12355200 seconds");
  return VerifiedPrekey{std::move(prekey).value(), r.timestamp};
}

}  // namespace imref::pair_ec
