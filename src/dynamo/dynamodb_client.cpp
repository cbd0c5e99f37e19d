#include "dynamo/dynamodb_client.h"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "dynamo/wire.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::dynamo {
namespace {

namespace json = boost::json;
using protocol::ApiError;

constexpr std::string_view kPrefix = "DynamoDB_20120810.";

std::string Target(std::string_view op) { return std::string(kPrefix) + std::string(op); }

void PutOpt(json::object& o, std::string_view key, const std::optional<std::string>& v) {
  if (v.has_value()) o[key] = *v;
}

void PutAttributes(json::object& o, const NameMap& names, const Item& values) {
  if (!names.empty()) {
    json::object n;
    for (const auto& [k, v] : names) n[k] = v;
    o["ExpressionAttributeNames"] = std::move(n);
  }
  if (!values.empty()) o["ExpressionAttributeValues"] = protocol::EncodeItem(values);
}

// CapacityUnits of a ConsumedCapacity object, or the sum over a list of them (BatchGetItem);
// 0 when absent.
double ConsumedUnits(const json::object& response) {
  const json::value* c = response.if_contains("ConsumedCapacity");
  if (c == nullptr) return 0;
  double sum = 0;
  auto add = [&sum](const json::value& v) {
    if (!v.is_object()) return;
    if (const json::value* u = v.as_object().if_contains("CapacityUnits"); u != nullptr) {
      if (u->is_double()) sum += u->as_double();
      if (u->is_int64()) sum += static_cast<double>(u->as_int64());
      if (u->is_uint64()) sum += static_cast<double>(u->as_uint64());
    }
  };
  if (c->is_array()) {
    for (const json::value& e : c->as_array()) add(e);
  } else {
    add(*c);
  }
  return sum;
}

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

ApiResult<PageResult> DecodePage(const json::object& o, std::string_view call) {
  PageResult page;
  if (const json::value* items = o.if_contains("Items"); items != nullptr && !items->is_null()) {
    if (!items->is_array()) return wire::Invalid(call, "Items is not a list");
    for (const json::value& v : items->as_array()) {
      protocol::ApiResult<Item> item = protocol::DecodeItem(v);
      if (!item.ok()) return wire::Invalid(call, "Items: " + item.error().message);
      page.items.push_back(std::move(item).value());
    }
  }
  SB_ASSIGN_OR_RETURN(page.last_evaluated_key, wire::OptItem(o, "LastEvaluatedKey", call));
  SB_ASSIGN_OR_RETURN(auto count, wire::OptInt(o, "Count", call));
  SB_ASSIGN_OR_RETURN(auto scanned, wire::OptInt(o, "ScannedCount", call));
  page.count = count.value_or(static_cast<int64_t>(page.items.size()));
  page.scanned_count = scanned.value_or(page.count);
  return page;
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

json::object EncodeWrites(const std::map<std::string, std::vector<WriteRequest>>& writes) {
  json::object out;
  for (const auto& [table, list] : writes) {
    json::array a;
    for (const WriteRequest& w : list) {
      if (w.put.has_value()) {
        a.push_back(
            json::object{{"PutRequest", json::object{{"Item", protocol::EncodeItem(*w.put)}}}});
      } else if (w.delete_key.has_value()) {
        a.push_back(json::object{
            {"DeleteRequest", json::object{{"Key", protocol::EncodeItem(*w.delete_key)}}}});
      }
    }
    out[table] = std::move(a);
  }
  return out;
}

ApiResult<std::map<std::string, std::vector<WriteRequest>>> DecodeWrites(const json::value* v,
                                                                         std::string_view call) {
  std::map<std::string, std::vector<WriteRequest>> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_object()) return wire::Invalid(call, "UnprocessedItems is not a map");
  for (const auto& [table, list] : v->as_object()) {
    if (!list.is_array()) return wire::Invalid(call, "UnprocessedItems entry is not a list");
    std::vector<WriteRequest>& writes = out[std::string(table)];
    for (const json::value& e : list.as_array()) {
      if (!e.is_object()) return wire::Invalid(call, "WriteRequest is not an object");
      WriteRequest w;
      if (const json::value* p = e.as_object().if_contains("PutRequest"); p && p->is_object()) {
        SB_ASSIGN_OR_RETURN(w.put, wire::OptItem(p->as_object(), "Item", call));
      }
      if (const json::value* d = e.as_object().if_contains("DeleteRequest"); d && d->is_object()) {
        SB_ASSIGN_OR_RETURN(w.delete_key, wire::OptItem(d->as_object(), "Key", call));
      }
      if (w.put.has_value() == w.delete_key.has_value()) {
        return wire::Invalid(call, "WriteRequest needs exactly one of PutRequest, DeleteRequest");
      }
      writes.push_back(std::move(w));
    }
  }
  return out;
}

json::object EncodeKeysAndAttributes(const KeysAndAttributes& k) {
  json::array keys;
  for (const Item& key : k.keys) keys.push_back(protocol::EncodeItem(key));
  json::object o{{"Keys", std::move(keys)}};
  if (k.consistent_read) o["ConsistentRead"] = true;
  PutOpt(o, "ProjectionExpression", k.projection_expression);
  PutAttributes(o, k.expression_attribute_names, {});
  return o;
}

ApiResult<std::map<std::string, KeysAndAttributes>> DecodeUnprocessedKeys(const json::value* v,
                                                                          std::string_view call) {
  std::map<std::string, KeysAndAttributes> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_object()) return wire::Invalid(call, "UnprocessedKeys is not a map");
  for (const auto& [table, entry] : v->as_object()) {
    if (!entry.is_object()) return wire::Invalid(call, "UnprocessedKeys entry is not an object");
    const json::object& o = entry.as_object();
    KeysAndAttributes k;
    const json::value* keys = o.if_contains("Keys");
    if (keys == nullptr || !keys->is_array()) {
      return wire::Invalid(call, "UnprocessedKeys entry has no Keys list");
    }
    for (const json::value& key : keys->as_array()) {
      protocol::ApiResult<Item> item = protocol::DecodeItem(key);
      if (!item.ok()) return wire::Invalid(call, "UnprocessedKeys: " + item.error().message);
      k.keys.push_back(std::move(item).value());
    }
    if (const json::value* c = o.if_contains("ConsistentRead"); c != nullptr && c->is_bool()) {
      k.consistent_read = c->as_bool();
    }
    SB_ASSIGN_OR_RETURN(k.projection_expression, wire::OptString(o, "ProjectionExpression", call));
    if (const json::value* n = o.if_contains("ExpressionAttributeNames");
        n != nullptr && n->is_object()) {
      for (const auto& [name, value] : n->as_object()) {
        if (!value.is_string()) return wire::Invalid(call, "ExpressionAttributeNames value");
        k.expression_attribute_names[std::string(name)] = std::string(value.as_string());
      }
    }
    if (!k.keys.empty()) out[std::string(table)] = std::move(k);
  }
  return out;
}

