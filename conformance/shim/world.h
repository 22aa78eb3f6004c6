// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// World is the state a shim keeps between requests for the stateful layers
// (registration, delivery): one injected clock and the components the
// implementation under test plays in one process. The `reset` op replaces it
// with a fresh one, so every scenario starts from nothing.
#pragma once

#include "imref/clock.h"
#include "imref/crypto/provider.h"
#include "imref/crypto/rng.h"

namespace imref::shim {

struct World {
  explicit World(const crypto::Provider& p) : provider(p) {}
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const crypto::Provider& provider;
  ManualClock clock;
  crypto::SystemRng rng;
};

}  // namespace imref::shim
