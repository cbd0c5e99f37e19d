// BatchWriteItem: up to 25 PutRequest / DeleteRequest writes across tables.
//
// DynamoDB rules copied here (pinned by tests/unit/engine/ops/batch_write_item_test.cpp and
// tests/clients/python/test_batch.py):
//   - RequestItems maps table names to 1..25 WriteRequests, at most 25 in the whole call
//     ("Too many items requested for the BatchWriteItem call"); each WriteRequest holds exactly
//     one of PutRequest (validated like PutItem's Item) or DeleteRequest (a Key argument).
//   - Two requests for the same key of one table: "Provided list of item keys contains
//     duplicates".
//   - The whole request is validated before anything is written, so a refused batch writes
//     nothing. DynamoDB only promises atomicity per item; here every write of the batch
//     commits in one storage transaction (all or nothing), so UnprocessedItems is always {}.
//   - The request-size limit of 16 MB cannot be reached through items (25 x 400 KB = 10 MB);
//     the HTTP layer bounds the body.
//   - ConsumedCapacity is a list with one entry per table, write units as for PutItem /
//     DeleteItem. ReturnItemCollectionMetrics is validated (SIZE | NONE); no metrics returned.
// Thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "engine/ops/context.h"

namespace sb::engine::ops {

// DynamoDB_20120810.BatchWriteItem: `request` is the decoded JSON body; returns the response.
OpResult BatchWriteItem(Context& ctx, const boost::json::object& request);

}  // namespace sb::engine::ops
