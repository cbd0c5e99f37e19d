// DeleteTable: drops a table and its items; answers its description as DELETING.
#include <boost/json.hpp>

#include "engine/ops/describe.h"
#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

OpResult DeleteTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, TableNameParam(req));
  const std::string not_found = TableNotFoundMessage(name);
  SB_ASSIGN_OR_RETURN(auto def, LookupTable(ctx, name, not_found));
  // Describe before dropping: the response shows the table as it was, DELETING.
  SB_ASSIGN_OR_RETURN(json::object desc, DescribeTableJson(ctx, *def, "DELETING"));
  protocol::ApiStatus st = ctx.store->Write([&](storage::WriteTxn& txn) -> protocol::ApiStatus {
    auto current = txn.FindTable(name);
    if (!current) return ApiError::ResourceNotFound(not_found);
    Status s = txn.DeleteTable(*current);
    if (!s.ok()) return ApiError::Internal("storage: " + s.error().message);
    return {};
  });
  SB_TRY_STATUS(st);
  return json::object{{"TableDescription", std::move(desc)}};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "DeleteTable", &DeleteTable};
}  // namespace

}  // namespace sb::engine::ops
