// DynamoDbClient's table-level calls: DescribeTable, CreateTable, UpdateTimeToLive,
// DescribeTimeToLive, and the key-schema / index / table-description codecs they share.
// (The item and read calls are in dynamodb_client.cpp.)
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "dynamo/dynamodb_client.h"
#include "dynamo/wire.h"

namespace sb::dynamo {
namespace {

namespace json = boost::json;

std::string Target(std::string_view op) { return wire::DynamoDbTarget(op); }

json::array EncodeKeySchema(const std::vector<KeySchemaElement>& schema) {
  json::array a;
  for (const auto& k : schema) {
    a.push_back(json::object{{"AttributeName", k.attribute_name}, {"KeyType", k.key_type}});
  }
  return a;
}

ApiResult<std::vector<KeySchemaElement>> DecodeKeySchema(const json::value* v,
                                                         std::string_view call) {
  std::vector<KeySchemaElement> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return wire::Invalid(call, "KeySchema is not a list");
  for (const json::value& e : v->as_array()) {
    if (!e.is_object()) return wire::Invalid(call, "KeySchema element is not an object");
    SB_ASSIGN_OR_RETURN(auto name, wire::OptString(e.as_object(), "AttributeName", call));
    SB_ASSIGN_OR_RETURN(auto type, wire::OptString(e.as_object(), "KeyType", call));
    out.push_back({name.value_or(""), type.value_or("")});
  }
  return out;
}

ApiResult<std::vector<SecondaryIndex>> DecodeIndexes(const json::value* v, std::string_view call) {
  std::vector<SecondaryIndex> out;
  if (v == nullptr || !v->is_array()) return out;
  for (const json::value& e : v->as_array()) {
    if (!e.is_object()) return wire::Invalid(call, "secondary index element is not an object");
    const json::object& g = e.as_object();
    SecondaryIndex index;
    SB_ASSIGN_OR_RETURN(auto n, wire::OptString(g, "IndexName", call));
    index.index_name = n.value_or("");
    SB_ASSIGN_OR_RETURN(index.key_schema, DecodeKeySchema(g.if_contains("KeySchema"), call));
    if (const json::value* p = g.if_contains("Projection"); p != nullptr && p->is_object()) {
      SB_ASSIGN_OR_RETURN(auto pt, wire::OptString(p->as_object(), "ProjectionType", call));
      index.projection_type = pt.value_or("");
      if (const json::value* nk = p->as_object().if_contains("NonKeyAttributes");
          nk != nullptr && nk->is_array()) {
        for (const json::value& a : nk->as_array()) {
          if (a.is_string()) index.non_key_attributes.emplace_back(a.as_string());
        }
      }
    }
    out.push_back(std::move(index));
  }
  return out;
}

json::array EncodeIndexes(const std::vector<SecondaryIndex>& indexes) {
  json::array a;
  for (const auto& g : indexes) {
    json::object projection{{"ProjectionType", g.projection_type}};
    if (!g.non_key_attributes.empty()) {
      json::array nk;
      for (const auto& attr : g.non_key_attributes) nk.push_back(json::value(attr));
      projection["NonKeyAttributes"] = std::move(nk);
    }
    a.push_back(json::object{{"IndexName", g.index_name},
                             {"KeySchema", EncodeKeySchema(g.key_schema)},
                             {"Projection", std::move(projection)}});
  }
  return a;
}

ApiResult<TableDescription> DecodeTable(const json::object& response, std::string_view call,
                                        std::string_view member) {
  const json::value* t = response.if_contains(member);
  if (t == nullptr || !t->is_object()) {
    return wire::Invalid(call, std::string(member) + " missing");
  }
  const json::object& o = t->as_object();
  TableDescription d;
  SB_ASSIGN_OR_RETURN(auto name, wire::OptString(o, "TableName", call));
  SB_ASSIGN_OR_RETURN(auto status, wire::OptString(o, "TableStatus", call));
  SB_ASSIGN_OR_RETURN(auto arn, wire::OptString(o, "TableArn", call));
  SB_ASSIGN_OR_RETURN(d.latest_stream_arn, wire::OptString(o, "LatestStreamArn", call));
  SB_ASSIGN_OR_RETURN(d.latest_stream_label, wire::OptString(o, "LatestStreamLabel", call));
  SB_ASSIGN_OR_RETURN(auto count, wire::OptInt(o, "ItemCount", call));
  d.table_name = name.value_or("");
  d.table_status = status.value_or("");
  d.table_arn = arn.value_or("");
  d.item_count = count.value_or(0);
  SB_ASSIGN_OR_RETURN(d.key_schema, DecodeKeySchema(o.if_contains("KeySchema"), call));
  if (const json::value* defs = o.if_contains("AttributeDefinitions");
      defs != nullptr && defs->is_array()) {
    for (const json::value& e : defs->as_array()) {
      if (!e.is_object()) return wire::Invalid(call, "AttributeDefinitions element");
      SB_ASSIGN_OR_RETURN(auto n, wire::OptString(e.as_object(), "AttributeName", call));
      SB_ASSIGN_OR_RETURN(auto ty, wire::OptString(e.as_object(), "AttributeType", call));
      d.attribute_definitions.push_back({n.value_or(""), ty.value_or("")});
    }
  }
  SB_ASSIGN_OR_RETURN(d.global_secondary_indexes,
                      DecodeIndexes(o.if_contains("GlobalSecondaryIndexes"), call));
  SB_ASSIGN_OR_RETURN(d.local_secondary_indexes,
                      DecodeIndexes(o.if_contains("LocalSecondaryIndexes"), call));
  if (const json::value* s = o.if_contains("StreamSpecification"); s != nullptr && s->is_object()) {
    StreamSpecification spec;
    if (const json::value* en = s->as_object().if_contains("StreamEnabled");
        en != nullptr && en->is_bool()) {
      spec.stream_enabled = en->as_bool();
    }
    SB_ASSIGN_OR_RETURN(auto vt, wire::OptString(s->as_object(), "StreamViewType", call));
    spec.stream_view_type = vt.value_or("");
    d.stream_specification = spec;
  }
  return d;
}

}  // namespace

ApiResult<TableDescription> DynamoDbClient::DescribeTable(const std::string& table_name) {
  json::object req{{"TableName", table_name}};
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("DescribeTable"), req));
  return DecodeTable(res, "DescribeTable", "Table");
}

