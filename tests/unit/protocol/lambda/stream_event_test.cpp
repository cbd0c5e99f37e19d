// Tests for protocol/lambda/stream_event.h: a bad record is reported, never fatal to the event.
#include "protocol/lambda/stream_event.h"

#include <gtest/gtest.h>

namespace sb::protocol {
namespace {

// Shaped like the Lambda developer guide's example DynamoDB event: one item inserted, modified
// and removed (SizeBytes 26, 59, 38).
constexpr std::string_view kDocsShapedEvent = R"({"Records":[
 {"eventID":"1","eventVersion":"1.0","dynamodb":{"Keys":{"Id":{"N":"101"}},
   "NewImage":{"Message":{"S":"New item!"},"Id":{"N":"101"}},"StreamViewType":"NEW_AND_OLD_IMAGES",
   "SequenceNumber":"111","SizeBytes":26},"awsRegion":"us-west-2","eventName":"INSERT",
   "eventSourceARN":"arn:aws:dynamodb:us-west-2:123456789012:table/Example/stream/2015-06-27T00:48:05.899",
   "eventSource":"aws:dynamodb"},
 {"eventID":"2","eventVersion":"1.0","dynamodb":{"OldImage":{"Message":{"S":"New item!"},"Id":{"N":"101"}},
   "SequenceNumber":"222","Keys":{"Id":{"N":"101"}},"SizeBytes":59,
   "NewImage":{"Message":{"S":"This item has changed"},"Id":{"N":"101"}},
   "StreamViewType":"NEW_AND_OLD_IMAGES"},"awsRegion":"us-west-2","eventName":"MODIFY",
   "eventSourceARN":"arn:aws:dynamodb:us-west-2:123456789012:table/Example/stream/2015-06-27T00:48:05.899",
   "eventSource":"aws:dynamodb"},
 {"eventID":"3","eventVersion":"1.0","dynamodb":{"Keys":{"Id":{"N":"101"}},"SizeBytes":38,
   "SequenceNumber":"333","OldImage":{"Message":{"S":"This item has changed"},"Id":{"N":"101"}},
   "StreamViewType":"NEW_AND_OLD_IMAGES"},"awsRegion":"us-west-2","eventName":"REMOVE",
   "eventSourceARN":"arn:aws:dynamodb:us-west-2:123456789012:table/Example/stream/2015-06-27T00:48:05.899",
   "eventSource":"aws:dynamodb"}]})";

TEST(StreamEvent, DecodesDocsShapedEventAndSizesMatch) {
  auto event = DecodeDynamoDbStreamEvent(kDocsShapedEvent);
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_TRUE(event->errors.empty());
  ASSERT_EQ(event->records.size(), 3u);
  const int64_t sizes[] = {26, 59, 38};
  const StreamEventName names[] = {StreamEventName::kInsert, StreamEventName::kModify,
                                   StreamEventName::kRemove};
  for (size_t i = 0; i < 3; ++i) {
    const StreamRecord& r = event->records[i];
    EXPECT_EQ(r.size_bytes, sizes[i]);
    EXPECT_EQ(StreamRecordSizeBytes(r), sizes[i]) << i;
    EXPECT_EQ(r.event_name, names[i]);
    EXPECT_EQ(
        r.event_source_arn,
        "arn:aws:dynamodb:us-west-2:123456789012:table/Example/stream/2015-06-27T00:48:05.899");
  }
  EXPECT_FALSE(event->records[0].old_image.has_value());
  EXPECT_FALSE(event->records[2].new_image.has_value());
}

TEST(StreamEvent, BadRecordsAreReportedNotFatal) {
  std::string text = R"({"Records":[
    {"eventID":"a","eventName":"INSERT","dynamodb":{"Keys":{"k":{"S":"1"}},"SequenceNumber":"100"}},
    {"eventID":"b","eventName":"INSERT","dynamodb":{"Keys":{"k":{"N":"x"}},"SequenceNumber":"200"}},
    "garbage",
    {"eventID":"d","eventName":"BOGUS","dynamodb":{"Keys":{"k":{"S":"1"}},"SequenceNumber":400}},
    {"eventID":"e","eventName":"REMOVE","dynamodb":{"Keys":{"k":{"S":"5"}},"SequenceNumber":"500"}}]})";
  auto event = DecodeDynamoDbStreamEvent(text);
  ASSERT_TRUE(event.ok()) << event.error().message;
  ASSERT_EQ(event->records.size(), 2u);
  EXPECT_EQ(event->records[0].event_id, "a");
  EXPECT_EQ(event->records[1].event_id, "e");
  ASSERT_EQ(event->errors.size(), 3u);
  EXPECT_EQ(event->errors[0],
            (RecordDecodeError{
                1, "b", "200",
                "dynamodb.Keys: The parameter cannot be converted to a numeric value: x"}));
  EXPECT_EQ(event->errors[1], (RecordDecodeError{2, "", "", "record: expected an object"}));
  // The sequence number is reported only when it is readable as a string.
  EXPECT_EQ(event->errors[2],
            (RecordDecodeError{3, "d", "", "eventName: expected INSERT, MODIFY or REMOVE"}));
}

TEST(StreamEvent, WholeEventErrors) {
  for (std::string_view bad :
       {"", "not json", "[]", "{}", R"({"Records":{}})", R"({"records":[]})"}) {
    auto event = DecodeDynamoDbStreamEvent(bad);
    ASSERT_FALSE(event.ok()) << bad;
    EXPECT_EQ(event.error().code, "InvalidEvent");
  }
  auto empty = DecodeDynamoDbStreamEvent(R"({"Records":[]})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->records.empty());
  EXPECT_TRUE(empty->errors.empty());
}

TEST(StreamEvent, EncodeDecodeRoundTrip) {
  auto event = DecodeDynamoDbStreamEvent(kDocsShapedEvent);
  ASSERT_TRUE(event.ok());
  std::string text = EncodeDynamoDbStreamEvent(event->records);
  EXPECT_EQ(text.rfind(R"({"Records":[{"eventID":"1","eventName":"INSERT",)", 0), 0u) << text;
  auto back = DecodeDynamoDbStreamEvent(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->records, event->records);
  EXPECT_EQ(EncodeDynamoDbStreamEvent({}), R"({"Records":[]})");
}

}  // namespace
}  // namespace sb::protocol
