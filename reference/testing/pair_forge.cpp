// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "pair_forge.h"

#include <algorithm>
#include <array>

#include "imref/pair.h"

namespace imref::forge {

Result<Built> build_body(const crypto::Provider& provider, crypto::Rng& rng,
                         const PublicIdentity& sender, const PublicIdentity& recipient,
                         const Recipe& r) {
  Bytes msg = r.plaintext;
  if (r.tag != Recipe::Tag::no_identities) {
    if (r.tag != Recipe::Tag::no_version) msg.push_back(pair::kVersion);
    bool swap = r.tag == Recipe::Tag::swapped;
    append(msg, swap ? recipient.hash() : sender.hash());
    append(msg, swap ? sender.hash() : recipient.hash());
  }
  Bytes tag = provider.hmac_sha256(r.seed, msg);
  tag.resize(pair::kTagLen);
  if (r.flip_tag_bit) tag[*r.flip_tag_bit / 8] ^= static_cast<uint8_t>(1u << (*r.flip_tag_bit % 8));

  Built b;
  b.key = r.key ? *r.key : r.seed;
  if (!r.key) append(b.key, tag);
  Bytes counter(16, 0);
  counter[15] = r.counter_last;
  IMREF_TRY(b.ciphertext, provider.aes_ctr(b.key, counter, r.plaintext));
  size_t inline_len =
      r.inline_len.value_or(std::min(pair::kInlineCiphertextLen, r.plaintext.size()));
  if (inline_len > b.ciphertext.size())
    return make_error(Errc::invalid_argument, "inline length over the ciphertext length");
  Bytes block_plain = b.key;
  block_plain.insert(block_plain.end(), b.ciphertext.begin(), b.ciphertext.begin() + inline_len);
  if (r.block_plain_len) block_plain.resize(*r.block_plain_len);
  const PublicIdentity& to = r.oaep_to ? *r.oaep_to : recipient;
  IMREF_TRY(b.body, to.encryption_key().encrypt_oaep_sha1(rng, block_plain, r.oaep_label));
  b.body.insert(b.body.end(), b.ciphertext.begin() + inline_len, b.ciphertext.end());
  return b;
}

void apply_variant(Recipe& recipe, uint8_t variant, uint8_t param, const PublicIdentity& other) {
  static constexpr std::array kTags = {Recipe::Tag::no_identities, Recipe::Tag::swapped,
                                       Recipe::Tag::no_version};
  switch (variant % kVariants) {
    case 1:
      recipe.inline_len = param % (std::min<size_t>(recipe.plaintext.size(), 102) + 1);
      break;
    case 2:
      recipe.flip_tag_bit = param % 40;
      break;
    case 3:
      recipe.tag = kTags[param % kTags.size()];
      break;
    case 4:
      recipe.counter_last = param;
      break;
    case 5:
      recipe.block_plain_len = param % 119;
      break;
    case 6:
      recipe.oaep_label = Bytes{param};
      break;
    case 7:
      recipe.oaep_to = &other;
      break;
    default:  // 0: what seal() does
      break;
  }
}

Result<Bytes> signed_payload(const crypto::EcPrivateKey& signer, ByteView body, crypto::Hash hash,
                             crypto::SigFormat format) {
  IMREF_TRY(Bytes sig, signer.sign(hash, format, body));
  return pair::encode_payload(body, sig);
}

}  // namespace imref::forge
