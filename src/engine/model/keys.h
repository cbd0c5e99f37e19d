// Keys of items under a table's schema: extraction and DynamoDB's validation of primary-key
// and index-key attributes, size limits, and index projections. Pure; thread-safe.
//
// Messages are DynamoDB's (ValidationException unless stated):
//   PutItem-style (a whole item):
//     "One or more parameter values were invalid: Missing the key <K> in the item"
//     "One or more parameter values were invalid: Type mismatch for key <K> expected: <T> actual: <A>"
//   Key-argument style (GetItem/DeleteItem/UpdateItem `Key`):
//     "The provided key element does not match the schema"
//   Both:
//     "One or more parameter values are not valid. The AttributeValue for a key attribute
//      cannot contain an empty string value. Key: <K>"  (empty S or B)
//     "One or more parameter values were invalid: Size of hashkey has exceeded the maximum
//      size limit of2048 bytes"  (sic: DynamoDB's wording has no space)
//     "One or more parameter values were invalid: Aggregated size of all range keys has
//      exceeded the size limit of 1024 bytes"
//   Index keys of an item (sparse indexes: a missing attribute just leaves the item out):
//     "One or more parameter values were invalid: Type mismatch for Index Key <K> Expected:
//      <T> Actual: <A> IndexName: <I>"
//     "One or more parameter values are not valid. A value specified for a secondary index key
//      is not supported. The AttributeValue for a key attribute cannot contain an empty string
//      value. IndexName: <I>, IndexKey: <K>"
#pragma once

#include <optional>
#include <vector>

#include "engine/model/table.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine {

// The key values of one item under some KeySchema: the first partition and sort key
// attribute, then (multi-attribute GSI keys only) the values of hash_rest / range_rest.
struct KeyValues {
  KeyValues() = default;
  KeyValues(protocol::AttributeValue h,  // NOLINT: implicit, like the aggregate it was
            std::optional<protocol::AttributeValue> r = std::nullopt)
      : hash(std::move(h)), range(std::move(r)) {}
  protocol::AttributeValue hash;
  std::optional<protocol::AttributeValue> range;
  std::vector<protocol::AttributeValue> hash_rest;
  std::vector<protocol::AttributeValue> range_rest;
  friend bool operator==(const KeyValues&, const KeyValues&) = default;
};

inline constexpr size_t kMaxHashKeyBytes = 2048;
inline constexpr size_t kMaxRangeKeyBytes = 1024;
inline constexpr size_t kMaxItemBytes = 400 * 1024;

// The table key of a whole item (PutItem, BatchWriteItem PutRequest, Transact Put), checked
// with the PutItem-style messages, plus the index-key checks of ValidateIndexKeys.
protocol::ApiResult<KeyValues> ItemKey(const TableDef& table, const protocol::Item& item);

// A `Key` argument: must hold exactly the table's key attributes with the right types.
protocol::ApiResult<KeyValues> KeyArgument(const TableDef& table, const protocol::Item& key);

// Checks the item's values for index key attributes (types, empty strings, sizes).
protocol::ApiStatus ValidateIndexKeys(const TableDef& table, const protocol::Item& item);
// The same checks for one index. Each attribute of a multi-attribute key is checked on its
// own: partition key attributes up to 2048 bytes each, sort key attributes up to 1024 each.
protocol::ApiStatus ValidateIndexKey(const TableDef& table, const IndexDef& index,
                                     const protocol::Item& item);

// The item's key under `schema`, or nullopt when any key attribute is missing or has another
// type (the item is not in that index: sparse indexes need every key attribute).
std::optional<KeyValues> KeyUnder(const KeySchema& schema, const protocol::Item& item);

// The item reduced to the table's key attributes.
protocol::Item KeyItem(const KeySchema& schema, const protocol::Item& item);
// An item built from key values.
protocol::Item KeyItem(const KeySchema& schema, const KeyValues& key);

// The item as stored in `index`: the table key, the index key, and the projected attributes.
protocol::Item ProjectForIndex(const TableDef& table, const IndexDef& index,
                               const protocol::Item& item);

// The 400 KB item limit: "Item size has exceeded the maximum allowed size".
protocol::ApiStatus CheckItemSize(const protocol::Item& item);

}  // namespace sb::engine
