// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Strict reading of a vector file's JSON for the suite builders, and of a
// case file's input for its replay (case_file.h). Every step checks the shape
// it expects and throws MalformedVectorFile naming the file and the JSON
// path; the builders and `imref check --case` turn that into their problem,
// so a file of the wrong shape makes `imref check` exit 2 with a clear
// message, never crash. (nlohmann's own const operator[] on a missing key is undefined
// behaviour, and its exceptions name no path: findings F1 and F3 in
// docs/fuzzing.md.)
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "case.h"
#include "imref/bytes.h"

namespace imref::check {

class MalformedVectorFile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// VectorNode is a view of one value in a parsed vector file, with the file's
// path and the value's path for messages ("DIR/pair_open_test.json:
// testGroups[1].tests[3].payload is not a hex string"). It points into the
// document: keep it only while the document lives, and copy out (string(),
// hex(), value()) whatever outlives the building.
class VectorNode {
 public:
  // The root of |document|, read from |file|.
  VectorNode(const nlohmann::json& document, std::string file);
  // |value| as the member at |path| of |file| (a case file's "input").
  VectorNode(const nlohmann::json& value, std::string file, std::string path);

  // operator[] is a member of an object, element(i) an element of an
  // array; either must be there.
  VectorNode operator[](const char* key) const;
  VectorNode element(size_t index) const;
  std::vector<VectorNode> elements() const;  // of an array
  std::string string() const;
  Bytes hex() const;               // a string of hex digits
  std::string hex_string() const;  // the same, as it is written
  int64_t integer() const;
  int64_t integer_in(int64_t min, int64_t max) const;  // an integer from min to max
  uint64_t unsigned_integer() const;                   // any integer from 0 up
  // reject_unknown_members fails unless this is an object whose every member
  // is one of |known|: a misspelt optional member must not pass unread.
  void reject_unknown_members(std::initializer_list<const char*> known) const;
  const nlohmann::json& value() const { return *value_; }

  // fail throws MalformedVectorFile: "FILE: PATH what".
  [[noreturn]] void fail(const std::string& what) const;

 private:
  const nlohmann::json* value_;
  std::string file_, path_;
};

// VectorTest is what every vector test says about its outcome: valid, or an
// error code ("acceptable" counts as not valid and names the error too);
// the requirements it covers, and for an input that breaks several rules
// each rule's class ("acceptable_errors", REQ-CHECK-11).
struct VectorTest {
  int64_t tc_id;
  bool valid;
  std::string error;  // empty when valid
  std::vector<std::string> requirements{};
  std::vector<AnyOf> any_of{};
};
VectorTest read_vector_test(const VectorNode& test);
// with_requirements gives |c| the requirements and rules of |test|.
Case with_requirements(Case c, const VectorTest& test);

}  // namespace imref::check
