// The oracle property test of the Ranks model: random histories (ties, equal scores at the cut,
// name changes, removals, stale replays, N changes, rank shards, injected failures followed by
// Lambda's re-delivery from the reported record) run through the real handler over the
// in-memory store; after the stream drains, every board equals the oracle, the top N of the
// final table under RanksBefore.
//
// The oracle applies every record in stream order: a score's At is the time the player reached
// it, kept while the score stays the same, even when the player leaves the score and returns to
// it inside one batch (then the return's time counts).
//
// Windows (WINDOWS=all,daily,weekly): the records span several UTC days. The oracle of a window
// applies, in stream order, only the records whose time falls in it (a score counts in the
// windows of its time; a removal removes from the windows of its time), so a window's entry is
// the player's latest score in that window. After the drain every window's live Ranks entries
// equal that oracle's table. With counts kept (RANK_COUNT_DEPTH 2 or 16) the count invariant
// holds over every board key, and every player's rank computed from the counts (all shards)
// equals the oracle rank, in all-time and in every window.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>

#include "function/handler.h"
#include "handler_support.h"
#include "leaderboard/board_key.h"
#include "leaderboard/rank_key.h"
#include "leaderboard/window.h"
#include "memory_ranks_store.h"

namespace sb::function {
namespace {

using protocol::StreamRecord;
using testing::BatchFailures;
using testing::MemoryRanksStore;
using testing::Put;
using testing::Remove;
using testing::Suffix;
using testing::TableModel;

struct Trial {
  std::vector<std::vector<std::vector<StreamRecord>>> shards;  // shard -> batches -> records
  std::map<std::string, TableModel> model;                     // game -> final table
  // WindowedGame(game, window) -> that window's final table (daily and weekly windows).
  std::map<std::string, TableModel> windows;
};

constexpr const char* kWindows = "all,daily,weekly";

Trial Generate(std::mt19937_64& rng) {
  const int kShards = 3, kPlayers = 10, kRecords = 60;
  Trial t;
  std::vector<std::vector<StreamRecord>> streams(kShards);
  for (int i = 0; i < kRecords; ++i) {
    int p = static_cast<int>(rng() % kPlayers);
    std::string player = "p" + std::to_string(p);
    std::string game = rng() % 3 == 0 ? "h" : "g";
    // Several records per second (ties on At), four hours apart: three UTC days, one week.
    int64_t at_s = 1000 + (i / 4) * 4 * 3600;
    StreamRecord r;
    if (rng() % 100 < 15) {
      r = Remove(player, game, i + 1, at_s);
    } else {
      static const char* kNames[] = {"", "Ann", "Bo"};
      r = Put(player, game, static_cast<int64_t>(rng() % 4) * 10, i + 1, at_s, kNames[rng() % 3]);
    }
    streams[p % kShards].push_back(std::move(r));
  }
  for (auto& stream : streams) {
    std::vector<std::vector<StreamRecord>> batches;
    for (size_t i = 0; i < stream.size();) {
      size_t n = 1 + rng() % 8;
      batches.emplace_back(stream.begin() + static_cast<ptrdiff_t>(i),
                           stream.begin() + static_cast<ptrdiff_t>(std::min(stream.size(), i + n)));
      i += n;
    }
    // The oracle: every record of the shard, in order.
    for (const StreamRecord& r : stream) {
      const std::string game = r.keys.at("GameId").s();
      t.model[game].Apply(r);
      for (auto kind : {leaderboard::WindowKind::kDaily, leaderboard::WindowKind::kWeekly}) {
        const leaderboard::Window w =
            leaderboard::WindowOf(kind, r.approximate_creation_date_time * 1000);
        t.windows[leaderboard::WindowedGame(game, w)].Apply(r);
      }
    }
    t.shards.push_back(std::move(batches));
  }
  return t;
}

class RanksPropertyTest : public ::testing::Test {
 protected:
  RanksPropertyTest() : telemetry_(log::Level::kFatal, "p", clock_, [](std::string_view) {}) {}

  // One invocation; returns the failures it reported.
  std::vector<std::string> Invoke(const std::vector<StreamRecord>& batch) {
    LeaderboardHandler handler(config_, store_, executor_, telemetry_, clock_);
    Result<std::string> r =
        handler.Handle(protocol::EncodeDynamoDbStreamEvent(batch), Invocation{"p", 0});
    EXPECT_TRUE(r.ok());
    return r.ok() ? BatchFailures(*r) : std::vector<std::string>{};
  }

