// UntagResource: removes tags from a table by key (unknown keys are ignored).
#include <algorithm>
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "engine/ops/resource_tags.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

OpResult UntagResource(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, ResourceTable(ctx, req));
  SB_ASSIGN_OR_RETURN(const json::array* keys, OptArray(req, "TagKeys"));
  Violations v;
  if (keys == nullptr) v.Add("tagKeys", std::nullopt, "Member must not be null");
  SB_TRY_STATUS(v.ToStatus());
  std::vector<std::string> remove;
  for (const auto& k : *keys) {
    if (!k.is_string()) return ApiError::Serialization("TagKeys must hold strings");
    remove.emplace_back(k.get_string());
  }
  SB_TRY_STATUS(ChangeTags(ctx, name, [&](TableDef& def) {
    std::erase_if(def.tags, [&](const auto& e) {
      return std::find(remove.begin(), remove.end(), e.first) != remove.end();
    });
  }));
  return json::object{};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "UntagResource", &UntagResource};
}  // namespace

}  // namespace sb::engine::ops
