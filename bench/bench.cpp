// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// imref-bench: every primitive on both backends, and the protocol operations
// beside the bare primitive calls they make, so the protocol's own cost can
// be read off (docs/performance.md).
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "imref/crypto/provider.h"
#include "imref/delivery.h"
#include "imref/device_keys.h"
#include "imref/keychain.h"
#include "imref/pair.h"
#include "imref/pair_ec.h"
#include "shim.h"

namespace imref {
namespace {

const crypto::Provider& backend(const std::string& name) {
  return *crypto::get_provider(name).value();
}

// Two devices per backend, made once.
struct Fixture {
  DeviceKeys alice, bob;
  std::vector<PublicIdentity> others;  // for fan-out
};

const Fixture& fixture(const std::string& name) {
  // Leaked on purpose: Botan keys must not outlive Botan's allocator at exit.
  static auto* cache = new std::map<std::string, std::unique_ptr<Fixture>>;
  auto& f = (*cache)[name];
  if (!f) {
    crypto::DeterministicRng rng(1, "bench");
    const auto& p = backend(name);
    auto alice = DeviceKeys::generate(p, rng).value();
    auto bob = DeviceKeys::generate(p, rng).value();
    std::vector<PublicIdentity> others;
    for (int i = 0; i < 64; ++i) others.push_back(DeviceKeys::generate(p, rng).value().identity());
    f = std::make_unique<Fixture>(Fixture{std::move(alice), std::move(bob), std::move(others)});
  }
  return *f;
}

constexpr size_t kPlaintextLen = 200;
constexpr uint8_t kCounter[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

void BM_sha1(benchmark::State& s, std::string name) {
  const auto& p = backend(name);
  Bytes data(256, 1);
  for (auto _ : s) benchmark::DoNotOptimize(p.sha1(data));
}
void BM_sha256(benchmark::State& s, std::string name) {
  const auto& p = backend(name);
  Bytes data(256, 1);
  for (auto _ : s) benchmark::DoNotOptimize(p.sha256(data));
}
void BM_hmac_sha256(benchmark::State& s, std::string name) {
  const auto& p = backend(name);
  Bytes key(11, 2), data(kPlaintextLen + 65, 1);
  for (auto _ : s) benchmark::DoNotOptimize(p.hmac_sha256(key, data));
}
void BM_hkdf_sha256(benchmark::State& s, std::string name) {
  const auto& p = backend(name);
  Bytes ikm(32, 2), salt = to_bytes("LastPawn-MessageKeys");
  for (auto _ : s) benchmark::DoNotOptimize(p.hkdf_sha256(ikm, salt, {}, 48));
}
void BM_aes_ctr(benchmark::State& s, std::string name, size_t key_len) {
  const auto& p = backend(name);
  Bytes key(key_len, 3), data(kPlaintextLen, 1);
  for (auto _ : s) benchmark::DoNotOptimize(p.aes_ctr(key, kCounter, data));
}
void BM_oaep_encrypt(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  crypto::SystemRng rng;
  Bytes msg(116, 4);
  for (auto _ : s)
    benchmark::DoNotOptimize(f.bob.identity().encryption_key().encrypt_oaep_sha1(rng, msg));
}
void BM_oaep_decrypt(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  crypto::SystemRng rng;
  Bytes ct = f.bob.identity().encryption_key().encrypt_oaep_sha1(rng, Bytes(116, 4)).value();
  for (auto _ : s) benchmark::DoNotOptimize(f.bob.recipient().rsa->decrypt_oaep_sha1(ct));
}
void BM_ecdsa_sign(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  Bytes body(260, 5);
  for (auto _ : s)
    benchmark::DoNotOptimize(
        f.alice.sender().signing->sign(crypto::Hash::sha1, crypto::SigFormat::der, body));
}
void BM_ecdsa_verify(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  Bytes body(260, 5);
  Bytes sig =
      f.alice.sender().signing->sign(crypto::Hash::sha1, crypto::SigFormat::der, body).value();
  for (auto _ : s)
    benchmark::DoNotOptimize(f.alice.identity().signing_key().verify(
        crypto::Hash::sha1, crypto::SigFormat::der, body, sig));
}
void BM_ecdh(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  Bytes peer = f.bob.encryption_public();
  for (auto _ : s) benchmark::DoNotOptimize(f.alice.encryption_key().ecdh(peer));
}
void BM_ec_generate(benchmark::State& s, std::string name) {
  const auto& p = backend(name);
  crypto::SystemRng rng;
  for (auto _ : s) benchmark::DoNotOptimize(p.ec_generate(rng));
}
void BM_rsa_generate(benchmark::State& s, std::string name) {
  const auto& p = backend(name);
  crypto::SystemRng rng;
  for (auto _ : s) benchmark::DoNotOptimize(p.rsa_generate(rng, 1280));
}
void BM_identity_decode(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  const auto& p = backend(name);
  for (auto _ : s) benchmark::DoNotOptimize(PublicIdentity::decode(p, f.alice.identity().blob()));
}

void BM_pair_seal(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  const auto& p = backend(name);
  crypto::SystemRng rng;
  Bytes pt(kPlaintextLen, 'x');
  for (auto _ : s)
    benchmark::DoNotOptimize(pair::seal(p, rng, f.alice.sender(), f.bob.identity(), pt));
}

// The primitive calls seal makes, with the same sizes: seed, HMAC, CTR,
// OAEP, ECDSA.
void BM_pair_seal_primitives(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  const auto& p = backend(name);
  crypto::SystemRng rng;
  Bytes pt(kPlaintextLen, 'x'), hmac_input(kPlaintextLen + 65, 1),
      body(160 + kPlaintextLen - 100, 5);
  for (auto _ : s) {
    Bytes seed = rng.bytes(11);
    Bytes tag = p.hmac_sha256(seed, hmac_input);
    Bytes key(16, 7);
    auto ct = p.aes_ctr(key, kCounter, pt);
    auto block = f.bob.identity().encryption_key().encrypt_oaep_sha1(rng, Bytes(116, 4));
    auto sig = f.alice.sender().signing->sign(crypto::Hash::sha1, crypto::SigFormat::der, body);
    benchmark::DoNotOptimize(tag);
    benchmark::DoNotOptimize(ct);
    benchmark::DoNotOptimize(block);
    benchmark::DoNotOptimize(sig);
  }
}

void BM_pair_open(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  const auto& p = backend(name);
  crypto::SystemRng rng;
  Bytes payload =
      pair::seal(p, rng, f.alice.sender(), f.bob.identity(), Bytes(kPlaintextLen, 'x')).value();
  for (auto _ : s)
    benchmark::DoNotOptimize(pair::open(p, f.bob.recipient(), f.alice.identity(), payload));
}

// The primitive calls open makes: ECDSA verify, OAEP decrypt, CTR, HMAC.
void BM_pair_open_primitives(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  const auto& p = backend(name);
  crypto::SystemRng rng;
  Bytes body(160 + kPlaintextLen - 100, 5), hmac_input(kPlaintextLen + 65, 1), ct(kPlaintextLen, 1);
  Bytes sig =
      f.alice.sender().signing->sign(crypto::Hash::sha1, crypto::SigFormat::der, body).value();
  Bytes block = f.bob.identity().encryption_key().encrypt_oaep_sha1(rng, Bytes(116, 4)).value();
  Bytes key(16, 7), seed(11, 7);
  for (auto _ : s) {
    auto v = f.alice.identity().signing_key().verify(crypto::Hash::sha1, crypto::SigFormat::der,
                                                     body, sig);
    auto k = f.bob.recipient().rsa->decrypt_oaep_sha1(block);
    auto pt = p.aes_ctr(key, kCounter, ct);
    Bytes tag = p.hmac_sha256(seed, hmac_input);
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(k);
    benchmark::DoNotOptimize(pt);
    benchmark::DoNotOptimize(tag);
  }
}

// pair-ec (REQ-PAIREC-*): alice's NGM key seals to bob's newest prekey, the
// same message size as pair. The keys are parsed once (the fixture).
struct EcFixture {
  std::unique_ptr<crypto::EcPrivateKey> alice, bob, prekey;
  std::optional<pair_ec::PublicKey> alice_pub, bob_pub;
  std::optional<pair_ec::VerifiedPrekey> verified;
};

const EcFixture& ec_fixture(const std::string& name) {
  static auto* cache = new std::map<std::string, std::unique_ptr<EcFixture>>;
  auto& f = (*cache)[name];
  if (!f) {
    const auto& p = backend(name);
    crypto::DeterministicRng rng(2, "bench-pair-ec");
    f = std::make_unique<EcFixture>();
    f->alice = pair_ec::generate_compactable(p, rng).value();
    f->bob = pair_ec::generate_compactable(p, rng).value();
    f->prekey = pair_ec::generate_compactable(p, rng).value();
    f->alice_pub = pair_ec::PublicKey::from_private(p, *f->alice).value();
    f->bob_pub = pair_ec::PublicKey::from_private(p, *f->bob).value();
    f->verified = pair_ec::verify_prekey(p, *f->bob_pub,
                                         pair_ec::sign_prekey(p, *f->bob, *f->prekey, 1e9).value())
                      .value();
  }
  return *f;
}

// The padded plaintext of a kPlaintextLen message: inner 205 bytes, 11 fill, 4.
constexpr size_t kEcPaddedLen = 220;

void BM_pair_ec_seal(benchmark::State& s, std::string name) {
  const auto& f = ec_fixture(name);
  const auto& p = backend(name);
  crypto::SystemRng rng;
  Bytes pt(kPlaintextLen, 'x');
  for (auto _ : s)
    benchmark::DoNotOptimize(pair_ec::seal(p, rng, *f.alice, *f.bob_pub, *f.verified, pt, 1));
}

// The primitive calls seal makes, same sizes: a fresh key, ECDH, HKDF,
// AES-256-CTR, ECDSA-SHA256 over the signed data.
void BM_pair_ec_seal_primitives(benchmark::State& s, std::string name) {
  const auto& f = ec_fixture(name);
  const auto& p = backend(name);
  crypto::SystemRng rng;
  const Bytes prekey_point = f.prekey->public_key().point();
  Bytes padded(kEcPaddedLen, 'x'), fill(11, 0), signed_data(128 + kEcPaddedLen, 3);
  Bytes key(32, 7), iv(16, 1), salt(20, 2);
  for (auto _ : s) {
    auto e = p.ec_generate(rng);
    auto shared = (*e)->ecdh(prekey_point);
    auto okm = p.hkdf_sha256(*shared, salt, {}, 48);
    rng.fill(fill);
    auto ct = p.aes_ctr(key, iv, padded);
    auto sig = f.alice->sign(crypto::Hash::sha256, crypto::SigFormat::raw, signed_data);
    benchmark::DoNotOptimize(okm);
    benchmark::DoNotOptimize(ct);
    benchmark::DoNotOptimize(sig);
  }
}

void BM_pair_ec_open(benchmark::State& s, std::string name) {
  const auto& f = ec_fixture(name);
  const auto& p = backend(name);
  crypto::SystemRng rng;
  Bytes payload =
      pair_ec::seal(p, rng, *f.alice, *f.bob_pub, *f.verified, Bytes(kPlaintextLen, 'x'), 1)
          .value();
  const crypto::EcPrivateKey* prekeys[] = {f.prekey.get()};
  for (auto _ : s)
    benchmark::DoNotOptimize(pair_ec::open(p, *f.bob, prekeys, *f.alice_pub, payload));
}

// The primitive calls open makes: the ephemeral's decompression (the seam's
// ec_point_from_x), ECDH, ECDSA-SHA256 verify, HKDF, AES-256-CTR.
void BM_pair_ec_open_primitives(benchmark::State& s, std::string name) {
  const auto& f = ec_fixture(name);
  const auto& p = backend(name);
  crypto::SystemRng rng;
  auto e = p.ec_generate(rng).value();
  const Bytes eph_point = e->public_key().point();
  Bytes signed_data(128 + kEcPaddedLen, 3), ct(kEcPaddedLen, 1), key(32, 7), iv(16, 1), salt(20, 2);
  Bytes sig = f.alice->sign(crypto::Hash::sha256, crypto::SigFormat::raw, signed_data).value();
  const Bytes eph_x(eph_point.begin() + 1, eph_point.begin() + 33);
  for (auto _ : s) {
    auto decoded = p.ec_point_from_x(eph_x, false);
    auto shared = f.prekey->ecdh(eph_point);
    auto v =
        f.alice_pub->key().verify(crypto::Hash::sha256, crypto::SigFormat::raw, signed_data, sig);
    auto okm = p.hkdf_sha256(*shared, salt, {}, 48);
    auto pt = p.aes_ctr(key, iv, ct);
    benchmark::DoNotOptimize(decoded);
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(okm);
    benchmark::DoNotOptimize(pt);
  }
}

// shim_request/<op>/<backend>: one request line through Shim::handle_line,
// as imref check sends it (the same keys every time, so the shim's key
// cache is warm), beside pair_seal/<backend> and pair_open/<backend>, which
// make the library call the request makes with the same keys and sizes.
// shim_request minus the library benchmark is the shim's own cost per
// request (JSON, hex, key and identity caches); bench/shim-overhead prints it.
nlohmann::json shim_request(const std::string& name, const std::string& op) {
  const auto& f = fixture(name);
  const auto& p = backend(name);
  if (op == "pair.seal")
    return {{"id", 7},
            {"op", op},
            {"sender",
             {{"signing_private", to_hex(f.alice.signing_scalar())},
              {"identity", to_hex(f.alice.identity().blob())}}},
            {"recipient_identity", to_hex(f.bob.identity().blob())},
            {"plaintext", to_hex(Bytes(kPlaintextLen, 'x'))}};
  crypto::SystemRng rng;
  Bytes payload =
      pair::seal(p, rng, f.alice.sender(), f.bob.identity(), Bytes(kPlaintextLen, 'x')).value();
  return {{"id", 7},
          {"op", op},
          {"recipient",
           {{"rsa_private", to_hex(f.bob.rsa_pkcs8().value())},
            {"identity", to_hex(f.bob.identity().blob())}}},
          {"sender_identity", to_hex(f.alice.identity().blob())},
          {"payload", to_hex(payload)}};
}

void BM_shim_request(benchmark::State& s, std::string name, std::string op) {
  shim::Shim shim(backend(name));
  const std::string line = shim_request(name, op).dump();
  if (shim.handle_line(line).find("\"ok\":true") == std::string::npos) {
    s.SkipWithError("the request failed");
    return;
  }
  for (auto _ : s) benchmark::DoNotOptimize(shim.handle_line(line));
}

void BM_fanout_seal(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  const auto& p = backend(name);
  crypto::SystemRng rng;
  size_t n = static_cast<size_t>(s.range(0));
  std::vector<PublicIdentity> devices(f.others.begin(), f.others.begin() + n);
  Bytes pt(kPlaintextLen, 'x');
  for (auto _ : s)
    benchmark::DoNotOptimize(pair::seal_for_devices(p, rng, f.alice.sender(), devices, {}, pt));
  s.SetItemsProcessed(s.iterations() * n);
}

// An account with 16 devices per backend, for deliver (keys with their
// private halves, unlike Fixture::others).
const std::vector<DeviceKeys>& account(const std::string& name) {
  static auto* cache = new std::map<std::string, std::vector<DeviceKeys>>;  // leaked, as above
  auto& devices = (*cache)[name];
  if (devices.empty()) {
    crypto::DeterministicRng rng(2, "bench-account");
    for (int i = 0; i < 16; ++i)
      devices.push_back(DeviceKeys::generate(backend(name), rng).value());
  }
  return devices;
}

Message bench_message() {
  Message m;
  m.text = std::string(kPlaintextLen, 'x');
  m.participants = {"alice@example.com", "bob@example.com"};
  m.uuid = "0F0E0D0C-0B0A-4908-8706-050403020100";
  return m;
}

// deliver/<backend>/<devices>: one message to an account with N devices,
// received (opened, decoded, de-duplicated) on all of them.
void BM_deliver(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  const auto& p = backend(name);
  const auto& bob = account(name);
  size_t n = static_cast<size_t>(s.range(0));
  crypto::SystemRng rng;
  std::vector<delivery::Device> devices;
  for (size_t i = 0; i < n; ++i)
    devices.push_back({Handle::parse("bob@example.com").value(), bob[i].identity(),
                       PushToken::from(Bytes(32, uint8_t(i))).value()});
  delivery::SendingDevice alice{f.alice.sender(), Handle::parse("alice@example.com").value(),
                                PushToken::from(Bytes(32, 0xee)).value()};
  auto lookup = [&](std::string_view, const PushToken&) -> std::optional<PublicIdentity> {
    return f.alice.identity();
  };
  Message m = bench_message();
  for (auto _ : s) {
    ManualClock clock;
    relay::Relay relay(clock, relay::PushVersion::v16k);
    attachment::BlobStore blobs;
    std::vector<delivery::Receiver> receivers;
    for (size_t i = 0; i < n; ++i) receivers.emplace_back(p, bob[i].recipient(), lookup, blobs);
    size_t shown = 0;
    for (size_t i = 0; i < n; ++i)
      relay.connect(devices[i].push_token, [&, i](const relay::Push& push) {
        shown += receivers[i].receive(push).outcome == delivery::Received::Outcome::shown;
      });
    auto r = delivery::deliver(p, rng, relay, blobs, alice, devices, {}, m, 1);
    if (!r.ok() || shown != n) s.SkipWithError("not delivered to every device");
  }
  s.SetItemsProcessed(s.iterations() * n);
}

// The seal and open work deliver contains: seal_for_devices of the same
// encoded message to N devices, then open on each.
void BM_deliver_seal_open(benchmark::State& s, std::string name) {
  const auto& f = fixture(name);
  const auto& p = backend(name);
  const auto& bob = account(name);
  size_t n = static_cast<size_t>(s.range(0));
  crypto::SystemRng rng;
  std::vector<PublicIdentity> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back(bob[i].identity());
  Bytes pt = encode_message(bench_message()).value();
  for (auto _ : s) {
    auto copies = pair::seal_for_devices(p, rng, f.alice.sender(), ids, {}, pt).value();
    for (size_t i = 0; i < n; ++i)
      benchmark::DoNotOptimize(
          pair::open(p, bob[i].recipient(), f.alice.identity(), copies[i].payload));
  }
  s.SetItemsProcessed(s.iterations() * n);
}

// Unlocking the keychain at the default parameters: keychain::open of a
// store holding a device's three private keys (what the first unlock after
// boot does besides reading the file), beside the scrypt call inside it.
void BM_keychain_unlock(benchmark::State& s, std::string name) {
  const auto& p = backend(name);
  const auto& f = fixture(name);
  keychain::Items items;
  items.emplace("encryption", to_secret(f.alice.encryption_scalar()));
  items.emplace("rsa.pkcs8", f.alice.rsa_pkcs8().value());
  items.emplace("signing", to_secret(f.alice.signing_scalar()));
  const Bytes passcode = to_bytes("123456");
  auto key = keychain::PasscodeKey::derive(p, passcode, keychain::kDefaultParams, Bytes(16, 1));
  const Bytes store = keychain::seal(p, key.value(), Bytes(16, 2), items).value();
  for (auto _ : s) benchmark::DoNotOptimize(keychain::open(p, passcode, store));
}
void BM_scrypt_default(benchmark::State& s, std::string name) {
  const auto& p = backend(name);
  const auto& d = keychain::kDefaultParams;
  for (auto _ : s)
    benchmark::DoNotOptimize(p.scrypt(to_bytes("123456"), Bytes(16, 1), {d.log2_n, d.r, d.p}, 32));
}

void register_all() {
  for (std::string b : {"openssl", "botan"}) {
    benchmark::RegisterBenchmark(("sha1/" + b).c_str(), BM_sha1, b);
    benchmark::RegisterBenchmark(("sha256/" + b).c_str(), BM_sha256, b);
    benchmark::RegisterBenchmark(("hmac_sha256/" + b).c_str(), BM_hmac_sha256, b);
    benchmark::RegisterBenchmark(("hkdf_sha256/" + b).c_str(), BM_hkdf_sha256, b);
    benchmark::RegisterBenchmark(("aes128_ctr/" + b).c_str(), BM_aes_ctr, b, 16);
    benchmark::RegisterBenchmark(("aes256_ctr/" + b).c_str(), BM_aes_ctr, b, 32);
    benchmark::RegisterBenchmark(("rsa_oaep_encrypt/" + b).c_str(), BM_oaep_encrypt, b);
    benchmark::RegisterBenchmark(("rsa_oaep_decrypt/" + b).c_str(), BM_oaep_decrypt, b);
    benchmark::RegisterBenchmark(("ecdsa_sign/" + b).c_str(), BM_ecdsa_sign, b);
    benchmark::RegisterBenchmark(("ecdsa_verify/" + b).c_str(), BM_ecdsa_verify, b);
    benchmark::RegisterBenchmark(("ecdh/" + b).c_str(), BM_ecdh, b);
    benchmark::RegisterBenchmark(("ec_generate/" + b).c_str(), BM_ec_generate, b);
    benchmark::RegisterBenchmark(("rsa1280_generate/" + b).c_str(), BM_rsa_generate, b)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("identity_decode/" + b).c_str(), BM_identity_decode, b);
    benchmark::RegisterBenchmark(("keychain_unlock/" + b).c_str(), BM_keychain_unlock, b)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("scrypt_default/" + b).c_str(), BM_scrypt_default, b)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("pair_seal/" + b).c_str(), BM_pair_seal, b);
    benchmark::RegisterBenchmark(("pair_seal_primitives/" + b).c_str(), BM_pair_seal_primitives, b);
    benchmark::RegisterBenchmark(("pair_open/" + b).c_str(), BM_pair_open, b);
    benchmark::RegisterBenchmark(("pair_open_primitives/" + b).c_str(), BM_pair_open_primitives, b);
    benchmark::RegisterBenchmark(("pair_ec_seal/" + b).c_str(), BM_pair_ec_seal, b);
    benchmark::RegisterBenchmark(("pair_ec_seal_primitives/" + b).c_str(),
                                 BM_pair_ec_seal_primitives, b);
    benchmark::RegisterBenchmark(("pair_ec_open/" + b).c_str(), BM_pair_ec_open, b);
    benchmark::RegisterBenchmark(("pair_ec_open_primitives/" + b).c_str(),
                                 BM_pair_ec_open_primitives, b);
    benchmark::RegisterBenchmark(("shim_request/pair_seal/" + b).c_str(), BM_shim_request, b,
                                 "pair.seal");
    benchmark::RegisterBenchmark(("shim_request/pair_open/" + b).c_str(), BM_shim_request, b,
                                 "pair.open");
    benchmark::RegisterBenchmark(("fanout_seal/" + b).c_str(), BM_fanout_seal, b)
        ->Arg(1)
        ->Arg(4)
        ->Arg(16)
        ->Arg(64)
        ->Unit(benchmark::kMicrosecond);
    // Named deliver/<backend>/<devices>: the argument is the last part.
    benchmark::RegisterBenchmark(("deliver/" + b).c_str(), BM_deliver, b)
        ->Arg(1)
        ->Arg(4)
        ->Arg(16)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("deliver_seal_open/" + b).c_str(), BM_deliver_seal_open, b)
        ->Arg(1)
        ->Arg(4)
        ->Arg(16)
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace
}  // namespace imref

int main(int argc, char** argv) {
  imref::register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
