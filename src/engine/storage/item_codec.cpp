#include "engine/storage/item_codec.h"

namespace sb::engine::storage {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Item;
using protocol::Number;

namespace {

enum Tag : unsigned char {
  kS = 0x01, kN, kB, kBool, kNull, kM, kL, kSS, kNS, kBS
};

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutString(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}

void PutValue(const AttributeValue& v, std::string* out);

void PutMap(const protocol::AttributeMap& m, std::string* out) {
  PutVarint(m.size(), out);
  for (const auto& [name, value] : m) {
    PutString(name, out);
    PutValue(value, out);
  }
}

void PutValue(const AttributeValue& v, std::string* out) {
  switch (v.type()) {
    case AttrType::S: out->push_back(kS); PutString(v.s(), out); break;
    case AttrType::N: out->push_back(kN); PutString(v.n().ToString(), out); break;
    case AttrType::B: out->push_back(kB); PutString(v.b(), out); break;
    case AttrType::BOOL:
      out->push_back(kBool);
      out->push_back(v.boolean() ? 1 : 0);
      break;
    case AttrType::NUL: out->push_back(kNull); break;
    case AttrType::M: out->push_back(kM); PutMap(v.m(), out); break;
    case AttrType::L:
      out->push_back(kL);
      PutVarint(v.l().size(), out);
      for (const auto& e : v.l()) PutValue(e, out);
      break;
    case AttrType::SS:
      out->push_back(kSS);
      PutVarint(v.ss().size(), out);
      for (const auto& e : v.ss()) PutString(e, out);
      break;
    case AttrType::NS:
      out->push_back(kNS);
      PutVarint(v.ns().size(), out);
      for (const auto& e : v.ns()) PutString(e.ToString(), out);
      break;
    case AttrType::BS:
      out->push_back(kBS);
      PutVarint(v.bs().size(), out);
      for (const auto& e : v.bs()) PutString(e, out);
      break;
  }
}

// A bounds-checked reader; every failure sets ok = false and yields empty values.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      auto b = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail();
  }
  // A count of things each at least one byte long, so it cannot exceed what is left.
  uint64_t Count() {
    uint64_t n = Varint();
    if (n > in_.size() - pos_) return Fail();
    return n;
  }
  std::string_view String() {
    uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) {
      Fail();
      return {};
    }
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  unsigned char Byte() {
    if (pos_ >= in_.size()) return static_cast<unsigned char>(Fail());
    return static_cast<unsigned char>(in_[pos_++]);
  }
  uint64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

constexpr int kMaxDepth = 64;

bool ReadMap(Reader& r, protocol::AttributeMap* out, int depth);

bool ReadNumber(Reader& r, Number* out) {
  auto n = Number::Parse(r.String());
  if (!r.ok() || !n.ok()) return false;
  *out = std::move(n).value();
  return true;
}

bool ReadValue(Reader& r, AttributeValue* out, int depth) {
  if (depth > kMaxDepth) return false;
  const unsigned char tag = r.Byte();
  switch (tag) {
    case kS: *out = AttributeValue::S(std::string(r.String())); return r.ok();
    case kN: {
      Number n;
      if (!ReadNumber(r, &n)) return false;
      *out = AttributeValue::N(std::move(n));
      return true;
    }
    case kB: *out = AttributeValue::B(std::string(r.String())); return r.ok();
    case kBool: {
      unsigned char b = r.Byte();
      if (!r.ok() || b > 1) return false;
      *out = AttributeValue::Bool(b == 1);
      return true;
    }
    case kNull: *out = AttributeValue::MakeNull(); return r.ok();
    case kM: {
      protocol::AttributeMap m;
      if (!ReadMap(r, &m, depth + 1)) return false;
      *out = AttributeValue::M(std::move(m));
      return true;
    }
    case kL: {
      uint64_t n = r.Count();
      protocol::AttributeList l;
      l.reserve(n);
      for (uint64_t i = 0; i < n && r.ok(); ++i) {
        if (!ReadValue(r, &l.emplace_back(), depth + 1)) return false;
      }
      *out = AttributeValue::L(std::move(l));
      return r.ok();
    }
    case kSS:
    case kBS: {
      const bool binary = tag == kBS;
      uint64_t n = r.Count();
      AttributeValue::StringSet set;
      for (uint64_t i = 0; i < n && r.ok(); ++i) set.emplace(r.String());
      if (!r.ok()) return false;
      *out = binary ? AttributeValue::BS(std::move(set)) : AttributeValue::SS(std::move(set));
      return true;
    }
    case kNS: {
      uint64_t n = r.Count();
      AttributeValue::NumberSet set;
      for (uint64_t i = 0; i < n && r.ok(); ++i) {
        Number num;
        if (!ReadNumber(r, &num)) return false;
        set.insert(std::move(num));
      }
      *out = AttributeValue::NS(std::move(set));
      return r.ok();
    }
    default: return false;
  }
}

bool ReadMap(Reader& r, protocol::AttributeMap* out, int depth) {
  uint64_t n = r.Count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string name(r.String());
    AttributeValue v;
    if (!r.ok() || !ReadValue(r, &v, depth)) return false;
    out->emplace_hint(out->end(), std::move(name), std::move(v));
  }
  return r.ok();
}

}  // namespace

void AppendItem(const Item& item, std::string* out) { PutMap(item, out); }

std::string EncodeItem(const Item& item) {
  std::string out;
  out.reserve(64);
  PutMap(item, &out);
  return out;
}

Result<Item> DecodeItem(std::string_view bytes) {
  Reader r(bytes);
  Item item;
  if (!ReadMap(r, &item, 0) || !r.done()) {
    return MakeError("corrupt", "stored item is malformed");
  }
  return item;
}

}  // namespace sb::engine::storage
