// UpdateTimeToLive: turns a table's item expiry on (by an attribute) or off. Expiry itself is
// ttl_sweeper.h's job.
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

OpResult UpdateTimeToLive(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, TableNameParam(req));
  SB_ASSIGN_OR_RETURN(const json::object* spec, OptObject(req, "TimeToLiveSpecification"));
  Violations v;
  if (spec == nullptr) v.Add("timeToLiveSpecification", std::nullopt, "Member must not be null");
  SB_TRY_STATUS(v.ToStatus());
  SB_ASSIGN_OR_RETURN(auto enabled, OptBool(*spec, "Enabled"));
  SB_ASSIGN_OR_RETURN(auto attr, OptString(*spec, "AttributeName"));
  if (!enabled) v.Add("timeToLiveSpecification.enabled", std::nullopt, "Member must not be null");
  if (!attr) v.Add("timeToLiveSpecification.attributeName", std::nullopt, "Member must not be null");
  if (attr && attr->empty()) {
    v.Add("timeToLiveSpecification.attributeName", *attr,
          "Member must have length greater than or equal to 1");
  }
  // TimeToLiveSpecification.AttributeName: length 1..255 (API reference).
  if (attr && attr->size() > 255) {
    v.Add("timeToLiveSpecification.attributeName", *attr,
          "Member must have length less than or equal to 255");
  }
  SB_TRY_STATUS(v.ToStatus());
  SB_ASSIGN_OR_RETURN(auto def, LookupTable(ctx, name, TableNotFoundMessage(name)));
  protocol::ApiStatus st = ctx.store->Write([&](storage::WriteTxn& txn) -> protocol::ApiStatus {
    auto cur = txn.FindTable(name);
    if (!cur) return ApiError::ResourceNotFound();
    if (*enabled && cur->ttl.enabled) {
      return ApiError::Validation("TimeToLive is already enabled");
    }
    if (!*enabled && !cur->ttl.enabled) {
      return ApiError::Validation("TimeToLive is already disabled");
    }
    if (!*enabled && cur->ttl.attribute != *attr) {
      return ApiError::Validation(
          "The AttributeName specified does not match the TimeToLive AttributeName: " +
          cur->ttl.attribute);
    }
    TableDef next = *cur;
    next.ttl.enabled = *enabled;
    next.ttl.attribute = *enabled ? *attr : "";
    auto r = txn.ReplaceTable(std::move(next));
    if (!r.ok()) return ApiError::Internal("storage: " + r.error().message);
    return {};
  });
  SB_TRY_STATUS(st);
  return json::object{{"TimeToLiveSpecification",
                       json::object{{"Enabled", *enabled}, {"AttributeName", *attr}}}};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "UpdateTimeToLive", &UpdateTimeToLive};
}  // namespace

}  // namespace sb::engine::ops
