#include "engine/streams/streams.h"

#include <gtest/gtest.h>

#include <set>

#include "protocol/streams/sequence_number.h"
#include "protocol/streams/stream_record.h"
#include "streams_test_util.h"

namespace sb::engine::streams {
namespace {

using testing::ItemOf;
using testing::StreamsFixture;
using testing::TempDir;
namespace json = boost::json;

std::string Str(const json::value& v) { return std::string(v.as_string()); }
std::string Seq(const json::object& record) {
  return Str(record.at("dynamodb").as_object().at("SequenceNumber"));
}
std::string EventName(const json::object& record) { return Str(record.at("eventName")); }

class StreamsTest : public StreamsFixture {};

TEST_F(StreamsTest, ListAndDescribeANewStream) {
  CreateTable("Scores", "NEW_IMAGE", /*range=*/true);
  CreateTable("Plain", "");
  auto list = Call("ListStreams", {});
  ASSERT_EQ(list["Streams"].as_array().size(), 1u);
  auto& entry = list["Streams"].as_array()[0].as_object();
  const std::string label = StreamLabelAt(clock_.NowUnixMillis());
  EXPECT_EQ(Str(entry["TableName"]), "Scores");
  EXPECT_EQ(Str(entry["StreamLabel"]), label);
  EXPECT_EQ(Str(entry["StreamArn"]),
            "arn:aws:dynamodb:us-east-1:000000000000:table/Scores/stream/" + label);
  EXPECT_FALSE(list.contains("LastEvaluatedStreamArn"));
  EXPECT_TRUE(Call("ListStreams", {{"TableName", "Plain"}})["Streams"].as_array().empty());

  auto d = Call("DescribeStream", {{"StreamArn", entry["StreamArn"]}});
  auto& desc = d["StreamDescription"].as_object();
  EXPECT_EQ(Str(desc["StreamStatus"]), "ENABLED");
  EXPECT_EQ(Str(desc["StreamViewType"]), "NEW_IMAGE");
  EXPECT_EQ(Str(desc["TableName"]), "Scores");
  EXPECT_EQ(Str(desc["StreamLabel"]), label);
  EXPECT_DOUBLE_EQ(desc["CreationRequestDateTime"].to_number<double>(),
                   static_cast<double>(clock_.NowUnixMillis()) / 1000.0);
  EXPECT_EQ(
      json::serialize(desc["KeySchema"]),
      R"([{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}])");
  auto& shards = desc["Shards"].as_array();
  ASSERT_EQ(shards.size(), 1u);
  auto& shard = shards[0].as_object();
  EXPECT_EQ(Str(shard["ShardId"]).rfind("shardId-", 0), 0u);
  auto& range = shard["SequenceNumberRange"].as_object();
  EXPECT_TRUE(protocol::IsValidSequenceNumber(Str(range["StartingSequenceNumber"])));
  EXPECT_FALSE(range.contains("EndingSequenceNumber"));
  EXPECT_FALSE(shard.contains("ParentShardId"));
}

TEST_F(StreamsTest, OneRecordPerRealChangeInOrder) {
  CreateTable("Tbl1", "NEW_AND_OLD_IMAGES");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"},"v":{"N":"1"}})"));
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"},"v":{"N":"1"}})"));  // no-op: no record
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"},"v":{"N":"2"}})"));
  Delete("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"));
  Delete("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"));  // missing: no record
  auto records = ReadStream(LatestArn("Tbl1"));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(EventName(records[0]), "INSERT");
  EXPECT_EQ(EventName(records[1]), "MODIFY");
  EXPECT_EQ(EventName(records[2]), "REMOVE");
  for (size_t i = 1; i < records.size(); ++i) {
    EXPECT_EQ(protocol::CompareSequenceNumbers(Seq(records[i - 1]), Seq(records[i])),
              std::strong_ordering::less);
  }
  auto& mod = records[1]["dynamodb"].as_object();
  EXPECT_EQ(json::serialize(mod["Keys"]), R"({"pk":{"S":"a"}})");
  EXPECT_EQ(json::serialize(mod["OldImage"]), R"({"pk":{"S":"a"},"v":{"N":"1"}})");
  EXPECT_EQ(json::serialize(mod["NewImage"]), R"({"pk":{"S":"a"},"v":{"N":"2"}})");
  EXPECT_EQ(Str(mod["StreamViewType"]), "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(Str(records[1]["eventSource"]), "aws:dynamodb");
  EXPECT_EQ(Str(records[1]["awsRegion"]), "us-east-1");
  EXPECT_EQ(Str(records[1]["eventID"]).size(), 32u);
  EXPECT_NE(Str(records[0]["eventID"]), Str(records[1]["eventID"]));
  EXPECT_FALSE(records[2].contains("userIdentity"));
}

