// BatchGetItem: up to 100 items by key across tables, in one consistent snapshot.
//
// DynamoDB rules copied here (pinned by tests/unit/engine/ops/batch_get_item_test.cpp and
// tests/clients/python/test_batch.py):
//   - RequestItems maps table names to KeysAndAttributes: Keys (1..100), and per table
//     ProjectionExpression, ExpressionAttributeNames, ConsistentRead. More than 100 keys in
//     the call: "Too many items requested for the BatchGetItem call". The same key twice in
//     one table: "Provided list of item keys contains duplicates".
//   - Responses has an entry (maybe an empty list) for every requested table; the order of
//     items within it is unspecified by DynamoDB (here: request order).
//   - A response holds at most 16 MB of items (DynamoDB item size of the stored items); the
//     keys not read once that is reached are returned in UnprocessedKeys, each table with its
//     request's options (ProjectionExpression, ExpressionAttributeNames, ConsistentRead).
//     Otherwise UnprocessedKeys is {}.
//   - ConsumedCapacity: a list with one entry per table; each key read costs as a GetItem
//     (4 KB units, halved unless ConsistentRead), a missing item included.
// Every read is strongly consistent here (storage/store.h). Thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "engine/ops/context.h"

namespace sb::engine::ops {

// DynamoDB_20120810.BatchGetItem: `request` is the decoded JSON body; returns the response.
OpResult BatchGetItem(Context& ctx, const boost::json::object& request);

}  // namespace sb::engine::ops
