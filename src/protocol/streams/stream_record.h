// StreamRecord: one DynamoDB Streams record as GetRecords returns it and as Lambda delivers it
// inside a DynamoDB stream event (facts §1.9, §2.1), with its JSON encoding.
//
// Wire shape (field order as AWS emits it):
//   {"eventID":s,"eventName":"INSERT"|"MODIFY"|"REMOVE","eventVersion":s,"eventSource":s,
//    "awsRegion":s,
//    "dynamodb":{"ApproximateCreationDateTime":<epoch seconds>,"Keys":Item,"NewImage":Item?,
//                "OldImage":Item?,"SequenceNumber":digits,"SizeBytes":n,"StreamViewType":s?},
//    "userIdentity":{"type":s,"principalId":s}?,      (TTL deletes only)
//    "eventSourceARN":s?}                             (Lambda events only)
// Decoding is strict about what a consumer relies on (eventName, Keys, SequenceNumber, the
// images' DynamoDB JSON) and lenient about the rest: ApproximateCreationDateTime may be a
// number or a numeric string ("1.46480646E9"), and is rounded down to whole seconds; missing
// informational strings decode as empty. Value types; thread-compatible; functions are pure.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::protocol {

enum class StreamEventName { kInsert, kModify, kRemove };
std::string_view StreamEventNameString(StreamEventName name);  // "INSERT", "MODIFY", "REMOVE"
std::optional<StreamEventName> ParseStreamEventName(std::string_view text);

enum class StreamViewType { kKeysOnly, kNewImage, kOldImage, kNewAndOldImages };
// "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"
std::string_view StreamViewTypeName(StreamViewType type);
std::optional<StreamViewType> ParseStreamViewType(std::string_view text);

// Present only on records of TTL deletions:
// {"type":"Service","principalId":"dynamodb.amazonaws.com"}.
struct StreamUserIdentity {
  std::string type;
  std::string principal_id;
  friend bool operator==(const StreamUserIdentity&, const StreamUserIdentity&) = default;
};

inline constexpr std::string_view kDynamoDbEventSource = "aws:dynamodb";

struct StreamRecord {
  std::string event_id;
  StreamEventName event_name = StreamEventName::kInsert;
  std::string event_version = "1.1";
  std::string event_source = std::string(kDynamoDbEventSource);
  std::string aws_region;

  // The `dynamodb` member.
  int64_t approximate_creation_date_time = 0;  // Unix epoch seconds
  Item keys;
  std::optional<Item> new_image;
  std::optional<Item> old_image;
  std::string sequence_number;  // decimal digits; compare with CompareSequenceNumbers
  int64_t size_bytes = 0;       // see StreamRecordSizeBytes
  std::optional<StreamViewType> stream_view_type;

  std::optional<StreamUserIdentity> user_identity;
  std::string event_source_arn;  // empty: not encoded (GetRecords records carry none)

  friend bool operator==(const StreamRecord&, const StreamRecord&) = default;
};

// DynamoDB's SizeBytes for a record: the item sizes (facts §4.6) of Keys + NewImage + OldImage,
// whichever are present. Matches the Lambda docs' example records (26, 59, 38).
int64_t StreamRecordSizeBytes(const StreamRecord& record);

boost::json::value EncodeStreamRecord(const StreamRecord& record);
std::string StreamRecordToJson(const StreamRecord& record);

// Errors: code "InvalidStreamRecord", message naming the offending field, e.g.
// "dynamodb.SequenceNumber: expected a string of decimal digits".
Result<StreamRecord> DecodeStreamRecord(const boost::json::value& json);
Result<StreamRecord> ParseStreamRecordJson(std::string_view text);

}  // namespace sb::protocol
