// The DynamoDB stream event Lambda passes to a function: {"Records":[<StreamRecord>...]}
// (docs/lambda-wire.md §1), each record a GetRecords record plus eventSourceARN, all from one
// shard.
//
// Decoding never lets one bad record sink the batch (a poison record must never block
// the shard): records that decode are returned in event order, and each record that does not is
// reported separately with its position and whatever identifiers could be read, so the handler
// can log it and skip it. Only an event that is not {"Records":[...]} at all fails as a whole.
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/streams/stream_record.h"

namespace sb::protocol {

struct RecordDecodeError {
  size_t index = 0;             // position in the event's Records array
  std::string event_id;         // if readable, else empty
  std::string sequence_number;  // dynamodb.SequenceNumber if readable as a string, else empty
  std::string message;          // why it failed (DecodeStreamRecord's message)
  friend bool operator==(const RecordDecodeError&, const RecordDecodeError&) = default;
};

struct DynamoDbStreamEvent {
  std::vector<StreamRecord> records;      // decodable records, in event order
  std::vector<RecordDecodeError> errors;  // the others, in event order
};

// Errors (code "InvalidEvent"): the text is not JSON, not an object, or has no "Records" array.
Result<DynamoDbStreamEvent> DecodeDynamoDbStreamEvent(std::string_view text);

// StreamEventReader: the cheap way to read an event when a few fields of each record are all
// that is needed. Read() accepts, rejects and reports exactly what DecodeDynamoDbStreamEvent
// does (the same records in the same order, the same RecordDecodeErrors, the same whole-event
// errors), but parses the text once into an arena it reuses from event to event and reads
// each record in place (StreamRecordView), building a StreamRecord only for a record that
// ReadStreamRecordInPlace declines.
// The arena keeps the memory of the largest event read so far (about twice its text).
// Not thread-safe. What records() and errors() return is valid until the next Read() or the
// reader's destruction; the views borrow the reader's parse of `text`, not `text` itself.
class StreamEventReader {
 public:
  StreamEventReader();
  ~StreamEventReader();
  StreamEventReader(const StreamEventReader&) = delete;
  StreamEventReader& operator=(const StreamEventReader&) = delete;

  // Errors (code "InvalidEvent"): as DecodeDynamoDbStreamEvent; records() and errors() are
  // then empty.
  Status Read(std::string_view text);
  const std::vector<StreamRecordView>& records() const { return records_; }
  const std::vector<RecordDecodeError>& errors() const { return errors_; }

 private:
  struct Document;  // the parsed event and its arena; keeps Boost.JSON out of this header
  std::unique_ptr<Document> document_;
  std::deque<StreamRecord> decoded_;  // records only DecodeStreamRecord could read
  std::vector<StreamRecordView> records_;
  std::vector<RecordDecodeError> errors_;
};

// The event the local trigger sends: {"Records":[...]} with each record encoded as given
// (set eventSourceARN on the records first).
std::string EncodeDynamoDbStreamEvent(const std::vector<StreamRecord>& records);

// One record of a Lambda event, made from the record's GetRecords text without re-encoding
// it: the same bytes (member order, number formatting, escapes as they were written), except
// that
//   - userIdentity is written in Lambda's spelling, {"type":..,"principalId":..}, where
//     GetRecords writes {"PrincipalId":..,"Type":..} (the Streams service model's names);
//   - "eventSourceARN":<event_source_arn> is added as the last member (docs/lambda-wire.md §1).
// Errors (code "InvalidStreamRecord"): the text is not one JSON object (checked for structure
// only, see protocol/streams/json_text.h), it already has an eventSourceARN, or its
// userIdentity is not an object with string members.
Result<std::string> LambdaStreamRecord(std::string_view record_text,
                                       std::string_view event_source_arn);

}  // namespace sb::protocol
