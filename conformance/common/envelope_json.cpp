// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "envelope_json.h"

namespace imref::conformance {

namespace {

using nlohmann::json;

template <typename T>
void put(json& o, const char* key, const std::optional<T>& v) {
  if (v) o[key] = *v;
}
void put_hex(json& o, const char* key, const std::optional<Bytes>& v) {
  if (v) o[key] = to_hex(*v);
}

}  // namespace

json envelope_json(const envelope::Envelope& e) {
  json o;
  if (const auto* s = std::get_if<envelope::Send>(&e)) {
    o = {{"form", "send"}, {"c", s->command}, {"U", to_hex(s->uuid)}, {"sP", s->sender}};
    put(o, "i", s->id);
    put(o, "v", s->version);
    put(o, "ua", s->user_agent);
    put(o, "fcn", s->chunk);
    put(o, "E", s->encryption);
    json dtl = json::array();
    for (const auto& t : s->targets) {
      json j = {{"tP", t.handle}, {"t", to_hex(t.token)}};
      put_hex(j, "sT", t.session_token);
      put(j, "D", t.delivery_receipt);
      put_hex(j, "P", t.payload);
      put(j, "E", t.encryption);
      dtl.push_back(std::move(j));
    }
    o["dtl"] = std::move(dtl);
    put(o, "nr", s->no_response);
    put(o, "eX", s->expiry);
    return o;
  }
  const auto& r = std::get<envelope::Received>(e);
  o = {{"form", "received"}, {"c", r.command}, {"U", to_hex(r.uuid)},
       {"sP", r.sender},     {"tP", r.target}, {"t", to_hex(r.sender_token)}};
  put(o, "E", r.encryption);
  put_hex(o, "P", r.payload);
  put(o, "e", r.timestamp_ns);
  put(o, "D", r.delivery_receipt);
  put(o, "nr", r.no_response);
  put(o, "eX", r.expiry);
  put(o, "oC", r.original_command);
  return o;
}

}  // namespace imref::conformance
