// DescribeEndpoints: the answer DynamoDB gives (its regional endpoint, cached for a day). The
// engine's own address is whatever the client already uses; docs/engine.md says why clients
// should leave endpoint discovery off.
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"

namespace sb::engine::ops {

namespace json = boost::json;

OpResult DescribeEndpoints(Context& ctx, const json::object&) {
  json::object endpoint{{"Address", "dynamodb." + ctx.region + ".amazonaws.com"},
                        {"CachePeriodInMinutes", 1440}};
  return json::object{{"Endpoints", json::array{std::move(endpoint)}}};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "DescribeEndpoints", &DescribeEndpoints};
}  // namespace

}  // namespace sb::engine::ops
