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

// ---- StreamEventReader: the same decoding, read in place ---------------------------------

// What a reader read, in the terms DecodeDynamoDbStreamEvent's result can be compared with.
std::string Describe(const StreamRecordView& v) {
  std::string out = std::string(StreamEventNameString(v.event_name())) + "/" +
                    std::to_string(v.approximate_creation_date_time()) + "/" +
                    std::string(v.sequence_number()) + "/" + (v.has_new_image() ? "new" : "-");
  for (std::string_view name : {"Id", "k", "Message"}) {
    auto key = v.Key(name);
    auto attr = v.NewImageAttribute(name);
    out += std::string("/") + std::string(name) + "=" +
           (key ? std::string(AttrTypeName(key->type)) + ":" + std::string(key->s) +
                      (key->type == AttrType::N ? key->n.ToString() : "")
                : "none") +
           "," +
           (attr ? std::string(AttrTypeName(attr->type)) + ":" + std::string(attr->s) : "none");
  }
  return out;
}

// Reader and DecodeDynamoDbStreamEvent agree on `text`: whole-event error, records, errors.
void ExpectReaderAgrees(StreamEventReader& reader, std::string_view text) {
  auto decoded = DecodeDynamoDbStreamEvent(text);
  Status read = reader.Read(text);
  ASSERT_EQ(read.ok(), decoded.ok()) << text;
  if (!decoded.ok()) {
    EXPECT_EQ(read.error().code, decoded.error().code);
    EXPECT_EQ(read.error().message, decoded.error().message);
    EXPECT_TRUE(reader.records().empty());
    EXPECT_TRUE(reader.errors().empty());
    return;
  }
  EXPECT_EQ(reader.errors(), decoded->errors);
  ASSERT_EQ(reader.records().size(), decoded->records.size());
  for (size_t i = 0; i < decoded->records.size(); ++i) {
    EXPECT_EQ(Describe(reader.records()[i]), Describe(StreamRecordView(decoded->records[i]))) << i;
  }
}

TEST(StreamEventReader, ReadsWhatDecodeReadsAndReportsTheSameErrors) {
  StreamEventReader reader;
  ExpectReaderAgrees(reader, kDocsShapedEvent);
  ASSERT_EQ(reader.records().size(), 3u);
  EXPECT_EQ(reader.records()[1].sequence_number(), "222");
  EXPECT_EQ(reader.records()[1].NewImageAttribute("Message")->s, "This item has changed");
  EXPECT_EQ(reader.records()[0].Key("Id")->n.ToString(), "101");

  std::string bad = R"({"Records":[
    {"eventID":"a","eventName":"INSERT","dynamodb":{"Keys":{"k":{"S":"1"}},"SequenceNumber":"100"}},
    {"eventID":"b","eventName":"INSERT","dynamodb":{"Keys":{"k":{"N":"x"}},"SequenceNumber":"200"}},
    "garbage",
    {"eventID":"d","eventName":"BOGUS","dynamodb":{"Keys":{"k":{"S":"1"}},"SequenceNumber":400}},
    {"eventID":"e","eventName":"REMOVE","dynamodb":{"Keys":{"k":{"S":"5"}},"SequenceNumber":"500"}},
    {"eventID":"f","eventName":"REMOVE","dynamodb":{"Keys":{"k":{"S":"6"}},"SequenceNumber":"600"},
     "userIdentity":{"type":"Service","Type":7}}]})";
  ExpectReaderAgrees(reader, bad);
  ASSERT_EQ(reader.errors().size(), 3u);
  EXPECT_EQ(reader.errors()[0].message,
            "dynamodb.Keys: The parameter cannot be converted to a numeric value: x");
  // The last record is valid although the in-place read declines it (an odd userIdentity):
  // it is decoded in full instead, and read all the same.
  ASSERT_EQ(reader.records().size(), 3u);
  EXPECT_EQ(reader.records()[2].Key("k")->s, "6");

  for (std::string_view whole : {"", "not json", "[]", "{}", R"({"Records":{}})",
                                 R"({"records":[]})", R"({"Records":[]})"}) {
    ExpectReaderAgrees(reader, whole);
  }
}

// One reader, many events of different sizes: each Read replaces the last, whatever the
// arena had to grow to.
TEST(StreamEventReader, IsReusedAcrossEventsOfAnySize) {
  auto event = [](size_t n, std::string_view tag) {
    std::string text = R"({"Records":[)";
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) text += ",";
      text += R"({"eventName":"INSERT","dynamodb":{"Keys":{"k":{"S":")" + std::string(tag) +
              std::to_string(i) + R"("}},"NewImage":{"k":{"S":"x"},"Message":{"S":")" +
              std::string(200, 'm') + R"("}},"SequenceNumber":")" + std::to_string(i + 1) +
              R"("}})";
    }
    return text + "]}";
  };
  StreamEventReader reader;
  for (size_t n : {1, 3000, 10, 0, 5000, 2}) {
    std::string tag = "t" + std::to_string(n) + "-";
    ExpectReaderAgrees(reader, event(n, tag));
    ASSERT_EQ(reader.records().size(), n);
    if (n > 0) {
      EXPECT_EQ(reader.records()[n - 1].Key("k")->s, tag + std::to_string(n - 1));
      EXPECT_EQ(reader.records()[n - 1].sequence_number(), std::to_string(n));
    }
    ExpectReaderAgrees(reader, "{");  // a failed Read leaves nothing behind either
  }
}

}  // namespace
}  // namespace sb::protocol
