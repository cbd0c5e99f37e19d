// The request members PutItem and DeleteItem share, read and validated in DynamoDB's order:
// TableName, the payload member (Item for PutItem, Key for DeleteItem), ReturnValues (NONE or
// ALL_OLD), ReturnValuesOnConditionCheckFailure, ReturnConsumedCapacity, and the condition —
// a ConditionExpression with its placeholder maps, or the legacy Expected, never both.
// Pure request parsing: nothing here touches the store.
#pragma once

#include <boost/json/fwd.hpp>

#include "engine/ops/capacity.h"
#include "engine/ops/item_write.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::ops {

struct SimpleWrite {
  WriteRequest write;      // kind, table_name and condition are set; key/item are the caller's
  protocol::Item payload;  // the Item (kPut) or Key (kDelete) member, decoded
  ReturnValues return_values = ReturnValues::kNone;
  bool old_on_condition_failure = false;
  CapacityMode capacity{};
};

// REQUIRES: kind is kPut or kDelete.
protocol::ApiResult<SimpleWrite> ReadSimpleWrite(const boost::json::object& req,
                                                 WriteRequest::Kind kind);

}  // namespace sb::engine::ops
