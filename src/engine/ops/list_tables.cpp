// ListTables: the table names in order, a page of at most Limit (100) at a time.
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;

OpResult ListTables(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(auto start, OptString(req, "ExclusiveStartTableName"));
  SB_ASSIGN_OR_RETURN(auto limit, OptInt(req, "Limit"));
  Violations v;
  if (start) CheckName("exclusiveStartTableName", start, v);
  if (limit && *limit < 1) {
    v.Add("limit", std::to_string(*limit), "Member must have value greater than or equal to 1");
  }
  if (limit && *limit > 100) {
    v.Add("limit", std::to_string(*limit), "Member must have value less than or equal to 100");
  }
  SB_TRY_STATUS(v.ToStatus());
  const size_t max = limit ? static_cast<size_t>(*limit) : 100;
  json::array names;
  auto tables = ctx.store->ListTables();  // sorted by name
  size_t i = 0;
  if (start) {
    while (i < tables.size() && tables[i]->name <= *start) ++i;
  }
  for (; i < tables.size() && names.size() < max; ++i) names.emplace_back(tables[i]->name);
  json::object resp{{"TableNames", names}};
  // DynamoDB returns LastEvaluatedTableName whenever the page was cut short by Limit.
  if (i < tables.size() && !names.empty()) {
    resp["LastEvaluatedTableName"] = names.back();
  }
  return resp;
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "ListTables", &ListTables};
}  // namespace

}  // namespace sb::engine::ops