  void RunTrial(uint64_t seed) {
    std::mt19937_64 rng(seed);
    store_.Clear();
    clock_.Set(5 * 86'400'000);  // the records' windows are all within their retention
    config_.board.board_size = 1 + rng() % 6;
    config_.board.rank_shards = 1 + rng() % 3;
    static constexpr size_t kDepths[] = {0, 2, 16, 16};
    config_.board.rank_count_depth = kDepths[rng() % 4];
    config_.board.windows = kWindows;
    const size_t final_size = rng() % 3 == 0 ? 1 + rng() % 6 : config_.board.board_size;
    Trial t = Generate(rng);
    std::vector<size_t> next(t.shards.size(), 0);                     // next batch per shard
    std::vector<std::vector<StreamRecord>> pending(t.shards.size());  // a suffix to re-deliver
    int steps = 0;
    for (;;) {
      std::vector<size_t> live;
      for (size_t s = 0; s < t.shards.size(); ++s) {
        if (!pending[s].empty() || next[s] < t.shards[s].size()) live.push_back(s);
      }
      if (live.empty()) break;
      ASSERT_LT(++steps, 1000) << "seed " << seed;
      if (steps == 12) config_.board.board_size = final_size;  // N changes mid-stream
      const size_t s = live[rng() % live.size()];
      std::vector<StreamRecord> batch =
          pending[s].empty() ? t.shards[s][next[s]++] : std::move(pending[s]);
      pending[s].clear();
      if (rng() % 5 == 0) store_.fail_at = store_.calls() + static_cast<int64_t>(rng() % 12);
      std::vector<std::string> failed = Invoke(batch);
      store_.fail_at = -1;
      if (!failed.empty()) pending[s] = Suffix(batch, failed[0]);
      if (rng() % 10 == 0 && next[s] > 0) {  // a stale replay of an earlier batch
        Invoke(t.shards[s][rng() % next[s]]);
      }
    }
    config_.board.board_size = final_size;
    // A board of another size is rewritten at the next touch: touch every game once more, by
    // replaying one old record of each (a no-op for Ranks).
    std::vector<StreamRecord> touch;
    for (const auto& shard : t.shards) {
      for (const auto& batch : shard) touch.insert(touch.end(), batch.begin(), batch.end());
    }
    Invoke(touch);
    for (const auto& [game, table] : t.model) {
      auto it = store_.boards.find(game);
      ASSERT_NE(it, store_.boards.end()) << "seed " << seed;
      ASSERT_EQ(testing::Describe(it->second.entries), testing::Describe(table.Top(final_size)))
          << "seed " << seed << " game " << game << " N " << final_size << " K "
          << config_.board.rank_shards;
      ASSERT_EQ(it->second.size, final_size);
      ASSERT_NO_FATAL_FAILURE(CheckTable(game, table, seed));
    }
    for (const auto& [windowed_game, table] : t.windows) {
      ASSERT_NO_FATAL_FAILURE(CheckTable(windowed_game, table, seed));
    }
    if (config_.board.rank_count_depth > 0) {
      ASSERT_EQ(store_.CountsMismatch(config_.board.rank_count_depth), "") << "seed " << seed;
    }
  }

  // The live entries of `game`'s board keys equal `table`; with counts, so do the ranks.
  void CheckTable(const std::string& game, const TableModel& table, uint64_t seed) {
    const std::vector<std::string> keys = leaderboard::BoardKeys(game, config_.board.rank_shards);
    std::vector<leaderboard::Entry> live;
    for (const std::string& key : keys) {
      for (leaderboard::Entry& e : store_.Live(key)) live.push_back(std::move(e));
    }
    std::sort(live.begin(), live.end(), leaderboard::RanksBefore);
    const std::vector<leaderboard::Entry> want = table.Top(SIZE_MAX);
    ASSERT_EQ(testing::Describe(live), testing::Describe(want))
        << "seed " << seed << " board " << game;
    const size_t depth = config_.board.rank_count_depth;
    if (depth == 0) return;
    for (size_t i = 0; i < want.size(); ++i) {
      const std::string key = leaderboard::RankKey(want[i]);
      int64_t before = 0;
      for (const std::string& b : keys) before += store_.EntriesBefore(b, key, depth);
      ASSERT_EQ(before, static_cast<int64_t>(i))
          << "seed " << seed << " game " << game << " player " << want[i].player_id << " depth "
          << depth;
    }
  }

  FunctionConfig config_;
  FakeClock clock_;
  MemoryRanksStore store_;
  InlineExecutor executor_;
  Telemetry telemetry_;
};

TEST_F(RanksPropertyTest, EveryBoardEqualsTheTopNOfTheTable) {
  for (uint64_t seed = 1; seed <= 2000; ++seed) {
    ASSERT_NO_FATAL_FAILURE(RunTrial(seed));
  }
}

}  // namespace
}  // namespace sb::function
