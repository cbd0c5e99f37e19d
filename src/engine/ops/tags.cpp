// TagResource, UntagResource, ListTagsOfResource (tables are the taggable resources).
#include <boost/json.hpp>

#include "engine/ops/operations.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;

namespace {

// The table named by ResourceArn. DynamoDB's messages, including its "ResourcArn" spelling.
ApiResult<std::string> ResourceTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(auto arn, OptString(req, "ResourceArn"));
  Violations v;
  if (!arn) v.Add("resourceArn", std::nullopt, "Member must not be null");
  SB_TRY_STATUS(v.ToStatus());
  auto name = TableNameFromArn(*arn);
  if (!name) {
    return ApiError::Validation("Invalid TableArn: Invalid ResourceArn provided as input " + *arn);
  }
  if (!ctx.store->FindTable(*name)) {
    return ApiError::ResourceNotFound("Requested resource not found: ResourcArn: " + *arn +
                                      " not found");
  }
  return *name;
}

// Applies `change` to the table's tags in one transaction.
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

}  // namespace

OpResult TagResource(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, ResourceTable(ctx, req));
  SB_ASSIGN_OR_RETURN(const json::array* tags, OptArray(req, "Tags"));
  Violations v;
  if (tags == nullptr) v.Add("tags", std::nullopt, "Member must not be null");
  SB_TRY_STATUS(v.ToStatus());
  std::vector<std::pair<std::string, std::string>> add;
  for (const auto& t : *tags) {
    if (!t.is_object()) return ApiError::Serialization("Tags must hold objects");
    SB_ASSIGN_OR_RETURN(auto k, OptString(t.get_object(), "Key"));
    SB_ASSIGN_OR_RETURN(auto val, OptString(t.get_object(), "Value"));
    if (!k) v.Add("tags.member.key", std::nullopt, "Member must not be null");
    if (!val) v.Add("tags.member.value", std::nullopt, "Member must not be null");
    if (k && val) add.emplace_back(*k, *val);
  }
  SB_TRY_STATUS(v.ToStatus());
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

OpResult ListTagsOfResource(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, ResourceTable(ctx, req));
  auto def = ctx.store->FindTable(name);
  if (!def) return ApiError::ResourceNotFound();
  json::array tags;
  for (const auto& [k, val] : def->tags) tags.push_back(json::object{{"Key", k}, {"Value", val}});
  return json::object{{"Tags", std::move(tags)}};
}

}  // namespace sb::engine::ops
