// Query, and the ordered read path it shares with Scan (scan.h): DynamoDB's paging rules
// applied to the Store's ordered rows.
//
// DynamoDB rules copied here (pinned by tests/unit/engine/ops/query_test.cpp and the client
// suites in tests/clients/):
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
// Thread-safe: the Store serializes what it must.
#pragma once

#include <boost/json/object.hpp>

#include "engine/ops/context.h"

namespace sb::engine::ops {

// DynamoDB_20120810.Query: `request` is the decoded JSON body; returns the response body.
OpResult Query(Context& ctx, const boost::json::object& request);

namespace detail {
// Query (is_query) or Scan: parses and validates the whole request first (nothing is read
// before every parameter and expression checked out), then reads one page.
OpResult ExecuteRead(Context& ctx, const boost::json::object& request, bool is_query);
}  // namespace detail

}  // namespace sb::engine::ops
