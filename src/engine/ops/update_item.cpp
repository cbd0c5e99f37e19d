// UpdateItem: applies an UpdateExpression to the item (creating it from its key when missing),
// optionally conditionally.
#include <boost/json.hpp>

#include "engine/ops/capacity.h"
#include "engine/ops/item_write.h"
#include "engine/ops/legacy_params.h"
#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;

OpResult UpdateItem(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(auto name_opt, OptString(req, "TableName"));
  SB_ASSIGN_OR_RETURN(auto key, OptItem(req, "Key"));
  Violations v;
  CheckName("tableName", name_opt, v);
  if (!key) v.Add("key", std::nullopt, "Member must not be null");
  SB_ASSIGN_OR_RETURN(ReturnValues rv,
                      ReadReturnValues(req,
                                       {ReturnValues::kNone, ReturnValues::kAllOld,
                                        ReturnValues::kUpdatedOld, ReturnValues::kAllNew,
                                        ReturnValues::kUpdatedNew},
                                       "", v));
  SB_ASSIGN_OR_RETURN(bool old_on_fail, ReadReturnOldOnConditionFailure(req, v));
  SB_ASSIGN_OR_RETURN(CapacityMode mode, ReadCapacityMode(req, v));
  SB_TRY_STATUS(v.ToStatus());
  SB_TRY_STATUS(CheckNotMixed(req, {"AttributeUpdates", "Expected"},
                              {"UpdateExpression", "ConditionExpression"}));
  SB_ASSIGN_OR_RETURN(auto expected, ReadExpected(req));
  SB_ASSIGN_OR_RETURN(auto attribute_updates, ReadAttributeUpdates(req));

  SB_ASSIGN_OR_RETURN(ExpressionMaps maps, ReadExpressionMaps(req));
  SB_ASSIGN_OR_RETURN(auto update_text, OptString(req, "UpdateExpression"));
  SB_ASSIGN_OR_RETURN(auto cond_text, OptString(req, "ConditionExpression"));
  SB_TRY_STATUS(CheckMapsNeedExpressions(maps, update_text || cond_text));
  WriteRequest w;
  w.kind = WriteRequest::Kind::kUpdate;
  w.table_name = *name_opt;
  std::vector<std::string> updated_names;
  if (update_text || cond_text) {
    expr::Placeholders ph(maps.names_ptr(), maps.values_ptr());
    SB_TRY_STATUS(ph.Validate());
    if (update_text) {
      SB_ASSIGN_OR_RETURN(w.update, expr::ParseUpdate(*update_text, ph));
      updated_names = expr::UpdatedTopLevelNames(*w.update);
    }
    if (cond_text) {
      SB_ASSIGN_OR_RETURN(w.condition,
                          expr::ParseCondition(*cond_text, "ConditionExpression", ph));
    }
    SB_TRY_STATUS(ph.CheckAllUsed());
  }
  if (expected) w.condition = std::move(expected);
  if (attribute_updates) {
    w.update = std::move(attribute_updates);
    updated_names = expr::UpdatedTopLevelNames(*w.update);
  }
  SB_ASSIGN_OR_RETURN(auto table, LookupTable(ctx, w.table_name));
  SB_ASSIGN_OR_RETURN(w.key, KeyArgument(*table, *key));
  return RunSingleWrite(ctx, w, rv, old_on_fail, mode, updated_names);
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "UpdateItem", &UpdateItem, OpEffect::kWrite};
}  // namespace

}  // namespace sb::engine::ops
