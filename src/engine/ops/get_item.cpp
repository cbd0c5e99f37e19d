// GetItem: one item by key. Every read is strongly consistent here (see storage/store.h), so
// ConsistentRead only changes the capacity charged.
#include <boost/json.hpp>

#include "engine/expr/expr.h"
#include "engine/ops/capacity.h"
#include "engine/ops/item_write.h"
#include "engine/ops/operations.h"
#include "engine/ops/legacy_params.h"
#include "engine/ops/raw_json.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "protocol/dynamodb/item_json.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

OpResult GetItem(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(auto name_opt, OptString(req, "TableName"));
  SB_ASSIGN_OR_RETURN(auto key, OptItem(req, "Key"));
  SB_ASSIGN_OR_RETURN(auto consistent, OptBool(req, "ConsistentRead"));
  Violations v;
  CheckName("tableName", name_opt, v);
  if (!key) v.Add("key", std::nullopt, "Member must not be null");
  SB_ASSIGN_OR_RETURN(CapacityMode mode, ReadCapacityMode(req, v));
  SB_TRY_STATUS(v.ToStatus());
  SB_TRY_STATUS(CheckNotMixed(req, {"AttributesToGet"}, {"ProjectionExpression"}));

  SB_ASSIGN_OR_RETURN(ExpressionMaps maps, ReadExpressionMaps(req));
  SB_ASSIGN_OR_RETURN(auto proj_text, OptString(req, "ProjectionExpression"));
  SB_TRY_STATUS(CheckMapsNeedExpressions(maps, proj_text.has_value()));
  std::shared_ptr<const expr::Projection> projection;
  if (proj_text) {
    // GetItem has no ExpressionAttributeValues member: a projection has no values.
    expr::Placeholders ph(maps.names_ptr(), nullptr);
    SB_TRY_STATUS(ph.Validate());
    SB_ASSIGN_OR_RETURN(projection, expr::ParseProjection(*proj_text, ph));
    SB_TRY_STATUS(ph.CheckAllUsed());
  } else {
    SB_ASSIGN_OR_RETURN(projection, ReadAttributesToGet(req));
  }
  SB_ASSIGN_OR_RETURN(auto table, LookupTable(ctx, *name_opt));
  SB_ASSIGN_OR_RETURN(KeyValues k, KeyArgument(*table, *key));

  // No TTL filtering, as on DynamoDB: an expired item not yet deleted by the TTL sweeper
  // (ttl_sweeper.h) is still returned by GetItem, Query, Scan and the batch/transact reads.
  auto found = ctx.store->Get(*table, storage::EncodeKey(k));
  if (!found.ok()) return ApiError::Internal("storage: " + found.error().message);
  const protocol::Item* item = found.value() ? &found.value()->item : nullptr;

  json::object resp;
  if (item) {
    // Written as text directly (the whole item's text comes with it from storage), spliced
    // into the response unchanged (ops/raw_json.h).
    std::string text;
    if (projection) {
      protocol::AppendItemJson(text, expr::Project(*projection, *item));
    } else {
      text = found.value()->json;
    }
    resp[RawValueKey("Item")] = std::move(text);
  }
  if (mode != CapacityMode::kNone) {
    Capacity c(table->name);
    c.AddTable(ReadUnits(item ? protocol::ItemSizeBytes(*item) : 0, consistent.value_or(false)));
    AttachCapacity(resp, c, mode);
  }
  return resp;
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "GetItem", &GetItem};
}  // namespace

}  // namespace sb::engine::ops
