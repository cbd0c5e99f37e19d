// DescribeTable: a table's description (describe.h builds it).
#include <boost/json.hpp>

#include "engine/ops/describe.h"
#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;

OpResult DescribeTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, TableNameParam(req));
  SB_ASSIGN_OR_RETURN(auto def, LookupTable(ctx, name, TableNotFoundMessage(name)));
  SB_ASSIGN_OR_RETURN(json::object desc, DescribeTableJson(ctx, *def));
  return json::object{{"Table", std::move(desc)}};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "DescribeTable", &DescribeTable};
}  // namespace

}  // namespace sb::engine::ops