ApiResult<TableDescription> DynamoDbClient::CreateTable(const CreateTableRequest& r) {
  json::array defs;
  for (const auto& d : r.attribute_definitions) {
    defs.push_back(
        json::object{{"AttributeName", d.attribute_name}, {"AttributeType", d.attribute_type}});
  }
  json::object req{{"TableName", r.table_name},
                   {"AttributeDefinitions", std::move(defs)},
                   {"KeySchema", EncodeKeySchema(r.key_schema)},
                   {"BillingMode", r.billing_mode}};
  if (!r.global_secondary_indexes.empty()) {
    req["GlobalSecondaryIndexes"] = EncodeIndexes(r.global_secondary_indexes);
  }
  if (!r.local_secondary_indexes.empty()) {
    req["LocalSecondaryIndexes"] = EncodeIndexes(r.local_secondary_indexes);
  }
  if (r.stream_specification.has_value()) {
    json::object spec{{"StreamEnabled", r.stream_specification->stream_enabled}};
    if (!r.stream_specification->stream_view_type.empty()) {
      spec["StreamViewType"] = r.stream_specification->stream_view_type;
    }
    req["StreamSpecification"] = std::move(spec);
  }
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("CreateTable"), req));
  return DecodeTable(res, "CreateTable", "TableDescription");
}

ApiResult<TimeToLiveSpecification> DynamoDbClient::UpdateTimeToLive(
    const std::string& table_name, const TimeToLiveSpecification& spec) {
  json::object req{
      {"TableName", table_name},
      {"TimeToLiveSpecification",
       json::object{{"Enabled", spec.enabled}, {"AttributeName", spec.attribute_name}}}};
  SB_ASSIGN_OR_RETURN(json::object res, transport_.Call(transport_.config().endpoint,
                                                        Target("UpdateTimeToLive"), req));
  const json::value* t = res.if_contains("TimeToLiveSpecification");
  if (t == nullptr || !t->is_object()) {
    return wire::Invalid("UpdateTimeToLive", "TimeToLiveSpecification missing");
  }
  TimeToLiveSpecification out;
  if (const json::value* en = t->as_object().if_contains("Enabled"); en && en->is_bool()) {
    out.enabled = en->as_bool();
  }
  SB_ASSIGN_OR_RETURN(auto attr,
                      wire::OptString(t->as_object(), "AttributeName", "UpdateTimeToLive"));
  out.attribute_name = attr.value_or("");
  return out;
}

ApiResult<TimeToLiveDescription> DynamoDbClient::DescribeTimeToLive(const std::string& table_name) {
  json::object req{{"TableName", table_name}};
  SB_ASSIGN_OR_RETURN(json::object res, transport_.Call(transport_.config().endpoint,
                                                        Target("DescribeTimeToLive"), req));
  const json::value* t = res.if_contains("TimeToLiveDescription");
  if (t == nullptr || !t->is_object()) {
    return wire::Invalid("DescribeTimeToLive", "TimeToLiveDescription missing");
  }
  TimeToLiveDescription out;
  SB_ASSIGN_OR_RETURN(auto status,
                      wire::OptString(t->as_object(), "TimeToLiveStatus", "DescribeTimeToLive"));
  out.time_to_live_status = status.value_or("");
  SB_ASSIGN_OR_RETURN(out.attribute_name,
                      wire::OptString(t->as_object(), "AttributeName", "DescribeTimeToLive"));
  return out;
}

}  // namespace sb::dynamo
