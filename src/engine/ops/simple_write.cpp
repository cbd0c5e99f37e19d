#include "engine/ops/simple_write.h"

#include <boost/json.hpp>

#include "engine/ops/legacy_params.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;

protocol::ApiResult<SimpleWrite> ReadSimpleWrite(const json::object& req, WriteRequest::Kind kind) {
  const bool put = kind == WriteRequest::Kind::kPut;
  SB_ASSIGN_OR_RETURN(auto name_opt, OptString(req, "TableName"));
  SB_ASSIGN_OR_RETURN(auto payload, OptItem(req, put ? "Item" : "Key"));
  Violations v;
  CheckName("tableName", name_opt, v);
  if (!payload) v.Add(put ? "item" : "key", std::nullopt, "Member must not be null");
  SimpleWrite out;
  SB_ASSIGN_OR_RETURN(out.return_values,
                      ReadReturnValues(req, {ReturnValues::kNone, ReturnValues::kAllOld},
                                       "ReturnValues can only be ALL_OLD or NONE", v));
  SB_ASSIGN_OR_RETURN(out.old_on_condition_failure, ReadReturnOldOnConditionFailure(req, v));
  SB_ASSIGN_OR_RETURN(out.capacity, ReadCapacityMode(req, v));
  SB_TRY_STATUS(v.ToStatus());
  SB_TRY_STATUS(CheckNotMixed(req, {"Expected"}, {"ConditionExpression"}));
  SB_ASSIGN_OR_RETURN(auto expected, ReadExpected(req));

  SB_ASSIGN_OR_RETURN(ExpressionMaps maps, ReadExpressionMaps(req));
  SB_ASSIGN_OR_RETURN(auto cond_text, OptString(req, "ConditionExpression"));
  SB_TRY_STATUS(CheckMapsNeedExpressions(maps, cond_text.has_value()));
  out.write.kind = kind;
  out.write.table_name = *name_opt;
  if (cond_text) {
    expr::Placeholders ph(maps.names_ptr(), maps.values_ptr());
    SB_TRY_STATUS(ph.Validate());
    SB_ASSIGN_OR_RETURN(out.write.condition,
                        expr::ParseCondition(*cond_text, "ConditionExpression", ph));
    SB_TRY_STATUS(ph.CheckAllUsed());
  }
  if (expected) out.write.condition = std::move(expected);
  out.payload = std::move(*payload);
  return out;
}

}  // namespace sb::engine::ops
