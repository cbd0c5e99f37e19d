#include "dynamo/dynamodb_client.h"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "dynamo/wire.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::dynamo {
namespace {

namespace json = boost::json;
using protocol::ApiError;

std::string Target(std::string_view op) { return wire::DynamoDbTarget(op); }

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

}  // namespace sb::dynamo
