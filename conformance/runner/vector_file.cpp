// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <fstream>
#include <sstream>

#include "suites.h"
#include "vector_node.h"

namespace imref::check {

Result<json> load_json_file(const SuiteContext& ctx, const std::string& name) {
  std::string path = ctx.vectors_dir + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::io_error, "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  json file = json::parse(text.str(), nullptr, false);
  if (file.is_discarded()) return make_error(Errc::invalid_argument, "not JSON: " + path);
  return file;
}

Result<json> load_vector_file(const SuiteContext& ctx, const std::string& name) {
  IMREF_TRY(json file, load_json_file(ctx, name));
  if (!file.contains("testGroups"))
    return make_error(Errc::invalid_argument, "not a vector file: " + ctx.vectors_dir + "/" + name);
  return file;
}

VectorNode::VectorNode(const json& document, std::string file)
    : VectorNode(document, std::move(file), "") {}

VectorNode::VectorNode(const json& value, std::string file, std::string path)
    : value_(&value), file_(std::move(file)), path_(std::move(path)) {}

void VectorNode::fail(const std::string& what) const {
  throw MalformedVectorFile(file_ + ": " + (path_.empty() ? "the document" : path_) + " " + what);
}

VectorNode VectorNode::operator[](const char* key) const {
  if (!value_->is_object()) fail("is not an object");
  auto it = value_->find(key);
  if (it == value_->end()) fail("has no \"" + std::string(key) + "\"");
  return VectorNode(*it, file_, path_.empty() ? key : path_ + "." + key);
}

VectorNode VectorNode::element(size_t index) const {
  if (!value_->is_array()) fail("is not an array");
  if (index >= value_->size())
    fail("has " + std::to_string(value_->size()) + " element(s), needs " +
         std::to_string(index + 1));
  return VectorNode((*value_)[index], file_, path_ + "[" + std::to_string(index) + "]");
}

std::vector<VectorNode> VectorNode::elements() const {
  if (!value_->is_array()) fail("is not an array");
  std::vector<VectorNode> out;
  for (size_t i = 0; i < value_->size(); ++i) out.push_back(element(i));
  return out;
}

std::string VectorNode::string() const {
  if (!value_->is_string()) fail("is not a string");
  return value_->get<std::string>();
}

Bytes VectorNode::hex() const {
  auto bytes = from_hex(string());
  if (!bytes.ok()) fail("is not a hex string");
  return *std::move(bytes);
}

std::string VectorNode::hex_string() const {
  hex();
  return string();
}

int64_t VectorNode::integer() const {
  if (!value_->is_number_integer()) fail("is not an integer");
  if (value_->is_number_unsigned() && value_->get<uint64_t>() > uint64_t(INT64_MAX))
    fail("is out of range");
  return value_->get<int64_t>();
}

int64_t VectorNode::integer_in(int64_t min, int64_t max) const {
  const int64_t v = integer();
  if (v < min || v > max) fail("is outside " + std::to_string(min) + ".." + std::to_string(max));
  return v;
}

uint64_t VectorNode::unsigned_integer() const {
  if (!value_->is_number_integer()) fail("is not an integer");
  if (!value_->is_number_unsigned() && value_->get<int64_t>() < 0) fail("is negative");
  return value_->get<uint64_t>();
}

void VectorNode::reject_unknown_members(std::initializer_list<const char*> known) const {
  if (!value_->is_object()) fail("is not an object");
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    const std::string& key = it.key();  // not a structured binding: clang 14 cannot capture one
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; }))
      fail("has an unknown member \"" + key + "\"");
  }
}

VectorTest read_vector_test(const VectorNode& test) {
  VectorTest t{test["tcId"].integer(), false, {}};
  const std::string result = test["result"].string();
  if (result != "valid" && result != "invalid" && result != "acceptable")
    test["result"].fail("is not valid, invalid or acceptable");
  t.valid = result == "valid";
  if (!t.valid) t.error = test["error"].string();
  return t;
}

Result<std::vector<Case>> build_cases(const std::function<Result<std::vector<Case>>()>& build) {
  try {
    return build();
  } catch (const MalformedVectorFile& e) {
    return make_error(Errc::invalid_argument, std::string("malformed vector file ") + e.what());
  }
}

const std::vector<Suite>& all_suites() {
  static const std::vector<Suite> kSuites = {
      {"identity", identity_suite},         {"pair", pair_suite},
      {"registration", registration_suite}, {"delivery", delivery_suite},
      {"keychain", keychain_suite},         {"pair-ec", pair_ec_suite}};
  return kSuites;
}

}  // namespace imref::check
