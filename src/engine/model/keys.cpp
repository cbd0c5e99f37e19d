#include "engine/model/keys.h"

#include <algorithm>

namespace sb::engine {

using protocol::ApiError;
using protocol::ApiResult;
using protocol::ApiStatus;
using protocol::AttributeValue;
using protocol::AttrType;
using protocol::AttrTypeName;
using protocol::Item;

namespace {

size_t KeyValueBytes(const AttributeValue& v) {
  if (v.is(AttrType::S)) return v.s().size();
  if (v.is(AttrType::B)) return v.b().size();
  return protocol::ValueSizeBytes(v);
}

bool IsEmptyScalar(const AttributeValue& v) {
  return (v.is(AttrType::S) && v.s().empty()) || (v.is(AttrType::B) && v.b().empty());
}

ApiStatus CheckKeyValue(const KeyElement& e, const AttributeValue& v, bool is_hash) {
  if (IsEmptyScalar(v)) {
    return ApiError::InvalidKeyValue(
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        "cannot contain an empty " +
        std::string(v.is(AttrType::B) ? "binary" : "string") + " value. Key: " + e.name);
  }
  size_t bytes = KeyValueBytes(v);
  if (is_hash && bytes > kMaxHashKeyBytes) {
    return ApiError::InvalidKeyValue(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
        "size limit of2048 bytes");
  }
  if (!is_hash && bytes > kMaxRangeKeyBytes) {
    return ApiError::InvalidKeyValue(
        "One or more parameter values were invalid: Aggregated size of all range keys has "
        "exceeded the size limit of 1024 bytes");
  }
  return {};
}

ApiResult<AttributeValue> ItemKeyElement(const KeyElement& e, const Item& item, bool is_hash) {
  auto it = item.find(e.name);
  if (it == item.end()) {
    return ApiError::Validation("One or more parameter values were invalid: Missing the key " +
                                e.name + " in the item");
  }
  if (!HasScalarType(it->second, e.type)) {
    return ApiError::Validation("One or more parameter values were invalid: Type mismatch for key " +
                                e.name + " expected: " + std::string(ScalarTypeName(e.type)) +
                                " actual: " + std::string(AttrTypeName(it->second.type())));
  }
  SB_TRY_STATUS(CheckKeyValue(e, it->second, is_hash));
  return it->second;
}

}  // namespace

ApiResult<KeyValues> ItemKey(const TableDef& table, const Item& item) {
  KeyValues k;
  SB_ASSIGN_OR_RETURN(k.hash, ItemKeyElement(table.key.hash, item, true));
  if (table.key.range) {
    SB_ASSIGN_OR_RETURN(k.range, ItemKeyElement(*table.key.range, item, false));
  }
  SB_TRY_STATUS(ValidateIndexKeys(table, item));
  return k;
}

ApiResult<KeyValues> KeyArgument(const TableDef& table, const Item& key) {
  const size_t expected = table.key.range ? 2 : 1;
  auto mismatch = [] {
    return ApiError::Validation("The provided key element does not match the schema");
  };
  if (key.size() != expected) return mismatch();
  KeyValues k;
  auto h = key.find(table.key.hash.name);
  if (h == key.end() || !HasScalarType(h->second, table.key.hash.type)) return mismatch();
  SB_TRY_STATUS(CheckKeyValue(table.key.hash, h->second, true));
  k.hash = h->second;
  if (table.key.range) {
    auto r = key.find(table.key.range->name);
    if (r == key.end() || !HasScalarType(r->second, table.key.range->type)) return mismatch();
    SB_TRY_STATUS(CheckKeyValue(*table.key.range, r->second, false));
    k.range = r->second;
  }
  return k;
}

ApiStatus ValidateIndexKey(const TableDef& table, const IndexDef& index, const Item& item) {
  const std::vector<KeyElement> hash_parts = index.key.HashParts();
  const std::vector<KeyElement> elems = index.key.Elements();
  for (size_t i = 0; i < elems.size(); ++i) {
    const KeyElement& e = elems[i];
    if (table.key.IsKey(e.name)) continue;
    auto it = item.find(e.name);
    if (it == item.end()) continue;
    if (!HasScalarType(it->second, e.type)) {
      return ApiError::Validation(
          "One or more parameter values were invalid: Type mismatch for Index Key " + e.name +
          " Expected: " + std::string(ScalarTypeName(e.type)) +
          " Actual: " + std::string(AttrTypeName(it->second.type())) +
          " IndexName: " + index.name);
    }
    if (IsEmptyScalar(it->second)) {
      return ApiError::InvalidKeyValue(
          "One or more parameter values are not valid. A value specified for a secondary "
          "index key is not supported. The AttributeValue for a key attribute cannot contain "
          "an empty " +
          std::string(it->second.is(AttrType::B) ? "binary" : "string") +
          " value. IndexName: " + index.name + ", IndexKey: " + e.name);
    }
    // An index key value obeys the table key limits (2048 bytes partition, 1024 sort), per
    // attribute of a multi-attribute key (docs/engine.md).
    const bool is_hash = i < hash_parts.size();
    const size_t limit = is_hash ? kMaxHashKeyBytes : kMaxRangeKeyBytes;
    if (KeyValueBytes(it->second) > limit) {
      return ApiError::InvalidKeyValue(
          "One or more parameter values are not valid. A value specified for a secondary "
          "index key is not supported. The size of the AttributeValue for a " +
          std::string(is_hash ? "partition" : "sort") + " key exceeds the maximum of " +
          std::to_string(limit) + " bytes. IndexName: " + index.name + ", IndexKey: " +
          e.name);
    }
  }
  return {};
}

ApiStatus ValidateIndexKeys(const TableDef& table, const Item& item) {
  for (const IndexDef* index : table.AllIndexes()) {
    SB_TRY_STATUS(ValidateIndexKey(table, *index, item));
  }
  return {};
}

std::optional<KeyValues> KeyUnder(const KeySchema& schema, const Item& item) {
  auto value = [&](const KeyElement& e) -> const AttributeValue* {
    auto it = item.find(e.name);
    if (it == item.end() || !HasScalarType(it->second, e.type)) return nullptr;
    return &it->second;
  };
  const AttributeValue* h = value(schema.hash);
  if (h == nullptr) return std::nullopt;
  KeyValues k(*h);
  for (const KeyElement& e : schema.hash_rest) {
    const AttributeValue* v = value(e);
    if (v == nullptr) return std::nullopt;
    k.hash_rest.push_back(*v);
  }
  if (schema.range) {
    const AttributeValue* r = value(*schema.range);
    if (r == nullptr) return std::nullopt;
    k.range = *r;
    for (const KeyElement& e : schema.range_rest) {
      const AttributeValue* v = value(e);
      if (v == nullptr) return std::nullopt;
      k.range_rest.push_back(*v);
    }
  }
  return k;
}

Item KeyItem(const KeySchema& schema, const Item& item) {
  Item out;
  for (const KeyElement& e : schema.Elements()) {
    auto it = item.find(e.name);
    if (it != item.end()) out.emplace(e.name, it->second);
  }
  return out;
}

Item KeyItem(const KeySchema& schema, const KeyValues& key) {
  Item out;
  out.emplace(schema.hash.name, key.hash);
  for (size_t i = 0; i < schema.hash_rest.size() && i < key.hash_rest.size(); ++i) {
    out.emplace(schema.hash_rest[i].name, key.hash_rest[i]);
  }
  if (schema.range && key.range) {
    out.emplace(schema.range->name, *key.range);
    for (size_t i = 0; i < schema.range_rest.size() && i < key.range_rest.size(); ++i) {
      out.emplace(schema.range_rest[i].name, key.range_rest[i]);
    }
  }
  return out;
}

Item ProjectForIndex(const TableDef& table, const IndexDef& index, const Item& item) {
  if (index.projection.type == ProjectionType::kAll) return item;
  Item out = KeyItem(table.key, item);
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(name, it->second);
  };
  for (const KeyElement& e : index.key.Elements()) copy(e.name);
  if (index.projection.type == ProjectionType::kInclude) {
    for (const auto& a : index.projection.non_key_attributes) copy(a);
  }
  return out;
}

ApiStatus CheckItemSize(const Item& item) {
  if (protocol::ItemSizeBytes(item) > kMaxItemBytes) {
    return ApiError::Validation("Item size has exceeded the maximum allowed size");
  }
  return {};
}

}  // namespace sb::engine
