// PutItem: replaces the whole item, optionally under a ConditionExpression.
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/simple_write.h"

namespace sb::engine::ops {

OpResult PutItem(Context& ctx, const boost::json::object& req) {
  SB_ASSIGN_OR_RETURN(SimpleWrite s, ReadSimpleWrite(req, WriteRequest::Kind::kPut));
  SB_ASSIGN_OR_RETURN(auto table, LookupTable(ctx, s.write.table_name));
  SB_ASSIGN_OR_RETURN(s.write.key, ItemKey(*table, s.payload));
  SB_TRY_STATUS(CheckAttributeNames(s.payload));
  SB_TRY_STATUS(CheckItemSize(s.payload));
  s.write.item = std::move(s.payload);
  return RunSingleWrite(ctx, s.write, s.return_values, s.old_on_condition_failure, s.capacity, {});
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "PutItem", &PutItem, OpEffect::kWrite};
}  // namespace

}  // namespace sb::engine::ops
