// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// One injected clock for everything that expires (directory requests and
// email tokens, the relay's offline queue), so tests move time instead of
// waiting and a shim's `clock.advance` moves every component together.
#pragma once

#include <cstdint>

namespace imref {

// Clock gives seconds since the Unix epoch.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now() const = 0;
};

// ManualClock only moves when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start = 1'700'000'000) : now_(start) {}
  int64_t now() const override { return now_; }
  void advance(int64_t seconds) { now_ += seconds; }

 private:
  int64_t now_;
};

}  // namespace imref
