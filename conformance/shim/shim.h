// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The reference's side of imref-shim/1 (docs/shim-protocol.md): one JSON
// request in, one JSON response out. imref-shim wraps it in a stdin/stdout
// loop; tests call it directly.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "imref/crypto/provider.h"
#include "imref/device_keys.h"
#include "imref/identity.h"
#include "world.h"

namespace imref::shim {

inline constexpr std::string_view kProtocol = "imref-shim/1";

// KeyCache keeps parsed keys by their encoded bytes: a runner sends the same
// keys many times, and parsing (with Botan's key checks) costs far more than
// the operation. Bounded: cleared when full.
class KeyCache {
 public:
  Result<PublicIdentity> identity(const crypto::Provider& p, const Bytes& blob);
  Result<SenderKeys> sender(const crypto::Provider& p, const Bytes& scalar, const Bytes& blob);
  Result<RecipientKeys> recipient(const crypto::Provider& p, const Bytes& pkcs8, const Bytes& blob);

 private:
  static constexpr size_t kMaxEntries = 256;
  template <class Map>
  static void bound(Map& m) {
    if (m.size() >= kMaxEntries) m.clear();
  }
  std::map<Bytes, PublicIdentity> identities_;
  std::map<std::pair<SecretBytes, Bytes>, SenderKeys> senders_;  // wiped on clear
  std::map<std::pair<SecretBytes, Bytes>, RecipientKeys> recipients_;
};

class Shim {
 public:
  // Deliberate defects are switched on for the whole process (bugs.h).
  explicit Shim(const crypto::Provider& provider);
  ~Shim();

  // handle_line answers one request line. It never throws: a line that is
  // not a JSON object, or a request missing a field, gets malformed_request.
  std::string handle_line(std::string_view line);
  nlohmann::json handle(const nlohmann::json& request);

  const std::vector<std::string>& ops() const;

 private:
  const crypto::Provider& provider_;
  KeyCache cache_;
  std::vector<DeviceKeys> device_keys_;  // outlives worlds: see World::next_keys
  std::unique_ptr<World> world_;         // replaced whole by `reset`
};

}  // namespace imref::shim
