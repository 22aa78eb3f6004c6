// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "world_targets.h"

#include <array>
#include <map>
#include <set>

#include "imref/keychain.h"
#include "scenario.h"
#include "vector_node.h"

namespace imref::iutfuzz {

using check::Outcome;
using check::Reply;
using check::Session;

namespace {

// verdict is "success" or "error CODE": what two answers must share first.
std::string verdict(const json& response) {
  return response.value("ok", false) ? "success"
                                     : "error " + response.value("error", std::string());
}

// ---- keychain.open --------------------------------------------------------

// The first byte of an input picks the passcode (any of the vectors', or one
// none uses) and whether to recompute the store's checksum after the fuzzer
// changed it; the rest is the store. Recomputing is how mutations get past
// the checksum to the KDF, the tag and the items, as signing does for
// pair.open; log2 N is then kept at 10 or under (or out of bounds), so an
// input costs milliseconds.
constexpr uint8_t kFixChecksum = 0x80;
constexpr size_t kChecksumLen = 32;
constexpr size_t kLog2NOffset = 9;

Bytes store_from(const crypto::Provider& p, ByteView data, bool fix_checksum) {
  Bytes store(data.begin(), data.end());
  if (!fix_checksum || store.size() < kChecksumLen) return store;
  if (store.size() > kLog2NOffset && store[kLog2NOffset] > 10 && store[kLog2NOffset] <= 20)
    store[kLog2NOffset] -= 10;
  const size_t body = store.size() - kChecksumLen;
  const Bytes sum = p.sha256(ByteView(store).first(body));
  std::copy(sum.begin(), sum.end(), store.begin() + static_cast<std::ptrdiff_t>(body));
  return store;
}

}  // namespace

Result<Target> keychain_open_target(const check::SuiteContext& ctx,
                                    std::shared_ptr<Reference> reference) {
  IMREF_TRY(const json file, check::load_vector_file(ctx, "keychain_test.json"));
  std::vector<std::string> passcodes;
  std::vector<Bytes> seeds;
  try {
    const check::VectorNode root(file, ctx.vectors_dir + "/keychain_test.json");
    for (const auto& group : root["testGroups"].elements()) {
      for (const auto& test : group["tests"].elements()) {
        const std::string passcode = test["passcode"].string();
        auto it = std::find(passcodes.begin(), passcodes.end(), passcode);
        if (it == passcodes.end()) it = passcodes.insert(passcodes.end(), passcode);
        Bytes seed{static_cast<uint8_t>(it - passcodes.begin())};
        append(seed, test["store"].hex());
        seeds.push_back(std::move(seed));
      }
    }
  } catch (const check::MalformedVectorFile& e) {
    return make_error(Errc::invalid_argument, e.what());
  }
  passcodes.push_back(to_hex(to_bytes("not a passcode the vectors use")));

  const crypto::Provider* p = &ctx.reference;
  auto input = [passcodes, p](ByteView data) -> std::optional<json> {
    if (data.empty()) return std::nullopt;
    const uint8_t head = data[0];
    const std::string& passcode = passcodes[(head & ~kFixChecksum) % passcodes.size()];
    return json{{"passcode", passcode},
                {"store", to_hex(store_from(*p, data.subspan(1), head & kFixChecksum))}};
  };
  auto check = [reference](Session& s, const json& in) {
    Reply iut = s.call("keychain.open", in);
    const json ref = reference->answer("keychain.open", in);
    if (!iut.ok()) return Outcome::failed(iut.problem, verdict(ref), check::describe(iut));
    if (verdict(iut.response) != verdict(ref))
      return Outcome::failed(ref.value("ok", false) ? "refused a store the reference opens"
                                                    : "answered otherwise than the reference",
                             verdict(ref), check::describe(iut));
    if (ref.value("ok", false) && iut.response.value("items", json()) != ref.at("items"))
      return Outcome::failed("wrong items", ref.at("items").dump(),
                             iut.response.value("items", json()).dump());
    return Outcome::passed();
  };
  auto read = [](const check::VectorNode& in) {
    in.reject_unknown_members({"passcode", "store"});
    return json{{"passcode", in["passcode"].hex_string()}, {"store", in["store"].hex_string()}};
  };
  return Target{"keychain.open", {"keychain.open"}, 4096, std::move(seeds), input, read, check};
}

// ---- scenario -------------------------------------------------------------

namespace {

// A scenario input is two bytes choosing a script, then mutations of three
// bytes each (kind, where, what):
enum : uint8_t {
  kDrop,       // the step is left out
  kRepeat,     // the step is sent twice
  kSwap,       // the step and the next change places
  kWait,       // clock.advance by kWaits[what] before the step
  kOtherWord,  // a string of the step's request becomes another of the script's
  kMutations
};
constexpr std::array<int64_t, 8> kWaits = {1,      299,       301,       86'399,
                                           86'401, 2'591'999, 2'592'001, 31 * 86'400};
constexpr size_t kMaxMutations = 8;
constexpr size_t kMaxSteps = 80;

// strings_of collects every string value in |v| (object keys aside).
void strings_of(const json& v, std::vector<std::string>& out) {
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_object() || v.is_array()) {
    for (const auto& item : v) strings_of(item, out);
  }
}

// replace_string sets the |n|-th string value of |v| (in strings_of order)
// to |word|; |n| counts down as strings go by.
bool replace_string(json& v, size_t& n, const std::string& word) {
  if (v.is_string()) {
    if (n-- == 0) {
      v = word;
      return true;
    }
    return false;
  }
  if (v.is_object() || v.is_array()) {
    for (auto& item : v)
      if (replace_string(item, n, word)) return true;
  }
  return false;
}

json mutate(json steps, ByteView data) {
  std::vector<std::string> words;
  for (const auto& step : steps) strings_of(step.value("request", json::object()), words);
  for (size_t i = 0; i + 2 < data.size() && i / 3 < kMaxMutations && !steps.empty(); i += 3) {
    const uint8_t kind = data[i] % kMutations;
    const size_t at = data[i + 1] % steps.size();
    const uint8_t what = data[i + 2];
    switch (kind) {
      case kDrop:
        steps.erase(steps.begin() + static_cast<std::ptrdiff_t>(at));
        break;
      case kRepeat:
        if (steps.size() < kMaxSteps)
          steps.insert(steps.begin() + static_cast<std::ptrdiff_t>(at), steps[at]);
        break;
      case kSwap:
        if (at + 1 < steps.size()) std::swap(steps[at], steps[at + 1]);
        break;
      case kWait:
        if (steps.size() < kMaxSteps)
          steps.insert(steps.begin() + static_cast<std::ptrdiff_t>(at),
                       json{{"op", "clock.advance"},
                            {"request", {{"seconds", kWaits[what % kWaits.size()]}}}});
        break;
      case kOtherWord: {
        if (words.empty() || !steps[at].contains("request")) break;
        std::vector<std::string> mine;
        strings_of(steps[at]["request"], mine);
        if (mine.empty()) break;
        size_t n = what % mine.size();
        replace_string(steps[at]["request"], n, words[(what / 7u) % words.size()]);
        break;
      }
    }
  }
  return steps;
}

// Normalising an answer for comparison. Keys, tokens, nonces, UUIDs and blob
// URLs are the implementation's own, so each world's are renamed in order of
// first appearance ("#0", "#1", ...): two worlds agree when their answers are
// the same up to that renaming. A string the script itself sends (a handle, a
// text, an attachment's content) is never renamed, so it must come back as
// it went. The relay's pushes, whose order across devices the protocol
// leaves open and whose sizes vary with the DER signature (70 to 72 bytes),
// are compared by count only, and blob sizes not at all.
class Renamer {
 public:
  explicit Renamer(const std::set<std::string>& literal) : literal_(literal) {}

