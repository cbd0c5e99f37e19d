#include "engine/streams/ids.h"

#include <gtest/gtest.h>

#include "protocol/streams/sequence_number.h"

namespace sb::engine::streams {
namespace {

TEST(SequenceNumberTest, FormatIsTwentyOneDigitsAndOrdersNumerically) {
  const std::string a = FormatSequenceNumber(1);
  const std::string b = FormatSequenceNumber(9);
  const std::string c = FormatSequenceNumber(10);
  const std::string d = FormatSequenceNumber(123456789012345);
  EXPECT_EQ(a, "100000000000000000001");
  for (const auto& s : {a, b, c, d}) {
    EXPECT_EQ(s.size(), 21u);
    EXPECT_TRUE(protocol::IsValidSequenceNumber(s)) << s;
  }
  EXPECT_EQ(protocol::CompareSequenceNumbers(a, b), std::strong_ordering::less);
  EXPECT_EQ(protocol::CompareSequenceNumbers(b, c), std::strong_ordering::less);
  EXPECT_EQ(protocol::CompareSequenceNumbers(c, d), std::strong_ordering::less);
}

TEST(SequenceNumberTest, ParseRoundTripsAndPlacesForeignNumbers) {
  for (int64_t n : {int64_t{1}, int64_t{42}, int64_t{9'000'000'000'000'000'000}}) {
    auto p = ParseSequenceNumber(FormatSequenceNumber(n));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->kind, SequencePosition::kExact);
    EXPECT_EQ(p->n, n);
  }
  // Shorter after leading zeros: below every number we issue.
  EXPECT_EQ(ParseSequenceNumber("000000000000000075450")->kind, SequencePosition::kBeforeAll);
  // Longer, or a leading digit above 1: beyond.
  EXPECT_EQ(ParseSequenceNumber("820400000000000001192334")->kind, SequencePosition::kAfterAll);
  EXPECT_EQ(ParseSequenceNumber("300000000000000499659")->kind, SequencePosition::kAfterAll);
  EXPECT_EQ(ParseSequenceNumber("199999999999999999999")->kind, SequencePosition::kAfterAll);
  // Not AWS's shape.
  EXPECT_FALSE(ParseSequenceNumber("12345"));
  EXPECT_FALSE(ParseSequenceNumber("10000000000000000000x"));
  EXPECT_FALSE(ParseSequenceNumber(std::string(41, '1')));
}

TEST(ShardIdTest, HasAwsShapeAndIsUniquePerRow) {
  const std::string a = FormatShardId(1414562045508, 1);
  const std::string b = FormatShardId(1414562045508, 2);
  EXPECT_EQ(a.substr(0, 29), "shardId-00000001414562045508-");
  EXPECT_EQ(a.size(), 37u);  // within ShardId's 28..65
  EXPECT_NE(a, b);
  for (char c : a.substr(29)) EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(c)));
}

TEST(StreamArnTest, FormatsAndParses) {
  const std::string label = StreamLabelAt(1431379293291);
  EXPECT_EQ(label, "2015-05-11T21:21:33.291");
  const std::string arn = StreamArn("us-west-2", "TestTable", label);
  EXPECT_EQ(arn,
            "arn:aws:dynamodb:us-west-2:000000000000:table/TestTable/stream/"
            "2015-05-11T21:21:33.291");
  auto parts = ParseStreamArn(arn);
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->region, "us-west-2");
  EXPECT_EQ(parts->table_name, "TestTable");
  EXPECT_EQ(parts->label, label);
  EXPECT_FALSE(ParseStreamArn("sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"));
  EXPECT_FALSE(ParseStreamArn("arn:aws:dynamodb:us-east-1:000000000000:table/TestTable"));
  EXPECT_FALSE(ParseStreamArn("arn:aws:dynamodb:us-east-1:000000000000:table/a b/stream/x"));
}

}  // namespace
}  // namespace sb::engine::streams
