// DeleteItem: removes an item (a missing item is not an error), optionally conditionally.
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/simple_write.h"

namespace sb::engine::ops {

OpResult DeleteItem(Context& ctx, const boost::json::object& req) {
  SB_ASSIGN_OR_RETURN(SimpleWrite s, ReadSimpleWrite(req, WriteRequest::Kind::kDelete));
  SB_ASSIGN_OR_RETURN(auto table, LookupTable(ctx, s.write.table_name));
  SB_ASSIGN_OR_RETURN(s.write.key, KeyArgument(*table, s.payload));
  return RunSingleWrite(ctx, s.write, s.return_values, s.old_on_condition_failure, s.capacity, {});
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "DeleteItem", &DeleteItem, OpEffect::kWrite};
}  // namespace

}  // namespace sb::engine::ops
