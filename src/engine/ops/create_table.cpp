// CreateTable: validates the whole table shape, then creates it ACTIVE at once (a local
// engine has nothing to provision; DynamoDB Local does the same).
#include <atomic>
#include <boost/json.hpp>
#include <cstdio>
#include <optional>
#include <set>

#include "engine/ops/describe.h"
#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "engine/ops/resource_tags.h"
#include "engine/ops/table_spec.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

namespace {

ApiError Invalid(std::string_view what) {
  return ApiError::Validation("One or more parameter values were invalid: " + std::string(what));
}

std::string NewUuid(const Clock& clock) {
  static std::atomic<uint64_t> counter{0};
  uint64_t a = static_cast<uint64_t>(clock.NowUnixMillis()) * 2654435761u ^ (++counter << 20);
  uint64_t b = std::hash<uint64_t>{}(a ^ 0x9e3779b97f4a7c15ull) ^ counter.load();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-a%03x-%012llx",
                static_cast<unsigned>(a >> 32), static_cast<unsigned>(a >> 16) & 0xFFFF,
                static_cast<unsigned>(a) & 0xFFF, static_cast<unsigned>(b >> 48) & 0xFFF,
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
  return buf;
}

}  // namespace

std::string StreamLabelNow(const Clock& clock) {
  std::string iso = FormatIso8601Millis(clock.NowUnixMillis());
  if (!iso.empty() && iso.back() == 'Z') iso.pop_back();
  return iso;
}

namespace {

// BillingMode and ProvisionedThroughput: provisioned tables need throughput, on-demand ones
// must not have it.
protocol::ApiStatus ReadBilling(const json::object& req, const std::optional<std::string>& billing,
                                TableDef& def) {
  def.billing = billing && *billing == "PAY_PER_REQUEST" ? BillingMode::kPayPerRequest
                                                         : BillingMode::kProvisioned;
  SB_ASSIGN_OR_RETURN(const json::object* tp_json, OptObject(req, "ProvisionedThroughput"));
  SB_ASSIGN_OR_RETURN(auto tp, ParseThroughput(tp_json, "provisionedThroughput"));
  if (def.billing == BillingMode::kProvisioned) {
    if (!tp) {
      return Invalid(
          "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
          "PROVISIONED");
    }
    def.throughput = *tp;
  } else if (tp) {
    return Invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  }
  return {};
}

// What the index parsers share: the attribute types, the attributes keys use so far, and the
// index names so far.
struct IndexScope {
  const AttributeTypes& types;
  std::set<std::string>& used;
  std::set<std::string>& names;
};

// LocalSecondaryIndexes: at most 5, each with the table's hash key and a range key.
protocol::ApiStatus ReadLocalIndexes(const json::object& req, IndexScope scope, TableDef& def) {
  SB_ASSIGN_OR_RETURN(const json::array* lsi_json, OptArray(req, "LocalSecondaryIndexes"));
  if (lsi_json == nullptr) return {};
  if (lsi_json->empty()) return Invalid("List of LocalSecondaryIndexes is empty");
  if (!def.key.range) {
    return Invalid(
        "Table KeySchema does not have a range key, which is required when specifying a "
        "LocalSecondaryIndex");
  }
  if (lsi_json->size() > 5) {
    return Invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }
  for (size_t i = 0; i < lsi_json->size(); ++i) {
    if (!(*lsi_json)[i].is_object()) {
      return ApiError::Serialization("LocalSecondaryIndexes must hold objects");
    }
    SB_ASSIGN_OR_RETURN(IndexDef index, ParseIndex((*lsi_json)[i].get_object(), false,
                                                   "localSecondaryIndexes." +
                                                       std::to_string(i + 1) + ".member",
                                                   scope.types, &scope.used));
    if (!index.key.range) {
      return Invalid("Index KeySchema does not have a range key for index: " + index.name);
    }
    if (index.key.hash.name != def.key.hash.name) {
      return Invalid("Index KeySchema does not have the same leading hash key as table "
                     "KeySchema for index: " + index.name + ". index hash key: " +
                     index.key.hash.name + ", table hash key: " + def.key.hash.name);
    }
    if (!scope.names.insert(index.name).second) {
      return Invalid("Duplicate index name: " + index.name);
    }
    def.lsis.push_back(std::move(index));
  }
  return {};
}

// GlobalSecondaryIndexes: at most 20, with throughput exactly when the table is provisioned.
protocol::ApiStatus ReadGlobalIndexes(const json::object& req, IndexScope scope, TableDef& def) {
  SB_ASSIGN_OR_RETURN(const json::array* gsi_json, OptArray(req, "GlobalSecondaryIndexes"));
  if (gsi_json == nullptr) return {};
  if (gsi_json->empty()) return Invalid("List of GlobalSecondaryIndexes is empty");
  if (gsi_json->size() > 20) {
    return Invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  for (size_t i = 0; i < gsi_json->size(); ++i) {
    if (!(*gsi_json)[i].is_object()) {
      return ApiError::Serialization("GlobalSecondaryIndexes must hold objects");
    }
    SB_ASSIGN_OR_RETURN(IndexDef index, ParseIndex((*gsi_json)[i].get_object(), true,
                                                   "globalSecondaryIndexes." +
                                                       std::to_string(i + 1) + ".member",
                                                   scope.types, &scope.used));
    SB_TRY_STATUS(CheckIndexThroughput(index, def.billing));
    if (!scope.names.insert(index.name).second) {
      return Invalid("Duplicate index name: " + index.name);
    }
    def.gsis.push_back(std::move(index));
  }
  return {};
}

// Tags: Key and Value each required; a repeated key keeps its last value.
protocol::ApiStatus ReadTags(const json::object& req, TableDef& def) {
  SB_ASSIGN_OR_RETURN(const json::array* tags, OptArray(req, "Tags"));
  if (tags == nullptr) return {};
  for (size_t i = 0; i < tags->size(); ++i) {
    const auto& t = (*tags)[i];
    if (!t.is_object()) return ApiError::Serialization("Tags must hold objects");
    SB_ASSIGN_OR_RETURN(auto k, OptString(t.get_object(), "Key"));
    SB_ASSIGN_OR_RETURN(auto val, OptString(t.get_object(), "Value"));
    if (!k || !val) {
      Violations tv;
      tv.Add(!k ? "tags.member.key" : "tags.member.value", std::nullopt, "Member must not be null");
      SB_TRY_STATUS(tv.ToStatus());
    }
    Violations tv;
    CheckTag("tags." + std::to_string(i + 1) + ".member", *k, *val, tv);
    SB_TRY_STATUS(tv.ToStatus());
    bool replaced = false;
    for (auto& [ek, ev] : def.tags) {
      if (ek == *k) {
        ev = *val;
        replaced = true;
      }
    }
    if (!replaced) def.tags.emplace_back(*k, *val);
  }
  if (def.tags.size() > kMaxTagsPerTable) return TooManyTags();
  return {};
}

// The whole table definition from the request, validated; nothing is stored.
protocol::ApiResult<TableDef> ReadTableDef(Context& ctx, const json::object& req) {
  Violations v;
  SB_ASSIGN_OR_RETURN(auto name, OptString(req, "TableName"));
  CheckName("tableName", name, v);
  SB_ASSIGN_OR_RETURN(const json::array* attr_json, OptArray(req, "AttributeDefinitions"));
  SB_ASSIGN_OR_RETURN(const json::array* key_json, OptArray(req, "KeySchema"));
  if (attr_json == nullptr) v.Add("attributeDefinitions", std::nullopt, "Member must not be null");
  if (key_json == nullptr) v.Add("keySchema", std::nullopt, "Member must not be null");
  SB_ASSIGN_OR_RETURN(auto billing,
                      OptEnum(req, "BillingMode", {"PROVISIONED", "PAY_PER_REQUEST"}, v));
  SB_TRY_STATUS(v.ToStatus());