ApiResult<std::map<std::string, std::vector<Item>>> DecodeResponses(const json::value* v,
                                                                    std::string_view call) {
  std::map<std::string, std::vector<Item>> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_object()) return wire::Invalid(call, "Responses is not a map");
  for (const auto& [table, list] : v->as_object()) {
    if (!list.is_array()) return wire::Invalid(call, "Responses entry is not a list");
    std::vector<Item>& items = out[std::string(table)];
    for (const json::value& e : list.as_array()) {
      protocol::ApiResult<Item> item = protocol::DecodeItem(e);
      if (!item.ok()) return wire::Invalid(call, "Responses: " + item.error().message);
      items.push_back(std::move(item).value());
    }
  }
  return out;
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

json::object EncodeTransactItem(const TransactWriteItem& t) {
  json::object action;
  if (t.put.has_value()) {
    action =
        json::object{{"TableName", t.put->table_name}, {"Item", protocol::EncodeItem(t.put->item)}};
    PutOpt(action, "ConditionExpression", t.put->condition_expression);
    PutAttributes(action, t.put->attributes.names, t.put->attributes.values);
    return json::object{{"Put", std::move(action)}};
  }
  if (t.update.has_value()) {
    action = json::object{{"TableName", t.update->table_name},
                          {"Key", protocol::EncodeItem(t.update->key)},
                          {"UpdateExpression", t.update->update_expression}};
    PutOpt(action, "ConditionExpression", t.update->condition_expression);
    PutAttributes(action, t.update->attributes.names, t.update->attributes.values);
    return json::object{{"Update", std::move(action)}};
  }
  if (t.delete_item.has_value()) {
    action = json::object{{"TableName", t.delete_item->table_name},
                          {"Key", protocol::EncodeItem(t.delete_item->key)}};
    PutOpt(action, "ConditionExpression", t.delete_item->condition_expression);
    PutAttributes(action, t.delete_item->attributes.names, t.delete_item->attributes.values);
    return json::object{{"Delete", std::move(action)}};
  }
  if (t.condition_check.has_value()) {
    action = json::object{{"TableName", t.condition_check->table_name},
                          {"Key", protocol::EncodeItem(t.condition_check->key)},
                          {"ConditionExpression", t.condition_check->condition_expression}};
    PutAttributes(action, t.condition_check->attributes.names,
                  t.condition_check->attributes.values);
    return json::object{{"ConditionCheck", std::move(action)}};
  }
  return json::object{};  // no action: the service refuses it
}

}  // namespace

