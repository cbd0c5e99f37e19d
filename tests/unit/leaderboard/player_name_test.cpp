#include "leaderboard/player_name.h"

#include <gtest/gtest.h>

namespace sb::leaderboard {
namespace {

TEST(PlayerNameTest, ShortNamesAreKept) {
  EXPECT_EQ(CapPlayerName(""), "");
  EXPECT_EQ(CapPlayerName("Pat"), "Pat");
  EXPECT_EQ(CapPlayerName(std::string(128, 'a')), std::string(128, 'a'));
}

TEST(PlayerNameTest, LongNamesAreCutAt128Bytes) {
  EXPECT_EQ(CapPlayerName(std::string(90 * 1024, 'a')), std::string(128, 'a'));
}

TEST(PlayerNameTest, CutsOnUtf8Boundaries) {
  // 127 ASCII bytes then a 2-byte letter: the letter would straddle byte 128, so it goes.
  std::string name = std::string(127, 'a') + "\xc3\xa9" + "tail";
  EXPECT_EQ(CapPlayerName(name), std::string(127, 'a'));
  // 4-byte emoji repeated: 128 = 32 * 4 fits exactly.
  std::string emoji;
  for (int i = 0; i < 40; ++i) emoji += "\xf0\x9f\x98\x80";
  EXPECT_EQ(CapPlayerName(emoji).size(), 128u);
  // Shifted by one byte: 31 emoji (124 bytes) + 'x' = 125 bytes.
  EXPECT_EQ(CapPlayerName("x" + emoji).size(), 125u);
  for (size_t shift = 0; shift < 4; ++shift) {
    std::string capped = CapPlayerName(std::string(shift, 'x') + emoji);
    EXPECT_LE(capped.size(), 128u);
    EXPECT_EQ((capped.size() - shift) % 4, 0u) << shift;
  }
}

}  // namespace
}  // namespace sb::leaderboard