  // normal is a whole answer without its id and detail, which are free.
  json normal(const json& answer) {
    json out = json::object();
    for (const auto& [k, item] : answer.items())
      if (k != "id" && k != "detail") out[k] = value(item, k);
    return out;
  }

 private:
  json value(const json& v, const std::string& key) {
    if (v.is_string()) return name(v.get<std::string>(), key == "url");
    if (v.is_array()) {
      if (key == "pushes") return json{{"count", v.size()}};
      json out = json::array();
      for (const auto& item : v) out.push_back(value(item, {}));
      // A long message's blob is gzip of a message with a random UUID: its
      // size varies by a byte or two.
      if (key == "blobs")
        for (auto& blob : out)
          if (blob.is_object()) blob.erase("size");
      return out;
    }
    if (v.is_object()) {
      json out = json::object();
      for (const auto& [k, item] : v.items()) out[k] = value(item, k);
      return out;
    }
    return v;
  }
  static bool random_looking(const std::string& s) {
    size_t run = 0;
    for (char c : s) {
      const bool hexish = std::isxdigit(static_cast<unsigned char>(c)) || c == '-';
      run = hexish ? run + 1 : 0;
      if (run >= 16) return true;
    }
    return false;
  }
  json name(const std::string& s, bool always) {
    if (literal_.count(s) || !(always || random_looking(s))) return s;
    auto [it, fresh] = names_.emplace(s, "#" + std::to_string(names_.size()));
    return it->second;
  }
  const std::set<std::string>& literal_;
  std::map<std::string, std::string> names_;
};

// top_fields_of keeps of |answer| the members |shape| has: an implementation
// may answer with more fields than the reference, at the top level only.
json top_fields_of(const json& answer, const json& shape) {
  json out = json::object();
  for (const auto& [k, item] : shape.items()) out[k] = answer.contains(k) ? answer.at(k) : json();
  return out;
}

// read_script reads a saved scenario input strictly (REQ-CHECK-7): a script
// name and steps of an op, a request object and captures naming paths.
json read_script(const check::VectorNode& in) {
  in.reject_unknown_members({"scenario", "steps"});
  json steps = json::array();
  for (const auto& step : in["steps"].elements()) {
    step.reject_unknown_members({"op", "request", "capture"});
    json out = {{"op", step["op"].string()}};
    if (step.value().contains("request")) {
      if (!step["request"].value().is_object()) step["request"].fail("is not an object");
      out["request"] = step["request"].value();
    }
    if (step.value().contains("capture")) {
      const auto capture = step["capture"];
      if (!capture.value().is_object()) capture.fail("is not an object");
      for (const auto& [name, path] : capture.value().items())
        out["capture"][name] = capture[name.c_str()].string();
    }
    steps.push_back(std::move(out));
  }
  return json{{"scenario", in["scenario"].string()}, {"steps", std::move(steps)}};
}

Outcome run_script(Session& s, Reference& reference, const json& in) {
  Reply reset = s.call("reset");
  if (!check::is_success(reset))
    return Outcome::failed("reset failed", "success", check::describe(reset));
  reference.answer("reset", json::object());
  json iut_captured = json::object(), ref_captured = json::object();
  std::vector<std::string> sent;
  for (const auto& step : in["steps"]) strings_of(step.value("request", json::object()), sent);
  const std::set<std::string> literal(sent.begin(), sent.end());
  Renamer iut_names(literal), ref_names(literal);
  size_t index = 0;
  for (const auto& step : in["steps"]) {
    ++index;
    const std::string op = step["op"].get<std::string>();
    const json request = step.value("request", json::object());
    Reply iut = s.call(op, check::resolve_references(request, iut_captured));
    const json ref = reference.answer(op, check::resolve_references(request, ref_captured));
    const std::string where = "step " + std::to_string(index) + " (" + op + "): ";
    if (!iut.ok()) return Outcome::failed(where + iut.problem, verdict(ref), check::describe(iut));
    if (verdict(iut.response) != verdict(ref))
      return Outcome::failed(where + "answered otherwise than the reference", verdict(ref),
                             check::describe(iut));
    const json want = ref_names.normal(ref);
    const json got = iut_names.normal(top_fields_of(iut.response, ref));
    if (want != got) return Outcome::failed(where + "answer differs", want.dump(), got.dump());
    if (ref.value("ok", false)) {
      check::capture_from(step, iut.response, iut_captured);
      check::capture_from(step, ref, ref_captured);
    }
  }
  return Outcome::passed();
}

}  // namespace

