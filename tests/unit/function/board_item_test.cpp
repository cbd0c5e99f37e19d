#include "function/board_item.h"

#include <gtest/gtest.h>

#include "protocol/dynamodb/json_codec.h"

namespace sb::function {
namespace {

using leaderboard::Board;
using leaderboard::Entry;
using leaderboard::Score;

Board Sample() {
  Board b;
  b.game_id = "g1";
  b.version = 4;
  b.size = 5;
  b.entries = {Entry{"p2", *Score::Parse("1500.5"), "Bea", 1'700'000'000'000, ""},
               Entry{"p1", Score::FromInt(900), "", 1'700'000'001'000, ""}};
  return b;
}

TEST(FunctionBoardItemTest, ExactShape) {
  protocol::Item item = EncodeBoardItem(Sample(), 1'700'000'002'345);
  EXPECT_EQ(protocol::ItemToJson(item), protocol::ItemToJson(*protocol::ParseItemJson(R"({
      "GameId":{"S":"g1"},
      "Entries":{"L":[
        {"M":{"Rank":{"N":"1"},"PlayerId":{"S":"p2"},"Score":{"N":"1500.5"},"PlayerName":{"S":"Bea"},
              "At":{"S":"2023-11-14T22:13:20.000Z"}}},
        {"M":{"Rank":{"N":"2"},"PlayerId":{"S":"p1"},"Score":{"N":"900"},"PlayerName":{"S":""},
              "At":{"S":"2023-11-14T22:13:21.000Z"}}}]},
      "Size":{"N":"5"},
      "Version":{"N":"4"},
      "UpdatedAt":{"S":"2023-11-14T22:13:22.345Z"}})")));
}

TEST(FunctionBoardItemTest, RoundTrip) {
  Result<Board> b = DecodeBoardItem(EncodeBoardItem(Sample(), 0));
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(*b, Sample());
}

TEST(FunctionBoardItemTest, EntriesAreReRankedOnRead) {
  Board s = Sample();
  std::swap(s.entries[0], s.entries[1]);
  Result<Board> b = DecodeBoardItem(EncodeBoardItem(s, 0));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->entries[0].player_id, "p2");
}

TEST(FunctionBoardItemTest, MalformedItems) {
  const char* bad[] = {
      R"({"GameId":{"S":"g"}})",
      R"({"GameId":{"S":"g"},"Version":{"S":"1"}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1.5"}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1"},"Size":{"N":"0"}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1"},"Size":{"S":"5"}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1"},"Entries":{"M":{}}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1"},"Entries":{"L":[{"S":"x"}]}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1"},"Entries":{"L":[{"M":{"Score":{"N":"1"}}}]}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1"},"Entries":{"L":[{"M":{"PlayerId":{"S":"p"},"Score":{"S":"1"}}}]}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1"},"Entries":{"L":[{"M":{"PlayerId":{"S":"p"},"Score":{"N":"1"},"At":{"S":"yesterday"}}}]}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1"},"Entries":{"L":[{"M":{"PlayerId":{"S":"p"},"Score":{"N":"1"},"Seq":{"S":"12"}}}]}})",
      R"({"GameId":{"S":"g"},"Version":{"N":"1"},"Entries":{"L":[{"M":{"PlayerId":{"S":"p"},"Score":{"N":"1"}}},{"M":{"PlayerId":{"S":"p"},"Score":{"N":"2"}}}]}})",
  };
  for (const char* text : bad) {
    protocol::ApiResult<protocol::Item> item = protocol::ParseItemJson(text);
    ASSERT_TRUE(item.ok()) << text;
    Result<Board> b = DecodeBoardItem(*item);
    EXPECT_FALSE(b.ok()) << text;
    if (!b.ok()) {
      EXPECT_EQ(b.error().code, "InvalidBoardItem");
    }
  }
}

}  // namespace
}  // namespace sb::function
