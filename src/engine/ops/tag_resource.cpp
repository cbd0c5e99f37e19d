// TagResource: adds tags to a table, replacing the value of a key it already has.
#include <algorithm>
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "engine/ops/resource_tags.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

OpResult TagResource(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(const json::array* tags, OptArray(req, "Tags"));
  Violations v;
  if (tags == nullptr) v.Add("tags", std::nullopt, "Member must not be null");
  SB_TRY_STATUS(v.ToStatus());
  std::vector<std::pair<std::string, std::string>> add;
  for (size_t i = 0; i < tags->size(); ++i) {
    const auto& t = (*tags)[i];
    if (!t.is_object()) return ApiError::Serialization("Tags must hold objects");
    SB_ASSIGN_OR_RETURN(auto k, OptString(t.get_object(), "Key"));
    SB_ASSIGN_OR_RETURN(auto val, OptString(t.get_object(), "Value"));
    std::string path = "tags." + std::to_string(i + 1) + ".member";
    if (!k) v.Add(path + ".key", std::nullopt, "Member must not be null");
    if (!val) v.Add(path + ".value", std::nullopt, "Member must not be null");
    if (k && val) {
      CheckTag(path, *k, *val, v);
      add.emplace_back(*k, *val);
    }
  }
  SB_TRY_STATUS(v.ToStatus());
  // Static checks first: the table is looked up only for a valid request.
  SB_ASSIGN_OR_RETURN(std::string name, ResourceTable(ctx, req));
  SB_TRY_STATUS(ChangeTags(ctx, name, [&](TableDef& def) {
    for (const auto& [k, val] : add) {
      auto it = std::find_if(def.tags.begin(), def.tags.end(),
                             [&](const auto& e) { return e.first == k; });
      if (it != def.tags.end()) {
        it->second = val;
      } else {
        def.tags.emplace_back(k, val);
      }
    }
  }));
  return json::object{};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "TagResource", &TagResource};
}  // namespace

}  // namespace sb::engine::ops
