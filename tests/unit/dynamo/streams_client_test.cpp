#include "dynamo/streams_client.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "dynamo/retry.h"

namespace sb::dynamo {
namespace {

using http::ClientRequest;
using http::Response;

struct Fixture {
  explicit Fixture(std::string body)
      : body_(std::move(body)),
        http([this](const ClientRequest&) -> Result<Response> {
          Response r;
          r.body = body_;
          return r;
        }),
        transport(MakeConfig(), http, clock, sleeper, random),
        client(transport) {}
  static ClientConfig MakeConfig() {
    ClientConfig c;
    c.endpoint = "http://db:1";
    c.streams_endpoint = "http://streams:2";
    c.retry.max_attempts = 1;
    return c;
  }
  std::string body_;
  FakeClock clock;
  FakeSleeper sleeper;
  SeededRandom random{1};
  http::FakeClient http;
  Transport transport;
  StreamsClient client;
};

TEST(StreamsClientTest, ListStreamsGoesToTheStreamsEndpoint) {
  Fixture f(R"({"Streams":[{"StreamArn":"arn:1","TableName":"GameScores","StreamLabel":"L"}],
                "LastEvaluatedStreamArn":"arn:1"})");
  auto r = f.client.ListStreams({.table_name = "GameScores"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->streams.size(), 1u);
  EXPECT_EQ(r->streams[0].stream_label, "L");
  EXPECT_EQ(r->last_evaluated_stream_arn.value_or(""), "arn:1");
  EXPECT_EQ(f.http.requests()[0].url, "http://streams:2/");
  EXPECT_EQ(f.http.requests()[0].headers.Get("X-Amz-Target").value_or(""),
            "DynamoDBStreams_20120810.ListStreams");
}

TEST(StreamsClientTest, DescribeStreamShardsAndLineage) {
  Fixture f(R"({"StreamDescription":{"StreamArn":"arn:1","StreamLabel":"L",
      "StreamStatus":"ENABLED","StreamViewType":"NEW_IMAGE","TableName":"GameScores",
      "KeySchema":[{"AttributeName":"PlayerId","KeyType":"HASH"}],
      "Shards":[
        {"ShardId":"shardId-1","SequenceNumberRange":{"StartingSequenceNumber":"100000000000000000001",
                                                      "EndingSequenceNumber":"100000000000000000009"}},
        {"ShardId":"shardId-2","ParentShardId":"shardId-1",
         "SequenceNumberRange":{"StartingSequenceNumber":"200000000000000000001"}}]}})");
  auto r = f.client.DescribeStream({.stream_arn = "arn:1", .limit = 100});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->stream_status, "ENABLED");
  ASSERT_EQ(r->shards.size(), 2u);
  EXPECT_EQ(r->shards[0].ending_sequence_number.value_or(""), "100000000000000000009");
  EXPECT_FALSE(r->shards[1].ending_sequence_number.has_value());
  EXPECT_EQ(r->shards[1].parent_shard_id.value_or(""), "shardId-1");
  EXPECT_FALSE(r->last_evaluated_shard_id.has_value());
  EXPECT_EQ(boost::json::parse(f.http.requests()[0].body),
            boost::json::parse(R"({"StreamArn":"arn:1","Limit":100})"));
}

TEST(StreamsClientTest, GetShardIterator) {
  Fixture f(R"({"ShardIterator":"it-1"})");
  auto r = f.client.GetShardIterator({.stream_arn = "arn:1",
                                      .shard_id = "shardId-1",
                                      .shard_iterator_type = "AFTER_SEQUENCE_NUMBER",
                                      .sequence_number = "100000000000000000001"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "it-1");
  EXPECT_EQ(boost::json::parse(f.http.requests()[0].body),
            boost::json::parse(R"({"StreamArn":"arn:1","ShardId":"shardId-1",
                "ShardIteratorType":"AFTER_SEQUENCE_NUMBER","SequenceNumber":"100000000000000000001"})"));
}

TEST(StreamsClientTest, GetRecordsKeepsTheRawRecord) {
  const char* record = R"({"eventID":"e1","eventName":"MODIFY","eventVersion":"1.1",
      "eventSource":"aws:dynamodb","awsRegion":"us-east-1",
      "dynamodb":{"ApproximateCreationDateTime":1732550400,"Keys":{"PlayerId":{"S":"p1"}},
        "SequenceNumber":"400000000000000499660","SizeBytes":34,"StreamViewType":"NEW_IMAGE"}})";
  Fixture f(std::string(R"({"Records":[)") + record + R"(],"NextShardIterator":"it-2"})");
  auto r = f.client.GetRecords({.shard_iterator = "it-1", .limit = 1000});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->records.size(), 1u);
  EXPECT_EQ(r->records[0].event_name, "MODIFY");
  EXPECT_EQ(r->records[0].sequence_number, "400000000000000499660");
  EXPECT_EQ(r->records[0].approximate_creation_date_time, 1732550400.0);
  EXPECT_EQ(r->records[0].size_bytes, 34);
  EXPECT_EQ(boost::json::value(r->records[0].json), boost::json::parse(record));
  EXPECT_EQ(r->next_shard_iterator.value_or(""), "it-2");
}

// The trigger splices each record's text into the Lambda event, so the text must be the
// response's own bytes: spaces, member order and number spelling included.
TEST(StreamsClientTest, GetRecordsKeepsEachRecordsBytes) {
  const std::string first = R"({ "dynamodb" : {"SequenceNumber":"1", "SizeBytes": 25,)"
                            R"( "ApproximateCreationDateTime": 1.70E9,)"
                            R"( "Keys":{"k":{"S":"a,]}\"\u00e9"}}}, "eventName":"INSERT" })";
  const std::string second = R"({"eventName":"REMOVE","dynamodb":{"SequenceNumber":"2"}})";
  Fixture f(R"({"NextShardIterator":"n", "Records" : [ )" + first + " ,\n" + second + "]}");
  auto r = f.client.GetRecords({.shard_iterator = "it-1"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->records.size(), 2u);
  EXPECT_EQ(r->records[0].text, first);
  EXPECT_EQ(r->records[1].text, second);
}

TEST(StreamsClientTest, ClosedShardHasNoNextIterator) {
  Fixture f(R"({"Records":[]})");
  auto r = f.client.GetRecords({.shard_iterator = "it-1"});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->records.empty());
  EXPECT_FALSE(r->next_shard_iterator.has_value());
}

TEST(StreamsClientTest, RecordWithoutSequenceNumberIsInvalid) {
  Fixture f(R"({"Records":[{"eventName":"INSERT","dynamodb":{}}],"NextShardIterator":"x"})");
  auto r = f.client.GetRecords({.shard_iterator = "it-1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, kInvalidResponseError);
}

TEST(StreamsClientTest, CreationTimeAsStringIsAccepted) {
  Fixture f(R"({"Records":[{"eventName":"INSERT","dynamodb":{
      "ApproximateCreationDateTime":"1.46480646E9","SequenceNumber":"111111111111111111111"}}],
      "NextShardIterator":"x"})");
  auto r = f.client.GetRecords({.shard_iterator = "it-1"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->records[0].approximate_creation_date_time, 1464806460.0);
}

}  // namespace
}  // namespace sb::dynamo
