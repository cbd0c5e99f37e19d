// AttributeValue helpers and DynamoDB's item-size rules. See attribute_value.h.
#include "protocol/dynamodb/attribute_value.h"

namespace sb::protocol {

std::string_view AttrTypeName(AttrType t) {
  switch (t) {
    case AttrType::S:
      return "S";
    case AttrType::N:
      return "N";
    case AttrType::B:
      return "B";
    case AttrType::BOOL:
      return "BOOL";
    case AttrType::NUL:
      return "NULL";
    case AttrType::M:
      return "M";
    case AttrType::L:
      return "L";
    case AttrType::SS:
      return "SS";
    case AttrType::NS:
      return "NS";
    case AttrType::BS:
      return "BS";
  }
  return "NULL";  // unreachable: every enumerator is handled above
}

// Item-size rules (docs/dynamodb-wire.md §6, as dynalite computes them and as the Lambda docs'
// example stream records confirm with SizeBytes 26/59/38, pinned by attribute_value_test):
//   S, B: their bytes (UTF-8 for S, raw for B).   N: Number::SizeBytes().
//   BOOL, NULL: 1.   SS/BS/NS: sum of the members' sizes.
//   L: 3 + sum(1 + element).   M: 3 + sum(1 + name + value).
size_t ValueSizeBytes(const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::S:
      return v.s().size();
    case AttrType::N:
      return static_cast<size_t>(v.n().SizeBytes());
    case AttrType::B:
      return v.b().size();
    case AttrType::BOOL:
    case AttrType::NUL:
      return 1;
    case AttrType::SS:
    case AttrType::BS: {
      size_t sum = 0;
      for (const auto& s : v.ss()) sum += s.size();
      return sum;
    }
    case AttrType::NS: {
      size_t sum = 0;
      for (const auto& n : v.ns()) sum += static_cast<size_t>(n.SizeBytes());
      return sum;
    }
    case AttrType::L: {
      size_t sum = 3;
      for (const auto& e : v.l()) sum += 1 + ValueSizeBytes(e);
      return sum;
    }
    case AttrType::M: {
      size_t sum = 3;
      for (const auto& [name, e] : v.m()) sum += 1 + name.size() + ValueSizeBytes(e);
      return sum;
    }
  }
  return 0;  // unreachable
}

size_t AttributeSizeBytes(std::string_view name, const AttributeValue& v) {
  return name.size() + ValueSizeBytes(v);
}

size_t ItemSizeBytes(const Item& item) {
  size_t sum = 0;
  for (const auto& [name, v] : item) sum += AttributeSizeBytes(name, v);
  return sum;
}

}  // namespace sb::protocol
