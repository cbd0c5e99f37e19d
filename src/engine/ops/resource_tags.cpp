#include "engine/ops/resource_tags.h"

#include "base/quote.h"
#include "engine/ops/operations.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;

ApiResult<std::string> ResourceTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(auto arn, OptString(req, "ResourceArn"));
  Violations v;
  if (!arn) v.Add("resourceArn", std::nullopt, "Member must not be null");
  SB_TRY_STATUS(v.ToStatus());
  auto name = TableNameFromArn(*arn);
  if (!name) {
    return ApiError::Validation("Invalid TableArn: Invalid ResourceArn provided as input " +
                                QuotePrefix(*arn));
  }
  if (!ctx.store->FindTable(*name)) {
    return ApiError::ResourceNotFound(
        "Requested resource not found: ResourcArn: " + QuotePrefix(*arn) + " not found");
  }
  return *name;
}

protocol::ApiStatus ChangeTags(Context& ctx, const std::string& name,
                               const std::function<void(TableDef&)>& change) {
  return ctx.store->Write([&](storage::WriteTxn& txn) -> protocol::ApiStatus {
    auto cur = txn.FindTable(name);
    if (!cur) return ApiError::ResourceNotFound();
    TableDef def = *cur;
    change(def);
    auto r = txn.ReplaceTable(std::move(def));
    if (!r.ok()) return ApiError::Internal("storage: " + r.error().message);
    return {};
  });
}

}  // namespace sb::engine::ops
