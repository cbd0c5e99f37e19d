// Tests for protocol/streams/stream_record.h: decoding AWS-shaped records (strict where the
// consumer relies on fields, lenient elsewhere), canonical encoding and SizeBytes.
#include "protocol/streams/stream_record.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sb::protocol {
namespace {

// The constructed NEW_IMAGE example of facts §1.9 (plus the eventSourceARN Lambda adds).
constexpr std::string_view kExample =
    R"({"eventID":"7f2c1a9b0d3e4f5a6b7c8d9e0f1a2b3c","eventName":"MODIFY","eventVersion":"1.1",)"
    R"("eventSource":"aws:dynamodb","awsRegion":"us-east-1",)"
    R"("dynamodb":{"ApproximateCreationDateTime":1732550400,"Keys":{"playerId":{"S":"p1"}},)"
    R"("NewImage":{"playerId":{"S":"p1"},"score":{"N":"1500"},"name":{"S":"Ann"}},)"
    R"("SequenceNumber":"400000000000000499660","SizeBytes":34,"StreamViewType":"NEW_IMAGE"},)"
    R"("eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/GameScores/stream/2024-11-25T00:00:00.000"})";

std::string Replace(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

std::string ErrorOf(std::string_view text) {
  auto r = ParseStreamRecordJson(text);
  if (r.ok()) return "ok";
  EXPECT_EQ(r.error().code, "InvalidStreamRecord");
  return r.error().message;
}

TEST(StreamRecord, DecodesTheFactsExample) {
  auto r = ParseStreamRecordJson(kExample);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->event_id, "7f2c1a9b0d3e4f5a6b7c8d9e0f1a2b3c");
  EXPECT_EQ(r->event_name, StreamEventName::kModify);
  EXPECT_EQ(r->event_version, "1.1");
  EXPECT_EQ(r->event_source, "aws:dynamodb");
  EXPECT_EQ(r->aws_region, "us-east-1");
  EXPECT_EQ(r->approximate_creation_date_time, 1732550400);
  ASSERT_EQ(r->keys.size(), 1u);
  EXPECT_EQ(r->keys.at("playerId").s(), "p1");
  ASSERT_TRUE(r->new_image.has_value());
  EXPECT_EQ(r->new_image->at("score").n().ToString(), "1500");
  EXPECT_FALSE(r->old_image.has_value());
  EXPECT_EQ(r->sequence_number, "400000000000000499660");
  EXPECT_EQ(r->size_bytes, 34);
  EXPECT_EQ(r->stream_view_type, StreamViewType::kNewImage);
  EXPECT_FALSE(r->user_identity.has_value());
  EXPECT_EQ(
      r->event_source_arn,
      "arn:aws:dynamodb:us-east-1:123456789012:table/GameScores/stream/2024-11-25T00:00:00.000");
  // Its SizeBytes is the item size of Keys + NewImage.
  EXPECT_EQ(StreamRecordSizeBytes(*r), 34);
}

TEST(StreamRecord, EncodesInAwsFieldOrderAndRoundTrips) {
  auto r = ParseStreamRecordJson(kExample);
  ASSERT_TRUE(r.ok());
  // Images are re-encoded with attributes in name order.
  std::string expected =
      Replace(kExample, R"({"playerId":{"S":"p1"},"score":{"N":"1500"},"name":{"S":"Ann"}})",
              R"({"name":{"S":"Ann"},"playerId":{"S":"p1"},"score":{"N":"1500"}})");
  EXPECT_EQ(StreamRecordToJson(*r), expected);
  auto back = ParseStreamRecordJson(StreamRecordToJson(*r));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, *r);
}

TEST(StreamRecord, TtlRemoveWithUserIdentityAndOldImage) {
  StreamRecord r;
  r.event_id = "e1";
  r.event_name = StreamEventName::kRemove;
  r.aws_region = "eu-west-1";
  r.approximate_creation_date_time = 1;
  r.keys = {{"Id", AttributeValue::N(Number::FromInt(101))}};
  r.old_image = Item{{"Id", AttributeValue::N(Number::FromInt(101))},
                     {"Message", AttributeValue::S("This item has changed")}};
  r.sequence_number = "222";
  r.size_bytes = StreamRecordSizeBytes(r);
  r.stream_view_type = StreamViewType::kNewAndOldImages;
  r.user_identity = StreamUserIdentity{"Service", "dynamodb.amazonaws.com"};
  EXPECT_EQ(r.size_bytes, 38);  // the Lambda docs' REMOVE example
  std::string text = StreamRecordToJson(r);
  EXPECT_NE(
      text.find(R"("userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"})"),
      std::string::npos);
  EXPECT_EQ(text.find("eventSourceARN"), std::string::npos);  // not set: not encoded
  EXPECT_EQ(text.find("NewImage"), std::string::npos);
  auto back = ParseStreamRecordJson(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, r);
}

