#include "reads/dynamo_rank_index.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "function/rank_counts_item.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::reads {
namespace {

namespace json = boost::json;

// DynamoRankIndex over a scripted HTTP client: the bodies it sends and what it makes of the
// answers (the engine-backed tests cover the happy paths end to end).
struct Fixture {
  explicit Fixture(std::vector<std::string> answers)
      : answers_(std::move(answers)),
        http([this](const http::ClientRequest&) -> Result<http::Response> {
          http::Response r;
          r.status = 200;
          r.body = next_ < answers_.size() ? answers_[next_++] : answers_.back();
          return r;
        }),
        transport(Config(), http, clock, sleeper, random),
        client(transport),
        index(client, ReadSettings{}, sleeper) {}
  static dynamo::ClientConfig Config() {
    dynamo::ClientConfig c;
    c.endpoint = "http://db:1";
    c.retry.max_attempts = 1;
    return c;
  }
  json::value Sent(size_t i) { return json::parse(http.requests()[i].body); }

  std::vector<std::string> answers_;
  size_t next_ = 0;
  FakeClock clock;
  FakeSleeper sleeper;
  SeededRandom random{1};
  http::FakeClient http;
  dynamo::Transport transport;
  dynamo::DynamoDbClient client;
  DynamoRankIndex index;
};

std::string B64(const std::string& s) { return protocol::Base64Encode(s); }

TEST(DynamoRankIndexTest, CountNodesAsksAgainForUnprocessedKeys) {
  const std::string a("\x00\x01g", 3), b("\x00\x01g\xfc", 4), z("\x00\x01z", 3);
  Fixture f({R"({"Responses":{"RankCounts":[{"Node":{"B":")" + B64(a) +
                 R"("},"c05":{"N":"3"}}]},"UnprocessedKeys":{"RankCounts":{"Keys":[{"Node":{"B":")" +
                 B64(b) + R"("}}],"ConsistentRead":true}},"ConsumedCapacity":[{"TableName":"RankCounts","CapacityUnits":1}]})",
             R"({"Responses":{"RankCounts":[{"Node":{"B":")" + B64(b) +
                 R"("},"cff":{"N":"2"}}]},"ConsumedCapacity":[{"TableName":"RankCounts","CapacityUnits":1}]})"});
  auto got = f.index.GetCountNodes({a, b, z});
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->at(a)[5], 3);
  EXPECT_EQ(got->at(b)[255], 2);
  EXPECT_EQ(got->at(z)[0], 0);  // no item: zeros
  ASSERT_EQ(f.http.requests().size(), 2u);
  const json::value sent0 = f.Sent(0), sent1 = f.Sent(1);
  const json::object& first = sent0.at("RequestItems").at("RankCounts").as_object();
  EXPECT_EQ(first.at("ConsistentRead"), true);
  EXPECT_EQ(first.at("Keys").as_array().size(), 3u);
  const json::array& again = sent1.at("RequestItems").at("RankCounts").at("Keys").as_array();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].at("Node").at("B").as_string(), B64(b));
  EXPECT_EQ(f.sleeper.calls(), 1);
  EXPECT_EQ(f.index.requests(), 2);
  EXPECT_EQ(f.index.read_units(), 2.0);
}

TEST(DynamoRankIndexTest, CountNodesGivesUpAfterEightUnprocessedAnswers) {
  const std::string a("\x00\x01g", 3);
  Fixture f({R"({"Responses":{},"UnprocessedKeys":{"RankCounts":{"Keys":[{"Node":{"B":")" +
             B64(a) + R"("}}]}}})"});
  auto got = f.index.GetCountNodes({a});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().type, "ProvisionedThroughputExceededException");
  EXPECT_EQ(f.http.requests().size(), 8u);
}

TEST(DynamoRankIndexTest, CountRangeSumsEveryPage) {
  Fixture f({R"({"Count":1000,"LastEvaluatedKey":{"Board":{"S":"g"},"PlayerId":{"S":"p"},"RankKey":{"B":"AQ=="}}})",
             R"({"Count":7})"});
  auto got = f.index.CountRange("g", std::string("\x01"), std::string("\x05"));
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(*got, 1007);
  json::value q = f.Sent(0);
  EXPECT_EQ(q.at("Select"), "COUNT");
  EXPECT_EQ(q.at("ConsistentRead"), true);
  EXPECT_EQ(q.at("IndexName"), "ByRank");
  EXPECT_EQ(q.at("KeyConditionExpression"), "#b = :b AND #k BETWEEN :lo AND :hi");
  EXPECT_TRUE(f.Sent(1).as_object().contains("ExclusiveStartKey"));
}

}  // namespace
}  // namespace sb::reads
