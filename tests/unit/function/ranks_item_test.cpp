#include "function/ranks_item.h"

#include <gtest/gtest.h>

#include "leaderboard/rank_key.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::function {
namespace {

using leaderboard::Entry;
using leaderboard::RankRecord;
using leaderboard::Score;

TEST(RanksItemTest, LiveItemShape) {
  RankRecord r{
      true, Entry{"p1", *Score::Parse("12.50"), "Pat", 1'700'000'000'123, "100000000000000000002"}};
  protocol::Item item = EncodeRankItem("g#3", r, 0);
  EXPECT_EQ(item.at("Board").s(), "g#3");
  EXPECT_EQ(item.at("PlayerId").s(), "p1");
  EXPECT_EQ(item.at("Seq").s(), std::string(19, '0') + "100000000000000000002");
  EXPECT_EQ(item.at("Score").n().ToString(), "12.5");
  EXPECT_EQ(item.at("PlayerName").s(), "Pat");
  EXPECT_EQ(item.at("At").n().ToString(), "1700000000123");
  EXPECT_EQ(item.at("RankKey").b(), leaderboard::RankKey(r.entry));
  EXPECT_FALSE(item.count("ExpiresAt"));
  Result<RankRecord> back = DecodeRankItem(item);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back->live);
  EXPECT_EQ(back->entry.score, r.entry.score);
  EXPECT_EQ(back->entry.at_ms, r.entry.at_ms);
  EXPECT_EQ(back->entry.player_name, "Pat");
  EXPECT_EQ(back->entry.seq, item.at("Seq").s());  // as stored, for the condition
}

TEST(RanksItemTest, EmptyNameIsAbsent) {
  RankRecord r{true, Entry{"p1", Score::FromInt(1), "", 5, "100000000000000000002"}};
  EXPECT_FALSE(EncodeRankItem("g", r, 0).count("PlayerName"));
}

TEST(RanksItemTest, TombstoneShape) {
  RankRecord r{false, Entry{"p1", Score{}, "", 0, "100000000000000000009"}};
  protocol::Item item = EncodeRankItem("g", r, 1'800'000'000);
  EXPECT_EQ(item.size(), 4u);  // Board, PlayerId, Seq, ExpiresAt
  EXPECT_EQ(item.at("ExpiresAt").n().ToString(), "1800000000");
  Result<RankRecord> back = DecodeRankItem(item);
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->live);
}

TEST(RanksItemTest, MalformedLiveItems) {
  auto item = protocol::ParseItemJson(
      R"({"Board":{"S":"g"},"PlayerId":{"S":"p"},"RankKey":{"B":"AA=="},"Score":{"S":"1"}})");
  ASSERT_TRUE(item.ok());
  EXPECT_FALSE(DecodeRankItem(*item).ok());
}

}  // namespace
}  // namespace sb::function
