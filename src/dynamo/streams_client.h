// StreamsClient: the DynamoDB Streams calls (ListStreams, DescribeStream, GetShardIterator,
// GetRecords; target prefix DynamoDBStreams_20120810, signing name "dynamodb";
// docs/streams-wire.md), over Transport. Typed enough for a trigger: shards with their lineage and
// sequence range, and records with the fields a poller needs plus the record exactly as the wire
// gave it (so it can be forwarded to a function unchanged).
//
// Errors: as DynamoDbClient (e.g. type == "ExpiredIteratorException",
// "TrimmedDataAccessException", "ResourceNotFoundException").
// Thread-safety: as Transport.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dynamo/dynamodb_client.h"
#include "dynamo/transport.h"

namespace sb::dynamo {

struct ListStreamsRequest {
  std::optional<std::string> table_name{};
  std::optional<int> limit{};
  std::optional<std::string> exclusive_start_stream_arn{};
};
struct StreamSummary {
  std::string stream_arn{};
  std::string table_name{};
  std::string stream_label{};
};
struct ListStreamsResult {
  std::vector<StreamSummary> streams{};
  std::optional<std::string> last_evaluated_stream_arn{};  // present: call again from it
};

struct DescribeStreamRequest {
  std::string stream_arn{};
  std::optional<int> limit{};
  std::optional<std::string> exclusive_start_shard_id{};
};
struct Shard {
  std::string shard_id{};
  std::optional<std::string> parent_shard_id{};
  std::string starting_sequence_number{};
  std::optional<std::string> ending_sequence_number{};  // present: the shard is closed
};
struct StreamDescription {
  std::string stream_arn{};
  std::string stream_label{};
  std::string stream_status{};     // ENABLING | ENABLED | DISABLING | DISABLED
  std::string stream_view_type{};  // KEYS_ONLY | NEW_IMAGE | OLD_IMAGE | NEW_AND_OLD_IMAGES
  std::string table_name{};
  std::vector<KeySchemaElement> key_schema{};
  std::vector<Shard> shards{};
  std::optional<std::string> last_evaluated_shard_id{};  // present: call again from it
};

struct GetShardIteratorRequest {
  std::string stream_arn{};
  std::string shard_id{};
  // TRIM_HORIZON | LATEST | AT_SEQUENCE_NUMBER | AFTER_SEQUENCE_NUMBER
  std::string shard_iterator_type{};
  std::optional<std::string> sequence_number{};  // for the *_SEQUENCE_NUMBER types
};

struct GetRecordsRequest {
  std::string shard_iterator{};
  std::optional<int> limit{};  // 1..1000
};
struct StreamRecordEnvelope {
  std::string event_name{};     // INSERT | MODIFY | REMOVE
  std::string sequence_number;  // dynamodb.SequenceNumber (compare numerically)
  // dynamodb.ApproximateCreationDateTime in epoch seconds (0 if absent).
  double approximate_creation_date_time = 0;
  int64_t size_bytes = 0;      // dynamodb.SizeBytes
  boost::json::object json{};  // the whole record as received
  std::string text{};          // the record's JSON text, byte for byte as the response had it
};
struct GetRecordsResult {
  std::vector<StreamRecordEnvelope> records{};
  std::optional<std::string> next_shard_iterator{};  // absent: the closed shard is drained
};

class StreamsClient {
 public:
  // `transport` must outlive the client. Calls go to transport.config().streams_endpoint.
  explicit StreamsClient(Transport& transport) : transport_(transport) {}

  ApiResult<ListStreamsResult> ListStreams(const ListStreamsRequest& request);
  ApiResult<StreamDescription> DescribeStream(const DescribeStreamRequest& request);
  ApiResult<std::string> GetShardIterator(const GetShardIteratorRequest& request);
  // A record without a string dynamodb.SequenceNumber makes the whole call fail with
  // InvalidResponseError (a poller could not checkpoint past it).
  ApiResult<GetRecordsResult> GetRecords(const GetRecordsRequest& request);

 private:
  Transport& transport_;
};

}  // namespace sb::dynamo
