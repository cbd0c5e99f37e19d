#include "leaderboard/merge.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace sb::leaderboard {
namespace {

// A 21-digit sequence number that grows with n.
std::string Seq(int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "1%020d", n);
  return buf;
}

Event Put(const std::string& player, int64_t score, int seq, int64_t at = -1) {
  return Event::MakeScore("g", player, Score::FromInt(score), "name-" + player, at < 0 ? seq : at,
                          Seq(seq));
}
Event Del(const std::string& player, int seq) {
  return Event::MakeRemoval("g", player, seq, Seq(seq));
}

Entry Known(const std::string& player, int64_t score, int seq, int64_t at = -1) {
  return Entry{player, Score::FromInt(score), "name-" + player, at < 0 ? seq : at, Seq(seq)};
}
Entry Row(const std::string& player, int64_t score, int64_t at) {
  return Entry{player, Score::FromInt(score), "name-" + player, at, ""};
}

MergeOptions Opts(size_t n = 3) {
  MergeOptions o;
  o.top_n = n;
  o.refill_slack = 2;
  return o;
}

// A refill source that must not be called.
RefillSource NoRefill() {
  return [](size_t) -> Result<std::vector<Entry>> {
    ADD_FAILURE() << "refill consulted";
    return std::vector<Entry>{};
  };
}

// A refill source answering from fixed rows; records the limit it was asked for.
struct FakeIndex {
  std::vector<Entry> rows;
  size_t calls = 0;
  size_t last_limit = 0;
  RefillSource Source() {
    return [this](size_t limit) -> Result<std::vector<Entry>> {
      ++calls;
      last_limit = limit;
      std::vector<Entry> sorted = rows;
      std::sort(sorted.begin(), sorted.end(), RanksBefore);
      if (sorted.size() > limit) sorted.resize(limit);
      return sorted;
    };
  }
};

std::vector<std::string> Ids(const Board& b) {
  std::vector<std::string> ids;
  for (const Entry& e : b.entries) ids.push_back(e.player_id + ":" + e.score.ToString());
  return ids;
}

Board MakeBoard(std::vector<Entry> entries, int64_t version = 1) {
  Board b;
  b.game_id = "g";
  b.entries = std::move(entries);
  b.version = version;
  return b;
}

TEST(MergeTest, InsertsIntoEmptyBoardRanked) {
  auto r = Merge(MakeBoard({}, 0), {Put("a", 10, 1), Put("b", 30, 2), Put("c", 20, 3)}, NoRefill(),
                 Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->changed);
  EXPECT_FALSE(r->refilled);
  EXPECT_EQ(r->board.version, 1);
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"b:30", "c:20", "a:10"}));
  EXPECT_EQ(r->board.entries[0].seq, Seq(2));
  EXPECT_EQ(r->board.entries[0].player_name, "name-b");
}

TEST(MergeTest, KeepsOnlyTopN) {
  auto r =
      Merge(MakeBoard({}, 0), {Put("a", 10, 1), Put("b", 30, 2), Put("c", 20, 3), Put("d", 5, 4)},
            NoRefill(), Opts(3));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"b:30", "c:20", "a:10"}));
}

TEST(MergeTest, LastEventPerPlayerBySequenceNotInputOrder) {
  auto r = Merge(MakeBoard({}, 0), {Put("a", 50, 7), Put("a", 10, 3), Put("a", 20, 5)}, NoRefill(),
                 Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"a:50"}));
}

TEST(MergeTest, SequenceNumbersCompareNumerically) {
  // 22 digits beat 21 digits although "9..." > "1..." as text.
  Board b = MakeBoard({Entry{"a", Score::FromInt(5), "", 1, "999999999999999999999"}});
  Event newer = Event::MakeScore("g", "a", Score::FromInt(6), "", 2, "1000000000000000000000");
  auto r = Merge(b, {newer}, NoRefill(), Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"a:6"}));
}

TEST(MergeTest, DuplicateBatchChangesNothing) {
  std::vector<Event> batch = {Put("a", 10, 1), Put("b", 30, 2)};
  auto first = Merge(MakeBoard({}, 0), batch, NoRefill(), Opts());
  ASSERT_TRUE(first.ok());
  auto again = Merge(first->board, batch, NoRefill(), Opts());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(again->board, first->board);
}

TEST(MergeTest, StaleEventForMemberIsIgnored) {
  Board b = MakeBoard({Known("a", 10, 5)});
  auto r = Merge(b, {Put("a", 99, 4), Del("a", 3)}, NoRefill(), Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->changed);
  EXPECT_EQ(r->board.entries, b.entries);
  EXPECT_EQ(r->board.version, 1);
}

TEST(MergeTest, IncreaseNeedsNoRefill) {
  Board b = MakeBoard({Known("a", 30, 1), Known("b", 20, 2), Known("c", 10, 3)});
  auto r = Merge(b, {Put("c", 40, 4)}, NoRefill(), Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->changed);
  EXPECT_EQ(r->board.version, 2);
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"c:40", "a:30", "b:20"}));
}

