#include "cli/board_view.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>

namespace sb::cli {
namespace {

BoardView Sample() {
  BoardView v;
  v.game = "g1";
  v.exists = true;
  v.updated_at = "2026-11-25T21:00:00.123Z";
  v.board.game_id = "g1";
  v.board.version = 7;
  leaderboard::Entry a;
  a.player_id = "p1";
  a.player_name = "Ann";
  a.score = *leaderboard::Score::Parse("1500");
  a.at_ms = 1'764'104'398'000;  // 2025-11-25T20:59:58Z
  leaderboard::Entry b;
  b.player_id = "player-two";
  b.score = *leaderboard::Score::Parse("12345678901234567890123456789012345678");
  v.board.entries = {a, b};
  return v;
}

TEST(FormatBoardTableTest, RanksPlayersWithAlignedColumns) {
  const std::string text = FormatBoardTable(Sample());
  EXPECT_EQ(
      text,
      "game g1 · version 7 · updated 2026-11-25T21:00:00.123Z\n"
      "RANK  PLAYER      NAME                                   SCORE  UPDATED\n"
      "   1  p1          Ann                                     1500  2025-11-25T20:59:58.000Z\n"
      "   2  player-two        12345678901234567890123456789012345678  -\n");
}

TEST(FormatBoardTableTest, EscapesControlCharactersInIdsAndNames) {
  BoardView v = Sample();
  v.game = "g\x1b]0;owned\x07";
  v.board.entries[0].player_id = "p\x7f";
  v.board.entries[0].player_name = "Ann\n\x1b[2J";
  const std::string text = FormatBoardTable(v);
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u == '\n' || (u >= 0x20 && u != 0x7f)) << "raw control byte " << int(u);
  }
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);  // header, columns, two rows
  EXPECT_NE(text.find("game g\\x1b]0;owned\\x07 "), std::string::npos);
  EXPECT_NE(text.find("p\\x7f"), std::string::npos);
  EXPECT_NE(text.find("Ann\\n\\x1b[2J"), std::string::npos);
  v.exists = false;
  EXPECT_EQ(FormatBoardTable(v), "no board for game g\\x1b]0;owned\\x07 yet\n");
}

TEST(FormatBoardTableTest, MissingAndEmptyBoards) {
  BoardView missing;
  missing.game = "g9";
  EXPECT_EQ(FormatBoardTable(missing), "no board for game g9 yet\n");
  BoardView empty = Sample();
  empty.board.entries.clear();
  EXPECT_NE(FormatBoardTable(empty).find("(empty board)"), std::string::npos);
}

TEST(FormatBoardJsonTest, IsValidJsonWithExactScores) {
  const std::string json = FormatBoardJson(Sample());
  boost::json::value v = boost::json::parse(json);
  EXPECT_EQ(v.at("game").as_string(), "g1");
  EXPECT_EQ(v.at("version").as_int64(), 7);
  EXPECT_TRUE(v.at("exists").as_bool());
  ASSERT_EQ(v.at("entries").as_array().size(), 2u);
  EXPECT_EQ(v.at("entries").at(0).at("player").as_string(), "p1");
  EXPECT_EQ(v.at("entries").at(0).at("score").as_int64(), 1500);
  // The 38-digit score is written with all its digits.
  EXPECT_NE(json.find("\"score\":12345678901234567890123456789012345678"), std::string::npos);
}

TEST(FormatBoardJsonTest, MissingBoardAndEscaping) {
  BoardView missing;
  missing.game = "a\"b";
  boost::json::value v = boost::json::parse(FormatBoardJson(missing));
  EXPECT_EQ(v.at("game").as_string(), "a\"b");
  EXPECT_FALSE(v.at("exists").as_bool());
  EXPECT_TRUE(v.at("entries").as_array().empty());
}

}  // namespace
}  // namespace sb::cli
