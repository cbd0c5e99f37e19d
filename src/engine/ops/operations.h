// The table and item operations of the engine, one per .cpp file. Each takes the request's
// JSON object and returns the response's JSON object or a DynamoDB-shaped ApiError; see
// context.h for the contract. Query, Scan, batch and transaction operations are declared in
// their own headers (query.h, scan.h, batch_*.h, transact_*.h).
#pragma once

#include "engine/ops/context.h"

namespace sb::engine::ops {

OpResult CreateTable(Context& ctx, const boost::json::object& request);
OpResult DescribeTable(Context& ctx, const boost::json::object& request);
OpResult ListTables(Context& ctx, const boost::json::object& request);
OpResult DeleteTable(Context& ctx, const boost::json::object& request);
OpResult UpdateTable(Context& ctx, const boost::json::object& request);
OpResult TagResource(Context& ctx, const boost::json::object& request);
OpResult UntagResource(Context& ctx, const boost::json::object& request);
OpResult ListTagsOfResource(Context& ctx, const boost::json::object& request);
OpResult DescribeTimeToLive(Context& ctx, const boost::json::object& request);
OpResult UpdateTimeToLive(Context& ctx, const boost::json::object& request);

OpResult PutItem(Context& ctx, const boost::json::object& request);
OpResult GetItem(Context& ctx, const boost::json::object& request);
OpResult UpdateItem(Context& ctx, const boost::json::object& request);
OpResult DeleteItem(Context& ctx, const boost::json::object& request);

// DescribeLimits: DynamoDB's default account and table limits (a fixed answer).
OpResult DescribeLimits(Context& ctx, const boost::json::object& request);
// DescribeEndpoints: DynamoDB's regional endpoint, as DynamoDB answers (a fixed answer).
OpResult DescribeEndpoints(Context& ctx, const boost::json::object& request);

}  // namespace sb::engine::ops
