// The steps Query (query.h) and Scan (scan.h) share: reading their common request members,
// resolving the table or index and Select, parsing the filter and projection, positioning
// after ExclusiveStartKey, and reading one page of the Store's ordered rows under DynamoDB's
// paging rules.
//
// DynamoDB rules copied here (pinned by tests/unit/engine/ops/query_test.cpp, scan_test.cpp
// and the client suites in tests/clients/):
//   - Limit counts items READ (before the FilterExpression), and a page also ends once the
//     items read reach 1 MB (DynamoDB item size, protocol::ItemSizeBytes), the item that
//     crosses the line included. A page that ends for either reason carries LastEvaluatedKey,
//     even when no row follows; a read that runs out of rows carries none.
//   - LastEvaluatedKey is the table key of the last item read, plus the index key for index
//     reads. ExclusiveStartKey must have exactly that shape.
//   - Select: ALL_ATTRIBUTES (default on tables), ALL_PROJECTED_ATTRIBUTES (default on
//     indexes), SPECIFIC_ATTRIBUTES (default with a ProjectionExpression), COUNT (no Items).
//     ALL_ATTRIBUTES on an LSI whose projection is not ALL fetches items from the table; on
//     such a GSI it is a ValidationException.
//   - ConsistentRead on a GSI is a ValidationException.
//   - Consumed read capacity: the bytes read rounded up to 4 KB units, half a unit each when
//     eventually consistent (minimum one unit / half a unit).
//
// Each operation runs the steps in the order the errors must come out (DynamoDB reports the
// first failing check): TableName, the legacy/expression mixing rule, ReadParams::Parse,
// its own member checks, ResolveTarget, placeholders, its own key checks,
// ParseReadExpressions, its own filter checks, SetStartKey, ReadPage. Thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/expr/ast.h"
#include "engine/expr/placeholders.h"
#include "engine/model/table.h"
#include "engine/ops/capacity.h"
#include "engine/ops/context.h"
#include "engine/ops/request.h"
#include "engine/storage/store.h"

namespace sb::engine::ops::read {

enum class Select { kAllAttributes, kAllProjected, kSpecific, kCount };

// The members Query and Scan share, read and checked for type and range (nothing that needs
// the table). Each operation reads all of them, used or not, so a wrongly typed member is a
// SerializationException in either.
struct ReadParams {
  std::string table_name;
  std::shared_ptr<const expr::Condition> legacy_filter;       // QueryFilter / ScanFilter
  std::shared_ptr<const expr::Projection> legacy_projection;  // AttributesToGet
  std::optional<std::string> index_name;
  bool consistent = false;
  std::optional<std::string> select_text;
  CapacityMode capacity_mode = CapacityMode::kNone;
  std::optional<int64_t> limit;
  std::optional<bool> forward;  // ScanIndexForward
  std::optional<std::string> key_text;
  std::optional<std::string> filter_text;
  std::optional<std::string> projection_text;
  ExpressionMaps maps;
  std::optional<protocol::Item> start_key;
  std::optional<int64_t> segment;
  std::optional<int64_t> total_segments;

  // Reads the request's members; `legacy_filter_member` is "QueryFilter" or "ScanFilter".
  // Errors: SerializationException (wrong JSON types), ValidationException (Select, capacity
  // mode, Limit, IndexName, legacy parameters).
  static protocol::ApiResult<ReadParams> Parse(const boost::json::object& request,
                                               std::string_view table_name,
                                               std::string_view legacy_filter_member);
};

// What is read: the table, the index (null: the table itself) and the Select in force.
struct ReadTarget {
  std::shared_ptr<const TableDef> table;
  const IndexDef* index = nullptr;  // points into *table
  Select select = Select::kAllAttributes;
  bool fetch_from_table = false;  // an LSI read that fetches what its projection lacks
  const KeySchema& schema() const { return index ? index->key : table->key; }
};

// Looks the table and index up and settles Select against the projection parameters.
// Errors: ResourceNotFoundException, ValidationException (unknown index, ConsistentRead on a
// GSI, a Select that does not fit the projection or the index).
protocol::ApiResult<ReadTarget> ResolveTarget(Context& ctx, const ReadParams& p);

// The parsed filter and projection: the expression's or the legacy parameter's.
struct ReadExpressions {
  std::shared_ptr<const expr::Condition> filter;
  bool filter_is_legacy = false;
  std::shared_ptr<const expr::Projection> projection;
};

// Parses FilterExpression and ProjectionExpression with `ph`, takes the legacy ones instead
// where present, then checks that every placeholder was used.
protocol::ApiResult<ReadExpressions> ParseReadExpressions(const ReadParams& p,
                                                          expr::Placeholders& ph);

// A spec over the target, ready for the operation's key range or segment.
storage::ReadSpec SpecFor(const ReadTarget& target);

// Positions `spec` after ExclusiveStartKey (nothing when absent). REQUIRES: the operation's
// hash key or segment is already set in `spec`; the start key must fall inside it.
// Errors: ValidationException ("The provided starting key is invalid: ...").
protocol::ApiStatus SetStartKey(const ReadTarget& target,
                                const std::optional<protocol::Item>& start_key,
                                storage::ReadSpec& spec);

// Reads one page of `spec` and builds the response: Items (unless COUNT), Count,
// ScannedCount, LastEvaluatedKey, ConsumedCapacity. Errors: InternalServerError (storage),
// ValidationException (a filter that fails at run time).
OpResult ReadPage(Context& ctx, const ReadTarget& target, const ReadParams& p,
                  const ReadExpressions& e, const storage::ReadSpec& spec);

}  // namespace sb::engine::ops::read
