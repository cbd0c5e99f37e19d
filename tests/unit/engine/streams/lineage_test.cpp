// Shard lineage and retention: rollover by record count and by age, sequence numbers across
// a lineage, trimming after the retention period.
#include "engine/streams/record_store.h"
#include "engine/streams/retention.h"

#include <gtest/gtest.h>

#include <set>

#include "protocol/streams/sequence_number.h"
#include "protocol/streams/stream_record.h"
#include "streams_test_util.h"

namespace sb::engine::streams {
namespace {

using testing::ItemOf;
using testing::StreamsFixture;
namespace json = boost::json;

std::string Str(const json::value& v) { return std::string(v.as_string()); }
std::string Seq(const json::object& record) {
  return Str(record.at("dynamodb").as_object().at("SequenceNumber"));
}

class LineageTest : public StreamsFixture {};

TEST_F(LineageTest, RolloverByRecordCountBuildsALineage) {
  StreamsOptions o;
  o.rollover_records = 3;
  Open(o);
  CreateTable("Tbl1", "NEW_IMAGE");
  for (int i = 0; i < 10; ++i)
    Put("Tbl1", ItemOf(R"({"pk":{"S":"a"},"v":{"N":")" + std::to_string(i) + "\"}}"));
  const std::string arn = LatestArn("Tbl1");
  auto shards = Shards(arn);
  ASSERT_EQ(shards.size(), 4u);  // 3 + 3 + 3 + 1
  for (size_t i = 0; i < shards.size(); ++i) {
    auto& range = shards[i]["SequenceNumberRange"].as_object();
    if (i == 0) {
      EXPECT_FALSE(shards[i].contains("ParentShardId"));
    } else {
      EXPECT_EQ(Str(shards[i]["ParentShardId"]), Str(shards[i - 1]["ShardId"]));
      // A child's numbers are greater than its parent's.
      auto& parent = shards[i - 1]["SequenceNumberRange"].as_object();
      EXPECT_EQ(protocol::CompareSequenceNumbers(Str(parent["EndingSequenceNumber"]),
                                                 Str(range["StartingSequenceNumber"])),
                std::strong_ordering::less);
    }
    EXPECT_EQ(range.contains("EndingSequenceNumber"), i + 1 < shards.size());
  }
  auto records = ReadStream(arn);
  ASSERT_EQ(records.size(), 10u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Str(records[i]["dynamodb"].as_object()["NewImage"].as_object()["v"].as_object()["N"]),
              std::to_string(i));
  }
  auto children =
      Call("DescribeStream",
           {{"StreamArn", arn},
            {"ShardFilter", {{"Type", "CHILD_SHARDS"}, {"ShardId", shards[1]["ShardId"]}}}});
  auto& kids = children["StreamDescription"].as_object()["Shards"].as_array();
  ASSERT_EQ(kids.size(), 1u);
  EXPECT_EQ(Str(kids[0].as_object()["ShardId"]), Str(shards[2]["ShardId"]));
}

