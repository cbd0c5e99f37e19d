// Builders for expression tests: AttributeValues and items written compactly.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <utility>

#include "protocol/dynamodb/attribute_value.h"
#include "protocol/dynamodb/number.h"

namespace sb::engine::expr::testing {

using protocol::AttributeMap;
using protocol::AttributeValue;
using protocol::Item;

inline protocol::Number Num(std::string_view text) { return protocol::Number::Parse(text).value(); }
inline AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
inline AttributeValue N(std::string_view text) { return AttributeValue::N(Num(text)); }
inline AttributeValue B(std::string bytes) { return AttributeValue::B(std::move(bytes)); }
inline AttributeValue Bool(bool b) { return AttributeValue::Bool(b); }
inline AttributeValue Null() { return AttributeValue::MakeNull(); }
inline AttributeValue L(std::initializer_list<AttributeValue> l) { return AttributeValue::L(l); }
inline AttributeValue M(std::initializer_list<std::pair<const std::string, AttributeValue>> m) {
  return AttributeValue::M(AttributeMap(m.begin(), m.end()));
}
inline AttributeValue SS(std::initializer_list<std::string> s) { return AttributeValue::SS(s); }
inline AttributeValue BS(std::initializer_list<std::string> s) { return AttributeValue::BS(s); }
inline AttributeValue NS(std::initializer_list<std::string_view> s) {
  AttributeValue::NumberSet out;
  for (auto t : s) out.insert(Num(t));
  return AttributeValue::NS(std::move(out));
}
inline Item MakeItem(std::initializer_list<std::pair<const std::string, AttributeValue>> m) {
  return Item(m.begin(), m.end());
}

}  // namespace sb::engine::expr::testing