Result<Target> scenario_target(const check::SuiteContext& ctx,
                               std::shared_ptr<Reference> reference) {
  std::vector<check::Script> scripts;
  std::set<std::string> ops = {"reset", "clock.advance"};
  for (const char* name : {"registration_test.json", "delivery_test.json"}) {
    IMREF_TRY(const json file, check::load_vector_file(ctx, name));
    try {
      for (auto& script : check::scenario_scripts(file, ctx.vectors_dir + "/" + name)) {
        for (const auto& step : script.steps) ops.insert(step["op"].get<std::string>());
        scripts.push_back(std::move(script));
      }
    } catch (const check::MalformedVectorFile& e) {
      return make_error(Errc::invalid_argument, e.what());
    }
  }
  if (scripts.empty() || scripts.size() > 0xffff)
    return make_error(Errc::invalid_argument, "the scenario files hold no scripts, or too many");
  std::vector<Bytes> seeds;
  for (size_t i = 0; i < scripts.size(); ++i)
    seeds.push_back(Bytes{static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)});
  auto shared = std::make_shared<const std::vector<check::Script>>(std::move(scripts));
  auto input = [shared](ByteView data) -> std::optional<json> {
    if (data.size() < 2) return std::nullopt;
    const check::Script& script = (*shared)[((data[0] << 8) | data[1]) % shared->size()];
    return json{{"scenario", script.name}, {"steps", mutate(script.steps, data.subspan(2))}};
  };
  auto check = [reference](Session& s, const json& in) { return run_script(s, *reference, in); };
  return Target{"scenario",
                std::vector<std::string>(ops.begin(), ops.end()),
                2 + 3 * kMaxMutations,
                std::move(seeds),
                input,
                read_script,
                check};
}

}  // namespace imref::iutfuzz
