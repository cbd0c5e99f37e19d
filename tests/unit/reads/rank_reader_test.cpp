#include "reads/rank_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "leaderboard/board_key.h"
#include "memory_rank_index.h"
#include "reads/caller_runs_executor.h"
#include "reads/page_token.h"

namespace sb::reads {
namespace {

using leaderboard::Entry;
using leaderboard::Score;
using leaderboard::Window;
using leaderboard::WindowKind;

// A game's players, set on the index as the function would (board key by player), and the
// oracle: every live entry sorted by RanksBefore.
struct World {
  World(size_t shards, size_t depth) : shards(shards), depth(depth), index(depth) {}

  void Set(const std::string& game, const Window& w, const std::string& player,
           const std::optional<Entry>& e) {
    const std::string windowed = leaderboard::WindowedGame(game, w);
    index.Set(leaderboard::BoardKey(windowed, player, shards), player, e);
    auto& live = truth[windowed];
    if (e.has_value()) {
      live[player] = *e;
    } else {
      live.erase(player);
    }
  }

  std::vector<Entry> Oracle(const std::string& game, const Window& w) {
    std::vector<Entry> out;
    for (const auto& [p, e] : truth[leaderboard::WindowedGame(game, w)]) out.push_back(e);
    std::sort(out.begin(), out.end(), leaderboard::RanksBefore);
    return out;
  }

  size_t shards, depth;
  MemoryRankIndex index;
  std::map<std::string, std::map<std::string, Entry>> truth;
};

Entry MakeEntry(const std::string& player, int64_t score, int64_t at) {
  Entry e;
  e.player_id = player;
  e.score = Score::FromInt(score);
  e.player_name = "n-" + player;
  e.at_ms = at;
  return e;
}

// Random players with many ties (few scores, few times, common id prefixes), moved, removed and
// re-added; then every player's rank, neighbours and every top page against the oracle.
void CheckAgainstOracle(size_t shards, size_t depth, uint64_t seed, function::Executor& executor) {
  SCOPED_TRACE("shards=" + std::to_string(shards) + " depth=" + std::to_string(depth) +
               " seed=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  World world(shards, depth);
  const Window all;
  const Window day = leaderboard::WindowOf(WindowKind::kDaily, 1'800'000'000'000);
  const std::string game = "g";
  std::vector<std::string> players;
  for (int i = 0; i < 120; ++i) {
    players.push_back((i % 3 == 0 ? "player-000" : "p") + std::to_string(i));
  }
  for (int step = 0; step < 600; ++step) {
    const std::string& p = players[rng() % players.size()];
    const Window& w = rng() % 4 == 0 ? day : all;
    if (rng() % 8 == 0) {
      world.Set(game, w, p, std::nullopt);
    } else {
      const int64_t score = static_cast<int64_t>(rng() % 6) * 10 - 20;  // negative, zero, ties
      const int64_t at = 1'800'000'000'000 + static_cast<int64_t>(rng() % 3);
      world.Set(game, w, p, MakeEntry(p, score, at));
    }
  }
  world.Set("other", all, "p1", MakeEntry("p1", 1000, 1));  // another game is not counted

  RankReader reader(world.index, executor, shards, depth);
  for (const Window* w : {&all, &day}) {
    const std::vector<Entry> oracle = world.Oracle(game, *w);
    ASSERT_FALSE(oracle.empty());
    for (const std::string& p : players) {
      const size_t around = 1 + rng() % 4;
      auto got = reader.Rank(game, *w, p, around);
      ASSERT_TRUE(got.ok()) << got.error().message;
      auto it = std::find_if(oracle.begin(), oracle.end(),
                             [&](const Entry& e) { return e.player_id == p; });
      if (it == oracle.end()) {
        EXPECT_FALSE(got->has_value()) << p;
        continue;
      }
      ASSERT_TRUE(got->has_value()) << p;
      const PlayerRank& r = **got;
      const int64_t rank = 1 + (it - oracle.begin());
      EXPECT_EQ(r.player.rank, rank) << p;
      EXPECT_EQ(r.player.entry, *it);
      EXPECT_EQ(r.total, static_cast<int64_t>(oracle.size()));
      std::vector<RankedPlayer> above, below;
      for (int64_t d = 1; d <= static_cast<int64_t>(around); ++d) {
        if (rank - d >= 1) above.push_back({rank - d, oracle[static_cast<size_t>(rank - d - 1)]});
        if (rank + d <= static_cast<int64_t>(oracle.size())) {
          below.push_back({rank + d, oracle[static_cast<size_t>(rank + d - 1)]});
        }
      }
      EXPECT_EQ(r.above, above) << p;
      EXPECT_EQ(r.below, below) << p;
    }
    for (size_t limit : {1, 7, 1000}) {
      std::vector<RankedPlayer> pages;
      std::string token;
      for (int page = 0;; ++page) {
        ASSERT_LT(page, 1000);
        auto got = reader.Top(game, *w, limit, token);
        ASSERT_TRUE(got.ok()) << got.error().message;
        EXPECT_EQ(got->total, static_cast<int64_t>(oracle.size()));
        EXPECT_LE(got->entries.size(), limit);
        pages.insert(pages.end(), got->entries.begin(), got->entries.end());
        if (!got->next_token.has_value()) break;
        token = *got->next_token;
      }
      ASSERT_EQ(pages.size(), oracle.size()) << "limit " << limit;
      for (size_t i = 0; i < oracle.size(); ++i) {
        EXPECT_EQ(pages[i].rank, static_cast<int64_t>(i + 1));
        EXPECT_EQ(pages[i].entry, oracle[i]);
      }
    }
  }
}

TEST(RankReaderTest, ExactAgainstTheOracleAcrossShardsAndDepths) {
  function::InlineExecutor inline_executor;
  for (size_t shards : {1, 3, 4}) {
    for (size_t depth : {0, 1, 2, 3, 16}) {
      CheckAgainstOracle(shards, depth, 7 * shards + depth, inline_executor);
    }
  }
}

TEST(RankReaderTest, ExactWithConcurrentReadsOnAThreadPool) {
  function::ThreadPoolExecutor pool(8);
  CheckAgainstOracle(4, 16, 99, pool);
  CheckAgainstOracle(64, 2, 5, pool);  // 128 nodes: two BatchGetItem calls
  CallerRunsExecutor caller_runs(4);
  CheckAgainstOracle(3, 16, 123, caller_runs);
}

TEST(RankReaderTest, RankCostsOneGetItemOneBatchAndALeafCountPerShard) {
  World world(3, 16);
  for (int i = 0; i < 200; ++i) {
    world.Set("g", Window{}, "p" + std::to_string(i), MakeEntry("p" + std::to_string(i), i, 0));
  }
  function::InlineExecutor executor;
  RankReader reader(world.index, executor, 3, 16);
  const int64_t before = world.index.calls();
  auto got = reader.Rank("g", Window{}, "p10", 0);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->player.rank, 190);
  EXPECT_EQ(world.index.calls() - before, 1 + 1 + 3);  // 48 nodes fit one batch
  EXPECT_LE(world.index.counted(), 3);  // distinct scores: each leaf holds at most the player
}

TEST(RankReaderTest, NotRankedAndRemovedPlayers) {
  World world(2, 16);
  world.Set("g", Window{}, "a", MakeEntry("a", 5, 0));
  world.Set("g", Window{}, "b", MakeEntry("b", 6, 0));
  world.Set("g", Window{}, "b", std::nullopt);
  function::InlineExecutor executor;
  RankReader reader(world.index, executor, 2, 16);
  for (const char* p : {"b", "nobody"}) {
    auto got = reader.Rank("g", Window{}, p, 3);
    ASSERT_TRUE(got.ok());
    EXPECT_FALSE(got->has_value()) << p;
  }
  auto a = reader.Rank("g", Window{}, "a", 3);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->player.rank, 1);
  EXPECT_EQ((*a)->total, 1);
  EXPECT_TRUE((*a)->above.empty());
  EXPECT_TRUE((*a)->below.empty());
  auto empty = reader.Top("nogame", Window{}, 10, "");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->entries.empty());
  EXPECT_EQ(empty->total, 0);
  EXPECT_FALSE(empty->next_token.has_value());
}

