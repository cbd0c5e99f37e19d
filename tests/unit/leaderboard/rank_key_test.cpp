#include "leaderboard/rank_key.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace sb::leaderboard {
using namespace std::string_literals;
namespace {

Score S(std::string_view text) {
  auto r = Score::Parse(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? r.value() : Score{};
}

int Sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

// Unsigned bytewise, as DynamoDB orders B.
int CompareBytes(const std::string& a, const std::string& b) {
  return Sign(std::string_view(a).compare(b));
}

std::vector<std::string> ExtremeNumbers() {
  const std::string nines38(38, '9');
  return {"0",
          "1E-130",
          "-1E-130",
          "9." + std::string(37, '9') + "E+125",
          "-9." + std::string(37, '9') + "E+125",
          nines38,
          "-" + nines38,
          "1" + std::string(36, '0') + "1",
          "1",
          "1." + std::string(36, '0') + "1",
          "1." + std::string(35, '0') + "1",
          "-1",
          "-1." + std::string(36, '0') + "1",
          "10",
          "9",
          "0.1",
          "0.09",
          "0.99",
          "100",
          "99.9",
          "1E+125",
          "1.1E-129",
          "1E-129",
          "-0.5",
          "-5"};
}

Score RandomScore(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 9);
  int k = kind(rng);
  if (k == 0) return Score{};
  if (k == 1) {
    auto ex = ExtremeNumbers();
    return S(ex[rng() % ex.size()]);
  }
  // Small integers give many exact ties; otherwise random digits and exponents.
  if (k < 5) return Score::FromInt(static_cast<int64_t>(rng() % 21) - 10);
  int digits = 1 + static_cast<int>(rng() % 38);
  std::string text = (rng() % 2) ? "-" : "";
  text.push_back(static_cast<char>('1' + rng() % 9));
  text.push_back('.');
  for (int i = 1; i < digits; ++i) text.push_back(static_cast<char>('0' + rng() % 10));
  int exponent = static_cast<int>(rng() % 256) - 130;  // -130..125
  text += "E" + std::to_string(exponent);
  return S(text);
}

std::string RandomPlayer(std::mt19937_64& rng) {
  static const std::vector<std::string> kCommon = {"a",    "b",    "a\x00"s, "ab",
                                                   "\xff", "\x7f", "\x80"};
  if (rng() % 3 == 0) return kCommon[rng() % kCommon.size()];
  size_t n = (rng() % 10 == 0) ? 900 + rng() % 61 : 1 + rng() % 6;
  std::string p;
  for (size_t i = 0; i < n; ++i)
    p.push_back(static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 'a' + rng() % 3));
  return p;
}

int64_t RandomAt(std::mt19937_64& rng) {
  static const std::vector<int64_t> kCommon = {0,
                                               1,
                                               -1,
                                               1'700'000'000'000,
                                               1'700'000'000'001,
                                               std::numeric_limits<int64_t>::min(),
                                               std::numeric_limits<int64_t>::max()};
  return kCommon[rng() % kCommon.size()];
}

TEST(ScoreKeyTest, ByteOrderIsNumericOrderOverExtremes) {
  auto ex = ExtremeNumbers();
  for (const std::string& a : ex) {
    for (const std::string& b : ex) {
      Score x = S(a), y = S(b);
      int expected = Sign((x <=> y) < 0 ? -1 : ((x <=> y) > 0 ? 1 : 0));
      EXPECT_EQ(CompareBytes(ScoreKey(x), ScoreKey(y)), expected) << a << " vs " << b;
    }
  }
}

TEST(ScoreKeyTest, EqualValuesEncodeEqually) {
  EXPECT_EQ(ScoreKey(S("1")), ScoreKey(S("1.000")));
  EXPECT_EQ(ScoreKey(S("10E-1")), ScoreKey(S("1")));
  EXPECT_EQ(ScoreKey(S("-0")), ScoreKey(Score{}));
}

TEST(ScoreKeyTest, IsPrefixFree) {
  auto ex = ExtremeNumbers();
  for (const std::string& a : ex) {
    for (const std::string& b : ex) {
      if (S(a) == S(b)) continue;
      std::string ka = ScoreKey(S(a)), kb = ScoreKey(S(b));
      EXPECT_FALSE(kb.size() >= ka.size() && kb.compare(0, ka.size(), ka) == 0) << a << " " << b;
    }
  }
}

TEST(RankKeyTest, ByteOrderIsRankOrderOverRandomEntries) {
  std::mt19937_64 rng(20261206);
  for (int i = 0; i < 200'000; ++i) {
    Entry a{RandomPlayer(rng), RandomScore(rng), "", RandomAt(rng), ""};
    Entry b{RandomPlayer(rng), RandomScore(rng), "", RandomAt(rng), ""};
    if (rng() % 4 == 0) b.score = a.score;     // ties on score
    if (rng() % 4 == 0) b.at_ms = a.at_ms;     // ... and on time
    if (a.player_id == b.player_id) continue;  // the order is total on distinct players
    int bytes = CompareBytes(RankKey(a), RankKey(b));
    int rank = RanksBefore(a, b) ? -1 : (RanksBefore(b, a) ? 1 : 0);
    ASSERT_EQ(bytes, rank) << a.score.ToString() << "@" << a.at_ms << " " << a.player_id.size()
                           << " vs " << b.score.ToString() << "@" << b.at_ms << " "
                           << b.player_id.size();
  }
}

TEST(RankKeyTest, SortingByKeyEqualsSortingByRank) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<Entry> entries;
    for (int i = 0; i < 50; ++i) {
      entries.push_back(Entry{"p" + std::to_string(i) + RandomPlayer(rng), RandomScore(rng), "",
                              RandomAt(rng), ""});
    }
    std::vector<Entry> by_rank = entries, by_key = entries;
    std::sort(by_rank.begin(), by_rank.end(), RanksBefore);
    std::sort(by_key.begin(), by_key.end(),
              [](const Entry& a, const Entry& b) { return RankKey(a) < RankKey(b); });
    ASSERT_EQ(by_rank, by_key);
  }
}

TEST(RankKeyTest, LengthIsBoundedByOverheadPlusId) {
  Score longest = S("-9." + std::string(37, '9') + "E+125");
  std::string id(960, 'x');
  EXPECT_EQ(RankKey(longest, 0, id).size(), kRankKeyOverhead + id.size());
  EXPECT_LE(RankKey(longest, 0, id).size(), 1024u);  // DynamoDB's limit on a sort key
}

}  // namespace
}  // namespace sb::leaderboard
