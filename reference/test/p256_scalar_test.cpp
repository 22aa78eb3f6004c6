// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The shared scalar range rule (REQ-KEY-5), against a plain comparison.
#include "imref/internal/p256_scalar.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "provider_test_util.h"

namespace imref::crypto {
namespace {

const Bytes kOrder =
    test::unhex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

bool naive_in_range(const Bytes& s) {
  bool nonzero = std::any_of(s.begin(), s.end(), [](uint8_t b) { return b != 0; });
  return s.size() == 32 && nonzero &&
         std::lexicographical_compare(s.begin(), s.end(), kOrder.begin(), kOrder.end());
}

TEST(P256Scalar, Boundaries) {
  Bytes one(32, 0), n_minus_1 = kOrder, n_plus_1 = kOrder;
  one[31] = 1;
  n_minus_1[31] -= 1;
  n_plus_1[31] += 1;
  EXPECT_FALSE(p256_scalar_in_range(Bytes(32, 0)));
  EXPECT_TRUE(p256_scalar_in_range(one));
  EXPECT_TRUE(p256_scalar_in_range(n_minus_1));
  EXPECT_FALSE(p256_scalar_in_range(kOrder));
  EXPECT_FALSE(p256_scalar_in_range(n_plus_1));
  EXPECT_FALSE(p256_scalar_in_range(Bytes(32, 0xff)));
  EXPECT_FALSE(p256_scalar_in_range(Bytes(31, 1)));
  EXPECT_FALSE(p256_scalar_in_range(Bytes(33, 1)));
}

RC_GTEST_PROP(P256Scalar, AgreesWithAPlainComparison, (std::vector<uint8_t> prefix)) {
  // Values near the order exercise every byte position of the borrow chain.
  Bytes s = kOrder;
  prefix.resize(std::min<size_t>(prefix.size(), 32));
  std::copy(prefix.begin(), prefix.end(), s.end() - static_cast<long>(prefix.size()));
  RC_ASSERT(p256_scalar_in_range(s) == naive_in_range(s));
  auto random = *rc::gen::container<std::vector<uint8_t>>(32, rc::gen::arbitrary<uint8_t>());
  RC_ASSERT(p256_scalar_in_range(random) == naive_in_range(random));
}

}  // namespace
}  // namespace imref::crypto
