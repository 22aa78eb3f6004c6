// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The push relay: deliver at once or queue; delete on delivery; drop after
// 30 days; refuse over the limit (REQ-DELIVERY-3..6).
#include "imref/relay.h"

#include "imref/internal/defects.h"

namespace imref::relay {

using defects::Defect;

Relay::Relay(const Clock& clock, PushVersion version)
    : clock_(clock), limit_(payload_limit(version)) {}

Status Relay::push(Push p) {
  expire();
  if (p.payload.size() > limit_)
    return make_error(Errc::too_large, "payload over the relay's limit");
  auto it = online_.find(p.token);
  if (it != online_.end()) {
    ++delivered_;
    it->second(p);  // nothing kept
    if (!defects::on(Defect::relay_keeps_delivered)) return ok_status();
  }
  PushToken token = p.token;
  queues_[token].push_back(Held{std::move(p), clock_.now()});
  return ok_status();
}

void Relay::connect(const PushToken& token, Sink sink) {
  expire();
  online_[token] = sink;
  auto it = queues_.find(token);
  if (it == queues_.end()) return;
  if (defects::on(Defect::relay_keeps_delivered)) {
    for (auto& h : it->second) {
      ++delivered_;
      sink(h.push);
    }
    return;
  }
  std::deque<Held> held = std::move(it->second);
  queues_.erase(it);  // deleted before it is handed over
  for (auto& h : held) {
    ++delivered_;
    sink(h.push);
  }
}

void Relay::expire() {
  if (defects::on(Defect::relay_never_expires)) return;
  int64_t now = clock_.now();
  for (auto it = queues_.begin(); it != queues_.end();) {
    auto& q = it->second;
    while (!q.empty() && now - q.front().since >= kRetention) {
      q.pop_front();
      ++dropped_;
    }
    it = q.empty() ? queues_.erase(it) : std::next(it);
  }
}

std::vector<Push> Relay::queued() const {
  std::vector<Push> out;
  for (const auto& [token, q] : queues_)
    for (const auto& h : q) out.push_back(h.push);
  return out;
}

}  // namespace imref::relay
