// Tests of FilterCriteria: the EventBridge pattern subset on DynamoDB stream records.
#include "trigger/filter.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sb::trigger {
namespace {

const boost::json::object kRecord = boost::json::parse(R"({
  "eventID":"1","eventName":"MODIFY","eventSource":"aws:dynamodb",
  "dynamodb":{"Keys":{"PlayerId":{"S":"alice"},"GameId":{"S":"chess-blitz"}},
              "NewImage":{"PlayerId":{"S":"alice"},"GameId":{"S":"chess-blitz"},
                          "Score":{"N":"1500"},"Tags":{"SS":["a","b"]},"Active":{"BOOL":true}},
              "SequenceNumber":"111","SizeBytes":26,"StreamViewType":"NEW_IMAGE"}})")
                                        .as_object();

bool Match(const std::string& pattern) {
  auto p = FilterPattern::Parse(pattern);
  EXPECT_TRUE(p.ok()) << pattern << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() && p->Matches(kRecord);
}

TEST(FilterPatternTest, EqualityOnEventNameIsAnOr) {
  EXPECT_TRUE(Match(R"({"eventName":["INSERT","MODIFY"]})"));
  EXPECT_FALSE(Match(R"({"eventName":["REMOVE"]})"));
}

TEST(FilterPatternTest, NestedKeysAndImagesAreAnded) {
  EXPECT_TRUE(Match(R"({"dynamodb":{"Keys":{"PlayerId":{"S":["alice"]}}}})"));
  EXPECT_TRUE(Match(
      R"({"eventName":["MODIFY"],"dynamodb":{"NewImage":{"Score":{"N":["1500"]},"GameId":{"S":["chess-blitz"]}}}})"));
  EXPECT_FALSE(Match(
      R"({"eventName":["MODIFY"],"dynamodb":{"NewImage":{"Score":{"N":["1500"]},"GameId":{"S":["go"]}}}})"));
  EXPECT_FALSE(Match(R"({"dynamodb":{"Keys":{"PlayerId":{"S":["Alice"]}}}})"));  // byte-exact
}

TEST(FilterPatternTest, MissingFieldNeverMatchesAValueRule) {
  EXPECT_FALSE(Match(R"({"dynamodb":{"OldImage":{"Score":{"N":["1500"]}}}})"));
  EXPECT_FALSE(Match(R"({"userIdentity":{"type":["Service"]}})"));
}

TEST(FilterPatternTest, PrefixSuffixAndIgnoreCase) {
  EXPECT_TRUE(Match(R"({"dynamodb":{"Keys":{"GameId":{"S":[{"prefix":"chess-"}]}}}})"));
  EXPECT_FALSE(Match(R"({"dynamodb":{"Keys":{"GameId":{"S":[{"prefix":"go-"}]}}}})"));
  EXPECT_TRUE(Match(R"({"dynamodb":{"Keys":{"GameId":{"S":[{"suffix":"blitz"}]}}}})"));
  EXPECT_TRUE(
      Match(R"({"dynamodb":{"Keys":{"PlayerId":{"S":[{"equals-ignore-case":"ALICE"}]}}}})"));
}

TEST(FilterPatternTest, AnythingBut) {
  EXPECT_TRUE(Match(R"({"eventName":[{"anything-but":["REMOVE"]}]})"));
  EXPECT_FALSE(Match(R"({"eventName":[{"anything-but":"MODIFY"}]})"));
  EXPECT_FALSE(
      Match(R"({"dynamodb":{"Keys":{"GameId":{"S":[{"anything-but":{"prefix":"chess"}}]}}}})"));
  EXPECT_FALSE(Match(R"({"userIdentity":[{"anything-but":"x"}]})"));  // must exist
}