TEST_F(StreamsTest, TtlDeletesCarryUserIdentity) {
  CreateTable("Tbl1", "KEYS_ONLY");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"));
  Delete("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"), storage::ChangeCause::kTimeToLive);
  auto records = ReadStream(LatestArn("Tbl1"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(json::serialize(records[1]["userIdentity"]),
            R"({"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"})");
  // Decoders (the trigger's) read the GetRecords spelling.
  auto decoded = protocol::DecodeStreamRecord(records[1]);
  ASSERT_TRUE(decoded.ok());
  ASSERT_TRUE(decoded.value().user_identity);
  EXPECT_EQ(decoded.value().user_identity->type, "Service");
  EXPECT_EQ(decoded.value().user_identity->principal_id, "dynamodb.amazonaws.com");
}

TEST_F(StreamsTest, NoRecordsWithoutAStreamAndNoneFromARolledBackWrite) {
  CreateTable("Tbl1", "NEW_IMAGE");
  Status st = store_->Write([&](storage::WriteTxn& txn) -> Status {
    auto def = txn.FindTable("Tbl1");
    SB_TRY_STATUS(txn.Put(*def, ItemOf(R"({"pk":{"S":"a"}})"), std::nullopt));
    return MakeError("test", "abort after the write");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(ReadStream(LatestArn("Tbl1")).empty());
  Put("Tbl1", ItemOf(R"({"pk":{"S":"b"}})"));
  EXPECT_EQ(ReadStream(LatestArn("Tbl1")).size(), 1u);
}

TEST_F(StreamsTest, OpenShardAlwaysHasANextIteratorAndLatestSeesOnlyNewRecords) {
  CreateTable("Tbl1", "NEW_IMAGE");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"));
  const std::string arn = LatestArn("Tbl1");
  const std::string shard = Str(Shards(arn)[0]["ShardId"]);
  std::string latest = Iterator(arn, shard, "LATEST");
  auto empty = Call("GetRecords", {{"ShardIterator", latest}});
  EXPECT_TRUE(empty["Records"].as_array().empty());
  ASSERT_TRUE(empty.contains("NextShardIterator"));
  Put("Tbl1", ItemOf(R"({"pk":{"S":"b"}})"));
  auto page = Call("GetRecords", {{"ShardIterator", empty["NextShardIterator"]}});
  ASSERT_EQ(page["Records"].as_array().size(), 1u);
  EXPECT_EQ(json::serialize(page["Records"].as_array()[0].at("dynamodb").at("Keys")),
            R"({"pk":{"S":"b"}})");
  EXPECT_TRUE(page.contains("NextShardIterator"));
  // An iterator can be reused: the same position reads the same records again.
  auto again = Call("GetRecords", {{"ShardIterator", latest}});
  EXPECT_EQ(again["Records"].as_array().size(), 1u);
}

TEST_F(StreamsTest, AtAndAfterSequenceNumber) {
  CreateTable("Tbl1", "KEYS_ONLY");
  for (const char* k : {"a", "b", "c"})
    Put("Tbl1", ItemOf(std::string(R"({"pk":{"S":")") + k + "\"}}"));
  const std::string arn = LatestArn("Tbl1");
  auto shard = Shards(arn)[0];
  const std::string id = Str(shard["ShardId"]);
  auto all = Drain(Iterator(arn, id, "TRIM_HORIZON"));
  ASSERT_EQ(all.size(), 3u);
  auto at = Drain(Iterator(arn, id, "AT_SEQUENCE_NUMBER", Seq(all[1])));
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(Seq(at[0]), Seq(all[1]));
  auto after = Drain(Iterator(arn, id, "AFTER_SEQUENCE_NUMBER", Seq(all[1])));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(Seq(after[0]), Seq(all[2]));
  const std::string start = Str(shard["SequenceNumberRange"].as_object()["StartingSequenceNumber"]);
  EXPECT_EQ(Drain(Iterator(arn, id, "AT_SEQUENCE_NUMBER", start)).size(), 3u);
  EXPECT_EQ(Drain(Iterator(arn, id, "AFTER_SEQUENCE_NUMBER", Seq(all[2]))).size(), 0u);
}

TEST_F(StreamsTest, GetShardIteratorErrors) {
  CreateTable("Tbl1", "KEYS_ONLY");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"));
  const std::string arn = LatestArn("Tbl1");
  const std::string id = Str(Shards(arn)[0]["ShardId"]);
  const std::string seq = Seq(ReadStream(arn)[0]);
  auto err = [&](json::object req) { return CallError("GetShardIterator", req); };
  EXPECT_EQ(
      err({{"StreamArn", arn}, {"ShardId", id}, {"ShardIteratorType", "AT_SEQUENCE_NUMBER"}}).type,
      "ValidationException");
  EXPECT_EQ(err({{"StreamArn", arn},
                 {"ShardId", id},
                 {"ShardIteratorType", "LATEST"},
                 {"SequenceNumber", seq}})
                .type,
            "ValidationException");
  auto bad_type = err({{"StreamArn", arn}, {"ShardId", id}, {"ShardIteratorType", "bulle"}});
  EXPECT_EQ(bad_type.type, "ValidationException");
  EXPECT_NE(bad_type.message.find("Member must satisfy enum value set"), std::string::npos);
  EXPECT_EQ(err({{"StreamArn", arn},
                 {"ShardId", "shardId-00000000000000000000-00000000"},
                 {"ShardIteratorType", "LATEST"}})
                .type,
            "ResourceNotFoundException");
  EXPECT_EQ(err({{"StreamArn", "sdfadsfsdfsdgdfsgsfdabadfbabdadsfsdfsdfsdfsdfsdfsdfdfdssdffbdfdf"},
                 {"ShardId", id},
                 {"ShardIteratorType", "LATEST"}})
                .type,
            "ValidationException");
  EXPECT_EQ(err({{"StreamArn", arn + "0"}, {"ShardId", id}, {"ShardIteratorType", "LATEST"}}).type,
            "ResourceNotFoundException");
  EXPECT_EQ(err({{"StreamArn", arn},
                 {"ShardId", id},
                 {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                 {"SequenceNumber", "sdfsafglldfngjdafnasdflgnaldklkafdsgklnasdlv"}})
                .type,
            "ValidationException");
  // A well-formed number outside the shard.
  EXPECT_EQ(err({{"StreamArn", arn},
                 {"ShardId", id},
                 {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                 {"SequenceNumber", "900000000000000000000"}})
                .type,
            "ValidationException");
  auto missing = err({{"StreamArn", arn}});
  EXPECT_EQ(missing.type, "ValidationException");
  EXPECT_EQ(missing.message,
            "2 validation errors detected: Value null at 'shardId' failed to satisfy constraint: "
            "Member must not be null; Value null at 'shardIteratorType' failed to satisfy "
            "constraint: Member must not be null");
}

TEST_F(StreamsTest, GetRecordsLimitsAndIteratorChecks) {
  CreateTable("Tbl1", "KEYS_ONLY");
  for (int i = 0; i < 5; ++i) Put("Tbl1", ItemOf(R"({"pk":{"S":"k)" + std::to_string(i) + "\"}}"));
  const std::string arn = LatestArn("Tbl1");
  const std::string id = Str(Shards(arn)[0]["ShardId"]);
  const std::string it = Iterator(arn, id, "TRIM_HORIZON");
  auto page = Call("GetRecords", {{"ShardIterator", it}, {"Limit", 2}});
  EXPECT_EQ(page["Records"].as_array().size(), 2u);
  EXPECT_EQ(Drain(Str(page["NextShardIterator"])).size(), 3u);
  auto zero = CallError("GetRecords", {{"ShardIterator", it}, {"Limit", 0}});
  EXPECT_EQ(zero.type, "ValidationException");
  auto big = CallError("GetRecords", {{"ShardIterator", it}, {"Limit", 1001}});
  EXPECT_EQ(big.type, "ValidationException");
  EXPECT_EQ(big.message,
            "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 1000");
  EXPECT_EQ(
      CallError("GetRecords", {{"ShardIterator", "sdfsdfsgagaddafgagasgasgasdfasdfasdf"}}).type,
      "ValidationException");
  std::string tampered = it;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(CallError("GetRecords", {{"ShardIterator", tampered}}).type, "ValidationException");

  // Fifteen minutes is the iterator's whole life.
  clock_.Advance(std::chrono::minutes(15));
  EXPECT_EQ(Call("GetRecords", {{"ShardIterator", it}})["Records"].as_array().size(), 5u);
  clock_.Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(CallError("GetRecords", {{"ShardIterator", it}}).type, "ExpiredIteratorException");
}

TEST_F(StreamsTest, IteratorsFromAnotherStoreAreRejected) {
  CreateTable("Tbl1", "KEYS_ONLY");
  const std::string arn = LatestArn("Tbl1");
  const std::string it = Iterator(arn, Str(Shards(arn)[0]["ShardId"]), "TRIM_HORIZON");
  Open();  // a fresh in-memory store: a new secret
  CreateTable("Tbl1", "KEYS_ONLY");
  EXPECT_EQ(CallError("GetRecords", {{"ShardIterator", it}}).type, "ValidationException");
}

TEST_F(StreamsTest, GetRecordsStopsAtOneMegabyte) {
  CreateTable("Tbl1", "NEW_IMAGE");
  const std::string big(300 * 1024, 'x');
  for (int i = 0; i < 5; ++i) {
    Put("Tbl1", ItemOf(R"({"pk":{"S":"k)" + std::to_string(i) + R"("},"v":{"S":")" + big + "\"}}"));
  }
  const std::string arn = LatestArn("Tbl1");
  auto page =
      Call("GetRecords",
           {{"ShardIterator", Iterator(arn, Str(Shards(arn)[0]["ShardId"]), "TRIM_HORIZON")}});
  EXPECT_EQ(page["Records"].as_array().size(), 3u);
  EXPECT_EQ(Drain(Str(page["NextShardIterator"])).size(), 2u);
}

TEST_F(StreamsTest, DisableClosesShardsKeepsRecordsReadableAndReenableMakesANewStream) {
  CreateTable("Tbl1", "NEW_IMAGE");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"));
  const std::string first = LatestArn("Tbl1");
  clock_.Advance(std::chrono::seconds(1));
  SetStream("Tbl1", "");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"b"}})"));  // no stream now: no record anywhere
  auto d = Call("DescribeStream", {{"StreamArn", first}});
  EXPECT_EQ(Str(d["StreamDescription"].as_object()["StreamStatus"]), "DISABLED");
  auto shards = Shards(first);
  ASSERT_EQ(shards.size(), 1u);
  auto& range = shards[0]["SequenceNumberRange"].as_object();
  ASSERT_TRUE(range.contains("EndingSequenceNumber"));
  bool closed = false;
  auto records = Drain(Iterator(first, Str(shards[0]["ShardId"]), "TRIM_HORIZON"), &closed);
  EXPECT_TRUE(closed);  // NextShardIterator absent once a closed shard is drained
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(Seq(records[0]), Str(range["EndingSequenceNumber"]));
  // LATEST on a closed shard: nothing more, ever.
  auto tail =
      Call("GetRecords", {{"ShardIterator", Iterator(first, Str(shards[0]["ShardId"]), "LATEST")}});
  EXPECT_TRUE(tail["Records"].as_array().empty());
  EXPECT_FALSE(tail.contains("NextShardIterator"));

  clock_.Advance(std::chrono::seconds(1));
  SetStream("Tbl1", "KEYS_ONLY");
  const std::string second = LatestArn("Tbl1");
  EXPECT_NE(first, second);
  EXPECT_EQ(Call("ListStreams", {{"TableName", "Tbl1"}})["Streams"].as_array().size(), 2u);
  Put("Tbl1", ItemOf(R"({"pk":{"S":"c"}})"));
  EXPECT_EQ(ReadStream(first).size(), 1u);
  auto now = ReadStream(second);
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(Str(now[0]["dynamodb"].as_object()["StreamViewType"]), "KEYS_ONLY");
}

