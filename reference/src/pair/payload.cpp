// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/internal/defects.h"
#include "imref/pair.h"

namespace imref::pair {

namespace {
Error malformed(std::string why) {
  return make_error(Errc::malformed_payload, std::move(why));
}
}  // namespace

Result<Payload> parse_payload(ByteView payload) {
  using defects::Defect;
  if (payload.size() < 3) return malformed("payload shorter than its header");
  if (payload[0] != kVersion && !defects::on(Defect::pair_skip_version_check))
    return malformed("first byte must be 0x02");
  size_t body_len = size_t{payload[1]} << 8 | payload[2];
  if (body_len < kRsaBlockLen) return malformed("body shorter than the 160-byte RSA block");
  if (payload.size() < 3 + body_len + 1) return malformed("payload shorter than its body length");
  size_t sig_len = payload[3 + body_len];
  size_t total = 3 + body_len + 1 + sig_len;
  if (payload.size() < total) return malformed("payload shorter than its signature length");
  if (payload.size() > total && !defects::on(Defect::pair_accept_trailing_bytes))
    return malformed("trailing bytes after the signature");
  Payload out;
  out.body.assign(payload.begin() + 3, payload.begin() + 3 + body_len);
  out.signature.assign(payload.begin() + 4 + body_len, payload.begin() + total);
  return out;
}

Result<Bytes> encode_payload(ByteView body, ByteView signature) {
  if (body.size() > kMaxBodyLen) return make_error(Errc::too_large, "body over 65535 bytes");
  if (signature.size() > 255) return make_error(Errc::too_large, "signature over 255 bytes");
  Bytes out;
  out.reserve(4 + body.size() + signature.size());
  out.push_back(kVersion);
  out.push_back(static_cast<uint8_t>(body.size() >> 8));
  out.push_back(static_cast<uint8_t>(body.size()));
  append(out, body);
  out.push_back(static_cast<uint8_t>(signature.size()));
  append(out, signature);
  return out;
}

}  // namespace imref::pair
