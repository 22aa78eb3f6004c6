// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// identity_decode_test.json and identity_encode_test.json.
#include <fstream>

#include "generate.h"
#include "imref/identity.h"

namespace imref::vectorgen {

namespace {

// The real blob (vectors/external/real-artifacts.json), kept here so the
// generator has no file inputs.
constexpr const char* kRealBlob =
    "3081f68143004104989af13e858396546a2d65409d33ace85bfd9c94af1123352d13a240996482c23edd076d77bf"
    "11013403c779f12d9719152a5407e9bb308dae6a632977161dbc8281ae00ac3081a90281a100e25c3732b5ce1485"
    "96222dd34d41a4b17542233f76477006de08416b5641a19eab2091debb1843daf4d58627295bb92f67ff80160138"
    "bc515e7fff538c6e82aec06d59451f3ed607a9cefeb9a821556d77a9f602b5d1ac5bc029bdfe8c26ab119884c98e"
    "8619e64c25b1ca795f0ff529543328c7d9af065e2c2fd467a3b5e35bb85ef9bebb8d1ef8acbfc0c08ec0b1811b40"
    "206411fdd57aeaf92f22ce048b990203010001";

// (0, y) is on P-256; X = 0 + p is its non-canonical encoding.
constexpr const char* kXEqualsP =
    "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
constexpr const char* kYForXZero =
    "66485c780e2f83d72433bd5d84a06bb6541c2af31dae871728bf856a174f93f4";

// Offsets of the fixed bytes of the v2 layout (REQ-ID-1).
constexpr size_t kFixedOffsets[] = {0,  1,  2,  3,  4,  5,  6,  72,  73,  74,  75,  76,
                                    77, 78, 79, 80, 81, 82, 83, 244, 245, 246, 247, 248};

Bytes hex(std::string_view h) {
  return from_hex(h).value();
}

// modulus_bits is the size of a v2 blob's 160-byte modulus.
size_t modulus_bits(const Bytes& blob) {
  return bit_length(std::span<const uint8_t>(blob).subspan(84, 160));
}

Json notes() {
  Json n;
  note(n, "RealArtifact", "BASIC", "A blob captured from the deployed service (pypush keydec.py).");
  note(n, "Generated", "BASIC", "A blob made by imref from deterministic keys.");
  note(n, "WrongLength", "MISSING_STEP",
       "The blob is not 249 bytes. A decoder that reads fixed offsets without checking the length "
       "reads past the end or ignores trailing data.");
  note(n, "WrongFraming", "MISSING_STEP",
       "A fixed byte of the DER-shaped framing (tag, length or u16 length) differs. A decoder "
       "that skips the framing accepts blobs no deployed client produces.");
  note(n, "CompressedPoint", "MODIFIED_PARAMETER",
       "The signing key is marked compressed (02/03). Deployed blobs carry uncompressed points.");
  note(n, "PointNotOnCurve", "INVALID_CURVE",
       "The signing key is not a point on P-256. Accepting it enables invalid-curve attacks on "
       "anything that uses the key.");
  note(n, "NonCanonicalCoordinate", "INVALID_ENCODING",
       "A coordinate is encoded as a value >= p. Two encodings of one key would give two "
       "identity hashes.");
  note(n, "ModulusSize", "MODIFIED_PARAMETER",
       "The modulus is shorter than 1280 bits (top bit clear).");
  note(n, "EvenModulus", "MODIFIED_PARAMETER", "The RSA modulus is even: not an RSA modulus.");
  note(n, "WrongExponent", "MODIFIED_PARAMETER", "The RSA exponent is not 65537.");
  note(n, "MalformedInput", "MODIFIED_PARAMETER", "An input key has the wrong length or form.");
  return n;
}

void add_valid_decode(TestList& tests, const crypto::Provider& p, const Bytes& blob,
                      const std::string& comment, const std::string& flag) {
  auto id = PublicIdentity::decode(p, blob).value();
  Json& t = tests.add(comment, {flag}, {"REQ-ID-1", "REQ-ID-5", "REQ-ID-6"}, "valid");
  t["identity"] = to_hex(blob);
  t["signing_public"] = to_hex(id.signing_public());
  t["rsa_modulus"] = to_hex(id.rsa_modulus());
  t["rsa_exponent"] = "010001";
  t["identity_hash"] = to_hex(id.hash());
}

void add_invalid_decode(TestList& tests, const Bytes& blob, const std::string& comment,
                        const std::string& flag, const std::string& requirement) {
  Json& t = tests.add(comment, {flag}, {requirement}, "invalid");
  t["identity"] = to_hex(blob);
  t["error"] = "malformed_identity";
}

}  // namespace

Json identity_decode_vectors(const crypto::Provider& p) {
  TestList tests;
  Bytes real = hex(kRealBlob);
  add_valid_decode(tests, p, real, "real blob from the deployed service", "RealArtifact");
  for (const char* name : {"alice", "bob", "carol"})
    add_valid_decode(tests, p, vector_device(p, name).identity().blob(),
                     std::string("generated identity: ") + name, "Generated");

  Bytes base = vector_device(p, "alice").identity().blob();
  add_invalid_decode(tests, {}, "empty", "WrongLength", "REQ-ID-2");
  add_invalid_decode(tests, Bytes(base.begin(), base.end() - 1), "truncated by one byte",
                     "WrongLength", "REQ-ID-2");
  Bytes longer = base;
  longer.push_back(0);
  add_invalid_decode(tests, longer, "one trailing zero byte", "WrongLength", "REQ-ID-2");
  add_invalid_decode(tests, Bytes(base.begin(), base.begin() + 72), "signing part only",
                     "WrongLength", "REQ-ID-2");
  for (size_t off : kFixedOffsets) {
    Bytes b = base;
    b[off] ^= 0x01;
    add_invalid_decode(tests, b, "fixed byte at offset " + std::to_string(off) + " changed",
                       "WrongFraming", "REQ-ID-2");
  }
  for (uint8_t marker : {0x02, 0x03, 0x00, 0x06}) {
    Bytes b = base;
    b[7] = marker;
    add_invalid_decode(tests, b, "point marker " + to_hex(Bytes{marker}) + " instead of 04",
                       marker == 0x06 || marker == 0x00 ? "PointNotOnCurve" : "CompressedPoint",
                       "REQ-ID-3");
  }
  {
    Bytes b = base;
    b[8 + 31] ^= 0x01;  // last byte of X
    add_invalid_decode(tests, b, "signing point X changed: off the curve", "PointNotOnCurve",
                       "REQ-ID-3");
    b = base;
    b[8 + 63] ^= 0x01;  // last byte of Y
    add_invalid_decode(tests, b, "signing point Y changed: off the curve", "PointNotOnCurve",
                       "REQ-ID-3");
    b = base;
    std::fill(b.begin() + 8, b.begin() + 72, uint8_t{0});
    add_invalid_decode(tests, b, "signing point (0, 0)", "PointNotOnCurve", "REQ-ID-3");
    b = base;
    Bytes x = hex(kXEqualsP), y = hex(kYForXZero);
    std::copy(x.begin(), x.end(), b.begin() + 8);
    std::copy(y.begin(), y.end(), b.begin() + 40);
    add_invalid_decode(tests, b, "signing point (0, y) with X encoded as p",
                       "NonCanonicalCoordinate", "REQ-ID-3");
  }
  {
    Bytes b = base;
    b[84] = static_cast<uint8_t>((b[84] & 0x7f) | 0x40);  // one bit short of 1280
    claim(modulus_bits(b) == 1279, "tcId 'modulus top bit clear: 1279 bits'");
    add_invalid_decode(tests, b, "modulus top bit clear: 1279 bits", "ModulusSize", "REQ-ID-4");
    b = base;
    std::fill(b.begin() + 84, b.begin() + 84 + 20, uint8_t{0});
    claim(modulus_bits(b) <= 1120, "'modulus with 20 leading zero bytes'");
    add_invalid_decode(tests, b, "modulus with 20 leading zero bytes", "ModulusSize", "REQ-ID-4");
    b = base;
    b[84 + 159] &= 0xfe;
    claim(modulus_bits(b) == 1280, "'even modulus' is otherwise of the right size");
    add_invalid_decode(tests, b, "even modulus", "EvenModulus", "REQ-ID-4");
    b = base;
    b[248] = 0x03;
    add_invalid_decode(tests, b, "exponent 65539", "WrongExponent", "REQ-ID-2");
  }
  Json group;
  group["type"] = "IdentityDecodeTest";
  group["tests"] = tests.take();
  return envelope("imref-identity-v2-decode", "identity_decode_test_schema.json",
                  {"Decoding the v2 public identity blob (docs/spec.md REQ-ID-*).",
                   "Valid cases give the decoded keys and the identity hash SHA-256(M)."},
                  notes(), Json::array({group}));
}

Json identity_encode_vectors(const crypto::Provider& p) {
  TestList tests;
  auto valid = [&](const Bytes& sp, const Bytes& n, const std::string& comment) {
    Json& t = tests.add(comment, {"Generated"}, {"REQ-ID-1", "REQ-ID-6"}, "valid");
    t["signing_public"] = to_hex(sp);
    t["rsa_modulus"] = to_hex(n);
    t["identity"] = to_hex(PublicIdentity::encode(p, sp, n).value().blob());
  };
  auto invalid = [&](const Bytes& sp, const Bytes& n, const std::string& comment,
                     const std::string& flag, const std::string& req) {
    Json& t = tests.add(comment, {flag}, {req}, "invalid");
    t["signing_public"] = to_hex(sp);
    t["rsa_modulus"] = to_hex(n);
    t["error"] = "malformed_identity";
  };
  auto real = PublicIdentity::decode(p, hex(kRealBlob)).value();
  Bytes sp = to_public(real.signing_public()), n = to_public(real.rsa_modulus());
  valid(sp, n, "keys of the real blob");
  for (const char* name : {"alice", "bob"}) {
    auto id = vector_device(p, name).identity();
    valid(to_public(id.signing_public()), to_public(id.rsa_modulus()),
          std::string("keys of ") + name);
  }
  Bytes with_zero = {0};
  append(with_zero, n);
  invalid(sp, with_zero, "modulus with a leading zero byte (161 bytes)", "MalformedInput",
          "REQ-ID-1");
  invalid(sp, Bytes(n.begin() + 1, n.end()), "modulus of 159 bytes", "MalformedInput", "REQ-ID-4");
  Bytes compressed = {static_cast<uint8_t>(0x02 | (sp[64] & 1))};
  compressed.insert(compressed.end(), sp.begin() + 1, sp.begin() + 33);
  invalid(compressed, n, "compressed signing point (33 bytes)", "CompressedPoint", "REQ-ID-3");
  Bytes off = sp;
  off[64] ^= 1;
  invalid(off, n, "signing point off the curve", "PointNotOnCurve", "REQ-ID-3");
  Bytes small = n;
  small[0] = 0x01;
  invalid(sp, small, "modulus top bit clear", "ModulusSize", "REQ-ID-4");
  Bytes even = n;
  even[159] &= 0xfe;
  invalid(sp, even, "even modulus", "EvenModulus", "REQ-ID-4");
  // The point's length each side of 65 (REQ-CRYPTO-3): one byte short, one
  // byte over; the valid cases above are at 65.
  Bytes short_point(sp.begin(), sp.end() - 1);
  claim(short_point.size() == 64, "'signing point of 64 bytes'");
  invalid(short_point, n, "signing point of 64 bytes", "MalformedInput", "REQ-CRYPTO-3");
  Bytes long_point = sp;
  long_point.push_back(0);
  claim(long_point.size() == 66, "'signing point of 66 bytes'");
  invalid(long_point, n, "signing point of 66 bytes", "MalformedInput", "REQ-CRYPTO-3");
  Json group;
  group["type"] = "IdentityEncodeTest";
  group["tests"] = tests.take();
  return envelope("imref-identity-v2-encode", "identity_encode_test_schema.json",
                  {"Encoding the v2 public identity blob from its keys (REQ-ID-*)."}, notes(),
                  Json::array({group}));
}

}  // namespace imref::vectorgen
