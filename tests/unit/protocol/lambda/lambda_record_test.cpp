// Tests for LambdaStreamRecord (protocol/lambda/stream_event.h): a GetRecords record becomes a
// Lambda event record by splicing, never by re-encoding.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "protocol/lambda/stream_event.h"

namespace sb::protocol {
namespace {

constexpr std::string_view kArn = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/L";

TEST(LambdaStreamRecord, KeepsTheRecordsBytesAndAddsTheArnLast) {
  // Spacing, member order and number spelling no serializer would reproduce.
  const std::string record =
      R"({ "eventName" : "INSERT","eventID":"e\u0031", "dynamodb":{"SequenceNumber":"1",)"
      R"("ApproximateCreationDateTime":1.70E9,"Keys":{"k":{"N":"1.0"}},"SizeBytes":7} } )";
  auto out = LambdaStreamRecord(record, kArn);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, record.substr(0, record.size() - 2) + R"(,"eventSourceARN":")" +
                      std::string(kArn) + R"("})");
  auto decoded = DecodeStreamRecord(boost::json::parse(*out));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->event_source_arn, kArn);
  EXPECT_EQ(decoded->event_id, "e1");
}

TEST(LambdaStreamRecord, WritesUserIdentityInLambdasSpelling) {
  // GetRecords spells the members "PrincipalId" and "Type"; Lambda "type" and "principalId".
  const std::string before = R"({"eventName":"REMOVE","dynamodb":{"SequenceNumber":"9"},)";
  const std::string record =
      before + R"("userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"}})";
  auto out = LambdaStreamRecord(record, "arn:x");
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, before + R"("userIdentity":{"type":"Service",)"
                           R"("principalId":"dynamodb.amazonaws.com"},"eventSourceARN":"arn:x"})");
  // Already in Lambda's spelling: written the same way.
  auto again = LambdaStreamRecord(
      before + R"("userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"}})",
      "arn:x");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *out);
}

TEST(LambdaStreamRecord, RejectsWhatItCannotSplice) {
  for (const char* bad : {"", "[]", R"({"a":1)", R"({"eventSourceARN":"x"})",
                          R"({"userIdentity":"Service"})", R"({"userIdentity":{"Type":1}})"}) {
    auto out = LambdaStreamRecord(bad, kArn);
    ASSERT_FALSE(out.ok()) << bad;
    EXPECT_EQ(out.error().code, "InvalidStreamRecord");
  }
  auto empty = LambdaStreamRecord("{}", "a\"b");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, R"({"eventSourceARN":"a\"b"})");
}

}  // namespace
}  // namespace sb::protocol
