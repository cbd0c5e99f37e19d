// DescribeTimeToLive: whether a table's items expire, and by which attribute. Expiry itself
// is ttl_sweeper.h's job.
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;

OpResult DescribeTimeToLive(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, TableNameParam(req));
  SB_ASSIGN_OR_RETURN(auto def, LookupTable(ctx, name, TableNotFoundMessage(name)));
  json::object d;
  d["TimeToLiveStatus"] = def->ttl.enabled ? "ENABLED" : "DISABLED";
  if (def->ttl.enabled) d["AttributeName"] = def->ttl.attribute;
  return json::object{{"TimeToLiveDescription", std::move(d)}};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "DescribeTimeToLive", &DescribeTimeToLive};
}  // namespace

}  // namespace sb::engine::ops