TEST_F(StreamsTest, DeletingTheTableDisablesItsStream) {
  CreateTable("Tbl1", "NEW_IMAGE");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"));
  const std::string arn = LatestArn("Tbl1");
  DropTable("Tbl1");
  auto d = Call("DescribeStream", {{"StreamArn", arn}});
  EXPECT_EQ(Str(d["StreamDescription"].as_object()["StreamStatus"]), "DISABLED");
  EXPECT_EQ(ReadStream(arn).size(), 1u);
  EXPECT_EQ(Call("ListStreams", {{"TableName", "Tbl1"}})["Streams"].as_array().size(), 1u);
  EXPECT_EQ(CallError("ListStreams", {{"TableName", "Nope"}}).type, "ResourceNotFoundException");
}

TEST_F(StreamsTest, ListStreamsPaging) {
  for (const char* t : {"Tbl1", "Tbl2", "Tbl3"}) CreateTable(t, "KEYS_ONLY");
  std::vector<std::string> seen;
  json::object req{{"Limit", 1}};
  for (int page = 0; page < 10; ++page) {
    auto out = Call("ListStreams", req);
    for (auto& s : out["Streams"].as_array()) seen.push_back(Str(s.as_object()["TableName"]));
    if (!out.contains("LastEvaluatedStreamArn")) break;
    req["ExclusiveStartStreamArn"] = out["LastEvaluatedStreamArn"];
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"Tbl1", "Tbl2", "Tbl3"}));
  EXPECT_EQ(CallError("ListStreams", {{"Limit", 101}}).type, "ValidationException");
  EXPECT_EQ(CallError("ListStreams", {{"Limit", 0}}).type, "ValidationException");
  EXPECT_EQ(CallError("ListStreams", {{"ExclusiveStartStreamArn",
                                       "kossaapaaasdafsdaasdasdasdasasdasfadfadfasdasdas"}})
                .type,
            "ValidationException");
  EXPECT_EQ(CallError("ListStreams", {{"TableName", "a b c"}}).type, "ValidationException");
  EXPECT_EQ(CallError("ListStreams", {{"Limit", "x"}}).type, "SerializationException");
}

