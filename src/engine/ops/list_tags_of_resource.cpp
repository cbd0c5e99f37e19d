// ListTagsOfResource: a table's tags, in the order they were added.
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "engine/ops/resource_tags.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

OpResult ListTagsOfResource(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, ResourceTable(ctx, req));
  auto def = ctx.store->FindTable(name);
  if (!def) return ApiError::ResourceNotFound();
  json::array tags;
  for (const auto& [k, val] : def->tags) tags.push_back(json::object{{"Key", k}, {"Value", val}});
  return json::object{{"Tags", std::move(tags)}};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "ListTagsOfResource", &ListTagsOfResource};
}  // namespace

}  // namespace sb::engine::ops
