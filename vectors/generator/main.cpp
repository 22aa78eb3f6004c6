// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// imref-vectorgen OUTDIR: writes every vector file into OUTDIR.
#include <fstream>
#include <iostream>

#include "generate.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: imref-vectorgen OUTDIR\n";
    return 2;
  }
  // Botan: its OAEP takes the seed from our Rng and its ECDSA nonces are
  // RFC 6979, so every byte is reproducible. OpenSSL meets the same files in
  // the tests.
  auto provider = imref::crypto::get_provider("botan");
  if (!provider.ok()) {
    std::cerr << "imref-vectorgen: " << provider.error().detail << "\n";
    return 2;
  }
  const imref::crypto::Provider& p = **provider;
  struct Output {
    const char* file;
    imref::vectorgen::Json (*make)(const imref::crypto::Provider&);
  };
  const Output outputs[] = {
      {"identity_decode_test.json", imref::vectorgen::identity_decode_vectors},
      {"identity_encode_test.json", imref::vectorgen::identity_encode_vectors},
      {"pair_open_test.json", imref::vectorgen::pair_open_vectors},
      {"pair_seal_test.json", imref::vectorgen::pair_seal_vectors},
      {"registration_test.json", imref::vectorgen::registration_vectors},
      {"delivery_test.json", imref::vectorgen::delivery_vectors},
      {"keychain_test.json", imref::vectorgen::keychain_vectors},
      {"pair_ec_compact_test.json", imref::vectorgen::pair_ec_compact_vectors},
      {"prekey_test.json", imref::vectorgen::prekey_vectors},
      {"pair_ec_seal_test.json", imref::vectorgen::pair_ec_seal_vectors},
      {"pair_ec_open_test.json", imref::vectorgen::pair_ec_open_vectors},
  };
  for (const Output& out : outputs) {
    std::string path = std::string(argv[1]) + "/" + out.file;
    std::ofstream f(path, std::ios::binary);
    f << out.make(p).dump(1) << "\n";
    if (!f) {
      std::cerr << "imref-vectorgen: cannot write " << path << "\n";
      return 1;
    }
    std::cout << "wrote " << path << "\n";
  }
  return 0;
}
