// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The one driver every fuzz target includes (after Botan's src/fuzzer/fuzzers.h).
// A target defines
//
//   void imref::fuzz::fuzz(ByteView input);
//
// and asserts with IMREF_FUZZ_ASSERT. The driver
//   - drops inputs over the size cap (kMaxInput: 64 KiB unless the target
//     defines IMREF_FUZZ_MAX_INPUT before including this header),
//   - turns any exception that escapes the target into abort(), with its text,
//   - gives each target a deterministic Rng (rng_for: seeded from the input),
//   - builds as a libFuzzer target (LLVMFuzzerTestOneInput) with
//     IMREF_BUILD_FUZZ, and with IMREF_FUZZ_REPLAY adds a main() that runs
//     every file, or every file of every directory, named on its command
//     line: an ordinary GCC build runs each corpus as a regression test.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "imref/bytes.h"
#include "imref/crypto/rng.h"

#ifndef IMREF_FUZZ_MAX_INPUT
#define IMREF_FUZZ_MAX_INPUT 65536
#endif

namespace imref::fuzz {

inline constexpr size_t kMaxInput = IMREF_FUZZ_MAX_INPUT;

// fuzz is the target: it must return normally for every input, or abort
// through IMREF_FUZZ_ASSERT / fail when a property breaks.
void fuzz(ByteView input);

// The input being replayed, named in every failure report (replay mode).
inline const char* g_current_input = nullptr;

// fail reports a broken property and aborts, which both libFuzzer and ctest
// see as a crash.
[[noreturn]] inline void fail(const char* file, int line, std::string_view what) {
  std::fprintf(stderr, "\n%s:%d: fuzz property failed: %.*s\n", file, line,
               static_cast<int>(what.size()), what.data());
  if (g_current_input) std::fprintf(stderr, "input: %s\n", g_current_input);
  std::fflush(stderr);
  std::abort();
}

// rng_for returns a ChaCha20 stream seeded (FNV-1a) from |input| and a label:
// a crash reproduces from the input file alone.
inline crypto::DeterministicRng rng_for(ByteView input, std::string_view label = "imref-fuzz") {
  uint64_t h = 1469598103934665603ull;
  for (uint8_t b : input) h = (h ^ b) * 1099511628211ull;
  return crypto::DeterministicRng(h, label);
}

// Reader takes structured values off the front of an input; once the input
// is used up every read returns zeros / empty, so targets need no length
// checks of their own.
class Reader {
 public:
  explicit Reader(ByteView data) : data_(data) {}
  uint8_t u8() {
    if (data_.empty()) return 0;
    uint8_t v = data_[0];
    data_ = data_.subspan(1);
    return v;
  }
  uint16_t u16() { return static_cast<uint16_t>(u8() << 8 | u8()); }
  bool flag() { return (u8() & 1) != 0; }
  // bytes returns up to |n| bytes (fewer at the end of the input).
  Bytes bytes(size_t n) {
    n = std::min(n, data_.size());
    Bytes out(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(n));
    data_ = data_.subspan(n);
    return out;
  }
  // sized reads a length byte, then that many bytes (modulo |max| + 1).
  Bytes sized(size_t max = 255) { return bytes(u8() % (max + 1)); }
  Bytes rest() { return bytes(data_.size()); }
  size_t left() const { return data_.size(); }

 private:
  ByteView data_;
};

}  // namespace imref::fuzz

#define IMREF_FUZZ_ASSERT(cond, what) \
  do {                                \
    if (!(cond)) ::imref::fuzz::fail(__FILE__, __LINE__, (what)); \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > imref::fuzz::kMaxInput) return 0;
  try {
    imref::fuzz::fuzz(imref::ByteView(data, size));
  } catch (const std::exception& e) {
    imref::fuzz::fail(__FILE__, __LINE__, std::string("exception escaped the target: ") + e.what());
  } catch (...) {
    imref::fuzz::fail(__FILE__, __LINE__, "non-std exception escaped the target");
  }
  return 0;
}

#if defined(IMREF_FUZZ_REPLAY)
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

// Replay: `target FILE|DIR...` runs each file once, in sorted order, and
// prints how many ran. Exit 0 when all pass; a failing input aborts (its
// name is printed first); a missing path or nothing to run exits 2.
int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    fs::path p(argv[i]);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(p))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "%s: no such file or directory: %s\n", argv[0], argv[i]);
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "usage: %s FILE|DIR... (replays each input; found none)\n", argv[0]);
    return 2;
  }
  size_t ran = 0, skipped = 0;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (data.size() > imref::fuzz::kMaxInput) {
      ++skipped;
      continue;
    }
    const std::string name = f.string();
    imref::fuzz::g_current_input = name.c_str();
    LLVMFuzzerTestOneInput(data.data(), data.size());
    ++ran;
  }
  imref::fuzz::g_current_input = nullptr;
  std::printf("%s: %zu inputs replayed, %zu over the %zu-byte cap skipped\n", argv[0], ran, skipped,
              imref::fuzz::kMaxInput);
  return 0;
}
#endif