TEST(StreamRecord, ApproximateCreationDateTimeIsLenient) {
  auto with = [](std::string_view value) {
    auto r = ParseStreamRecordJson(Replace(kExample, "1732550400", value));
    return r.ok() ? std::to_string(r->approximate_creation_date_time)
                  : "error: " + r.error().message;
  };
  EXPECT_EQ(with(R"("1.46480646E9")"), "1464806460");
  EXPECT_EQ(with(R"("1678831218.0")"), "1678831218");
  EXPECT_EQ(with("1.46480646E9"), "1464806460");
  EXPECT_EQ(with("1678831218.75"), "1678831218");  // rounded down
  EXPECT_EQ(with(R"("1678831218.75")"), "1678831218");
  EXPECT_EQ(with("null"), "0");
  EXPECT_EQ(with("true"), "error: dynamodb.ApproximateCreationDateTime: expected a number");
  EXPECT_EQ(with(R"("soon")"), "error: dynamodb.ApproximateCreationDateTime: not a number");
  EXPECT_EQ(with("1e300"), "error: dynamodb.ApproximateCreationDateTime: out of range");
  // Absent entirely: 0.
  auto r =
      ParseStreamRecordJson(Replace(kExample, R"("ApproximateCreationDateTime":1732550400,)", ""));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->approximate_creation_date_time, 0);
}

TEST(StreamRecord, OptionalFieldsMayBeAbsent) {
  auto r = ParseStreamRecordJson(
      R"({"eventName":"INSERT","dynamodb":{"Keys":{"k":{"S":"v"}},"SequenceNumber":"1"}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->event_id, "");
  EXPECT_EQ(r->event_source, "");
  EXPECT_EQ(r->size_bytes, 0);
  EXPECT_FALSE(r->stream_view_type.has_value());
}

TEST(StreamRecord, DecodeErrorsNameTheField) {
  EXPECT_EQ(ErrorOf("[]"), "record: expected an object");
  EXPECT_EQ(
      ErrorOf("{"), "record: invalid JSON: " + [] {
        boost::system::error_code ec;
        (void)boost::json::parse("{", ec);
        return ec.message();
      }());
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("eventName":"MODIFY",)", "")),
            "eventName: expected INSERT, MODIFY or REMOVE");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("MODIFY")", R"("UPDATE")")),
            "eventName: expected INSERT, MODIFY or REMOVE");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("eventID":"7f2c1a9b0d3e4f5a6b7c8d9e0f1a2b3c")",
                            R"("eventID":7)")),
            "eventID: expected a string");
  EXPECT_EQ(ErrorOf(R"({"eventName":"INSERT"})"), "dynamodb: expected an object");
  EXPECT_EQ(ErrorOf(R"({"eventName":"INSERT","dynamodb":[]})"), "dynamodb: expected an object");
  EXPECT_EQ(ErrorOf(R"({"eventName":"INSERT","dynamodb":{"SequenceNumber":"1"}})"),
            "dynamodb.Keys: missing");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("score":{"N":"1500"})", R"("score":{"N":"15x"})")),
            "dynamodb.NewImage: The parameter cannot be converted to a numeric value: 15x");
  EXPECT_EQ(
      ErrorOf(Replace(kExample, R"("Keys":{"playerId":{"S":"p1"}})", R"("Keys":{"playerId":{}})")),
      "dynamodb.Keys: Supplied AttributeValue is empty, must contain exactly one of the "
      "supported datatypes");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("400000000000000499660")", R"("4000-1")")),
            "dynamodb.SequenceNumber: expected a string of 1 to 40 decimal digits");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("SequenceNumber":"400000000000000499660",)", "")),
            "dynamodb.SequenceNumber: expected a string of 1 to 40 decimal digits");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("400000000000000499660")", "400000000000000499660")),
            "dynamodb.SequenceNumber: expected a string");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("SizeBytes":34)", R"("SizeBytes":-1)")),
            "dynamodb.SizeBytes: expected a non-negative integer");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("SizeBytes":34)", R"("SizeBytes":"34")")),
            "dynamodb.SizeBytes: expected a non-negative integer");
  EXPECT_EQ(
      ErrorOf(Replace(kExample, R"("NEW_IMAGE")", R"("ALL")")),
      "dynamodb.StreamViewType: expected KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES");
  EXPECT_EQ(
      ErrorOf(Replace(kExample, R"("eventSourceARN":)", R"("userIdentity":5,"eventSourceARN":)")),
      "userIdentity: expected an object");
}

TEST(StreamEnums, NamesRoundTrip) {
  for (auto n : {StreamEventName::kInsert, StreamEventName::kModify, StreamEventName::kRemove}) {
    EXPECT_EQ(ParseStreamEventName(StreamEventNameString(n)), n);
  }
  for (auto t : {StreamViewType::kKeysOnly, StreamViewType::kNewImage, StreamViewType::kOldImage,
                 StreamViewType::kNewAndOldImages}) {
    EXPECT_EQ(ParseStreamViewType(StreamViewTypeName(t)), t);
  }
  EXPECT_EQ(StreamViewTypeName(StreamViewType::kNewAndOldImages), "NEW_AND_OLD_IMAGES");
  EXPECT_FALSE(ParseStreamEventName("insert").has_value());
  EXPECT_FALSE(ParseStreamViewType("").has_value());
}

}  // namespace
}  // namespace sb::protocol
