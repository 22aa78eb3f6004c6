// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Ops on the world itself: start a fresh one, move its clock.
#include "ops.h"

namespace imref::shim {

namespace {

using nlohmann::json;

OpResult op_reset(Context& ctx) {
  ctx.world = std::make_unique<World>(ctx.provider, ctx.world->key_pool);
  return json{{"now", ctx.world->clock.now()}};
}

OpResult op_clock_advance(Context& ctx) {
  const int64_t seconds = int_field(ctx.request, "seconds");
  // Time never runs backwards, and a year at a time is more than any
  // expiry the protocol has.
  if (seconds < 0 || seconds > 366 * 86'400)
    return make_error(Errc::invalid_argument, "seconds must be in 0..31622400");
  ctx.world->clock.advance(seconds);
  return json{{"now", ctx.world->clock.now()}};
}

}  // namespace

void add_world_ops(OpTable& ops) {
  ops.emplace("reset", op_reset);
  ops.emplace("clock.advance", op_clock_advance);
}

}  // namespace imref::shim
