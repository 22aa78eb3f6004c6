// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// imref-vectorgen: the one generator of every vector file in vectors/.
// Deterministic: keys, seeds, OAEP seeds and ECDSA nonces all come from
// seeded generators (the Botan backend draws OAEP seeds from the Rng it is
// given and signs with RFC 6979 nonces), so regeneration reproduces the
// checked-in files byte for byte.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "imref/crypto/provider.h"
#include "imref/device_keys.h"

namespace imref::vectorgen {

using Json = nlohmann::ordered_json;

// TestList assigns tcIds in call order. New cases go at the end of a
// generator function so existing ids never change.
class TestList {
 public:
  Json& add(std::string comment, std::vector<std::string> flags,
            std::vector<std::string> requirements, std::string result);
  Json take() { return std::move(tests_); }
  size_t size() const { return tests_.size(); }

 private:
  Json tests_ = Json::array();
};

// envelope wraps groups in the Wycheproof-style file header.
Json envelope(const std::string& algorithm, const std::string& schema,
              const std::vector<std::string>& header, const Json& notes, Json groups);

// note adds |flag| to a file's notes table: its bug type, what a test with
// the flag checks and, if any, the public sources behind it.
void note(Json& notes, const std::string& flag, const std::string& bug_type,
          const std::string& description, const std::vector<std::string>& references = {});

// claim stops the generator (exit 1, nothing written for that file) when a
// case's comment says something of its bytes that they do not hold: a vector
// whose words and bytes disagree lets the bug it names through.
void claim(bool holds, const std::string& what);

// bit_length is the number of significant bits of a big-endian number.
size_t bit_length(std::span<const uint8_t> number);

// Named device keys for vectors, generated from fixed seeds.
DeviceKeys vector_device(const crypto::Provider& provider, const std::string& name);
Json device_json(const DeviceKeys& keys);

Json identity_decode_vectors(const crypto::Provider& provider);
Json identity_encode_vectors(const crypto::Provider& provider);
Json pair_open_vectors(const crypto::Provider& provider);
Json pair_seal_vectors(const crypto::Provider& provider);
Json registration_vectors(const crypto::Provider& provider);
Json delivery_vectors(const crypto::Provider& provider);
Json keychain_vectors(const crypto::Provider& provider);
Json pair_ec_compact_vectors(const crypto::Provider& provider);
Json prekey_vectors(const crypto::Provider& provider);
Json pair_ec_seal_vectors(const crypto::Provider& provider);
Json pair_ec_open_vectors(const crypto::Provider& provider);

}  // namespace imref::vectorgen
