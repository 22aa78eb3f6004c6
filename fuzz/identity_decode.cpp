// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// identity_decode: PublicIdentity::decode on arbitrary bytes, in both
// backends.
//   - Both backends accept the same blobs; a refusal is malformed_identity.
//   - A decoded blob re-encodes (encode(signing_public, rsa_modulus)) to the
//     same 249 bytes; its fields are the bytes at their offsets; its hash is
//     SHA-256(blob[5:72] ‖ blob[75:249]) and the same in both backends.
//   - A 225-byte input is also read as signing point (65) ‖ modulus (160) and
//     encoded: both backends agree, and what encodes decodes to itself.
#include "common.h"
#include "imref/identity.h"

namespace imref::fuzz {

namespace {

void check_decoded(const crypto::Provider& p, const PublicIdentity& id, ByteView blob) {
  IMREF_FUZZ_ASSERT(same_bytes(id.blob(), blob), "decoded blob differs from the input");
  Bytes material(blob.begin() + 5, blob.begin() + 72);
  material.insert(material.end(), blob.begin() + 75, blob.end());
  IMREF_FUZZ_ASSERT(id.material() == material, "material is not blob[5:72] ‖ blob[75:249]");
  IMREF_FUZZ_ASSERT(material.size() == kIdentityMaterialLen, "material is not 241 bytes");
  IMREF_FUZZ_ASSERT(id.hash() == p.sha256(material), "hash is not SHA-256(material)");
  IMREF_FUZZ_ASSERT(same_bytes(id.signing_public(), blob.subspan(7, 65)),
                    "signing_public is not blob[7:72]");
  IMREF_FUZZ_ASSERT(same_bytes(id.rsa_modulus(), blob.subspan(84, 160)),
                    "rsa_modulus is not blob[84:244]");
  IMREF_FUZZ_ASSERT(id.signing_key().point() == to_public(id.signing_public()),
                    "parsed signing key differs from its bytes");
  IMREF_FUZZ_ASSERT(id.encryption_key().modulus() == to_public(id.rsa_modulus()),
                    "parsed RSA modulus differs from its bytes");
  IMREF_FUZZ_ASSERT(id.encryption_key().exponent() == (Bytes{1, 0, 1}), "exponent is not 65537");
  IMREF_FUZZ_ASSERT(id.encryption_key().bits() == kRsaBits, "RSA key is not 1280 bits");
  auto again = PublicIdentity::encode(p, id.signing_public(), id.rsa_modulus());
  IMREF_FUZZ_ASSERT(again.ok(), "a decoded identity does not re-encode: " + outcome(again));
  IMREF_FUZZ_ASSERT(same_bytes(again->blob(), blob), "re-encoding differs from the decoded blob");
}

}  // namespace

void fuzz(ByteView input) {
  auto o = PublicIdentity::decode(openssl(), input);
  auto b = PublicIdentity::decode(botan(), input);
  IMREF_FUZZ_ASSERT(same_outcome(o, b), disagree("decode", o, b));
  if (o.ok()) {
    check_decoded(openssl(), *o, input);
    check_decoded(botan(), *b, input);
    IMREF_FUZZ_ASSERT(o->hash() == b->hash(), "backends compute different identity hashes");
  } else {
    IMREF_FUZZ_ASSERT(o.code() == Errc::malformed_identity, "decode refused with " + outcome(o));
  }

  if (input.size() == crypto::kP256PointLen + kRsaModulusLen) {
    ByteView point = input.first(crypto::kP256PointLen);
    ByteView modulus = input.subspan(crypto::kP256PointLen);
    auto eo = PublicIdentity::encode(openssl(), point, modulus);
    auto eb = PublicIdentity::encode(botan(), point, modulus);
    IMREF_FUZZ_ASSERT(same_outcome(eo, eb), disagree("encode", eo, eb));
    if (!eo.ok()) {
      IMREF_FUZZ_ASSERT(eo.code() == Errc::malformed_identity, "encode refused with " + outcome(eo));
      return;
    }
    IMREF_FUZZ_ASSERT(eo->blob() == eb->blob(), "backends encode different blobs");
    IMREF_FUZZ_ASSERT(eo->blob().size() == kIdentityBlobLen, "encoded blob is not 249 bytes");
    check_decoded(openssl(), *eo, eo->blob());
    check_decoded(botan(), *eb, eb->blob());
  }
}

}  // namespace imref::fuzz
