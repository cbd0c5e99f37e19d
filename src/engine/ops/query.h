// Query: DynamoDB's Query of one partition of a table or a secondary index, by
// KeyConditionExpression (or the legacy KeyConditions), optionally narrowed by a sort key
// condition, in sort key order (ScanIndexForward). Paging, Limit, Select, the 1 MB page and
// consumed capacity follow read_page.h; a Query filter may not name the primary key
// attributes of what is queried. Thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "engine/ops/context.h"

namespace sb::engine::ops {

// DynamoDB_20120810.Query: `request` is the decoded JSON body; returns the response body.
OpResult Query(Context& ctx, const boost::json::object& request);

}  // namespace sb::engine::ops
