// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "request_reader.h"

#include <simdjson.h>

#include <cstdint>
#include <string>

namespace imref::shim {

using nlohmann::json;

struct RequestReader::Parser {
  simdjson::dom::parser dom;
};

namespace {

// to_json makes |out| the value json::parse makes of |e|, with its types: an
// integer that is not negative is unsigned (number_unsigned), a negative one
// signed (number_integer), a number with a fraction or an exponent a double
// (both round correctly); an integer beyond 64 bits, which json::parse makes
// a double, is an error in simdjson, so it never gets here. A key given twice
// keeps its last value, as in json::parse. One case the tree cannot tell: a 0
// may have been written -0, which json::parse makes signed (and which a newer
// simdjson makes the double -0.0). to_json sets |zero| for either and the
// caller checks the line.
void to_json(simdjson::dom::element e, json& out, bool& zero) {
  using Type = simdjson::dom::element_type;
  switch (e.type()) {
    case Type::OBJECT: {
      out = json::object();
      for (auto [key, value] : simdjson::dom::object(e))
        to_json(value, out[std::string(key)], zero);
      return;
    }
    case Type::ARRAY: {
      out = json::array();
      for (simdjson::dom::element value : simdjson::dom::array(e)) {
        out.push_back(nullptr);
        to_json(value, out.back(), zero);
      }
      return;
    }
    case Type::STRING:
      out = std::string(std::string_view(e));
      return;
    case Type::INT64: {
      int64_t v = int64_t(e);
      zero = zero || v == 0;
      if (v < 0)
        out = v;
      else
        out = static_cast<uint64_t>(v);
      return;
    }
    case Type::UINT64:
      out = uint64_t(e);
      return;
    case Type::DOUBLE: {
      double v = double(e);
      zero = zero || v == 0;
      out = v;
      return;
    }
    case Type::BOOL:
      out = bool(e);
      return;
    case Type::NULL_VALUE:
      out = nullptr;
      return;
  }
}

}  // namespace

RequestReader::RequestReader() : parser_(std::make_unique<Parser>()) {}

RequestReader::~RequestReader() = default;

json RequestReader::read(std::string_view line) {
  simdjson::dom::element root;
  if (!parser_->dom.parse(line.data(), line.size()).get(root)) {
    json value;
    bool zero = false;
    to_json(root, value, zero);
    if (!zero || line.find("-0") == std::string_view::npos) return value;
  }
  ++fallbacks_;
  return json::parse(line, nullptr, /*allow_exceptions=*/false);
}

}  // namespace imref::shim
