// StreamRecord: one DynamoDB Streams record as GetRecords returns it and as Lambda delivers it
// inside a DynamoDB stream event (docs/streams-wire.md §6, docs/lambda-wire.md §1), with its JSON
// encoding.
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

// DynamoDB's SizeBytes for a record: the item sizes (docs/dynamodb-wire.md §6) of Keys + NewImage +
// OldImage, whichever are present. Matches the Lambda docs' example records (26, 59, 38).
int64_t StreamRecordSizeBytes(const StreamRecord& record);

boost::json::value EncodeStreamRecord(const StreamRecord& record);

// How a record's userIdentity members are spelled: Lambda events say {"type","principalId"};
// GetRecords says {"PrincipalId","Type"}, as the Streams service model has them (SDKs parse
// those).
enum class IdentitySpelling { kLambdaEvent, kStreamsApi };

// The record's JSON text, written directly (stream_record_text.cpp): with kLambdaEvent, byte for
// byte what serializing EncodeStreamRecord gives; with kStreamsApi, the same with the identity
// spelled as GetRecords spells it.
std::string StreamRecordToJson(const StreamRecord& record,
                               IdentitySpelling spelling = IdentitySpelling::kLambdaEvent);

// Errors: code "InvalidStreamRecord", message naming the offending field, e.g.
// "dynamodb.SequenceNumber: expected a string of decimal digits".
Result<StreamRecord> DecodeStreamRecord(const boost::json::value& json);
Result<StreamRecord> ParseStreamRecordJson(std::string_view text);

// ---- Reading a record in place -----------------------------------------------------------
//
// A consumer that needs a few fields of each record (the leaderboard function: the event name,
// sequence number, creation time and a few scalar attributes of Keys and NewImage) need not
// build a StreamRecord, with its strings and attribute maps, for every record of a batch.
// StreamRecordView reads those fields where they are: in the parsed JSON document, or in a
// decoded StreamRecord.

// One top-level attribute of Keys or NewImage, as such a consumer reads it: its type and,
// for S, the string; for N, the number. Other types carry only their type.
struct AttributeRef {
  AttrType type = AttrType::NUL;
  std::string_view s;  // type S only; points into the document or record read
  Number n;            // type N only
};

// The consumer's fields of one record. Cheap to copy; it borrows: the JSON document or the
// StreamRecord it reads must outlive it. Thread-compatible.
class StreamRecordView {
 public:
  explicit StreamRecordView(const StreamRecord& record);

  StreamEventName event_name() const { return event_name_; }
  int64_t approximate_creation_date_time() const { return approximate_creation_date_time_; }
  std::string_view sequence_number() const { return sequence_number_; }
  bool has_new_image() const { return has_new_image_; }
  // The attribute `name` of Keys / of NewImage; nullopt if absent (or there is no NewImage).
  std::optional<AttributeRef> Key(std::string_view name) const;
  std::optional<AttributeRef> NewImageAttribute(std::string_view name) const;

 private:
  StreamRecordView() = default;
  friend std::optional<StreamRecordView> ReadStreamRecordInPlace(const boost::json::value& json);

  StreamEventName event_name_ = StreamEventName::kInsert;
  int64_t approximate_creation_date_time_ = 0;
  std::string_view sequence_number_;
  bool has_new_image_ = false;
  // Exactly one source: a decoded record, or the Keys/NewImage objects of a JSON record.
  const StreamRecord* record_ = nullptr;
  const boost::json::object* keys_json_ = nullptr;
  const boost::json::object* new_image_json_ = nullptr;  // null: no NewImage
};

// Validates `json` as DecodeStreamRecord does, every field and every attribute of every image,
// without building anything, and returns a view of it in place (`json` must outlive the view).
// Returns nullopt whenever it cannot vouch that DecodeStreamRecord would succeed with the same
// fields (so never a view of a record DecodeStreamRecord rejects): call DecodeStreamRecord
// then, for the record or its exact error.
std::optional<StreamRecordView> ReadStreamRecordInPlace(const boost::json::value& json);

}  // namespace sb::protocol