std::vector<std::string> CancellationReasonCodes(const protocol::ApiError& error) {
  std::vector<std::string> codes;
  if (error.code() != protocol::ErrorCode::kTransactionCanceled) return codes;
  const std::string& m = error.message;
  const size_t open = m.rfind('[');
  const size_t close = m.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return codes;
  std::string_view list = std::string_view(m).substr(open + 1, close - open - 1);
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view code = list.substr(0, comma);
    while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
    while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
    codes.emplace_back(code);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return codes;
}

ApiResult<TransactWriteItemsResult> DynamoDbClient::TransactWriteItems(
    const TransactWriteItemsRequest& r) {
  json::array items;
  for (const TransactWriteItem& t : r.transact_items) items.push_back(EncodeTransactItem(t));
  json::object req{{"TransactItems", std::move(items)}};
  PutOpt(req, "ClientRequestToken", r.client_request_token);
  SB_ASSIGN_OR_RETURN(json::object res, transport_.Call(transport_.config().endpoint,
                                                        Target("TransactWriteItems"), req));
  (void)res;
  return TransactWriteItemsResult{};
}

ApiResult<GetItemResult> DynamoDbClient::GetItem(const GetItemRequest& r) {
  json::object req{{"TableName", r.table_name}, {"Key", protocol::EncodeItem(r.key)}};
  if (r.consistent_read) req["ConsistentRead"] = true;
  PutOpt(req, "ProjectionExpression", r.projection_expression);
  PutAttributes(req, r.expression_attribute_names, {});
  PutOpt(req, "ReturnConsumedCapacity", r.return_consumed_capacity);
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("GetItem"), req));
  GetItemResult out;
  out.consumed_capacity_units = ConsumedUnits(res);
  SB_ASSIGN_OR_RETURN(out.item, wire::OptItem(res, "Item", "GetItem"));
  return out;
}

ApiResult<PutItemResult> DynamoDbClient::PutItem(const PutItemRequest& r) {
  json::object req{{"TableName", r.table_name}, {"Item", protocol::EncodeItem(r.item)}};
  PutOpt(req, "ConditionExpression", r.condition_expression);
  PutAttributes(req, r.attributes.names, r.attributes.values);
  PutOpt(req, "ReturnValues", r.return_values);
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("PutItem"), req));
  PutItemResult out;
  SB_ASSIGN_OR_RETURN(out.attributes, wire::OptItem(res, "Attributes", "PutItem"));
  return out;
}

ApiResult<UpdateItemResult> DynamoDbClient::UpdateItem(const UpdateItemRequest& r) {
  json::object req{{"TableName", r.table_name},
                   {"Key", protocol::EncodeItem(r.key)},
                   {"UpdateExpression", r.update_expression}};
  PutOpt(req, "ConditionExpression", r.condition_expression);
  PutAttributes(req, r.attributes.names, r.attributes.values);
  PutOpt(req, "ReturnValues", r.return_values);
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("UpdateItem"), req));
  UpdateItemResult out;
  SB_ASSIGN_OR_RETURN(out.attributes, wire::OptItem(res, "Attributes", "UpdateItem"));
  return out;
}