TEST_F(StreamsTest, ShardsByPartitionKeyHashAndDescribePaging) {
  StreamsOptions o;
  o.shards = 4;
  Open(o);
  CreateTable("Tbl1", "KEYS_ONLY", /*range=*/true);
  const std::string arn = LatestArn("Tbl1");
  auto shards = Shards(arn);
  ASSERT_EQ(shards.size(), 4u);
  for (int i = 0; i < 40; ++i) {
    for (int j = 0; j < 3; ++j) {
      Put("Tbl1", ItemOf(R"({"pk":{"S":"p)" + std::to_string(i) + R"("},"sk":{"N":")" +
                         std::to_string(j) + "\"}}"));
    }
  }
  std::map<std::string, std::string> shard_of_key;
  int non_empty = 0;
  for (auto& s : shards) {
    auto records = Drain(Iterator(arn, Str(s["ShardId"]), "TRIM_HORIZON"));
    non_empty += records.empty() ? 0 : 1;
    for (auto& r : records) {
      std::string pk = Str(r["dynamodb"].as_object()["Keys"].as_object()["pk"].as_object()["S"]);
      auto [it, fresh] = shard_of_key.emplace(pk, Str(s["ShardId"]));
      EXPECT_EQ(it->second, Str(s["ShardId"])) << "partition " << pk << " spans shards";
    }
  }
  EXPECT_EQ(shard_of_key.size(), 40u);
  EXPECT_GT(non_empty, 1);

  auto page = Call("DescribeStream", {{"StreamArn", arn}, {"Limit", 3}});
  auto& desc = page["StreamDescription"].as_object();
  EXPECT_EQ(desc["Shards"].as_array().size(), 3u);
  ASSERT_TRUE(desc.contains("LastEvaluatedShardId"));
  auto rest = Call("DescribeStream",
                   {{"StreamArn", arn}, {"ExclusiveStartShardId", desc["LastEvaluatedShardId"]}});
  EXPECT_EQ(rest["StreamDescription"].as_object()["Shards"].as_array().size(), 1u);
  EXPECT_FALSE(rest["StreamDescription"].as_object().contains("LastEvaluatedShardId"));
  auto unknown =
      Call("DescribeStream",
           {{"StreamArn", arn},
            {"ExclusiveStartShardId", "zzzzzzzzzzzzzzzzzzzzzzzzsfasdgagadfadfgagkjsdfsfsdjfjks"}});
  EXPECT_TRUE(unknown["StreamDescription"].as_object()["Shards"].as_array().empty());
  EXPECT_EQ(CallError("DescribeStream",
                      {{"StreamArn", "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"}})
                .type,
            "ValidationException");
  EXPECT_EQ(CallError("DescribeStream", {{"StreamArn", arn + "1"}}).type,
            "ResourceNotFoundException");
  EXPECT_EQ(CallError("DescribeStream", {{"StreamArn", arn}, {"Limit", 101}}).type,
            "ValidationException");
}

