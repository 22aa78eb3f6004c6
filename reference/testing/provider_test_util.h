// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared by every test that touches the crypto seam: each such test runs once
// per backend in provider_names(), named Suite.Test/openssl, Suite.Test/botan.
// A backend that does not load FAILS its tests; it is never skipped.
//
//   class AesCtr : public imref::test::ProviderTest {};
//   TEST_P(AesCtr, Kat) { auto out = provider().aes_ctr(key, ctr, pt); ... }
//   IMREF_INSTANTIATE_FOR_ALL_BACKENDS(AesCtr);
//
// Non-parameterised tests (cross-backend comparisons, properties) loop over
// all_backends() and call backend(name).
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "imref/bytes.h"
#include "imref/crypto/provider.h"

namespace imref::test {

// all_backends returns every backend compiled in, in provider_names() order.
inline std::vector<std::string> all_backends() {
  return crypto::provider_names();
}

// backend returns the Provider named |name|. If it cannot be had, it throws:
// gtest and rapidcheck both report an escaping exception as a failure, so a
// missing backend fails the calling test rather than skipping it.
inline const crypto::Provider& backend(const std::string& name) {
  auto p = crypto::get_provider(name);
  if (!p.ok()) {
    throw std::runtime_error("crypto backend \"" + name + "\" unavailable (" +
                             std::string(errc_name(p.code())) + "): " + p.error().detail);
  }
  return **p;
}

// ProviderTest is the fixture base for tests that run once per backend. SetUp
// fails (fatally, so the body does not run) if the backend does not load.
class ProviderTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto p = crypto::get_provider(GetParam());
    ASSERT_TRUE(p.ok()) << "crypto backend \"" << GetParam() << "\" unavailable ("
                        << errc_name(p.code()) << "): " << p.error().detail;
    provider_ = *p;
  }
  const crypto::Provider& provider() const { return *provider_; }
  const std::string& backend_name() const { return GetParam(); }

 private:
  const crypto::Provider* provider_ = nullptr;
};

// backend_test_name makes the /openssl, /botan suffix (gtest allows only
// alphanumerics and '_').
inline std::string backend_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// IMREF_INSTANTIATE_FOR_ALL_BACKENDS runs every TEST_P of |fixture| (a
// ProviderTest subclass) once per backend, without an instantiation prefix.
#define IMREF_INSTANTIATE_FOR_ALL_BACKENDS(fixture)                                       \
  INSTANTIATE_TEST_SUITE_P(, fixture, ::testing::ValuesIn(::imref::test::all_backends()), \
                           ::imref::test::backend_test_name)

// read_json parses the file at |relative_path| under the repository root
// (IMREF_SOURCE_DIR). A missing or malformed file throws, failing the test.
inline nlohmann::json read_json(const std::string& relative_path) {
  const std::string path = std::string(IMREF_SOURCE_DIR) + "/" + relative_path;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}

// outcome names how |r| ended: "ok" or the error code's name. Compare it
// instead of calling code(), which must not be called on a success:
//   EXPECT_EQ(outcome(key->decrypt_oaep_sha1(ct)), "decrypt_failed");
template <class T>
std::string outcome(const Result<T>& r) {
  return r.ok() ? "ok" : std::string(errc_name(r.code()));
}

// unhex decodes hex that the test itself supplies; bad hex is a bug in the
// test, so it throws rather than returning an error.
inline Bytes unhex(std::string_view hex) {
  auto b = from_hex(hex);
  if (!b.ok()) throw std::invalid_argument("bad hex in test data: " + std::string(hex));
  return std::move(b).value();
}

}  // namespace imref::test
