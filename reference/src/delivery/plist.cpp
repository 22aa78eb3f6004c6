// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// bplist00, every type deployed clients write (REQ-PLIST-*, REQ-MESSAGE-2, -3).
// The layout is described in imref/plist.h.
#include "imref/plist.h"

#include <bit>
#include <cstring>
#include <set>

#include "imref/internal/defects.h"

namespace imref::plist {
namespace {

Error malformed(std::string detail) {
  return make_error(Errc::malformed_message, std::move(detail));
}

void put_be(Bytes& out, uint64_t v, size_t n) {
  for (size_t i = n; i-- > 0;) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

size_t bytes_for(uint64_t v) {
  size_t n = 1;
  while (n < 8 && v >> (8 * n)) ++n;
  return n;
}

// utf8_to_utf16 decodes strict UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool utf8_to_utf16(std::string_view s, std::u16string& out, bool& ascii) {
  ascii = true;
  for (size_t i = 0; i < s.size();) {
    uint8_t c = static_cast<uint8_t>(s[i]);
    uint32_t cp;
    size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      uint8_t cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp >= 0x80) ascii = false;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 | (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 | (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += len;
  }
  return true;
}

void put_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// ---------------------------------------------------------------------------
// Encoder: objects are numbered depth-first, the top object 0.

// count_objects counts |v|'s objects, or returns 0 when it nests deeper
// than kMaxDepth (the decoder could not read it back).
size_t count_objects(const Value& v, size_t depth = 0) {
  if (depth > kMaxDepth) return 0;
  size_t n = 1;
  if (auto* a = std::get_if<Array>(&v.v)) {
    for (const auto& e : *a) {
      size_t c = count_objects(e, depth + 1);
      if (c == 0) return 0;
      n += c;
    }
  } else if (auto* d = std::get_if<Dict>(&v.v)) {
    for (const auto& [k, e] : *d) {
      size_t c = count_objects(e, depth + 1);
      if (c == 0) return 0;
      n += 1 + c;
    }
  }
  return n;
}

class Writer {
 public:
  explicit Writer(size_t objects) : ref_size_(bytes_for(objects)) { out_ = to_bytes("bplist00"); }

  Status write(const Value& v) {
    offsets_.push_back(out_.size());
    if (auto* b = std::get_if<bool>(&v.v)) {
      out_.push_back(*b ? 0x09 : 0x08);
    } else if (auto* i = std::get_if<int64_t>(&v.v)) {
      put_int(*i);
    } else if (auto* u = std::get_if<uint64_t>(&v.v)) {
      if (*u <= static_cast<uint64_t>(INT64_MAX)) {
        put_int(static_cast<int64_t>(*u));
      } else {
        out_.push_back(0x14);
        put_be(out_, 0, 8);
        put_be(out_, *u, 8);
      }
    } else if (auto* r = std::get_if<Real>(&v.v)) {
      out_.push_back(0x23);
      put_be(out_, std::bit_cast<uint64_t>(r->value), 8);
    } else if (auto* t = std::get_if<Date>(&v.v)) {
      out_.push_back(0x33);
      put_be(out_, std::bit_cast<uint64_t>(t->seconds_since_2001), 8);
    } else if (auto* id = std::get_if<Uid>(&v.v)) {
      size_t n = bytes_for(id->value);
      if (n == 3) n = 4;
      if (n > 4) n = 8;
      out_.push_back(static_cast<uint8_t>(0x80 | (n - 1)));
      put_be(out_, id->value, n);
    } else if (std::holds_alternative<Null>(v.v)) {
      out_.push_back(0x00);
    } else if (auto* s = std::get_if<std::string>(&v.v)) {
      IMREF_CHECK(put_string(*s));
    } else if (auto* d = std::get_if<Bytes>(&v.v)) {
      put_marker(0x40, d->size());
      append(out_, *d);
    } else if (auto* a = std::get_if<Array>(&v.v)) {
      put_marker(0xA0, a->size());
      // Children follow this object in depth-first order: their numbers are
      // known before they are written.
      size_t at = out_.size();
      out_.resize(at + a->size() * ref_size_);
      for (size_t k = 0; k < a->size(); ++k) {
        patch_ref(at + k * ref_size_, offsets_.size());
        IMREF_CHECK(write((*a)[k]));
      }
    } else {
      const auto& dict = std::get<Dict>(v.v);
      std::set<std::string_view> keys;
      for (const auto& [k, e] : dict)
        if (!keys.insert(k).second) return make_error(Errc::invalid_argument, "duplicate key");
      put_marker(0xD0, dict.size());
      size_t at = out_.size();
      out_.resize(at + 2 * dict.size() * ref_size_);
      for (size_t k = 0; k < dict.size(); ++k) {
        patch_ref(at + k * ref_size_, offsets_.size());
        IMREF_CHECK(write(Value(dict[k].first)));
        patch_ref(at + (dict.size() + k) * ref_size_, offsets_.size());
        IMREF_CHECK(write(dict[k].second));
      }
    }
    return ok_status();
  }

  Bytes finish() {
    uint64_t table = out_.size();
    size_t offset_size = bytes_for(table);
    for (size_t o : offsets_) put_be(out_, o, offset_size);
    out_.insert(out_.end(), 6, 0);
    out_.push_back(static_cast<uint8_t>(offset_size));
    out_.push_back(static_cast<uint8_t>(ref_size_));
    put_be(out_, offsets_.size(), 8);
    put_be(out_, 0, 8);
    put_be(out_, table, 8);
    return std::move(out_);
  }

 private:
  void put_int(int64_t i) {
    if (i < 0 || i > 0xFFFFFFFF) {
      out_.push_back(0x13);
      put_be(out_, static_cast<uint64_t>(i), 8);
    } else if (i > 0xFFFF) {
      out_.push_back(0x12);
      put_be(out_, static_cast<uint64_t>(i), 4);
    } else if (i > 0xFF) {
      out_.push_back(0x11);
      put_be(out_, static_cast<uint64_t>(i), 2);
    } else {
      out_.push_back(0x10);
      out_.push_back(static_cast<uint8_t>(i));
    }
  }
  void put_marker(uint8_t type, size_t count) {
    if (count < 15) {
      out_.push_back(static_cast<uint8_t>(type | count));
    } else {
      out_.push_back(static_cast<uint8_t>(type | 0x0F));
      put_int(static_cast<int64_t>(count));
    }
  }
  Status put_string(const std::string& s) {
    std::u16string units;
    bool ascii;
    if (!utf8_to_utf16(s, units, ascii)) return make_error(Errc::invalid_argument, "not UTF-8");
    if (ascii) {
      put_marker(0x50, s.size());
      append(out_, to_bytes(s));
    } else {
      put_marker(0x60, units.size());
      for (char16_t u : units) put_be(out_, u, 2);
    }
    return ok_status();
  }
  void patch_ref(size_t at, uint64_t ref) {
    for (size_t i = 0; i < ref_size_; ++i)
      out_[at + i] = static_cast<uint8_t>(ref >> (8 * (ref_size_ - 1 - i)));
  }

  Bytes out_;
  std::vector<size_t> offsets_;
  size_t ref_size_;
};

// ---------------------------------------------------------------------------
// Decoder.

uint64_t get_be(ByteView b, size_t at, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | b[at + i];
  return v;
}

class Reader {
 public:
  Reader(ByteView data, size_t offset_size, size_t ref_size, uint64_t objects, uint64_t table)
      : d_(data),
        offset_size_(offset_size),
        ref_size_(ref_size),
        objects_(objects),
        table_(table),
        on_path_(objects, false) {}

  Result<Value> object(uint64_t ref, size_t depth) {
    if (ref >= objects_) return malformed("reference out of range");
    if (on_path_[ref]) return malformed("cycle");
    if (depth > kMaxDepth) return malformed("nested too deep");
    if (++visited_ > kMaxObjects) return malformed("too many objects");
    uint64_t at = get_be(d_, table_ + ref * offset_size_, offset_size_);
    if (at < 8 || at >= table_) return malformed("offset out of range");
    uint8_t marker = d_[at];
    uint8_t type = marker >> 4, low = marker & 0x0F;
    pos_ = at + 1;
    switch (type) {
      case 0x0:
        if (low == 0x0) return Value(Null{});
        if (low == 0x8) return Value(false);
        if (low == 0x9) return Value(true);
        return malformed("unsupported object");
      case 0x1: {
        if (low == 4) {
          // A 16-byte integer: CoreFoundation writes one for an unsigned
          // 64-bit value above 2^63-1; only that range is taken.
          IMREF_TRY(ByteView b, take(16));
          if (get_be(b, 0, 8) != 0) return malformed("integer wider than 64 bits");
          return Value(get_be(b, 8, 8));
        }
        IMREF_TRY(int64_t i, integer(low));
        return Value(i);
      }
      case 0x2: {
        if (low == 2) {
          IMREF_TRY(ByteView b, take(4));
          return Value(Real{std::bit_cast<float>(static_cast<uint32_t>(get_be(b, 0, 4)))});
        }
        if (low != 3) return malformed("real of a size other than 4 or 8 bytes");
        IMREF_TRY(ByteView b, take(8));
        return Value(Real{std::bit_cast<double>(get_be(b, 0, 8))});
      }
      case 0x3: {
        if (low != 3) return malformed("date that is not an 8-byte double");
        IMREF_TRY(ByteView b, take(8));
        return Value(Date{std::bit_cast<double>(get_be(b, 0, 8))});
      }
      case 0x8: {
        if (low != 0 && low != 1 && low != 3 && low != 7)
          return malformed("UID of a size other than 1, 2, 4 or 8 bytes");
        IMREF_TRY(ByteView b, take(size_t{low} + 1));
        return Value(Uid{get_be(b, 0, size_t{low} + 1)});
      }
      case 0x4: {
        IMREF_TRY(size_t n, count(low));
        IMREF_TRY(ByteView b, take(n));
        return Value(Bytes(b.begin(), b.end()));
      }
      case 0x5: {
        IMREF_TRY(size_t n, count(low));
        IMREF_TRY(ByteView b, take(n));
        for (uint8_t c : b)
          if (c >= 0x80) return malformed("non-ASCII byte in an ASCII string");
        return Value(std::string(b.begin(), b.end()));
      }
      case 0x6: {
        IMREF_TRY(size_t n, count(low));
        if (n > kMaxDecodedBytes) return malformed("string too long");
        IMREF_TRY(ByteView b, take(2 * n));
        IMREF_TRY(std::string s, utf16(b));
        return Value(std::move(s));
      }
      case 0xA: {
        IMREF_TRY(size_t n, count(low));
        IMREF_TRY(ByteView refs, take_refs(n));
        on_path_[ref] = true;
        Array out;
        for (size_t k = 0; k < n; ++k) {
          IMREF_TRY(Value e, object(get_be(refs, k * ref_size_, ref_size_), depth + 1));
          out.push_back(std::move(e));
        }
        on_path_[ref] = false;
        return Value(std::move(out));
      }
      case 0xD: {
        IMREF_TRY(size_t n, count(low));
        if (n > objects_) return malformed("dict too large");
        IMREF_TRY(ByteView refs, take_refs(2 * n));
        on_path_[ref] = true;
        Dict out;
        std::set<std::string> keys;
        for (size_t k = 0; k < n; ++k) {
          IMREF_TRY(Value key, object(get_be(refs, k * ref_size_, ref_size_), depth + 1));
          auto* name = std::get_if<std::string>(&key.v);
          if (!name) return malformed("dict key is not a string");
          bool fresh = keys.insert(*name).second;
          if (!fresh && !defects::on(defects::Defect::plist_duplicate_keys))
            return malformed("duplicate dict key");
          IMREF_TRY(Value e, object(get_be(refs, (n + k) * ref_size_, ref_size_), depth + 1));
          if (fresh) {
            out.emplace_back(*name, std::move(e));
          } else {
            for (auto& entry : out)
              if (entry.first == *name) entry.second = std::move(e);
          }
        }
        on_path_[ref] = false;
        return Value(std::move(out));
      }
      default:
        return malformed("unsupported object");
    }
  }

 private:
  Result<int64_t> integer(uint8_t low) {
    if (low > 3) return malformed("integer wider than 8 bytes");
    size_t n = size_t{1} << low;
    IMREF_TRY(ByteView b, take(n));
    return static_cast<int64_t>(get_be(b, 0, n));  // 8 bytes: two's complement
  }
  Result<size_t> count(uint8_t low) {
    if (low != 0x0F) return size_t{low};
    if (pos_ >= table_) return malformed("truncated object");
    uint8_t marker = d_[pos_++];
    if ((marker >> 4) != 0x1) return malformed("count is not an integer");
    IMREF_TRY(int64_t n, integer(marker & 0x0F));
    if (n < 15) return malformed("count under 15 written as an integer");
    if (static_cast<uint64_t>(n) > table_) return malformed("count out of range");
    return static_cast<size_t>(n);
  }
  Result<ByteView> take(size_t n) {
    if (n > table_ - pos_) return malformed("object runs into the offset table");
    ByteView out = d_.subspan(pos_, n);
    pos_ += n;
    if (n > kMaxDecodedBytes - decoded_bytes_) return malformed("too many decoded bytes");
    decoded_bytes_ += n;
    return out;
  }
  Result<ByteView> take_refs(size_t n) {
    if (n > (table_ - pos_) / ref_size_) return malformed("references run into the offset table");
    ByteView out = d_.subspan(pos_, n * ref_size_);
    pos_ += n * ref_size_;
    return out;
  }
  Result<std::string> utf16(ByteView b) {
    std::string out;
    for (size_t i = 0; i < b.size(); i += 2) {
      uint32_t u = static_cast<uint32_t>(get_be(b, i, 2));
      if (u >= 0xDC00 && u <= 0xDFFF) return malformed("lone low surrogate");
      if (u >= 0xD800 && u <= 0xDBFF) {
        if (i + 4 > b.size()) return malformed("lone high surrogate");
        uint32_t lo = static_cast<uint32_t>(get_be(b, i + 2, 2));
        if (lo < 0xDC00 || lo > 0xDFFF) return malformed("lone high surrogate");
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
      put_utf8(out, u);
    }
    return out;
  }

  ByteView d_;
  size_t offset_size_, ref_size_;
  uint64_t objects_, table_;
  std::vector<bool> on_path_;
  size_t pos_ = 0;
  size_t visited_ = 0;
  size_t decoded_bytes_ = 0;
};

}  // namespace

std::optional<int64_t> as_int(const Value& value) {
  if (auto* i = std::get_if<int64_t>(&value.v)) return *i;
  return std::nullopt;
}

std::optional<uint64_t> as_uint(const Value& value) {
  if (auto* i = std::get_if<int64_t>(&value.v)) {
    if (*i < 0) return std::nullopt;
    return static_cast<uint64_t>(*i);
  }
  if (auto* u = std::get_if<uint64_t>(&value.v)) return *u;
  return std::nullopt;
}

const Value* find(const Dict& dict, std::string_view key) {
  for (const auto& [k, v] : dict)
    if (k == key) return &v;
  return nullptr;
}

Result<Bytes> encode(const Value& value) {
  size_t objects = count_objects(value);
  if (objects == 0) return make_error(Errc::invalid_argument, "nested deeper than kMaxDepth");
  Writer w(objects);
  IMREF_CHECK(w.write(value));
  return w.finish();
}

Result<Value> decode(ByteView data) {
  constexpr size_t kTrailer = 32;
  if (data.size() < 8 + 1 + 1 + kTrailer || std::memcmp(data.data(), "bplist00", 8) != 0)
    return malformed("not a bplist00");
  ByteView t = data.last(kTrailer);
  for (size_t i = 0; i < 6; ++i)
    if (t[i] != 0) return malformed("reserved trailer bytes not zero");
  size_t offset_size = t[6], ref_size = t[7];
  uint64_t objects = get_be(t, 8, 8), top = get_be(t, 16, 8), table = get_be(t, 24, 8);
  if (offset_size < 1 || offset_size > 8 || ref_size < 1 || ref_size > 8)
    return malformed("bad offset or reference size");
  uint64_t table_end = data.size() - kTrailer;
  if (objects < 1 || top >= objects || table < 9 || table > table_end ||
      objects > (table_end - table) / offset_size || objects * offset_size != table_end - table)
    return malformed("offset table does not end at the trailer");
  if (ref_size < 8 && (objects - 1) >> (8 * ref_size)) return malformed("reference size too small");
  return Reader(data, offset_size, ref_size, objects, table).object(top, 0);
}

}  // namespace imref::plist
