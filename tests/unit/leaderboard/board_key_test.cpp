#include "leaderboard/board_key.h"

#include <gtest/gtest.h>

#include <set>

namespace sb::leaderboard {
namespace {

TEST(BoardKeyTest, Fnv1a64KnownValues) {
  EXPECT_EQ(Fnv1a64(""), 14695981039346656037ull);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(BoardKeyTest, OneShardIsTheGame) {
  EXPECT_EQ(BoardKey("g1", "anyone", 1), "g1");
  EXPECT_EQ(BoardKeys("g1", 1), std::vector<std::string>{"g1"});
}

TEST(BoardKeyTest, ShardsSpreadPlayersOverKKeys) {
  auto keys = BoardKeys("g", 4);
  EXPECT_EQ(keys, (std::vector<std::string>{"g#0", "g#1", "g#2", "g#3"}));
  std::set<std::string> used;
  for (int i = 0; i < 100; ++i) {
    std::string k = BoardKey("g", "player" + std::to_string(i), 4);
    EXPECT_EQ(k, "g#" + std::to_string(Fnv1a64("player" + std::to_string(i)) % 4));
    used.insert(k);
  }
  EXPECT_EQ(used, std::set<std::string>(keys.begin(), keys.end()));
}

}  // namespace
}  // namespace sb::leaderboard
