// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
// A program outside the tree that links the installed imref: find_package(imref).
#include <imref/device_keys.h>
#include <imref/pair.h>
#include <iostream>
int main() {
  auto p = imref::crypto::get_provider("openssl");
  imref::crypto::SystemRng rng;
  auto alice = imref::DeviceKeys::generate(**p, rng).value();
  auto bob = imref::DeviceKeys::generate(**p, rng).value();
  auto payload = imref::pair::seal(**p, rng, alice.sender(), bob.identity(), imref::to_bytes("hi")).value();
  auto pt = imref::pair::open(**p, bob.recipient(), alice.identity(), payload).value();
  std::cout << std::string(pt.begin(), pt.end()) << "\n";
}