// One item's records keep strictly increasing sequence numbers across shard rollovers
// (parent -> child -> grandchild), in the order a consumer reads the lineage: what lets a
// consumer order one item's changes by sequence number alone.
TEST_F(LineageTest, OneItemsSequenceNumbersIncreaseAcrossRollovers) {
  StreamsOptions o;
  o.rollover_records = 2;
  o.shards = 2;
  Open(o);
  CreateTable("Tbl1", "NEW_IMAGE");
  for (int i = 0; i < 7; ++i) {
    Put("Tbl1", ItemOf(R"({"pk":{"S":"hero"},"v":{"N":")" + std::to_string(i) + "\"}}"));
    Put("Tbl1", ItemOf(R"({"pk":{"S":"other)" + std::to_string(i) + R"("}})"));
  }
  const std::string arn = LatestArn("Tbl1");
  // Which shard each of the hero's records is in, shard by shard in lineage order.
  std::vector<std::string> seqs;
  std::vector<std::string> values;
  std::vector<std::string> lineage;  // the shards holding the hero's records, in read order
  auto shards = Shards(arn);
  for (auto& s : shards) {
    auto records = Drain(Iterator(arn, Str(s["ShardId"]), "TRIM_HORIZON"));
    for (auto& r : records) {
      auto& d = r["dynamodb"].as_object();
      if (Str(d["Keys"].as_object()["pk"].as_object()["S"]) != "hero") continue;
      seqs.push_back(Str(d["SequenceNumber"]));
      values.push_back(Str(d["NewImage"].as_object()["v"].as_object()["N"]));
      if (lineage.empty() || lineage.back() != Str(s["ShardId"])) {
        if (!lineage.empty()) {
          // The next shard of the hero's records is a child of the previous one.
          EXPECT_EQ(Str(s["ParentShardId"]), lineage.back());
        }
        lineage.push_back(Str(s["ShardId"]));
      }
    }
  }
  ASSERT_EQ(values, (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6"}));
  EXPECT_GE(lineage.size(), 3u) << "the hero's records should span a parent and its children";
  for (size_t i = 1; i < seqs.size(); ++i) {
    EXPECT_EQ(protocol::CompareSequenceNumbers(seqs[i - 1], seqs[i]), std::strong_ordering::less)
        << seqs[i - 1] << " then " << seqs[i];
  }
}

TEST_F(LineageTest, RolloverByAgeHappensOnWritesAndOnTheSweep) {
  StreamsOptions o;
  o.rollover_millis = 60'000;
  Open(o);
  CreateTable("Tbl1", "KEYS_ONLY");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"}})"));
  clock_.Advance(std::chrono::seconds(61));
  Put("Tbl1", ItemOf(R"({"pk":{"S":"b"}})"));  // closes the first shard, lands in its child
  const std::string arn = LatestArn("Tbl1");
  EXPECT_EQ(Shards(arn).size(), 2u);
  clock_.Advance(std::chrono::seconds(61));
  ASSERT_TRUE(streams_->Sweep().ok());  // idle shards roll over too
  auto shards = Shards(arn);
  ASSERT_EQ(shards.size(), 3u);
  EXPECT_EQ(Str(shards[2]["ParentShardId"]), Str(shards[1]["ShardId"]));
  EXPECT_EQ(ReadStream(arn).size(), 2u);
}

TEST_F(LineageTest, RetentionTrimsAfter24Hours) {
  CreateTable("Tbl1", "NEW_IMAGE");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"old"}})"));
  const std::string arn = LatestArn("Tbl1");
  const std::string id = Str(Shards(arn)[0]["ShardId"]);
  const std::string old_seq = Seq(ReadStream(arn)[0]);
  clock_.Advance(std::chrono::hours(12));
  Put("Tbl1", ItemOf(R"({"pk":{"S":"young"}})"));
  clock_.Advance(std::chrono::hours(12) - std::chrono::minutes(1));
  const std::string horizon = Iterator(arn, id, "TRIM_HORIZON");  // issued before the trim
  clock_.Advance(std::chrono::minutes(2));
  ASSERT_TRUE(streams_->Sweep().ok());
  EXPECT_EQ(CallError("GetRecords", {{"ShardIterator", horizon}}).type,
            "TrimmedDataAccessException");
  EXPECT_EQ(CallError("GetShardIterator", {{"StreamArn", arn},
                                           {"ShardId", id},
                                           {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                           {"SequenceNumber", old_seq}})
                .type,
            "TrimmedDataAccessException");
  auto left = ReadStream(arn);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(json::serialize(left[0]["dynamodb"].as_object()["Keys"]), R"({"pk":{"S":"young"}})");

  // A disabled stream disappears once its records have aged out.
  SetStream("Tbl1", "");
  clock_.Advance(std::chrono::hours(25));
  ASSERT_TRUE(streams_->Sweep().ok());
  EXPECT_TRUE(Call("ListStreams", {})["Streams"].as_array().empty());
  EXPECT_EQ(CallError("DescribeStream", {{"StreamArn", arn}}).type, "ResourceNotFoundException");
}

}  // namespace
}  // namespace sb::engine::streams
