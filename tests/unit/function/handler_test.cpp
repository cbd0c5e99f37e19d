#include "function/handler.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "handler_support.h"
#include "leaderboard/board_key.h"
#include "leaderboard/rank_key.h"
#include "leaderboard/window.h"
#include "memory_ranks_store.h"

namespace sb::function {
namespace {

using leaderboard::Board;
using leaderboard::Entry;
using protocol::StreamRecord;
using testing::BatchFailures;
using testing::MemoryRanksStore;
using testing::Players;
using testing::Put;
using testing::Remove;
using testing::Seq;
using testing::Suffix;
using testing::TableModel;

using Names = std::vector<std::string>;

class LeaderboardHandlerTest : public ::testing::Test {
 protected:
  LeaderboardHandlerTest()
      : telemetry_(log::Level::kInfo, "fn", clock_,
                   [this](std::string_view line) { lines_.emplace_back(line); }) {
    config_.board.board_size = 3;
    clock_.Set(1'800'000'000'000);
  }

  Result<std::string> Run(const std::vector<StreamRecord>& records, int64_t deadline = 0) {
    HandlerOptions options;
    options.sleeper = &sleeper_;
    options.random = &random_;
    LeaderboardHandler handler(config_, store_, executor_, telemetry_, clock_, options);
    return handler.Handle(protocol::EncodeDynamoDbStreamEvent(records),
                          Invocation{"req-1", deadline});
  }
  // Runs, then re-delivers from each reported failure until none is reported.
  void RunToCompletion(std::vector<StreamRecord> records) {
    for (int i = 0; i < 50 && !records.empty(); ++i) {
      Result<std::string> r = Run(records);
      ASSERT_TRUE(r.ok());
      std::vector<std::string> failed = BatchFailures(*r);
      if (failed.empty()) return;
      records = Suffix(records, failed[0]);
    }
    FAIL() << "did not complete";
  }
  Names Board(const std::string& game = "g") { return Players(store_.boards.at(game).entries); }
  boost::json::object Metrics() {
    boost::json::object last;
    for (const std::string& l : lines_) {
      boost::json::object o = boost::json::parse(l).as_object();
      if (o.contains("_aws")) last = o;
    }
    return last;
  }
  bool Logged(std::string_view level, std::string_view text) {
    for (const std::string& l : lines_) {
      if (l.find(text) != std::string::npos &&
          l.find("\"level\":\"" + std::string(level) + "\"") != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  FunctionConfig config_;
  FakeClock clock_;
  FakeSleeper sleeper_;
  SeededRandom random_{7};
  MemoryRanksStore store_;
  InlineExecutor executor_;
  std::vector<std::string> lines_;
  Telemetry telemetry_;
};

TEST_F(LeaderboardHandlerTest, ScoresBuildRanksAndOneBoardWrite) {
  auto r = Run({Put("a", "g", 10, 1), Put("b", "g", 30, 2, 1000, "Bea"), Put("c", "g", 20, 3),
                Put("d", "g", 5, 4)});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(BatchFailures(*r).empty());
  EXPECT_EQ(store_.ranks_puts, 4);
  EXPECT_EQ(store_.board_puts, 1);
  EXPECT_EQ(Board(), (Names{"b", "c", "a"}));
  const leaderboard::Board& b = store_.boards.at("g");
  EXPECT_EQ(b.version, 1);
  EXPECT_EQ(b.size, 3u);
  EXPECT_EQ(b.entries[0].player_name, "Bea");
  EXPECT_EQ(b.entries[0].at_ms, 1'000'000);
  boost::json::object m = Metrics();
  EXPECT_EQ(m.at("Records").as_int64(), 4);
  EXPECT_EQ(m.at("RanksWrites").as_int64(), 4);
  EXPECT_EQ(m.at("BoardWrites").as_int64(), 1);
}

TEST_F(LeaderboardHandlerTest, LastEventPerPlayerOnly) {
  ASSERT_TRUE(Run({Put("a", "g", 10, 1), Put("a", "g", 50, 2), Put("a", "g", 20, 3)}).ok());
  EXPECT_EQ(store_.ranks_puts, 1);
  EXPECT_EQ(store_.boards.at("g").entries.at(0).score, leaderboard::Score::FromInt(20));
}

TEST_F(LeaderboardHandlerTest, ADuplicateBatchIsANoopButStillWritesTheBoard) {
  std::vector<StreamRecord> batch = {Put("a", "g", 10, 1), Put("b", "g", 20, 2)};
  ASSERT_TRUE(Run(batch).ok());
  ASSERT_TRUE(Run(batch).ok());
  EXPECT_EQ(store_.ranks_puts, 2);
  EXPECT_EQ(store_.board_puts, 2);  // never skipped: the retry after a crash needs it
  EXPECT_EQ(Metrics().at("RanksNoops").as_int64(), 2);
  EXPECT_EQ(Board(), (Names{"b", "a"}));
}

TEST_F(LeaderboardHandlerTest, RemovalLeavesATombstoneAndTheNextPlayerRises) {
  ASSERT_TRUE(
      Run({Put("a", "g", 40, 1), Put("b", "g", 30, 2), Put("c", "g", 20, 3), Put("d", "g", 10, 4)})
          .ok());
  ASSERT_TRUE(Run({Remove("a", "g", 5, 2000)}).ok());
  EXPECT_EQ(Board(), (Names{"b", "c", "d"}));
  const auto& stored = store_.ranks.at("g").at("a");
  EXPECT_FALSE(stored.record.live);
  EXPECT_EQ(stored.expires_at_s, 2000 + kTombstoneLifetimeSeconds);
  // An old record replayed later does not resurrect the player.
  ASSERT_TRUE(Run({Put("a", "g", 40, 1)}).ok());
  EXPECT_EQ(Board(), (Names{"b", "c", "d"}));
}

TEST_F(LeaderboardHandlerTest, SameScoreKeepsTiePosition) {
  ASSERT_TRUE(Run({Put("z", "g", 10, 1, 1000), Put("a", "g", 10, 2, 1001)}).ok());
  EXPECT_EQ(Board(), (Names{"z", "a"}));
  ASSERT_TRUE(Run({Put("z", "g", 10, 3, 1005, "Zed")}).ok());  // a name change
  EXPECT_EQ(Board(), (Names{"z", "a"}));
  EXPECT_EQ(store_.boards.at("g").entries[0].player_name, "Zed");
}

TEST_F(LeaderboardHandlerTest, LeavingAScoreAndReturningInOneBatchTakesTheReturnsTime) {
  ASSERT_TRUE(Run({Put("z", "g", 10, 1, 1000), Put("a", "g", 10, 2, 1001)}).ok());
  EXPECT_EQ(Board(), (Names{"z", "a"}));
  // z goes to 20 and back to 10 in one batch: z reached 10 again after a did.
  ASSERT_TRUE(Run({Put("z", "g", 20, 3, 1002), Put("z", "g", 10, 4, 1003)}).ok());
  EXPECT_EQ(Board(), (Names{"a", "z"}));
  // Several records of one run in one batch: the run's first record sets the time.
  ASSERT_TRUE(Run({Put("b", "g", 10, 5, 1004), Put("b", "g", 10, 6, 1009, "Bo")}).ok());
  EXPECT_EQ(store_.boards.at("g").entries.at(2).at_ms, 1'004'000);
}

TEST_F(LeaderboardHandlerTest, UpdatedAtDecidesTiesWhenPresent) {
  ASSERT_TRUE(Run({Put("a", "g", 10, 1, 1000, "", "2026-01-01T00:00:00.900Z"),
                   Put("b", "g", 10, 2, 1000, "", "2026-01-01T00:00:00.100Z")})
                  .ok());
  EXPECT_EQ(Board(), (Names{"b", "a"}));
}

TEST_F(LeaderboardHandlerTest, LongPlayerIdsAreRejectedWithALogLine) {
  ASSERT_TRUE(
      Run({Put(std::string(961, 'x'), "g", 10, 1), Put(std::string(960, 'y'), "g", 5, 2)}).ok());
  EXPECT_TRUE(Logged("WARN", "longer than 960 bytes"));
  EXPECT_EQ(Board(), (Names{std::string(960, 'y')}));
  EXPECT_EQ(Metrics().at("Rejected").as_int64(), 1);
}

TEST_F(LeaderboardHandlerTest, ABoardRefusedAsInvalidIsLoggedAndNotRetried) {
  store_.reject_boards = true;
  auto r = Run({Put("a", "g", 10, 1)});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(BatchFailures(*r).empty());
  EXPECT_TRUE(Logged("ERROR", "board refused"));
  EXPECT_EQ(Metrics().at("BoardRejected").as_int64(), 1);
}

TEST_F(LeaderboardHandlerTest, ARanksWriteRefusedForGoodIsLoggedAndNotRetried) {
  store_.refuse_ranks_of = "b";  // e.g. the board key's item collection is full
  auto r = Run({Put("a", "g", 10, 1), Put("b", "g", 30, 2)});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(BatchFailures(*r).empty());  // the shard moves on
  EXPECT_TRUE(Logged("ERROR", "Ranks write refused"));
  EXPECT_EQ(Metrics().at("RanksRejected").as_int64(), 1);
  EXPECT_EQ(Board(), (Names{"a"}));  // the board is still written from what Ranks holds
}

TEST_F(LeaderboardHandlerTest, FailureReportsTheSmallestFirstSequenceOfFailedGames) {
  // Calls (counts kept: a read, then a transaction): GetRank a(0) MoveRank a(1) GetRank b(2) ...
  store_.fail_at = 2;  // b's Ranks read (game h) fails; g and i are written
  auto r =
      Run({Put("a", "g", 1, 1), Put("b", "h", 2, 2), Put("c", "i", 3, 3), Put("d", "h", 4, 4)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(BatchFailures(*r), std::vector<std::string>{Seq(2)});
  EXPECT_TRUE(store_.boards.count("g"));
  EXPECT_FALSE(store_.boards.count("h"));
  EXPECT_TRUE(store_.boards.count("i"));
}

TEST_F(LeaderboardHandlerTest, DeadlineNearLeavesEverythingForARetry) {
  auto r = Run({Put("a", "g", 1, 1), Put("b", "h", 2, 2)}, clock_.NowUnixMillis() + 500);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(BatchFailures(*r), std::vector<std::string>{Seq(1)});
  EXPECT_EQ(store_.calls(), 0);
}

TEST_F(LeaderboardHandlerTest, RankShardsMergeIntoOneBoard) {
  config_.board.rank_shards = 4;
  config_.board.board_size = 5;
  std::vector<StreamRecord> batch;
  TableModel model;
  for (int i = 0; i < 40; ++i) {
    batch.push_back(Put("p" + std::to_string(i), "g", (i * 37) % 23, i + 1, 1000 + i % 3));
    model.Apply(batch.back());
  }
  ASSERT_TRUE(Run(batch).ok());
  EXPECT_EQ(store_.boards.at("g").entries, model.Top(5));
  size_t keys_used = 0;
  for (const std::string& k : leaderboard::BoardKeys("g", 4)) keys_used += store_.ranks.count(k);
  EXPECT_EQ(keys_used, 4u);
  EXPECT_FALSE(store_.ranks.count("g"));
}

TEST_F(LeaderboardHandlerTest, ABoardOfAnotherSizeIsRewrittenAtTheNextTouch) {
  std::vector<StreamRecord> batch;
  for (int i = 0; i < 8; ++i) batch.push_back(Put("p" + std::to_string(i), "g", 100 - i, i + 1));
  ASSERT_TRUE(Run(batch).ok());
  EXPECT_EQ(Board().size(), 3u);
  config_.board.board_size = 6;
  ASSERT_TRUE(Run({Put("p7", "g", 1, 20)}).ok());
  EXPECT_EQ(Board(), (Names{"p0", "p1", "p2", "p3", "p4", "p5"}));
  EXPECT_EQ(store_.boards.at("g").size, 6u);
  store_.boards.erase("g");                         // the board item deleted
  ASSERT_TRUE(Run({Put("p0", "g", 100, 1)}).ok());  // even a replay re-creates it
  EXPECT_EQ(Board().size(), 6u);
}

// A store that lets two other writers advance the board between our version read and our put.
class OvertakenStore final : public RanksStore {
 public:
  explicit OvertakenStore(MemoryRanksStore& inner) : inner_(inner) {}
  protocol::ApiResult<std::optional<leaderboard::RankRecord>> GetRank(
      const std::string& b, const std::string& p) override {
    return inner_.GetRank(b, p);
  }
  protocol::ApiStatus PutRank(const std::string& b, const leaderboard::RankRecord& r,
                              const RankExpectation& e, int64_t x) override {
    return inner_.PutRank(b, r, e, x);
  }
  protocol::ApiStatus MoveRank(const std::string& b, const leaderboard::RankRecord& r,
                               const RankExpectation& e, int64_t x,
                               const CountChanges& c) override {
    return inner_.MoveRank(b, r, e, x, c);
  }
  protocol::ApiResult<int64_t> ReadBoardVersion(const std::string& g) override {
    return inner_.ReadBoardVersion(g);
  }
  protocol::ApiResult<std::vector<Entry>> QueryTop(const std::string& b, size_t n) override {
    return inner_.QueryTop(b, n);
  }
  protocol::ApiStatus WriteBoard(const leaderboard::Board& board, int64_t expected) override {
    for (int i = 0; i < bumps; ++i) {
      leaderboard::Board other = inner_.boards[board.game_id];
      other.game_id = board.game_id;
      ++other.version;
      inner_.boards[board.game_id] = other;
    }
    bumps = 0;
    return inner_.WriteBoard(board, expected);
  }
  int bumps = 0;

 private:
  MemoryRanksStore& inner_;
};

TEST_F(LeaderboardHandlerTest, CoverRuleSkipsOnlyWhenTwoVersionsPassed) {
  ASSERT_TRUE(Run({Put("a", "g", 10, 1)}).ok());  // version 1
  OvertakenStore store(store_);
  LeaderboardHandler handler(config_, store, executor_, telemetry_, clock_);
  store.bumps = 2;  // versions 2 and 3 by others after our read of 1
  ASSERT_TRUE(
      handler.Handle(protocol::EncodeDynamoDbStreamEvent({Put("b", "g", 5, 2)}), Invocation{"r", 0})
          .ok());
  EXPECT_EQ(Metrics().at("BoardCovers").as_int64(), 1);
  EXPECT_EQ(Metrics().at("BoardWrites").as_int64(), 0);
  store.bumps = 1;  // one version passed: not covered, retried and written
  ASSERT_TRUE(
      handler.Handle(protocol::EncodeDynamoDbStreamEvent({Put("c", "g", 1, 3)}), Invocation{"r", 0})
          .ok());
  EXPECT_EQ(Metrics().at("BoardCovers").as_int64(), 0);
  EXPECT_EQ(Metrics().at("BoardWrites").as_int64(), 1);
  EXPECT_EQ(Metrics().at("WriteConflicts").as_int64(), 1);
  EXPECT_EQ(Board(), (Names{"a", "b", "c"}));
}

// SQLite-style fault injection: fail call N for N = 0, 1, 2, ... until a run has no fault;
// after re-delivering from the reported failures, the board equals the oracle.
TEST_F(LeaderboardHandlerTest, FailingAnyCallThenRetryingGivesTheExactBoard) {
  std::vector<StreamRecord> setup = {Put("a", "g", 100, 1), Put("b", "g", 90, 2),
                                     Put("c", "g", 80, 3), Put("d", "g", 70, 4),
                                     Put("e", "h", 60, 5)};
  std::vector<StreamRecord> batch = {Put("a", "g", 5, 6),
                                     Remove("b", "g", 7),
                                     Put("f", "h", 65, 8),
                                     Put("x", "g", 85, 9),
                                     Put("d", "g", 70, 10, 1000, "Dee"),
                                     Put("e", "h", 1, 11)};
  TableModel g, h;
  for (const auto* list : {&setup, &batch}) {
    for (const StreamRecord& r : *list) (r.keys.at("GameId").s() == "g" ? g : h).Apply(r);
  }
  for (int64_t n = 0;; ++n) {
    store_.Clear();
    RunToCompletion(setup);
    const int64_t before = store_.calls();
    store_.fail_at = before + n;
    Result<std::string> first = Run(batch);
    ASSERT_TRUE(first.ok());
    const bool faulted = store_.calls() > before + n;
    std::vector<std::string> failed = BatchFailures(*first);
    EXPECT_EQ(failed.empty(), !faulted) << n;
    if (!failed.empty()) RunToCompletion(Suffix(batch, failed[0]));
    EXPECT_EQ(store_.boards.at("g").entries, g.Top(3)) << "fault at call " << n;
    EXPECT_EQ(store_.boards.at("h").entries, h.Top(3)) << "fault at call " << n;
    EXPECT_EQ(store_.CountsMismatch(config_.board.rank_count_depth), "") << "fault at call " << n;
    if (!faulted) break;
  }
}

// Counts kept (the default depth): every write is a read and one transaction; the counters
// equal the histogram of the live entries; a replay writes nothing.
TEST_F(LeaderboardHandlerTest, CountsMoveWithTheirEntriesInOneTransaction) {
  ASSERT_TRUE(Run({Put("a", "g", 10, 1), Put("b", "g", 20, 2), Put("c", "g", 20, 3)}).ok());
  EXPECT_EQ(store_.moves, 3);
  EXPECT_EQ(store_.node_updates, 3 * 16);  // a new player: one node per level
  EXPECT_EQ(Metrics().at("CountUpdates").as_int64(), 3 * 16);
  EXPECT_EQ(store_.CountsMismatch(16), "");
  ASSERT_TRUE(Run({Put("a", "g", 30, 4), Remove("b", "g", 5)}).ok());
  EXPECT_EQ(store_.CountsMismatch(16), "");
  const int64_t moves = store_.moves;
  ASSERT_TRUE(Run({Put("a", "g", 30, 4), Remove("b", "g", 5), Put("c", "g", 20, 3)}).ok());
  EXPECT_EQ(store_.moves, moves);  // replays: reads only
  EXPECT_EQ(Metrics().at("RanksNoops").as_int64(), 3);
  // A name change keeps the RankKey: a plain conditional put, no counter touched.
  ASSERT_TRUE(Run({Put("c", "g", 20, 6, 1000, "Cy")}).ok());
  EXPECT_EQ(store_.moves, moves);
  EXPECT_EQ(store_.ranks.at("g").at("c").record.entry.player_name, "Cy");
  EXPECT_EQ(store_.CountsMismatch(16), "");
  // a (30) is first: nobody before it; c (20, reached first) before nobody but a.
  EXPECT_EQ(store_.EntriesBefore(
                "g", leaderboard::RankKey(store_.ranks.at("g").at("a").record.entry), 16),
            0);
  EXPECT_EQ(store_.EntriesBefore(
                "g", leaderboard::RankKey(store_.ranks.at("g").at("c").record.entry), 16),
            1);
}

TEST_F(LeaderboardHandlerTest, DepthZeroKeepsNoCountsAndWritesBlind) {
  config_.board.rank_count_depth = 0;
  ASSERT_TRUE(Run({Put("a", "g", 10, 1), Put("b", "g", 20, 2)}).ok());
  EXPECT_EQ(store_.moves, 0);
  EXPECT_TRUE(store_.counts.empty());
  EXPECT_EQ(store_.calls(), 2 + 1 + 1 + 1);  // two blind puts, version, query, board
  EXPECT_EQ(Board(), (Names{"b", "a"}));
}

// TTL (rank_writer.h): all-time live entries never expire; windowed entries and their count
// nodes expire at window end + retention; tombstones at max(time + 48 h, that).
TEST_F(LeaderboardHandlerTest, WindowedBoardsAndTheirExpiry) {
  config_.board.windows = "all,daily";
  const int64_t now_s = clock_.NowUnixMillis() / 1000;
  const int64_t retention_s = 35 * 86400;
  const leaderboard::Window day =
      leaderboard::WindowOf(leaderboard::WindowKind::kDaily, (now_s - 60) * 1000);
  const std::string daily = leaderboard::WindowedGame("g", day);
  ASSERT_TRUE(Run({Put("a", "g", 10, 1, now_s - 60), Put("b", "g", 20, 2, now_s - 50)}).ok());
  EXPECT_EQ(store_.ranks.at("g").at("a").expires_at_s, 0);
  EXPECT_EQ(store_.ranks.at(daily).at("a").expires_at_s, day.end_ms / 1000 + retention_s);
  EXPECT_TRUE(store_.ranks.at(daily).at("a").record.live);
  EXPECT_EQ(store_.CountsMismatch(16), "");
  const std::string daily_root = leaderboard::CountRoot(daily);
  for (const auto& [node, expires] : store_.node_expires_at) {
    EXPECT_EQ(node.rfind(daily_root, 0), 0u);  // the daily board's nodes only
    EXPECT_EQ(expires, day.end_ms / 1000 + retention_s);
  }
  // The same two entries in both boards: as many nodes each; the all-time ones never expire.
  EXPECT_EQ(store_.counts.size(), 2 * store_.node_expires_at.size());
  EXPECT_FALSE(store_.boards.count(daily));  // no Leaderboard item for a window
  EXPECT_EQ(Board(), (Names{"b", "a"}));
  // A removal removes from all-time and the window of its time.
  ASSERT_TRUE(Run({Remove("a", "g", 3, now_s - 40)}).ok());
  EXPECT_EQ(store_.ranks.at("g").at("a").expires_at_s, now_s - 40 + kTombstoneLifetimeSeconds);
  EXPECT_FALSE(store_.ranks.at(daily).at("a").record.live);
  EXPECT_EQ(store_.ranks.at(daily).at("a").expires_at_s,
            std::max(now_s - 40 + kTombstoneLifetimeSeconds, day.end_ms / 1000 + retention_s));
  EXPECT_EQ(store_.CountsMismatch(16), "");
  EXPECT_EQ(store_.Live(daily).size(), 1u);
}

TEST_F(LeaderboardHandlerTest, WindowsPastRetentionAreSkippedAndLogged) {
  config_.board.windows = "all,daily,monthly";
  const int64_t old_s = clock_.NowUnixMillis() / 1000 - 40 * 86400;  // its day ended > 35 d ago
  ASSERT_TRUE(Run({Put("a", "g", 10, 1, old_s)}).ok());
  const leaderboard::Window day =
      leaderboard::WindowOf(leaderboard::WindowKind::kDaily, old_s * 1000);
  const leaderboard::Window month =
      leaderboard::WindowOf(leaderboard::WindowKind::kMonthly, old_s * 1000);
  EXPECT_TRUE(store_.ranks.count("g"));
  EXPECT_FALSE(store_.ranks.count(leaderboard::WindowedGame("g", day)));
  const bool month_kept = month.end_ms / 1000 + 35 * 86400 > clock_.NowUnixMillis() / 1000;
  EXPECT_EQ(store_.ranks.count(leaderboard::WindowedGame("g", month)) == 1, month_kept);
  EXPECT_EQ(Metrics().at("WindowsSkipped").as_int64(), month_kept ? 1 : 2);
  EXPECT_TRUE(Logged("WARN", "window past its retention"));
}

TEST_F(LeaderboardHandlerTest, GameIdsWithTheWindowSeparatorAreRefused) {
  ASSERT_TRUE(
      Run({Put("a", std::string("g\x1F") + "d2026-12-06", 10, 1), Put("b", "g", 5, 2)}).ok());
  EXPECT_EQ(Metrics().at("Rejected").as_int64(), 1);
  EXPECT_TRUE(Logged("WARN", "U+001F"));
  EXPECT_EQ(store_.ranks.size(), 1u);  // only g
  EXPECT_EQ(Board(), (Names{"b"}));
}

TEST_F(LeaderboardHandlerTest, TransactionConflictsAreRetriedWithJitterThenFailTheGame) {
  store_.conflicting_moves = 3;
  ASSERT_TRUE(Run({Put("a", "g", 10, 1)}).ok());
  EXPECT_EQ(Metrics().at("TransactionConflicts").as_int64(), 3);
  EXPECT_EQ(sleeper_.calls(), 3);
  EXPECT_LE(sleeper_.total_ms(), 10 + 20 + 40);
  EXPECT_EQ(Board(), (Names{"a"}));
  EXPECT_EQ(store_.CountsMismatch(16), "");
  store_.conflicting_moves = 1000;
  auto r = Run({Put("b", "g", 20, 2), Put("c", "h", 5, 3)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(BatchFailures(*r), std::vector<std::string>{Seq(2)});
  EXPECT_EQ(sleeper_.calls(), 3 + 2 * 7);  // 8 attempts each: 7 waits
  EXPECT_TRUE(Logged("ERROR", "TooManyConflicts"));
  EXPECT_EQ(store_.CountsMismatch(16), "");
  EXPECT_EQ(Board(), (Names{"a"}));
}

}  // namespace
}  // namespace sb::function
