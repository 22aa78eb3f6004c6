// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Factories for the two backends. Only provider_registry.cpp calls these.
#pragma once

#include <memory>

#include "imref/crypto/provider.h"

namespace imref::crypto {

std::unique_ptr<Provider> make_openssl_provider();
std::unique_ptr<Provider> make_botan_provider();

}  // namespace imref::crypto
