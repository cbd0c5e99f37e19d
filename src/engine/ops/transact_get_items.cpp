#include "engine/ops/transact_get_items.h"

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/expr/expr.h"
#include "engine/model/keys.h"
#include "engine/ops/capacity.h"
#include "engine/ops/item_write.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "engine/storage/store.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::Item;

constexpr size_t kMaxActions = 100;
constexpr size_t kMaxTransactionBytes = 4 * 1024 * 1024;

struct Get {
  std::string table_name;
  Item raw_key;
  std::shared_ptr<const expr::Projection> projection;
  std::shared_ptr<const TableDef> table;
  KeyValues key;
};

// One TransactItems member's Get, read and checked (violations collect in `v`); nullopt when
// the Get, its TableName or its Key is missing.
ApiResult<std::optional<Get>> ReadGet(const json::value& member, const std::string& path,
                                      Violations& v) {
  if (!member.is_object()) {
    return ApiError::Serialization("Unexpected value type for TransactGetItem: expected an object");
  }
  SB_ASSIGN_OR_RETURN(const json::object* get, OptObject(member.get_object(), "Get"));
  if (get == nullptr) {
    v.Add(path, std::nullopt, "Member must not be null");
    return std::optional<Get>();
  }
  Get g;
  SB_ASSIGN_OR_RETURN(auto name, OptString(*get, "TableName"));
  CheckName(path + ".tableName", name, v);
  SB_ASSIGN_OR_RETURN(auto key, OptItem(*get, "Key"));
  if (!key) v.Add(path + ".key", std::nullopt, "Member must not be null");
  SB_ASSIGN_OR_RETURN(ExpressionMaps maps, ReadExpressionMaps(*get));
  maps.values.reset();  // Get has no ExpressionAttributeValues member
  SB_ASSIGN_OR_RETURN(auto proj_text, OptString(*get, "ProjectionExpression"));
  SB_TRY_STATUS(CheckMapsNeedExpressions(maps, proj_text.has_value()));
  if (proj_text) {
    expr::Placeholders ph(maps.names_ptr(), nullptr);
    SB_TRY_STATUS(ph.Validate());
    SB_ASSIGN_OR_RETURN(g.projection, expr::ParseProjection(*proj_text, ph));
    SB_TRY_STATUS(ph.CheckAllUsed());
  }
  if (!name || !key) return std::optional<Get>();
  g.table_name = *name;
  g.raw_key = std::move(*key);
  return std::optional<Get>(std::move(g));
}

// TransactItems and ReturnConsumedCapacity, validated; every Get's table and key resolved.
ApiResult<std::vector<Get>> ReadGets(Context& ctx, const json::object& request,
                                     CapacityMode& mode) {
  Violations v;
  SB_ASSIGN_OR_RETURN(const json::array* actions, OptArray(request, "TransactItems"));
  if (actions == nullptr) {
    v.Add("transactItems", std::nullopt, "Member must not be null");
  } else if (actions->empty()) {
    v.Add("transactItems", "[]", "Member must have length greater than or equal to 1");
  } else if (actions->size() > kMaxActions) {
    // DynamoDB echoes the list ("Value '[...]' at 'transactItems'"); the echo is cut to a short
    // prefix like every quoted input (docs/engine.md).
    v.Add("transactItems", json::serialize(*actions),
          "Member must have length less than or equal to 100");
    return v.ToStatus().error();
  }
  SB_ASSIGN_OR_RETURN(mode, ReadCapacityMode(request, v));
  std::vector<Get> gets;
  for (size_t i = 0; actions != nullptr && i < actions->size(); ++i) {
    const std::string path = "transactItems." + std::to_string(i + 1) + ".member.get";
    SB_ASSIGN_OR_RETURN(std::optional<Get> g, ReadGet((*actions)[i], path, v));
    if (g) gets.push_back(std::move(*g));
  }
  SB_TRY_STATUS(v.ToStatus());

  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (Get& g : gets) {
    SB_ASSIGN_OR_RETURN(g.table, LookupTable(ctx, g.table_name));
    SB_ASSIGN_OR_RETURN(g.key, KeyArgument(*g.table, g.raw_key));
    storage::EncodedKey e = storage::EncodeKey(g.key);
    if (!seen.emplace(g.table_name, std::move(e.hash), std::move(e.range)).second) {
      return ApiError::Validation(
          "Transaction request cannot include multiple operations on one item");
    }
  }
  return gets;
}

// The response: one entry per Get, in order, and the capacity per table.
json::object Respond(const std::vector<Get>& gets, const std::vector<std::optional<Item>>& items,
                     CapacityMode mode) {
  json::array responses;
  CapacityList capacity;
  for (size_t i = 0; i < gets.size(); ++i) {
    json::object r;
    if (items[i]) {
      r["Item"] = protocol::EncodeItem(
          gets[i].projection ? expr::Project(*gets[i].projection, *items[i]) : *items[i]);
    }
    responses.push_back(std::move(r));
    // A transactional read costs two strongly consistent reads.
    capacity.For(gets[i].table_name)
        .AddTable(2 * ReadUnits(items[i] ? protocol::ItemSizeBytes(*items[i]) : 0,
                                /*consistent=*/true));
  }
  json::object resp;
  resp["Responses"] = std::move(responses);
  capacity.Attach(resp, mode);
  return resp;
}

}  // namespace

OpResult TransactGetItems(Context& ctx, const json::object& request) {
  // Validate everything, then read every item in one snapshot.
  CapacityMode mode = CapacityMode::kNone;
  SB_ASSIGN_OR_RETURN(std::vector<Get> gets, ReadGets(ctx, request, mode));
  std::vector<std::optional<Item>> items(gets.size());
  Status read = ctx.store->Read([&](storage::ReadView& view) -> Status {
    for (size_t i = 0; i < gets.size(); ++i) {
      SB_ASSIGN_OR_RETURN(items[i], view.Get(*gets[i].table, storage::EncodeKey(gets[i].key)));
    }
    return {};
  });
  if (!read.ok()) return ApiError::Internal("storage: " + read.error().message);
  // API reference: DynamoDB rejects the request when "the aggregate size of the items in the
  // transaction exceeded 4 MB". It does not word that refusal; the engine uses
  // TransactWriteItems' message for its own 4 MB limit.
  size_t total_bytes = 0;
  for (const auto& item : items) total_bytes += item ? protocol::ItemSizeBytes(*item) : 0;
  if (total_bytes > kMaxTransactionBytes) {
    const std::string once =
        "Transaction payload size cannot exceed 4MB. Payload Size: " + std::to_string(total_bytes);
    return ApiError::Validation("Transaction payload size cannot exceed 4MB. Payload Size: : " +
                                once);
  }
  return Respond(gets, items, mode);
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "TransactGetItems", &TransactGetItems};
}  // namespace

}  // namespace sb::engine::ops
