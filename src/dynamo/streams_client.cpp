#include "dynamo/streams_client.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "dynamo/wire.h"
#include "protocol/streams/json_text.h"

namespace sb::dynamo {
namespace {

namespace json = boost::json;

constexpr std::string_view kPrefix = "DynamoDBStreams_20120810.";

std::string Target(std::string_view op) { return std::string(kPrefix) + std::string(op); }

// ApproximateCreationDateTime is a JSON number of epoch seconds; AWS documentation examples
// sometimes render it as a string ("1.46480646E9"), so accept both (docs/streams-wire.md §6.1).
double CreationTime(const json::object& dynamodb) {
  const json::value* v = dynamodb.if_contains("ApproximateCreationDateTime");
  if (v == nullptr) return 0;
  if (v->is_number()) return v->to_number<double>();
  if (v->is_string()) {
    try {
      return std::stod(std::string(v->as_string()));
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

}  // namespace

ApiResult<ListStreamsResult> StreamsClient::ListStreams(const ListStreamsRequest& r) {
  json::object req;
  if (r.table_name.has_value()) req["TableName"] = *r.table_name;
  if (r.limit.has_value()) req["Limit"] = *r.limit;
  if (r.exclusive_start_stream_arn.has_value()) {
    req["ExclusiveStartStreamArn"] = *r.exclusive_start_stream_arn;
  }
  SB_ASSIGN_OR_RETURN(json::object res, transport_.Call(transport_.config().streams_endpoint,
                                                        Target("ListStreams"), req));
  ListStreamsResult out;
  if (const json::value* s = res.if_contains("Streams"); s != nullptr && !s->is_null()) {
    if (!s->is_array()) return wire::Invalid("ListStreams", "Streams is not a list");
    for (const json::value& e : s->as_array()) {
      if (!e.is_object()) return wire::Invalid("ListStreams", "Streams element");
      StreamSummary summary;
      SB_ASSIGN_OR_RETURN(auto arn, wire::OptString(e.as_object(), "StreamArn", "ListStreams"));
      SB_ASSIGN_OR_RETURN(auto t, wire::OptString(e.as_object(), "TableName", "ListStreams"));
      SB_ASSIGN_OR_RETURN(auto l, wire::OptString(e.as_object(), "StreamLabel", "ListStreams"));
      summary.stream_arn = arn.value_or("");
      summary.table_name = t.value_or("");
      summary.stream_label = l.value_or("");
      out.streams.push_back(std::move(summary));
    }
  }
  SB_ASSIGN_OR_RETURN(out.last_evaluated_stream_arn,
                      wire::OptString(res, "LastEvaluatedStreamArn", "ListStreams"));
  return out;
}

ApiResult<StreamDescription> StreamsClient::DescribeStream(const DescribeStreamRequest& r) {
  constexpr std::string_view kCall = "DescribeStream";
  json::object req{{"StreamArn", r.stream_arn}};
  if (r.limit.has_value()) req["Limit"] = *r.limit;
  if (r.exclusive_start_shard_id.has_value()) {
    req["ExclusiveStartShardId"] = *r.exclusive_start_shard_id;
  }
  SB_ASSIGN_OR_RETURN(json::object res, transport_.Call(transport_.config().streams_endpoint,
                                                        Target("DescribeStream"), req));
  const json::value* d = res.if_contains("StreamDescription");
  if (d == nullptr || !d->is_object()) return wire::Invalid(kCall, "StreamDescription missing");
  const json::object& o = d->as_object();
  StreamDescription out;
  SB_ASSIGN_OR_RETURN(auto arn, wire::OptString(o, "StreamArn", kCall));
  SB_ASSIGN_OR_RETURN(auto label, wire::OptString(o, "StreamLabel", kCall));
  SB_ASSIGN_OR_RETURN(auto status, wire::OptString(o, "StreamStatus", kCall));
  SB_ASSIGN_OR_RETURN(auto view, wire::OptString(o, "StreamViewType", kCall));
  SB_ASSIGN_OR_RETURN(auto table, wire::OptString(o, "TableName", kCall));
  out.stream_arn = arn.value_or("");
  out.stream_label = label.value_or("");
  out.stream_status = status.value_or("");
  out.stream_view_type = view.value_or("");
  out.table_name = table.value_or("");
  if (const json::value* ks = o.if_contains("KeySchema"); ks != nullptr && ks->is_array()) {
    for (const json::value& e : ks->as_array()) {
      if (!e.is_object()) return wire::Invalid(kCall, "KeySchema element");
      SB_ASSIGN_OR_RETURN(auto n, wire::OptString(e.as_object(), "AttributeName", kCall));
      SB_ASSIGN_OR_RETURN(auto t, wire::OptString(e.as_object(), "KeyType", kCall));
      out.key_schema.push_back({n.value_or(""), t.value_or("")});
    }
  }
  if (const json::value* shards = o.if_contains("Shards");
      shards != nullptr && !shards->is_null()) {
    if (!shards->is_array()) return wire::Invalid(kCall, "Shards is not a list");
    for (const json::value& e : shards->as_array()) {
      if (!e.is_object()) return wire::Invalid(kCall, "Shards element");
      const json::object& s = e.as_object();
      Shard shard;
      SB_ASSIGN_OR_RETURN(auto id, wire::OptString(s, "ShardId", kCall));
      if (!id.has_value()) return wire::Invalid(kCall, "a shard has no ShardId");
      shard.shard_id = *id;
      SB_ASSIGN_OR_RETURN(shard.parent_shard_id, wire::OptString(s, "ParentShardId", kCall));
      if (const json::value* range = s.if_contains("SequenceNumberRange");
          range != nullptr && range->is_object()) {
        SB_ASSIGN_OR_RETURN(auto start,
                            wire::OptString(range->as_object(), "StartingSequenceNumber", kCall));
        shard.starting_sequence_number = start.value_or("");
        SB_ASSIGN_OR_RETURN(shard.ending_sequence_number,
                            wire::OptString(range->as_object(), "EndingSequenceNumber", kCall));
      }
      out.shards.push_back(std::move(shard));
    }
  }
  SB_ASSIGN_OR_RETURN(out.last_evaluated_shard_id,
                      wire::OptString(o, "LastEvaluatedShardId", kCall));
  return out;
}

ApiResult<std::string> StreamsClient::GetShardIterator(const GetShardIteratorRequest& r) {
  json::object req{{"StreamArn", r.stream_arn},
                   {"ShardId", r.shard_id},
                   {"ShardIteratorType", r.shard_iterator_type}};
  if (r.sequence_number.has_value()) req["SequenceNumber"] = *r.sequence_number;
  SB_ASSIGN_OR_RETURN(json::object res, transport_.Call(transport_.config().streams_endpoint,
                                                        Target("GetShardIterator"), req));
  SB_ASSIGN_OR_RETURN(auto it, wire::OptString(res, "ShardIterator", "GetShardIterator"));
  if (!it.has_value()) return wire::Invalid("GetShardIterator", "ShardIterator missing");
  return *it;
}

ApiResult<GetRecordsResult> StreamsClient::GetRecords(const GetRecordsRequest& r) {
  constexpr std::string_view kCall = "GetRecords";
  json::object req{{"ShardIterator", r.shard_iterator}};
  if (r.limit.has_value()) req["Limit"] = *r.limit;
  std::string body;
  SB_ASSIGN_OR_RETURN(json::object res, transport_.Call(transport_.config().streams_endpoint,
                                                        Target("GetRecords"), req, &body));
  // Each record's own bytes, for consumers that pass records on unchanged (the trigger).
  std::vector<std::string_view> texts;
  if (auto records_text = protocol::JsonMemberValue(body, "Records")) {
    texts = protocol::JsonArrayElements(*records_text).value_or(std::vector<std::string_view>{});
  }
  GetRecordsResult out;
  if (json::value* records = res.if_contains("Records");
      records != nullptr && !records->is_null()) {
    if (!records->is_array()) return wire::Invalid(kCall, "Records is not a list");
    for (json::value& e : records->as_array()) {
      if (!e.is_object()) return wire::Invalid(kCall, "Records element is not an object");
      StreamRecordEnvelope record;
      SB_ASSIGN_OR_RETURN(auto name, wire::OptString(e.as_object(), "eventName", kCall));
      record.event_name = name.value_or("");
      const json::value* d = e.as_object().if_contains("dynamodb");
      if (d == nullptr || !d->is_object()) return wire::Invalid(kCall, "a record has no dynamodb");
      SB_ASSIGN_OR_RETURN(auto seq, wire::OptString(d->as_object(), "SequenceNumber", kCall));
      if (!seq.has_value()) return wire::Invalid(kCall, "a record has no SequenceNumber");
      record.sequence_number = *seq;
      record.approximate_creation_date_time = CreationTime(d->as_object());
      SB_ASSIGN_OR_RETURN(auto size, wire::OptInt(d->as_object(), "SizeBytes", kCall));
      record.size_bytes = size.value_or(0);
      if (texts.size() == records->as_array().size()) {
        record.text = texts[out.records.size()];
      } else {
        record.text = json::serialize(e);  // the scan disagreed with the parse
      }
      record.json = std::move(e.as_object());
      out.records.push_back(std::move(record));
    }
  }
  SB_ASSIGN_OR_RETURN(out.next_shard_iterator, wire::OptString(res, "NextShardIterator", kCall));
  return out;
}

}  // namespace sb::dynamo