TEST(RankReaderTest, RefusesBadLimitsAroundAndTokens) {
  World world(1, 16);
  function::InlineExecutor executor;
  RankReader reader(world.index, executor, 1, 16);
  for (size_t limit : {0, 1001}) {
    auto got = reader.Top("g", Window{}, limit, "");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().type, "ValidationException");
  }
  auto around = reader.Rank("g", Window{}, "p", 51);
  ASSERT_FALSE(around.ok());
  EXPECT_EQ(around.error().type, "ValidationException");
  for (const char* token : {"!!", "AAAA", "x"}) {
    auto got = reader.Top("g", Window{}, 5, token);
    ASSERT_FALSE(got.ok()) << token;
    EXPECT_EQ(got.error().type, "ValidationException");
    EXPECT_NE(got.error().message.find("page token"), std::string::npos);
  }
}

TEST(PageTokenTest, RoundTripsAndRefusesGarbage) {
  for (const PageToken& t : {PageToken{0, std::string("\0\xff", 2)}, PageToken{12345, "abc"},
                             PageToken{INT64_MAX, std::string(300, '\xfe')}}) {
    const std::string text = EncodePageToken(t);
    EXPECT_EQ(text.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    auto back = DecodePageToken(text);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, t);
  }
  for (std::string bad : {std::string(""), std::string("AAAA"), std::string("A"),
                          std::string("AAAAAAAAAAAA+"), std::string(5000, 'A'),
                          EncodePageToken({0, "k"}).substr(1),
                          std::string("_____________w")}) {  // offset >= 2^63
    auto got = DecodePageToken(bad);
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.error().code, "InvalidPageToken");
  }
}

}  // namespace
}  // namespace sb::reads
