// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "output_checks.h"

#include <algorithm>

#include "imref/pair.h"

namespace imref::check {

// The layout of REQ-PAIR-1..5, taken apart with the recipient's key.
Outcome check_sealed(Session& s, const Reply& reply, const PublicIdentity& sender,
                     const DeviceKeys& recipient, const Bytes& plaintext,
                     const forge::Built* expected) {
  if (!is_success(reply)) return Outcome::failed("pair.seal failed", "success", describe(reply));
  auto payload = from_hex(field_string(reply, "payload"));
  if (!payload.ok()) return Outcome::failed("payload is not hex", "hex", reply.response.dump());
  auto parsed = pair::parse_payload(*payload);
  if (!parsed.ok())
    return Outcome::failed("payload framing is wrong", "0x02 ‖ u16 ‖ body ‖ u8 ‖ sig",
                           parsed.error().detail);
  if (!sender.signing_key()
           .verify(crypto::Hash::sha1, crypto::SigFormat::der, parsed->body, parsed->signature)
           .ok())
    return Outcome::failed("signature does not verify over SHA-1(body) in DER", "valid signature",
                           to_hex(parsed->signature));
  auto block = recipient.recipient().rsa->decrypt_oaep_sha1(ByteView(parsed->body).first(160));
  if (!block.ok())
    return Outcome::failed("RSA block is not RSA-OAEP-SHA1 to the recipient", "OAEP block",
                           block.error().detail);
  size_t inline_len = std::min<size_t>(100, plaintext.size());
  if (block->size() != pair::kKeyLen + inline_len)
    return Outcome::failed("RSA block holds the wrong number of bytes",
                           std::to_string(pair::kKeyLen + inline_len),
                           std::to_string(block->size()));
  if (expected) {
    ByteView key = ByteView(*block).first(pair::kKeyLen);
    if (!std::equal(key.begin(), key.end(), expected->key.begin()))
      return Outcome::failed("key is not seed ‖ tag", to_hex(expected->key), to_hex(key));
    Bytes ct(block->begin() + pair::kKeyLen, block->end());
    ct.insert(ct.end(), parsed->body.begin() + 160, parsed->body.end());
    if (ct != expected->ciphertext)
      return Outcome::failed("ciphertext is not AES-128-CTR from counter 1",
                             to_hex(expected->ciphertext), to_hex(ct));
  }
  auto opened = pair::open(s.reference(), recipient.recipient(), sender, *payload);
  if (!opened.ok())
    return Outcome::failed("the reference cannot open it", "plaintext", opened.error().detail);
  if (!std::equal(opened->begin(), opened->end(), plaintext.begin(), plaintext.end()))
    return Outcome::failed("the reference opens a different plaintext", to_hex(plaintext),
                           to_hex(*opened));
  return Outcome::passed();
}

Outcome check_sealed(Session& s, const Reply& reply, const DeviceKeys& sender,
                     const DeviceKeys& recipient, const Bytes& plaintext,
                     const forge::Built* expected) {
  return check_sealed(s, reply, sender.identity(), recipient, plaintext, expected);
}

// The import enforces REQ-KEY-1, -2, -7; the comparisons REQ-KEY-6.
Outcome check_generated_device(Session& s, const Reply& reply) {
  if (!is_success(reply))
    return Outcome::failed("device.generate failed", "success", describe(reply));
  if (!reply.response.contains("device") || !reply.response["device"].is_object())
    return Outcome::failed("device.generate response lacks a device object", "device",
                           reply.response.dump());
  const json& d = reply.response["device"];
  auto hex = [&](const char* name) {
    return d.contains(name) && d[name].is_string()
               ? from_hex(d[name].get<std::string>())
               : Result<Bytes>(make_error(Errc::invalid_argument));
  };
  auto rsa = hex("rsa_private"), sig = hex("signing_private"), enc = hex("encryption_private");
  auto identity = hex("identity"), enc_pub = hex("encryption_public");
  if (!rsa.ok() || !sig.ok() || !enc.ok() || !identity.ok() || !enc_pub.ok())
    return Outcome::failed("device.generate response lacks a hex field", "all five fields",
                           reply.response.dump());
  auto keys = DeviceKeys::import(s.reference(), *rsa, *sig, *enc);
  if (!keys.ok())
    return Outcome::failed("the reference refuses the generated keys", "importable keys",
                           keys.error().detail);
  if (keys->identity().blob() != *identity)
    return Outcome::failed("identity does not match the generated keys",
                           to_hex(keys->identity().blob()), to_hex(*identity));
  if (keys->encryption_public() != *enc_pub)
    return Outcome::failed("encryption_public does not match encryption_private",
                           to_hex(keys->encryption_public()), to_hex(*enc_pub));
  return Outcome::passed();
}

}  // namespace imref::check
