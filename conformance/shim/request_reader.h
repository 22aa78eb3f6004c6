// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// RequestReader reads a request line into the value json::parse makes of it
// (json::parse(line, nullptr, false): discarded if the line is not JSON).
// simdjson parses the line; its tree becomes the nlohmann::json the ops read,
// with nlohmann's number types. A line simdjson refuses, or one whose value
// simdjson cannot tell apart (see request_reader.cpp), goes to json::parse,
// so every line gets the same value, and the same answer, as before.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

namespace imref::shim {

class RequestReader {
 public:
  RequestReader();
  ~RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  nlohmann::json read(std::string_view line);

  // How many lines went to json::parse (for tests).
  size_t fallbacks() const { return fallbacks_; }

 private:
  struct Parser;  // simdjson's parser, kept with its buffers from line to line
  std::unique_ptr<Parser> parser_;
  size_t fallbacks_ = 0;
};

}  // namespace imref::shim
