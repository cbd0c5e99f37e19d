// AttributeValue: DynamoDB's typed value (S, N, B, BOOL, NULL, M, L, SS, NS, BS) and Item.
//
// A value type with structural equality. Sets are kept sorted and duplicate-free (SS and BS
// by bytes, NS numerically), so equal sets compare equal whatever order the client sent.
// Maps are ordered by attribute name. Binary values hold raw bytes (not base64).
// Thread-compatible.
#pragma once

#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "protocol/dynamodb/number.h"

namespace sb::protocol {

class AttributeValue;
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using AttributeList = std::vector<AttributeValue>;
using Item = AttributeMap;  // a top-level item: attribute name -> value

struct Binary {
  std::string bytes;
  auto operator<=>(const Binary&) const = default;
};
struct Null {
  auto operator<=>(const Null&) const = default;
};

enum class AttrType { S, N, B, BOOL, NUL, M, L, SS, NS, BS };
// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"
std::string_view AttrTypeName(AttrType t);

class AttributeValue {
 public:
  using StringSet = std::set<std::string>;
  using NumberSet = std::set<Number>;
  using BinarySet = std::set<std::string>;  // raw bytes

  AttributeValue() : v_(Null{}) {}

  static AttributeValue S(std::string s) { return AttributeValue(AttrType::S, std::move(s)); }
  static AttributeValue N(Number n) { return AttributeValue(std::move(n)); }
  static AttributeValue B(std::string bytes) { return AttributeValue(Binary{std::move(bytes)}); }
  static AttributeValue Bool(bool b) { return AttributeValue(b); }
  static AttributeValue MakeNull() { return AttributeValue(); }
  static AttributeValue M(AttributeMap m) { return AttributeValue(std::move(m)); }
  static AttributeValue L(AttributeList l) { return AttributeValue(std::move(l)); }
  static AttributeValue SS(StringSet s) { return AttributeValue(AttrType::SS, std::move(s)); }
  static AttributeValue NS(NumberSet s) { return AttributeValue(std::move(s)); }
  static AttributeValue BS(BinarySet s) { return AttributeValue(AttrType::BS, std::move(s)); }

  AttrType type() const { return type_; }
  bool is(AttrType t) const { return type_ == t; }

  // REQUIRES: the matching type.
  const std::string& s() const { return std::get<std::string>(v_); }
  const Number& n() const { return std::get<Number>(v_); }
  const std::string& b() const { return std::get<Binary>(v_).bytes; }
  bool boolean() const { return std::get<bool>(v_); }
  const AttributeMap& m() const { return std::get<AttributeMap>(v_); }
  AttributeMap& m() { return std::get<AttributeMap>(v_); }
  const AttributeList& l() const { return std::get<AttributeList>(v_); }
  AttributeList& l() { return std::get<AttributeList>(v_); }
  const StringSet& ss() const { return std::get<StringSet>(v_); }  // SS or BS
  const NumberSet& ns() const { return std::get<NumberSet>(v_); }
  const BinarySet& bs() const { return std::get<StringSet>(v_); }

  friend bool operator==(const AttributeValue& a, const AttributeValue& b) {
    return a.type_ == b.type_ && a.v_ == b.v_;
  }

 private:
  using Variant = std::variant<Null, std::string, Number, Binary, bool, AttributeMap, AttributeList,
                               StringSet, NumberSet>;
  AttributeValue(AttrType t, std::string s) : type_(t), v_(std::move(s)) {}
  AttributeValue(AttrType t, StringSet s) : type_(t), v_(std::move(s)) {}
  explicit AttributeValue(Number n) : type_(AttrType::N), v_(std::move(n)) {}
  explicit AttributeValue(Binary b) : type_(AttrType::B), v_(std::move(b)) {}
  explicit AttributeValue(bool b) : type_(AttrType::BOOL), v_(b) {}
  explicit AttributeValue(AttributeMap m) : type_(AttrType::M), v_(std::move(m)) {}
  explicit AttributeValue(AttributeList l) : type_(AttrType::L), v_(std::move(l)) {}
  explicit AttributeValue(NumberSet s) : type_(AttrType::NS), v_(std::move(s)) {}

  AttrType type_ = AttrType::NUL;
  Variant v_;
};

// DynamoDB's item-size rules (docs/dynamodb-wire.md §6): the size of one attribute (name + value)
// and of a whole item. Used for the 400 KB limit, the 1 MB page limit and stream SizeBytes.
size_t AttributeSizeBytes(std::string_view name, const AttributeValue& v);
size_t ValueSizeBytes(const AttributeValue& v);
size_t ItemSizeBytes(const Item& item);

}  // namespace sb::protocol
