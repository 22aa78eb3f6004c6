// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Compact P-256 keys (REQ-PAIREC-2, -3): a public key travels as its 32-byte
// X; the decoder takes y = min(y, p − y) (draft-jivsov-ecc-compact, corecrypto
// ccec_compact_import_pub). The seam decompresses (Provider::ec_point_from_x);
// which Y is meant is decided here.
#include <algorithm>
#include <array>

#include "imref/internal/defects.h"
#include "imref/pair_ec.h"

namespace imref::pair_ec {

namespace {

using defects::Defect;

// p of P-256, big-endian.
constexpr std::array<uint8_t, 32> kP = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

// Generation draws again until compactable; Apple's keychain stops after 1000.
constexpr int kMaxDraws = 1000;

// p_minus writes p − y (y < p) into |out|, both 32 bytes big-endian.
void p_minus(ByteView y, uint8_t* out) {
  int borrow = 0;
  for (size_t i = 32; i-- > 0;) {
    int d = int{kP[i]} - int{y[i]} - borrow;
    borrow = d < 0 ? 1 : 0;
    out[i] = static_cast<uint8_t>(d + 256 * borrow);
  }
}

bool is_point(ByteView point) {
  return point.size() == crypto::kP256PointLen && point[0] == 0x04;
}

}  // namespace

bool is_compactable(ByteView point) {
  if (!is_point(point)) return false;
  ByteView y = point.subspan(1 + kCompactLen);
  uint8_t other[32];
  p_minus(y, other);
  return !std::lexicographical_compare(other, other + 32, y.begin(), y.end());  // y ≤ p − y
}

Result<Bytes> compact(const crypto::Provider& provider, ByteView point) {
  IMREF_TRY(auto key, provider.ec_public_from_point(point));  // on the curve
  if (!is_compactable(point))
    return make_error(Errc::malformed_key, "the point is not compactable (y > p - y)");
  return Bytes(point.begin() + 1, point.begin() + 1 + kCompactLen);
}

Result<Bytes> expand(const crypto::Provider& provider, ByteView x) {
  if (x.size() != kCompactLen) return make_error(Errc::malformed_key, "a compact key is 32 bytes");
  IMREF_TRY(Bytes point, provider.ec_point_from_x(x, /*odd_y=*/false));
  if (defects::on(Defect::pair_ec_even_y)) return point;
  if (!is_compactable(point)) p_minus(ByteView(point).subspan(1 + kCompactLen), point.data() + 33);
  return point;
}

Result<std::unique_ptr<crypto::EcPrivateKey>> generate_compactable(const crypto::Provider& provider,
                                                                   crypto::Rng& rng) {
  for (int draw = 0; draw < kMaxDraws; ++draw) {
    IMREF_TRY(auto key, provider.ec_generate(rng));
    if (is_compactable(key->public_key().point())) return key;
  }
  return make_error(Errc::crypto_failure, "the Rng gave no compactable key");
}

Result<std::unique_ptr<crypto::EcPrivateKey>> private_from_scalar(const crypto::Provider& provider,
                                                                  ByteView scalar) {
  IMREF_TRY(auto key, provider.ec_private_from_scalar(scalar));
  if (!is_compactable(key->public_key().point()))
    return make_error(Errc::malformed_key, "the key is not compactable (y > p - y)");
  return key;
}

Result<PublicKey> PublicKey::from_compact(const crypto::Provider& provider, ByteView x) {
  IMREF_TRY(Bytes point, expand(provider, x));
  IMREF_TRY(auto key, provider.ec_public_from_point(point));
  return PublicKey(Bytes(x.begin(), x.end()), std::move(key));
}

Result<PublicKey> PublicKey::from_private(const crypto::Provider& provider,
                                          const crypto::EcPrivateKey& key) {
  Bytes point = key.public_key().point();
  IMREF_TRY(Bytes x, compact(provider, point));
  IMREF_TRY(auto pub, provider.ec_public_from_point(point));
  return PublicKey(std::move(x), std::move(pub));
}

}  // namespace imref::pair_ec