TEST_F(StreamsTest, SurvivesReopenWithTheSameIteratorsAndIncreasingNumbers) {
  TempDir dir;
  Open({}, dir.file());
  CreateTable("Tbl1", "NEW_IMAGE");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"));
  const std::string arn = LatestArn("Tbl1");
  const std::string id = Str(Shards(arn)[0]["ShardId"]);
  const std::string it = Iterator(arn, id, "TRIM_HORIZON");
  const std::string first_seq = Seq(ReadStream(arn)[0]);
  Open({}, dir.file());
  Put("Tbl1", ItemOf(R"({"pk":{"S":"b"}})"));
  auto records = Drain(it);  // issued before the restart, still valid
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(Seq(records[0]), first_seq);
  EXPECT_EQ(protocol::CompareSequenceNumbers(Seq(records[0]), Seq(records[1])),
            std::strong_ordering::less);
}

TEST_F(StreamsTest, UnknownOperation) {
  EXPECT_EQ(ops::OpRegistry::Global().Find("DynamoDBStreams_20120810.PutRecord"), nullptr);
  EXPECT_EQ(ops::OpRegistry::Global().Find("DynamoDBStreams_20120810.GetRecords"), &GetRecords);
  EXPECT_EQ(CallError("PutRecord", {}).type, "UnknownOperationException");
}

}  // namespace
}  // namespace sb::engine::streams
