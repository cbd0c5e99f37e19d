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

ApiStatus ValidateIndexKeys(const TableDef& table, const Item& item) {
  for (const IndexDef* index : table.AllIndexes()) {
    const KeyElement* elems[2] = {&index->key.hash,
                                  index->key.range ? &*index->key.range : nullptr};
    for (const KeyElement* e : elems) {
      if (e == nullptr || table.key.IsKey(e->name)) continue;
      auto it = item.find(e->name);
      if (it == item.end()) continue;
      if (!HasScalarType(it->second, e->type)) {
        return ApiError::Validation(
            "One or more parameter values were invalid: Type mismatch for Index Key " + e->name +
            " Expected: " + std::string(ScalarTypeName(e->type)) +
            " Actual: " + std::string(AttrTypeName(it->second.type())) +
            " IndexName: " + index->name);
      }
      if (IsEmptyScalar(it->second)) {
        return ApiError::InvalidKeyValue(
            "One or more parameter values are not valid. A value specified for a secondary "
            "index key is not supported. The AttributeValue for a key attribute cannot contain "
            "an empty " +
            std::string(it->second.is(AttrType::B) ? "binary" : "string") +
            " value. IndexName: " +
            index->name + ", IndexKey: " + e->name);
      }
      // An index key value obeys the table key limits (2048 bytes partition, 1024 sort).
      const bool is_hash = e == elems[0];
      const size_t limit = is_hash ? kMaxHashKeyBytes : kMaxRangeKeyBytes;
      if (KeyValueBytes(it->second) > limit) {
        return ApiError::InvalidKeyValue(
            "One or more parameter values are not valid. A value specified for a secondary "
            "index key is not supported. The size of the AttributeValue for a " +
            std::string(is_hash ? "partition" : "sort") + " key exceeds the maximum of " +
            std::to_string(limit) + " bytes. IndexName: " + index->name + ", IndexKey: " +
            e->name);
      }
    }
  }
  return {};
}

std::optional<KeyValues> KeyUnder(const KeySchema& schema, const Item& item) {
  auto h = item.find(schema.hash.name);
  if (h == item.end() || !HasScalarType(h->second, schema.hash.type)) return std::nullopt;
  KeyValues k{h->second, std::nullopt};
  if (schema.range) {
    auto r = item.find(schema.range->name);
    if (r == item.end() || !HasScalarType(r->second, schema.range->type)) return std::nullopt;
    k.range = r->second;
  }
  return k;
}

Item KeyItem(const KeySchema& schema, const Item& item) {
  Item out;
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(name, it->second);
  };
  copy(schema.hash.name);
  if (schema.range) copy(schema.range->name);
  return out;
}

Item KeyItem(const KeySchema& schema, const KeyValues& key) {
  Item out;
  out.emplace(schema.hash.name, key.hash);
  if (schema.range && key.range) out.emplace(schema.range->name, *key.range);
  return out;
}

Item ProjectForIndex(const TableDef& table, const IndexDef& index, const Item& item) {
  if (index.projection.type == ProjectionType::kAll) return item;
  Item out = KeyItem(table.key, item);
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(name, it->second);
  };
  copy(index.key.hash.name);
  if (index.key.range) copy(index.key.range->name);
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