TEST(MergeTest, NewcomerPushesLastOutAndItIsRemembered) {
  Board b = MakeBoard({Known("a", 30, 1), Known("b", 20, 2), Known("c", 10, 3)});
  auto r = Merge(b, {Put("d", 25, 4)}, NoRefill(), Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"a:30", "d:25", "b:20"}));
  ASSERT_EQ(r->board.departed.size(), 1u);
  EXPECT_EQ(r->board.departed[0], (Departed{"c", Seq(3)}));
  // A retry of c's old record does not bring c back (rule 2 via `departed`).
  auto retry = Merge(r->board, {Put("c", 10, 3)}, NoRefill(), Opts());
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->changed);
}

TEST(MergeTest, RetriedOldRecordOfRemovedPlayerDoesNotBringThemBack) {
  Board b = MakeBoard({Known("a", 30, 1), Known("b", 20, 2), Known("c", 99, 3)});
  FakeIndex index{{Row("a", 30, 1), Row("b", 20, 2)}};
  auto removed = Merge(b, {Del("c", 5)}, index.Source(), Opts(3));
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(Ids(removed->board), (std::vector<std::string>{"a:30", "b:20"}));
  EXPECT_EQ(removed->board.departed, (std::vector<Departed>{{"c", Seq(5)}}));
  // Lambda re-delivers a suffix that starts before the removal: c's old score comes first.
  auto retry = Merge(removed->board, {Put("c", 99, 3)}, NoRefill(), Opts(3));
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->changed);
  EXPECT_EQ(Ids(retry->board), (std::vector<std::string>{"a:30", "b:20"}));
}

TEST(MergeTest, NonQualifyingNewcomerCostsNothing) {
  Board b = MakeBoard({Known("a", 30, 1), Known("b", 20, 2), Known("c", 10, 3)});
  auto r = Merge(b, {Put("d", 5, 4)}, NoRefill(), Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->changed);
  EXPECT_TRUE(r->board.departed.empty());  // newcomers who never made it are not remembered
  EXPECT_EQ(r->board.version, 1);
}

TEST(MergeTest, RemovalOfNonMemberCostsNothing) {
  Board b = MakeBoard({Known("a", 30, 1)});
  auto r = Merge(b, {Del("z", 9)}, NoRefill(), Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->changed);
}

TEST(MergeTest, DecreaseRefillsFromIndex) {
  // b drops from 20 to 1; d (15) was outside the board and now belongs in it.
  Board b = MakeBoard({Known("a", 30, 1), Known("b", 20, 2), Known("c", 10, 3)});
  FakeIndex index{{Row("a", 30, 1), Row("b", 1, 5), Row("c", 10, 3), Row("d", 15, 4)}};
  auto r = Merge(b, {Put("b", 1, 5)}, index.Source(), Opts(3));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->refilled);
  EXPECT_EQ(index.calls, 1u);
  EXPECT_EQ(index.last_limit, 5u);  // N + k
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"a:30", "d:15", "c:10"}));
  EXPECT_EQ(r->board.entries[1].seq, "");  // learned from the index
  EXPECT_EQ(r->board.departed, (std::vector<Departed>{{"b", Seq(5)}}));
}

TEST(MergeTest, RemovalRefillsButNeverTakesTheRemovedPlayerFromALaggingIndex) {
  Board b = MakeBoard({Known("a", 30, 1), Known("b", 20, 2), Known("c", 10, 3)});
  // The index has not seen b's deletion yet.
  FakeIndex index{{Row("a", 30, 1), Row("b", 20, 2), Row("c", 10, 3), Row("d", 5, 4)}};
  auto r = Merge(b, {Del("b", 6)}, index.Source(), Opts(3));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"a:30", "c:10", "d:5"}));
}

TEST(MergeTest, KnownEntryIsNeverRegressedByLaggingIndex) {
  // a's newest record says 50; the lagging index still says 30. b goes down: refill happens.
  Board b = MakeBoard({Known("a", 50, 7), Known("b", 20, 2), Known("c", 10, 3)});
  FakeIndex index{{Row("a", 30, 1), Row("b", 20, 2), Row("c", 10, 3)}};
  auto r = Merge(b, {Put("b", 1, 8)}, index.Source(), Opts(3));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->refilled);
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"a:50", "c:10", "b:1"}));
  EXPECT_EQ(r->board.entries[0].seq, Seq(7));
}

TEST(MergeTest, SameScoreRewriteWithLaterAtCountsAsGoingDown) {
  // b renames at the same score: new `at` 9 > d's `at` 4, so d (20 at 4) now outranks b.
  Board b = MakeBoard({Known("a", 30, 1), Known("b", 20, 2)});
  FakeIndex index{{Row("a", 30, 1), Row("b", 20, 9), Row("d", 20, 4)}};
  auto r = Merge(b, {Put("b", 20, 9)}, index.Source(), Opts(2));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->refilled);
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"a:30", "d:20"}));
}

