// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// imref-plist-bench: the project's bplist00 codec against libplist 2.2
// (Debian libplist-dev) on the plists iMessage carries: a push envelope
// and a message payload with every type (docs/decisions.md, "Property
// lists"). Built only when pkg-config finds libplist-2.0.
#include <benchmark/benchmark.h>
#include <plist/plist.h>

#include "imref/envelope.h"
#include "imref/plist.h"

namespace {

using namespace imref;

Bytes message_plist() {
  plist::Dict d;
  d.emplace_back("t", "Loved \xE2\x80\x9Chello there, this is a message\xE2\x80\x9D");
  d.emplace_back(
      "x",
      "<html><body><FILE name=\"IMG_0001.jpeg\" width=\"0\" height=\"0\" "
      "datasize=\"60688\" mime-type=\"image/jpeg\" uti-type=\"public.jpeg\" "
      "mmcs-owner=\"MYabc.C01USN00\" mmcs-url=\"https://p42-content.icloud.com/"
      "MYabc.C01USN00\" mmcs-signature-hex=\"8102C88573E97D321494433D60C2C39E7E0BC1D89F\" "
      "file-size=\"60688\" decryption-key=\"00000102030405060708090A0B0C0D0E0F10111"
      "2131415161718191A1B1C1D1E1F\"/></body></html>");
  d.emplace_back(
      "p", plist::Array{"tel:+15555550100", "mailto:bob@example.com", "mailto:carol@example.com"});
  d.emplace_back("gid", "6B2A910C-553E-4F10-8A77-02D419E63BC1");
  d.emplace_back("pv", 0);
  d.emplace_back("gv", "8");
  d.emplace_back("v", "1");
  d.emplace_back("amrln", uint64_t{UINT64_MAX});
  d.emplace_back("amrlc", 0);
  d.emplace_back("sd", plist::Date{786445200.5});
  d.emplace_back("x-real", plist::Real{1.25});
  d.emplace_back("msi", Bytes(40, 0x62));
  return plist::encode(plist::Value(std::move(d))).value();
}

Bytes envelope_plist() {
  envelope::Received r;
  r.uuid = Bytes(16, 0xAB);
  r.sender = "tel:+15555550100";
  r.target = "mailto:bob@example.com";
  r.sender_token = Bytes(32, 0x11);
  r.encryption = "pair";
  r.payload = Bytes(1200, 0x22);
  r.timestamp_ns = 1764752400123456789;
  r.delivery_receipt = true;
  return envelope::encode(r).value();
}

const Bytes& input(int which) {
  static const Bytes kEnvelope = envelope_plist();
  static const Bytes kMessage = message_plist();
  return which == 0 ? kEnvelope : kMessage;
}

void BM_Imref_Decode(benchmark::State& s) {
  const Bytes& in = input(static_cast<int>(s.range(0)));
  for (auto _ : s) benchmark::DoNotOptimize(plist::decode(in));
  s.SetBytesProcessed(static_cast<int64_t>(s.iterations() * in.size()));
}
void BM_Imref_RoundTrip(benchmark::State& s) {
  const Bytes& in = input(static_cast<int>(s.range(0)));
  for (auto _ : s) benchmark::DoNotOptimize(plist::encode(plist::decode(in).value()));
  s.SetBytesProcessed(static_cast<int64_t>(s.iterations() * in.size()));
}
void BM_Libplist_Decode(benchmark::State& s) {
  const Bytes& in = input(static_cast<int>(s.range(0)));
  for (auto _ : s) {
    plist_t p = nullptr;
    plist_from_bin(reinterpret_cast<const char*>(in.data()), static_cast<uint32_t>(in.size()), &p);
    benchmark::DoNotOptimize(p);
    plist_free(p);
  }
  s.SetBytesProcessed(static_cast<int64_t>(s.iterations() * in.size()));
}
void BM_Libplist_RoundTrip(benchmark::State& s) {
  const Bytes& in = input(static_cast<int>(s.range(0)));
  for (auto _ : s) {
    plist_t p = nullptr;
    plist_from_bin(reinterpret_cast<const char*>(in.data()), static_cast<uint32_t>(in.size()), &p);
    char* out = nullptr;
    uint32_t len = 0;
    plist_to_bin(p, &out, &len);
    benchmark::DoNotOptimize(out);
    plist_to_bin_free(out);
    plist_free(p);
  }
  s.SetBytesProcessed(static_cast<int64_t>(s.iterations() * in.size()));
}

// Arg 0: a received push envelope (1.2 KB payload); arg 1: a message payload
// with every type.
BENCHMARK(BM_Imref_Decode)->Arg(0)->Arg(1);
BENCHMARK(BM_Libplist_Decode)->Arg(0)->Arg(1);
BENCHMARK(BM_Imref_RoundTrip)->Arg(0)->Arg(1);
BENCHMARK(BM_Libplist_RoundTrip)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
