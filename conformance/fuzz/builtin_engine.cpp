// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "builtin_engine.h"

#include <bit>
#include <chrono>
#include <random>
#include <set>

namespace imref::iutfuzz {

namespace {

constexpr size_t kMaxCorpus = 4096;

// Mutator applies one to four of libFuzzer's basic mutations at a time: bit
// flips, bytes set to random or boundary values, small additions, inserted
// and erased runs, truncation, extension, and splices from another entry.
class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}

  Bytes mutate(const Bytes& base, const std::vector<Bytes>& corpus, size_t max_len) {
    Bytes b = base;
    for (size_t n = 1 + below(4); n > 0; --n) once(b, corpus[below(corpus.size())]);
    if (b.size() > max_len) b.resize(max_len);
    return b;
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }

 private:
  uint8_t byte() { return static_cast<uint8_t>(rng_()); }
  // A position in |b|, or its end when |end| (where inserts may go).
  size_t pos(const Bytes& b, bool end = false) { return below(b.size() + (end ? 1 : 0)); }
  // A run length: mostly short, sometimes up to a quarter of the input.
  size_t run(const Bytes& b) { return 1 + (below(4) ? below(8) : below(b.size() / 4 + 1)); }

  void once(Bytes& b, const Bytes& other) {
    static constexpr uint8_t kBoundary[] = {0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff};
    switch (b.empty() ? 3 : below(10)) {
      case 0:
        b[pos(b)] ^= static_cast<uint8_t>(1u << below(8));
        break;
      case 1:
        b[pos(b)] = byte();
        break;
      case 2:
        b[pos(b)] = kBoundary[below(std::size(kBoundary))];
        break;
      case 3: {  // insert a run of random bytes or of one byte
        Bytes ins(run(b));
        uint8_t fill = below(2) ? byte() : kBoundary[below(std::size(kBoundary))];
        for (auto& x : ins) x = below(2) ? byte() : fill;
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos(b, true)), ins.begin(), ins.end());
        break;
      }
      case 4: {  // erase a run
        size_t at = pos(b), len = std::min(run(b), b.size() - at);
        b.erase(b.begin() + static_cast<std::ptrdiff_t>(at),
                b.begin() + static_cast<std::ptrdiff_t>(at + len));
        break;
      }
      case 5:
        b.resize(pos(b));
        break;
      case 6: {  // add or subtract a little: lengths, counters
        size_t at = pos(b);
        b[at] = static_cast<uint8_t>(b[at] + (below(2) ? 1 : -1) * static_cast<int>(1 + below(16)));
        break;
      }
      case 7:  // extend
        for (size_t i = run(b); i > 0; --i) b.push_back(byte());
        break;
      case 8: {  // splice: this one's head, the other's tail
        if (other.empty()) break;
        b.resize(pos(b, true));
        size_t from = below(other.size());
        b.insert(b.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
        break;
      }
      default: {  // copy a run of the other one over this one
        if (other.empty()) break;
        size_t from = below(other.size()), at = pos(b);
        size_t len = std::min({run(b), other.size() - from, b.size() - at});
        std::copy_n(other.begin() + static_cast<std::ptrdiff_t>(from), len,
                    b.begin() + static_cast<std::ptrdiff_t>(at));
        break;
      }
    }
  }

  std::mt19937_64 rng_;
};

// signature names what the reference made of an input: its verdict and the
// input's size class (powers of two), so mutants that reach a new check, or
// the same check at a new size, join the corpus.
std::string signature(const Reference& reference, size_t size) {
  return reference.last_verdict() + "/" + std::to_string(std::bit_width(size));
}

}  // namespace

EngineRun run_builtin(TargetRunner& runner, const Target& target, const Reference& reference,
                      double seconds, uint64_t seed) {
  using SteadyClock = std::chrono::steady_clock;
  const auto start = SteadyClock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(SteadyClock::now() - start).count(); };
  EngineRun result;
  std::vector<Bytes> corpus;
  std::set<std::string> seen;
  auto done = [&](bool found) {
    result.found = found;
    result.inputs = runner.inputs();
    result.seconds = elapsed();
    return result;
  };
  // Every seed, whatever the time: they are the vectors, and a short run
  // must not stop before it has tried them.
  for (const Bytes& s : target.seeds) {
    if (s.size() > target.max_len) continue;
    if (runner.run(s)) return done(true);
    seen.insert(signature(reference, s.size()));
    corpus.push_back(s);
  }
  if (corpus.empty()) corpus.push_back({});
  Mutator mutator(check::case_seed(seed, target.name));
  while (elapsed() < seconds) {
    Bytes input = mutator.mutate(corpus[mutator.below(corpus.size())], corpus, target.max_len);
    const uint64_t before = runner.inputs();
    if (runner.run(input)) return done(true);
    if (runner.inputs() == before) continue;  // the bytes made no input
    if (seen.insert(signature(reference, input.size())).second && corpus.size() < kMaxCorpus)
      corpus.push_back(std::move(input));
  }
  return done(false);
}

}  // namespace imref::iutfuzz
