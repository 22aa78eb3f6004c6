// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "wire_targets.h"

#include <algorithm>
#include <cctype>

#include "envelope_json.h"
#include "imref/envelope.h"

namespace imref::iutfuzz {

namespace {

using check::Outcome;
using check::Reply;
using check::Session;

Bytes unhex(const json& v) {
  return from_hex(v.get<std::string>()).value();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// verdict compares the implementation's verdict with the reference's: the
// same success or the same error code. nullopt when both succeeded.
std::optional<Outcome> verdict(const Reply& iut, const json& ref) {
  const bool ref_ok = ref.value("ok", false);
  const std::string want = ref_ok ? "success" : "error " + ref.value("error", std::string());
  if (!iut.ok()) return Outcome::failed(iut.problem, want, check::describe(iut));
  const bool iut_ok = iut.response.value("ok", false);
  if (ref_ok != iut_ok)
    return Outcome::failed(ref_ok ? "refused an input the reference accepts"
                                  : "accepted an input the reference refuses",
                           want, check::describe(iut));
  if (!ref_ok) {
    if (iut.response.value("error", std::string()) != ref.value("error", std::string()))
      return Outcome::failed("wrong error class", want, check::describe(iut));
    return Outcome::passed();
  }
  return std::nullopt;
}

Outcome compare_fields(const Reply& iut, const json& ref, std::vector<std::string> fields) {
  if (auto v = verdict(iut, ref)) return *v;
  for (const std::string& f : fields) {
    std::string want = ref.value(f, std::string());
    std::string got = lower(check::field_string(iut, f.c_str()));
    if (got != want) return Outcome::failed("wrong " + f, want, got);
  }
  return Outcome::passed();
}

// lower_hex lower-cases an envelope's hex members.
json lower_hex(json e) {
  if (!e.is_object()) return e;
  for (const char* k : {"U", "t", "P", "sT"})
    if (e.contains(k) && e[k].is_string()) e[k] = lower(e[k].get<std::string>());
  if (e.contains("dtl") && e["dtl"].is_array())
    for (json& entry : e["dtl"]) entry = lower_hex(entry);
  return e;
}

// An attachment.decrypt input: [key length] key [signature length] signature
// ciphertext; lengths past the end take what is there.
std::optional<json> decrypt_input(ByteView data) {
  auto take = [&data](size_t n) {
    n = std::min(n, data.size());
    Bytes out(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
    data = data.subspan(n);
    return out;
  };
  if (data.empty()) return std::nullopt;
  Bytes key = take(take(1)[0] % 64);
  if (data.empty()) return std::nullopt;
  Bytes sig = take(take(1)[0] % 64);
  return json{
      {"ciphertext", to_hex(data)}, {"decryption_key", to_hex(key)}, {"signature", to_hex(sig)}};
}

Bytes decrypt_seed(const json& t) {
  Bytes key = unhex(t.at("decryption_key")), sig = unhex(t.at("signature"));
  Bytes out{static_cast<uint8_t>(key.size())};
  append(out, key);
  out.push_back(static_cast<uint8_t>(sig.size()));
  append(out, sig);
  append(out, unhex(t.at("ciphertext")));
  return out;
}

json read_members(const check::VectorNode& in, std::initializer_list<const char*> names) {
  in.reject_unknown_members(names);
  json request = json::object();
  for (const char* name : names) request[name] = in[name].hex_string();
  return request;
}

Target attachment_decrypt(const json& file, std::shared_ptr<Reference> reference) {
  std::vector<Bytes> seeds;
  for (const auto& g : file.at("testGroups"))
    if (g.at("type") == "AttachmentTest")
      for (const auto& t : g.at("tests")) seeds.push_back(decrypt_seed(t));
  auto check = [reference](Session& s, const json& in) {
    return compare_fields(s.call("attachment.decrypt", in),
                          reference->answer("attachment.decrypt", in), {"content"});
  };
  return Target{"attachment.decrypt",
                {"attachment.decrypt"},
                4096,
                std::move(seeds),
                decrypt_input,
                [](const check::VectorNode& in) {
                  return read_members(in, {"ciphertext", "decryption_key", "signature"});
                },
                check};
}

// An attachment.encrypt input: the key (32 bytes) then the content; a
// shorter input is all key (refused by both).
Target attachment_encrypt(const json& file, std::shared_ptr<Reference> reference) {
  std::vector<Bytes> seeds;
  for (const auto& g : file.at("testGroups"))
    if (g.at("type") == "AttachmentTest")
      for (const auto& t : g.at("tests"))
        if (t.at("result") == "valid") {
          Bytes seed = unhex(t.at("key"));
          append(seed, unhex(t.at("content")));
          seeds.push_back(std::move(seed));
        }
  auto input = [](ByteView data) -> std::optional<json> {
    size_t k = std::min<size_t>(32, data.size());
    return json{{"key", to_hex(data.first(k))}, {"content", to_hex(data.subspan(k))}};
  };
  auto check = [reference](Session& s, const json& in) {
    return compare_fields(s.call("attachment.encrypt", in),
                          reference->answer("attachment.encrypt", in),
                          {"ciphertext", "decryption_key", "signature"});
  };
  return Target{"attachment.encrypt",
                {"attachment.encrypt"},
                4096,
                std::move(seeds),
                input,
                [](const check::VectorNode& in) {
                  return read_members(in, {"key", "content"});
                },
                check};
}

std::vector<Bytes> envelope_seeds(const json& file) {
  std::vector<Bytes> seeds;
  for (const auto& g : file.at("testGroups"))
    if (g.at("type") == "EnvelopeTest")
      for (const auto& t : g.at("tests")) seeds.push_back(unhex(t.at("bytes")));
  return seeds;
}

Target envelope_decode(const json& file, std::shared_ptr<Reference> reference) {
  auto check = [reference](Session& s, const json& in) {
    Reply reply = s.call("envelope.decode", in);
    json ref = reference->answer("envelope.decode", in);
    if (auto v = verdict(reply, ref)) return *v;
    json got = lower_hex(reply.response.value("envelope", json()));
    if (got != ref.at("envelope"))
      return Outcome::failed("wrong envelope", ref.at("envelope").dump(), got.dump());
    return Outcome::passed();
  };
  return Target{"envelope.decode",
                {"envelope.decode"},
                16384,
                envelope_seeds(file),
                [](ByteView data) -> std::optional<json> {
                  return json{{"bytes", to_hex(data)}};
                },
                [](const check::VectorNode& in) { return read_members(in, {"bytes"}); },
                check};
}

// envelope.encode: the bytes are an envelope the reference decodes (nullopt
// otherwise); its JSON form is sent, and the implementation's bytes must
// decode, with the reference, to the same envelope.
Target envelope_encode(const json& file) {
  auto input = [](ByteView data) -> std::optional<json> {
    auto e = envelope::decode(data);
    if (!e.ok()) return std::nullopt;
    return json{{"envelope", conformance::envelope_json(*e)}};
  };
  auto read = [](const check::VectorNode& in) {
    in.reject_unknown_members({"envelope"});
    if (!in["envelope"].value().is_object()) in["envelope"].fail("is not an object");
    return json{{"envelope", in["envelope"].value()}};
  };
  auto check = [](Session& s, const json& in) {
    Reply reply = s.call("envelope.encode", in);
    if (!check::is_success(reply))
      return Outcome::failed("refused to encode a valid envelope", "success",
                             check::describe(reply));
    auto bytes = from_hex(check::field_string(reply, "bytes"));
    if (!bytes.ok()) return Outcome::failed("bytes is not hex", "hex", reply.response.dump());
    auto e = envelope::decode(*bytes);
    if (!e.ok())
      return Outcome::failed("the reference refuses the bytes", in.at("envelope").dump(),
                             e.error().detail);
    json got = conformance::envelope_json(*e);
    if (got != in.at("envelope"))
      return Outcome::failed("the bytes hold another envelope", in.at("envelope").dump(),
                             got.dump());
    return Outcome::passed();
  };
  return Target{
      "envelope.encode", {"envelope.encode"}, 16384, envelope_seeds(file), input, read, check};
}

}  // namespace

Result<std::vector<Target>> wire_targets(const check::SuiteContext& ctx,
                                         std::shared_ptr<Reference> reference) {
  IMREF_TRY(const json file, check::load_vector_file(ctx, "message_wire_test.json"));
  std::vector<Target> out;
  out.push_back(attachment_encrypt(file, reference));
  out.push_back(attachment_decrypt(file, reference));
  out.push_back(envelope_decode(file, reference));
  out.push_back(envelope_encode(file));
  return out;
}

}  // namespace imref::iutfuzz