TEST(FilterPatternTest, ExistsTrueAndFalse) {
  EXPECT_TRUE(Match(R"({"dynamodb":{"NewImage":{"Score":{"N":[{"exists":true}]}}}})"));
  EXPECT_FALSE(Match(R"({"dynamodb":{"NewImage":{"Rank":{"N":[{"exists":true}]}}}})"));
  EXPECT_TRUE(Match(R"({"dynamodb":{"NewImage":{"Rank":{"N":[{"exists":false}]}}}})"));
  EXPECT_FALSE(Match(R"({"dynamodb":{"NewImage":{"Score":{"N":[{"exists":false}]}}}})"));
}

TEST(FilterPatternTest, NumericMatchesJsonNumbersOnly) {
  EXPECT_TRUE(Match(R"({"dynamodb":{"SizeBytes":[{"numeric":[">",10,"<=",26]}]}})"));
  EXPECT_FALSE(Match(R"({"dynamodb":{"SizeBytes":[{"numeric":["<",26]}]}})"));
  EXPECT_TRUE(Match(R"({"dynamodb":{"SizeBytes":[26]}})"));
  // DynamoDB N values are JSON strings: numeric rules never match them (docs/lambda-wire.md §7).
  EXPECT_FALSE(Match(R"({"dynamodb":{"NewImage":{"Score":{"N":[{"numeric":[">",0]}]}}}})"));
}

TEST(FilterPatternTest, ArraysInTheRecordMatchAnyElement) {
  EXPECT_TRUE(Match(R"({"dynamodb":{"NewImage":{"Tags":{"SS":["b"]}}}})"));
  EXPECT_FALSE(Match(R"({"dynamodb":{"NewImage":{"Tags":{"SS":["c"]}}}})"));
}

TEST(FilterPatternTest, BooleansAndNull) {
  EXPECT_TRUE(Match(R"({"dynamodb":{"NewImage":{"Active":{"BOOL":[true]}}}})"));
  EXPECT_FALSE(Match(R"({"dynamodb":{"NewImage":{"Active":{"BOOL":[false]}}}})"));
  EXPECT_FALSE(Match(R"({"dynamodb":{"NewImage":{"Missing":{"NULL":[null]}}}})"));
}

TEST(FilterPatternTest, RejectsMalformedPatterns) {
  for (const char* bad :
       {"not json", "[]", R"({"eventName":"INSERT"})", R"({"eventName":[]})",
        R"({"eventName":[{"wildcard":"*"}]})", R"({"a":{}})", R"({"a":[{"numeric":[">"]}]})",
        R"({"a":[{"numeric":["~",1]}]})", R"({"a":[{"exists":"yes"}]})", R"({"$or":[{"a":["b"]}]})",
        R"({"a":[["nested"]]})", R"({"a":[{"prefix":"x","suffix":"y"}]})"}) {
    auto p = FilterPattern::Parse(bad);
    EXPECT_FALSE(p.ok()) << bad;
    if (!p.ok()) {
      EXPECT_EQ(p.error().code, "InvalidFilterPattern");
    }
  }
}

TEST(FilterCriteriaTest, AnyFilterMatchingPassesAndNoFiltersPassEverything) {
  auto none = FilterCriteria::Parse({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->Matches(kRecord));
  auto two = FilterCriteria::Parse({R"({"eventName":["INSERT"]})", R"({"eventName":["MODIFY"]})"});
  ASSERT_TRUE(two.ok());
  EXPECT_TRUE(two->Matches(kRecord));
  auto neither =
      FilterCriteria::Parse({R"({"eventName":["INSERT"]})", R"({"eventName":["REMOVE"]})"});
  ASSERT_TRUE(neither.ok());
  EXPECT_FALSE(neither->Matches(kRecord));
}

TEST(FilterCriteriaTest, ErrorNamesTheFilter) {
  auto c = FilterCriteria::Parse({R"({"eventName":["INSERT"]})", "{"});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("Filters[1]"), std::string::npos);
}

}  // namespace
}  // namespace sb::trigger
