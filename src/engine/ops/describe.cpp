#include "engine/ops/describe.h"

#include <boost/json.hpp>

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

namespace {

// In KeySchema order: every HASH attribute, then every RANGE attribute (multi-attribute GSI
// keys show each attribute as given).
json::array KeySchemaJson(const KeySchema& k) {
  json::array a;
  for (const auto& e : k.HashParts()) {
    a.push_back(json::object{{"AttributeName", e.name}, {"KeyType", "HASH"}});
  }
  for (const auto& e : k.RangeParts()) {
    a.push_back(json::object{{"AttributeName", e.name}, {"KeyType", "RANGE"}});
  }
  return a;
}

json::object ProjectionJson(const Projection& p) {
  json::object o{{"ProjectionType", ProjectionTypeName(p.type)}};
  if (p.type == ProjectionType::kInclude) {
    json::array nka;
    for (const auto& a : p.non_key_attributes) nka.emplace_back(a);
    o["NonKeyAttributes"] = std::move(nka);
  }
  return o;
}

json::object ThroughputJson(const Throughput& t) {
  return json::object{{"NumberOfDecreasesToday", 0},
                      {"ReadCapacityUnits", t.read},
                      {"WriteCapacityUnits", t.write}};
}

}  // namespace

std::string StreamArn(std::string_view region, const TableDef& table) {
  return TableArn(region, table.name) + "/stream/" + table.stream.label;
}

protocol::ApiResult<json::object> DescribeTableJson(Context& ctx, const TableDef& table,
                                                    std::string_view status) {
  storage::TableStats stats;
  std::map<int64_t, storage::TableStats> index_stats;
  Status st = ctx.store->Read([&](storage::ReadView& view) -> Status {
    SB_ASSIGN_OR_RETURN(stats, view.Stats(table));
    for (const IndexDef* i : table.AllIndexes()) {
      SB_ASSIGN_OR_RETURN(index_stats[i->id], view.IndexStats(*i));
    }
    return {};
  });
  if (!st.ok()) return ApiError::Internal("storage: " + st.error().message);

  const std::string arn = TableArn(ctx.region, table.name);
  json::object d;
  json::array attrs;
  for (const auto& a : table.attribute_definitions) {
    attrs.push_back(json::object{{"AttributeName", a.name},
                                 {"AttributeType", ScalarTypeName(a.type)}});
  }
  d["AttributeDefinitions"] = std::move(attrs);
  d["TableName"] = table.name;
  d["KeySchema"] = KeySchemaJson(table.key);
  d["TableStatus"] = status;
  d["CreationDateTime"] = static_cast<double>(table.created_millis) / 1000.0;
  d["ProvisionedThroughput"] = ThroughputJson(table.throughput);
  d["TableSizeBytes"] = stats.size_bytes;
  d["ItemCount"] = stats.item_count;
  d["TableArn"] = arn;
  d["TableId"] = table.uuid;
  // As DynamoDB: a table that is or once was on-demand carries a BillingModeSummary (with the
  // current mode, so PROVISIONED after a switch back).
  if (table.pay_per_request_millis != 0) {
    d["BillingModeSummary"] =
        json::object{{"BillingMode", BillingModeName(table.billing)},
                     {"LastUpdateToPayPerRequestDateTime",
                      static_cast<double>(table.pay_per_request_millis) / 1000.0}};
  }
  auto index_json = [&](const IndexDef& i) {
    json::object o;
    o["IndexName"] = i.name;
    o["KeySchema"] = KeySchemaJson(i.key);
    o["Projection"] = ProjectionJson(i.projection);
    if (i.global) {
      o["IndexStatus"] = status == "DELETING" ? "DELETING" : "ACTIVE";
      o["ProvisionedThroughput"] = ThroughputJson(i.throughput);
    }
    o["IndexSizeBytes"] = index_stats[i.id].size_bytes;
    o["ItemCount"] = index_stats[i.id].item_count;
    o["IndexArn"] = arn + "/index/" + i.name;
    return o;
  };
  if (!table.gsis.empty()) {
    json::array a;
    for (const auto& i : table.gsis) a.push_back(index_json(i));
    d["GlobalSecondaryIndexes"] = std::move(a);
  }
  if (!table.lsis.empty()) {
    json::array a;
    for (const auto& i : table.lsis) a.push_back(index_json(i));
    d["LocalSecondaryIndexes"] = std::move(a);
  }
  if (table.stream.enabled) {
    d["StreamSpecification"] =
        json::object{{"StreamEnabled", true}, {"StreamViewType", table.stream.view_type}};
  }
  if (!table.stream.label.empty()) {
    d["LatestStreamLabel"] = table.stream.label;
    d["LatestStreamArn"] = StreamArn(ctx.region, table);
  }
  d["DeletionProtectionEnabled"] = false;
  return d;
}

}  // namespace sb::engine::ops