TEST(MergeTest, TiesBreakByAtThenPlayerId) {
  auto r = Merge(MakeBoard({}, 0),
                 {Put("b", 10, 1, /*at=*/100), Put("a", 10, 2, /*at=*/100), Put("c", 10, 3, 50)},
                 NoRefill(), Opts(3));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->board.entries.size(), 3u);
  EXPECT_EQ(r->board.entries[0].player_id, "c");
  EXPECT_EQ(r->board.entries[1].player_id, "a");
  EXPECT_EQ(r->board.entries[2].player_id, "b");
}

TEST(MergeTest, IndexLearnedEntryIsSupersededByAnyRecord) {
  Board b = MakeBoard({Row("a", 30, 1)});
  auto r = Merge(b, {Put("a", 35, 2)}, NoRefill(), Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"a:35"}));
  EXPECT_EQ(r->board.entries[0].seq, Seq(2));
}

TEST(MergeTest, RefillRefreshesAndDropsGhostsLearnedFromIndex) {
  // g1 came from a lagging index and was deleted since; the index now knows.
  Board b = MakeBoard({Known("a", 30, 1), Row("g1", 25, 1), Known("c", 10, 3)});
  FakeIndex index{{Row("a", 30, 1), Row("c", 10, 3), Row("d", 5, 4)}};
  auto r = Reconcile(b, index.Source(), Opts(3));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"a:30", "c:10", "d:5"}));
  // An index-learned entry is refreshed with the index's newer value.
  Board b2 = MakeBoard({Known("a", 30, 1), Row("e", 25, 1)});
  FakeIndex index2{{Row("a", 30, 1), Row("e", 27, 8)}};
  auto r2 = Reconcile(b2, index2.Source(), Opts(3));
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(Ids(r2->board), (std::vector<std::string>{"a:30", "e:27"}));
}

TEST(MergeTest, IndexLearnedEntryBelowAFullPageIsKept) {
  // The page is full (N + k rows) and e ranks after its last row: its absence proves nothing,
  // so e keeps its place when a vacancy opens.
  Board b = MakeBoard({Known("a", 30, 1), Row("e", 1, 1)});
  MergeOptions o = Opts(2);
  o.refill_slack = 0;
  // Lagging index: still lists a (deleted in this batch), so the page is a and x only.
  FakeIndex index{{Row("a", 30, 1), Row("x", 20, 2), Row("e", 1, 1)}};
  auto r = Merge(b, {Del("a", 5)}, index.Source(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(index.last_limit, 2u);
  EXPECT_EQ(Ids(r->board), (std::vector<std::string>{"x:20", "e:1"}));
}

TEST(MergeTest, RefillErrorIsPassedThrough) {
  Board b = MakeBoard({Known("a", 30, 1)});
  RefillSource failing = [](size_t) -> Result<std::vector<Entry>> {
    return MakeError("Throttled", "slow down");
  };
  auto r = Merge(b, {Del("a", 2)}, failing, Opts());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "Throttled");
}

TEST(MergeTest, RejectsInvalidInputBeforeDoingAnything) {
  Board b = MakeBoard({Known("a", 30, 1)});
  Event other_game = Put("x", 1, 2);
  other_game.game_id = "h";
  EXPECT_EQ(Merge(b, {other_game}, NoRefill(), Opts()).error().code, "InvalidArgument");
  Event bad_seq = Put("x", 1, 2);
  bad_seq.seq = "12";
  EXPECT_EQ(Merge(b, {bad_seq}, NoRefill(), Opts()).error().code, "InvalidArgument");
  Event no_player = Put("", 1, 2);
  EXPECT_EQ(Merge(b, {no_player}, NoRefill(), Opts()).error().code, "InvalidArgument");
  EXPECT_EQ(Merge(b, {}, NoRefill(), Opts(0)).error().code, "InvalidArgument");
  Board dup = MakeBoard({Known("a", 30, 1), Known("a", 20, 2)});
  EXPECT_EQ(Merge(dup, {}, NoRefill(), Opts()).error().code, "InvalidArgument");
}

TEST(MergeTest, DepartedIsBounded) {
  MergeOptions o = Opts(1);
  o.departed_capacity = 2;
  Board b = MakeBoard({}, 0);
  // Each new higher score pushes the previous leader off; only the last two are remembered.
  for (int i = 1; i <= 5; ++i) {
    auto r = Merge(b, {Put("p" + std::to_string(i), i * 10, i)}, NoRefill(), o);
    ASSERT_TRUE(r.ok());
    b = r->board;
  }
  EXPECT_EQ(b.departed, (std::vector<Departed>{{"p3", Seq(3)}, {"p4", Seq(4)}}));
}

TEST(MergeTest, RebuildTakesTopNOfRows) {
  Board b = MakeBoard({Known("a", 30, 1)}, 4);
  MergeResult r =
      Rebuild(b, {Row("x", 1, 1), Row("y", 50, 1), Row("z", 20, 1), Row("y", 5, 1)}, Opts(2));
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.board.version, 5);
  EXPECT_EQ(Ids(r.board), (std::vector<std::string>{"y:50", "z:20"}));
}

}  // namespace
}  // namespace sb::leaderboard
