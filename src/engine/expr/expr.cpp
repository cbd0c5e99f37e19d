#include "engine/expr/expr.h"

#include <algorithm>

#include "engine/expr/apply.h"
#include "engine/expr/ast.h"
#include "engine/expr/evaluate.h"
#include "engine/expr/parser.h"
#include "engine/expr/projection.h"
#include "engine/expr/resolve.h"

namespace sb::engine::expr {

using protocol::ApiResult;

ApiResult<std::shared_ptr<const Condition>> ParseCondition(std::string_view text,
                                                           std::string_view kind,
                                                           Placeholders& ph) {
  SB_ASSIGN_OR_RETURN(CondNode root, ParseConditionText(text, kind, /*leaf_errors=*/true));
  SB_TRY_STATUS(ResolveCondition(root, kind, ph));
  auto c = std::make_shared<Condition>();
  c->root = std::move(root);
  return std::shared_ptr<const Condition>(std::move(c));
}

ApiResult<bool> Evaluate(const Condition& c, const protocol::Item& item) {
  return EvaluateCondition(c.root, item);
}

ApiResult<std::shared_ptr<const Update>> ParseUpdate(std::string_view text, Placeholders& ph) {
  SB_ASSIGN_OR_RETURN(Update u, ParseUpdateText(text));
  SB_TRY_STATUS(ResolveUpdate(u, ph));
  return std::shared_ptr<const Update>(std::make_shared<Update>(std::move(u)));
}

ApiResult<protocol::Item> Apply(const Update& u, const protocol::Item& item,
                                const std::vector<std::string>& key_names) {
  return ApplyUpdate(u, item, key_names);
}

std::vector<std::string> UpdatedTopLevelNames(const Update& u) { return TopLevelNames(u); }

protocol::Item ProjectUpdatedPaths(const Update& u, const protocol::Item& item) {
  Projection p;
  for (const UpdateAction& a : u.actions) p.paths.push_back(a.path);
  return ProjectItem(p, item);
}

bool RemovesOnly(const Update& u) {
  for (const UpdateAction& a : u.actions) {
    if (a.kind != UpdateAction::Kind::kRemove) return false;
  }
  return !u.actions.empty();
}

ApiResult<std::shared_ptr<const Projection>> ParseProjection(std::string_view text,
                                                             Placeholders& ph) {
  SB_ASSIGN_OR_RETURN(Projection p, ParseProjectionText(text));
  SB_TRY_STATUS(ResolveProjection(p, ph));
  return std::shared_ptr<const Projection>(std::make_shared<Projection>(std::move(p)));
}

protocol::Item Project(const Projection& p, const protocol::Item& item) {
  return ProjectItem(p, item);
}

std::vector<std::string> ProjectionTopLevelNames(const Projection& p) {
  std::vector<std::string> names;
  for (const Path& path : p.paths) {
    if (path.elems.empty()) continue;
    const std::string& name = path.elems.front().name;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

ApiResult<KeyRange> ParseKeyCondition(std::string_view text, Placeholders& ph,
                                      std::string_view hash_key_name,
                                      std::optional<std::string_view> range_key_name) {
  return ParseKeyConditionText(text, ph, hash_key_name, range_key_name);
}

}  // namespace sb::engine::expr
