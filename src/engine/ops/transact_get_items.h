// TransactGetItems: up to 100 Gets, read from one consistent snapshot.
//
// DynamoDB rules copied here (pinned by tests/unit/engine/ops/transact_get_items_test.cpp and
// tests/clients/python/test_transactions.py):
//   - TransactItems: 1..100 entries, each {"Get": {TableName, Key, ProjectionExpression,
//     ExpressionAttributeNames}}. The same item twice: "Transaction request cannot include
//     multiple operations on one item".
//   - Responses follow the request order: {"Item": ...} or {} for a missing item.
//   - Transactional reads cost twice a consistent read: 2 units per 4 KB per item (a missing
//     item too); ConsumedCapacity is a list with one entry per table.
// Thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "engine/ops/context.h"

namespace sb::engine::ops {

// DynamoDB_20120810.TransactGetItems: `request` is the decoded JSON body; returns the response.
OpResult TransactGetItems(Context& ctx, const boost::json::object& request);

}  // namespace sb::engine::ops
