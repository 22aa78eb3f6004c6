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
#include "imref/pair_ec.h"
#include "request_reader.h"
#include "world.h"

namespace imref::shim {

inline constexpr std::string_view kProtocol = "imref-shim/1";

// KeyCache keeps parsed keys by their encoded bytes: a runner sends the same
// keys many times, and parsing (with Botan's key checks) costs far more than
// the operation. Only keys that parse are kept, so a key that fails gives
// the same error every time. Lookups copy nothing. Bounded: a map is cleared
// when full.
class KeyCache {
 public:
  Result<PublicIdentity> identity(const crypto::Provider& p, ByteView blob);
  Result<SenderKeys> sender(const crypto::Provider& p, ByteView scalar, ByteView blob);
  Result<RecipientKeys> recipient(const crypto::Provider& p, ByteView pkcs8, ByteView blob);
  // ec_private is a P-256 scalar parsed once; with |compactable| a key whose
  // Y is not min(y, p - y) is Errc::malformed_key (pair-ec signing keys).
  Result<std::shared_ptr<const crypto::EcPrivateKey>> ec_private(const crypto::Provider& p,
                                                                 ByteView scalar, bool compactable);
  // compact_public is a pair-ec compact key (32-byte X) decoded once.
  Result<pair_ec::PublicKey> compact_public(const crypto::Provider& p, ByteView x);

 private:
  static constexpr size_t kMaxEntries = 256;
  template <class Map>
  static void bound(Map& m) {
    if (m.size() >= kMaxEntries) m.clear();
  }
  // ByteLess orders byte strings of any owner (Bytes, SecretBytes, ByteView)
  // and pairs of them, so that find needs no copy of the request's bytes.
  struct ByteLess {
    using is_transparent = void;
    bool operator()(ByteView a, ByteView b) const;
    bool operator()(std::pair<ByteView, ByteView> a, std::pair<ByteView, ByteView> b) const;
  };
  // A private key's bytes (wiped when the entry goes) and its identity blob.
  using PrivateKey = std::pair<SecretBytes, Bytes>;
  template <class Keys, class Make>
  Result<Keys> keys(std::map<PrivateKey, Keys, ByteLess>& cache, const crypto::Provider& p,
                    ByteView secret, ByteView blob, Make make);

  std::map<Bytes, PublicIdentity, ByteLess> identities_;
  std::map<PrivateKey, SenderKeys, ByteLess> senders_;
  std::map<PrivateKey, RecipientKeys, ByteLess> recipients_;
  std::map<SecretBytes, std::shared_ptr<const crypto::EcPrivateKey>, ByteLess> ec_privates_;
  std::map<Bytes, pair_ec::PublicKey, ByteLess> compact_publics_;
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
  RequestReader reader_;  // simdjson, its buffers kept from line to line
  KeyCache cache_;
  std::vector<DeviceKeys> device_keys_;  // outlives worlds: see World::next_keys
  std::unique_ptr<World> world_;         // replaced whole by `reset`
};

}  // namespace imref::shim