  TableDef def;
  def.name = *name;
  SB_ASSIGN_OR_RETURN(def.attribute_definitions, ParseAttributeDefinitions(*attr_json));
  AttributeTypes types;
  for (const auto& a : def.attribute_definitions) types.emplace(a.name, a.type);
  std::set<std::string> used;
  SB_ASSIGN_OR_RETURN(def.key, ParseKeySchema(key_json, "keySchema", types, &used));
  SB_TRY_STATUS(ReadBilling(req, billing, def));
  std::set<std::string> index_names;
  SB_TRY_STATUS(ReadLocalIndexes(req, IndexScope{types, used, index_names}, def));
  SB_TRY_STATUS(ReadGlobalIndexes(req, IndexScope{types, used, index_names}, def));
  // Every defined attribute must be a key of the table or an index.
  if (used.size() != def.attribute_definitions.size()) {
    return Invalid("Number of attributes in KeySchema does not exactly match number of attributes "
                   "defined in AttributeDefinitions");
  }
  SB_ASSIGN_OR_RETURN(auto stream, ParseStreamSpec(req));
  if (stream) {
    def.stream = *stream;
    if (def.stream.enabled) def.stream.label = StreamLabelNow(*ctx.clock);
  }
  SB_TRY_STATUS(ReadTags(req, def));
  return def;
}

}  // namespace

OpResult CreateTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(TableDef def, ReadTableDef(ctx, req));
  def.created_millis = ctx.clock->NowUnixMillis();
  if (def.billing == BillingMode::kPayPerRequest) def.pay_per_request_millis = def.created_millis;
  def.uuid = NewUuid(*ctx.clock);

  auto created = ctx.store->Write(
      [&](storage::WriteTxn& txn) -> protocol::ApiResult<std::shared_ptr<const TableDef>> {
        if (txn.FindTable(def.name)) {
          return ApiError::ResourceInUse("Table already exists: " + def.name);
        }
        auto r = txn.CreateTable(def);
        if (!r.ok()) return ApiError::Internal("storage: " + r.error().message);
        return std::move(r).value();
      });
  if (!created.ok()) return Fail(created.error());
  SB_ASSIGN_OR_RETURN(json::object desc, DescribeTableJson(ctx, *created.value()));
  return json::object{{"TableDescription", std::move(desc)}};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "CreateTable", &CreateTable};
}  // namespace

}  // namespace sb::engine::ops
