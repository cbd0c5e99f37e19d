// DescribeLimits: DynamoDB's default account and table capacity limits (a fixed answer).
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"

namespace sb::engine::ops {

namespace json = boost::json;

OpResult DescribeLimits(Context&, const json::object&) {
  return json::object{{"AccountMaxReadCapacityUnits", 80000},
                      {"AccountMaxWriteCapacityUnits", 80000},
                      {"TableMaxReadCapacityUnits", 40000},
                      {"TableMaxWriteCapacityUnits", 40000}};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "DescribeLimits", &DescribeLimits};
}  // namespace

}  // namespace sb::engine::ops
