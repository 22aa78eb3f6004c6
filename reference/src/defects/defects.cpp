// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/internal/defects.h"

#include <array>
#include <atomic>

namespace imref::defects {

namespace {

std::array<std::atomic<bool>, kDefectCount>& switches() {
  static std::array<std::atomic<bool>, kDefectCount> all{};  // every defect off
  return all;
}

}  // namespace

bool on(Defect d) noexcept {
  return switches()[static_cast<size_t>(d)].load(std::memory_order_relaxed);
}

void set(Defect d, bool enabled) noexcept {
  switches()[static_cast<size_t>(d)].store(enabled, std::memory_order_relaxed);
}

Scoped::Scoped(std::initializer_list<Defect> defects) {
  for (size_t i = 0; i < kDefectCount; ++i) previous_[i] = on(static_cast<Defect>(i));
  for (Defect d : defects) set(d, true);
}

Scoped::~Scoped() {
  for (size_t i = 0; i < kDefectCount; ++i) set(static_cast<Defect>(i), previous_[i]);
}

}  // namespace imref::defects
