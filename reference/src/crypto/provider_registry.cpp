// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "crypto/backends.h"

namespace imref::crypto {

const std::vector<std::string>& provider_names() {
  static const std::vector<std::string> kNames = {"openssl", "botan"};
  return kNames;
}

Result<const Provider*> get_provider(std::string_view name) {
  // Function-local statics: built once, thread-safe, never destroyed early.
  if (name == "openssl") {
    static const std::unique_ptr<Provider> p = make_openssl_provider();
    if (p) return p.get();
    return make_error(Errc::unsupported, "openssl backend not built");
  }
  if (name == "botan") {
    static const std::unique_ptr<Provider> p = make_botan_provider();
    if (p) return p.get();
    return make_error(Errc::unsupported, "botan backend not built");
  }
  return make_error(Errc::unsupported, "unknown crypto backend: " + std::string(name));
}

}  // namespace imref::crypto
