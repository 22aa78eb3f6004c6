// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The reference's side of imref-shim/1 (docs/shim-protocol.md): one JSON
// request in, one JSON response out. imref-shim wraps it in a stdin/stdout
// loop; tests call it directly.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "imref/crypto/provider.h"

namespace imref::shim {

inline constexpr std::string_view kProtocol = "imref-shim/1";

class Shim {
 public:
  // |bugs| names deliberate defects to switch on (see bugs.h); unknown names
  // are refused by the caller before a Shim is made.
  Shim(const crypto::Provider& provider, std::vector<std::string> bugs = {});

  // handle_line answers one request line. It never throws: a line that is
  // not a JSON object, or a request missing a field, gets malformed_request.
  std::string handle_line(std::string_view line);
  nlohmann::json handle(const nlohmann::json& request);

  const std::vector<std::string>& ops() const;

 private:
  const crypto::Provider& provider_;
  std::vector<std::string> bugs_;
};

}  // namespace imref::shim
