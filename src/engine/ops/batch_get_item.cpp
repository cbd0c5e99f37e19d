#include "engine/ops/batch_get_item.h"

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/expr/expr.h"
#include "engine/model/keys.h"
#include "engine/ops/capacity.h"
#include "engine/ops/item_write.h"
#include "engine/ops/legacy_params.h"
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

constexpr size_t kMaxKeys = 100;                     // DynamoDB: per call, across tables
constexpr size_t kResponseBytes = 16 * 1024 * 1024;  // DynamoDB: 16 MB of items per response

ApiError TooMany() {
  return ApiError::Validation("Too many items requested for the BatchGetItem call");
}

// One table's KeysAndAttributes, validated.
struct TableGets {
  std::string name;
  const json::object* source = nullptr;  // the request's KeysAndAttributes (for Unprocessed)
  std::vector<Item> raw_keys;
  bool consistent = false;
  std::shared_ptr<const expr::Projection> projection;
  std::shared_ptr<const TableDef> table;
  std::vector<KeyValues> keys;
};

// Parses one KeysAndAttributes (everything that needs no table).
ApiResult<TableGets> ParseTable(std::string name, const json::value& value, Violations& v) {
  TableGets t;
  t.name = std::move(name);
  CheckMapKeyName("requestItems", t.name, v);
  if (!value.is_object()) {
    return ApiError::Serialization(
        "Unexpected value type for KeysAndAttributes: expected an object");
  }
  const json::object& ka = value.get_object();
  t.source = &ka;
  const std::string path = "requestItems." + t.name + ".member.keys";
  SB_ASSIGN_OR_RETURN(const json::array* keys, OptArray(ka, "Keys"));
  if (keys == nullptr) {
    v.Add(path, std::nullopt, "Member must not be null");
  } else if (keys->empty()) {
    v.Add(path, "[]", "Member must have length greater than or equal to 1");
  } else if (keys->size() > kMaxKeys) {
    return TooMany();
  } else {
    for (const json::value& k : *keys) {
      if (!k.is_object()) return ApiError::Serialization("Unexpected value type for Keys");
      SB_ASSIGN_OR_RETURN(Item item, protocol::DecodeItem(k));
      t.raw_keys.push_back(std::move(item));
    }
  }
  SB_ASSIGN_OR_RETURN(auto consistent, OptBool(ka, "ConsistentRead"));
  t.consistent = consistent.value_or(false);
  SB_TRY_STATUS(CheckNotMixed(ka, {"AttributesToGet"}, {"ProjectionExpression"}));
  SB_ASSIGN_OR_RETURN(ExpressionMaps maps, ReadExpressionMaps(ka));
  maps.values.reset();  // KeysAndAttributes has no ExpressionAttributeValues member
  SB_ASSIGN_OR_RETURN(auto proj_text, OptString(ka, "ProjectionExpression"));
  SB_TRY_STATUS(CheckMapsNeedExpressions(maps, proj_text.has_value()));
  if (proj_text) {
    expr::Placeholders ph(maps.names_ptr(), nullptr);
    SB_TRY_STATUS(ph.Validate());
    SB_ASSIGN_OR_RETURN(t.projection, expr::ParseProjection(*proj_text, ph));
    SB_TRY_STATUS(ph.CheckAllUsed());
  } else {
    SB_ASSIGN_OR_RETURN(t.projection, ReadAttributesToGet(ka));
  }
  return t;
}

// RequestItems and ReturnConsumedCapacity, validated; every table and key resolved.
ApiResult<std::vector<TableGets>> ReadTables(Context& ctx, const json::object& request,
                                             CapacityMode& mode) {
  Violations v;
  std::vector<TableGets> tables;
  SB_ASSIGN_OR_RETURN(const json::object* items, OptObject(request, "RequestItems"));
  if (items == nullptr) {
    v.Add("requestItems", std::nullopt, "Member must not be null");
  } else if (items->empty()) {
    v.Add("requestItems", "{}", "Member must have length greater than or equal to 1");
  } else {
    for (const auto& kv : *items) {
      SB_ASSIGN_OR_RETURN(TableGets t, ParseTable(std::string(kv.key()), kv.value(), v));
      tables.push_back(std::move(t));
    }
  }
  SB_ASSIGN_OR_RETURN(mode, ReadCapacityMode(request, v));
  SB_TRY_STATUS(v.ToStatus());
  size_t total = 0;
  for (const TableGets& t : tables) total += t.raw_keys.size();
  if (total > kMaxKeys) return TooMany();

  for (TableGets& t : tables) {
    SB_ASSIGN_OR_RETURN(t.table, LookupTable(ctx, t.name));
    std::set<std::pair<std::string, std::string>> seen;
    for (const Item& raw : t.raw_keys) {
      SB_ASSIGN_OR_RETURN(KeyValues k, KeyArgument(*t.table, raw));
      storage::EncodedKey e = storage::EncodeKey(k);
      if (!seen.emplace(std::move(e.hash), std::move(e.range)).second) {
        return ApiError::Validation("Provided list of item keys contains duplicates");
      }
      t.keys.push_back(std::move(k));
    }
  }
  return tables;
}

// What the reads gather, table by table.
struct Gathered {
  json::object responses;
  json::object unprocessed;
  CapacityList capacity;
  size_t bytes = 0;
  bool full = false;  // the 16 MB response limit was reached: the rest is unprocessed
};

// Reads one table's keys into `out` until the response is full; the rest go unprocessed.
Status ReadTable(storage::ReadView& view, const TableGets& t, Gathered& out) {
  json::array found;
  json::array pending;
  Capacity& cap = out.capacity.For(t.name);
  for (size_t i = 0; i < t.keys.size(); ++i) {
    if (!out.full) {
      SB_ASSIGN_OR_RETURN(std::optional<Item> item,
                          view.Get(*t.table, storage::EncodeKey(t.keys[i])));
      const size_t size = item ? protocol::ItemSizeBytes(*item) : 0;
      if (out.bytes + size <= kResponseBytes) {
        out.bytes += size;
        cap.AddTable(ReadUnits(size, t.consistent));
        if (item) {
          found.push_back(
              protocol::EncodeItem(t.projection ? expr::Project(*t.projection, *item) : *item));
        }
        continue;
      }
      out.full = true;
    }
    pending.push_back(protocol::EncodeItem(t.raw_keys[i]));
  }
  out.responses[t.name] = std::move(found);
  if (!pending.empty()) {
    json::object again = *t.source;  // the request's options, with the keys left to read
    again["Keys"] = std::move(pending);
    out.unprocessed[t.name] = std::move(again);
  }
  return {};
}

}  // namespace

OpResult BatchGetItem(Context& ctx, const json::object& request) {
  // Validate everything, then read every table in one snapshot.
  CapacityMode mode = CapacityMode::kNone;
  SB_ASSIGN_OR_RETURN(std::vector<TableGets> tables, ReadTables(ctx, request, mode));
  Gathered g;
  Status read = ctx.store->Read([&](storage::ReadView& view) -> Status {
    for (const TableGets& t : tables) SB_TRY_STATUS(ReadTable(view, t, g));
    return {};
  });
  if (!read.ok()) return ApiError::Internal("storage: " + read.error().message);

  json::object resp;
  resp["Responses"] = std::move(g.responses);
  resp["UnprocessedKeys"] = std::move(g.unprocessed);
  g.capacity.Attach(resp, mode);
  return resp;
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "BatchGetItem", &BatchGetItem};
}  // namespace

}  // namespace sb::engine::ops