ApiResult<DeleteItemResult> DynamoDbClient::DeleteItem(const DeleteItemRequest& r) {
  json::object req{{"TableName", r.table_name}, {"Key", protocol::EncodeItem(r.key)}};
  PutOpt(req, "ConditionExpression", r.condition_expression);
  PutAttributes(req, r.attributes.names, r.attributes.values);
  PutOpt(req, "ReturnValues", r.return_values);
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("DeleteItem"), req));
  DeleteItemResult out;
  SB_ASSIGN_OR_RETURN(out.attributes, wire::OptItem(res, "Attributes", "DeleteItem"));
  return out;
}

ApiResult<BatchWriteItemResult> DynamoDbClient::BatchWriteItem(const BatchWriteItemRequest& r) {
  json::object req{{"RequestItems", EncodeWrites(r.request_items)}};
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("BatchWriteItem"), req));
  BatchWriteItemResult out;
  SB_ASSIGN_OR_RETURN(out.unprocessed_items,
                      DecodeWrites(res.if_contains("UnprocessedItems"), "BatchWriteItem"));
  return out;
}

ApiResult<BatchGetItemResult> DynamoDbClient::BatchGetItem(const BatchGetItemRequest& r) {
  json::object items;
  for (const auto& [table, keys] : r.request_items) items[table] = EncodeKeysAndAttributes(keys);
  json::object req{{"RequestItems", std::move(items)}};
  PutOpt(req, "ReturnConsumedCapacity", r.return_consumed_capacity);
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("BatchGetItem"), req));
  BatchGetItemResult out;
  out.consumed_capacity_units = ConsumedUnits(res);
  SB_ASSIGN_OR_RETURN(out.responses, DecodeResponses(res.if_contains("Responses"), "BatchGetItem"));
  SB_ASSIGN_OR_RETURN(out.unprocessed_keys,
                      DecodeUnprocessedKeys(res.if_contains("UnprocessedKeys"), "BatchGetItem"));
  return out;
}

ApiResult<PageResult> DynamoDbClient::Query(const QueryRequest& r) {
  json::object req{{"TableName", r.table_name},
                   {"KeyConditionExpression", r.key_condition_expression}};
  PutOpt(req, "IndexName", r.index_name);
  PutOpt(req, "FilterExpression", r.filter_expression);
  PutOpt(req, "ProjectionExpression", r.projection_expression);
  PutAttributes(req, r.attributes.names, r.attributes.values);
  if (r.limit.has_value()) req["Limit"] = *r.limit;
  if (!r.scan_index_forward) req["ScanIndexForward"] = false;
  if (r.consistent_read) req["ConsistentRead"] = true;
  if (r.exclusive_start_key.has_value()) {
    req["ExclusiveStartKey"] = protocol::EncodeItem(*r.exclusive_start_key);
  }
  PutOpt(req, "Select", r.select);
  PutOpt(req, "ReturnConsumedCapacity", r.return_consumed_capacity);
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("Query"), req));
  SB_ASSIGN_OR_RETURN(PageResult page, DecodePage(res, "Query"));
  page.consumed_capacity_units = ConsumedUnits(res);
  return page;
}

ApiResult<PageResult> DynamoDbClient::Scan(const ScanRequest& r) {
  json::object req{{"TableName", r.table_name}};
  PutOpt(req, "IndexName", r.index_name);
  PutOpt(req, "FilterExpression", r.filter_expression);
  PutOpt(req, "ProjectionExpression", r.projection_expression);
  PutAttributes(req, r.attributes.names, r.attributes.values);
  if (r.limit.has_value()) req["Limit"] = *r.limit;
  if (r.consistent_read) req["ConsistentRead"] = true;
  if (r.exclusive_start_key.has_value()) {
    req["ExclusiveStartKey"] = protocol::EncodeItem(*r.exclusive_start_key);
  }
  if (r.segment.has_value()) req["Segment"] = *r.segment;
  if (r.total_segments.has_value()) req["TotalSegments"] = *r.total_segments;
  SB_ASSIGN_OR_RETURN(json::object res,
                      transport_.Call(transport_.config().endpoint, Target("Scan"), req));
  return DecodePage(res, "Scan");
}

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
