// DescribeTable, ListTables, DeleteTable, DescribeLimits.
#include <boost/json.hpp>

#include "engine/ops/describe.h"
#include "engine/ops/operations.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

OpResult DescribeTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, TableNameParam(req));
  SB_ASSIGN_OR_RETURN(auto def,
                      LookupTable(ctx, name, "Requested resource not found: Table: " + name +
                                                 " not found"));
  SB_ASSIGN_OR_RETURN(json::object desc, DescribeTableJson(ctx, *def));
  return json::object{{"Table", std::move(desc)}};
}

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

OpResult DeleteTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, TableNameParam(req));
  const std::string not_found = "Requested resource not found: Table: " + name + " not found";
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

OpResult DescribeLimits(Context&, const json::object&) {
  return json::object{{"AccountMaxReadCapacityUnits", 80000},
                      {"AccountMaxWriteCapacityUnits", 80000},
                      {"TableMaxReadCapacityUnits", 40000},
                      {"TableMaxWriteCapacityUnits", 40000}};
}

}  // namespace sb::engine::ops
