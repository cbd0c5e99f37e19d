// DynamoDB stream event for Lambda. See stream_event.h.
#include "protocol/lambda/stream_event.h"

#include <boost/json.hpp>

#include "protocol/dynamodb/json_codec.h"

namespace sb::protocol {
namespace json = boost::json;
namespace {

std::string StringAt(const json::value& v, std::string_view key) {
  const json::object* o = v.if_object();
  if (o == nullptr) return "";
  auto it = o->find(key);
  if (it == o->end() || !it->value().is_string()) return "";
  return std::string(it->value().get_string());
}

}  // namespace

Result<DynamoDbStreamEvent> DecodeDynamoDbStreamEvent(std::string_view text) {
  json::parse_options options;
  options.max_depth = kJsonMaxDepth;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, {}, options);
  if (ec) return MakeError("InvalidEvent", "event is not valid JSON: " + ec.message());
  const json::object* o = v.if_object();
  if (o == nullptr) return MakeError("InvalidEvent", "event is not a JSON object");
  auto it = o->find("Records");
  if (it == o->end() || !it->value().is_array()) {
    return MakeError("InvalidEvent", "event has no Records array");
  }
  DynamoDbStreamEvent event;
  const json::array& records = it->value().get_array();
  event.records.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    auto record = DecodeStreamRecord(records[i]);
    if (record.ok()) {
      event.records.push_back(std::move(record).value());
      continue;
    }
    RecordDecodeError error;
    error.index = i;
    error.event_id = StringAt(records[i], "eventID");
    if (const json::object* r = records[i].if_object()) {
      if (auto d = r->find("dynamodb"); d != r->end()) {
        error.sequence_number = StringAt(d->value(), "SequenceNumber");
      }
    }
    error.message = record.error().message;
    event.errors.push_back(std::move(error));
  }
  return event;
}

std::string EncodeDynamoDbStreamEvent(const std::vector<StreamRecord>& records) {
  json::array a;
  a.reserve(records.size());
  for (const auto& r : records) a.push_back(EncodeStreamRecord(r));
  json::object o;
  o["Records"] = std::move(a);
  return json::serialize(o);
}

}  // namespace sb::protocol
