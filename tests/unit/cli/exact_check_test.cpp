#include "cli/exact_check.h"

#include <gtest/gtest.h>

#include "cli/ranks_codec.h"

namespace sb::cli {
namespace {

using leaderboard::Entry;
using leaderboard::Score;

Entry E(std::string player, int64_t score, int64_t at = 1000, std::string name = "") {
  Entry e;
  e.player_id = std::move(player);
  e.score = Score::FromInt(score);
  e.at_ms = at;
  e.player_name = std::move(name);
  return e;
}

ScoresRow S(std::string game, Entry e) { return ScoresRow{std::move(game), std::move(e)}; }

// The live Ranks row the function would have written for `e` in `game`.
RanksRow Live(const function::BoardConfig& c, const std::string& game, Entry e) {
  RanksRow r;
  r.board = BoardKeyFor(c, game, e.player_id);
  r.game = game;
  r.seq = PaddedSeq("100000000000000000001");
  r.live = true;
  r.rank_key = RankKeyFor(e);
  r.entry = std::move(e);
  return r;
}

RanksRow Tombstone(const function::BoardConfig& c, const std::string& game, std::string player) {
  RanksRow r;
  r.board = BoardKeyFor(c, game, player);
  r.game = game;
  r.seq = PaddedSeq("100000000000000000002");
  r.entry.player_id = std::move(player);
  return r;
}

StoredBoardView Board(std::vector<Entry> entries, size_t size = 5) {
  StoredBoardView b;
  b.exists = true;
  b.size = size;
  b.entries = std::move(entries);
  return b;
}

bool Mentions(const std::vector<std::string>& problems, const std::string& text) {
  for (const auto& p : problems) {
    if (p.find(text) != std::string::npos) return true;
  }
  return false;
}

class ExactCheckTest : public ::testing::Test {
 protected:
  function::BoardConfig config_;
  // b and c tie at 20; c reached it first.
  std::vector<ScoresRow> scores_ = {S("g", E("a", 30)), S("g", E("b", 20, 2000)),
                                    S("g", E("c", 20, 1000)), S("h", E("a", 7, 1000, "Ann"))};
  std::vector<RanksRow> ranks_ = {
      Live(config_, "g", E("a", 30)), Live(config_, "g", E("b", 20, 2000)),
      Live(config_, "g", E("c", 20, 1000)), Live(config_, "h", E("a", 7, 1000, "Ann")),
      Tombstone(config_, "g", "gone")};
};

TEST_F(ExactCheckTest, AgreeingTablesHaveNoDifferences) {
  EXPECT_EQ(CompareScoresWithRanks(scores_, ranks_, config_), std::vector<std::string>{});
  const auto top = TopOfRanks(ranks_, "g", 5);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[1].player_id, "c");  // the tie falls to At
  EXPECT_EQ(CompareBoardWithRanks("g", Board(top), top, 5), std::vector<std::string>{});
}

TEST_F(ExactCheckTest, MissingTombstonedAndExtraEntriesAreReported) {
  scores_.push_back(S("g", E("new", 1)));
  scores_.push_back(S("g", E("gone", 2)));
  ranks_.push_back(Live(config_, "g", E("ghost", 99)));
  const auto problems = CompareScoresWithRanks(scores_, ranks_, config_);
  EXPECT_TRUE(Mentions(problems, "g/new: score 1 in the scores table, no Ranks entry"));
  EXPECT_TRUE(Mentions(problems, "g/gone: score 2 in the scores table, a tombstone in Ranks"));
  EXPECT_TRUE(
      Mentions(problems, "g/ghost: live in Ranks (score 99), no score in the scores table"));
  EXPECT_EQ(problems.size(), 3u);
}

TEST_F(ExactCheckTest, ScoreNameAndRankKeyDifferencesAreReported) {
  scores_[0].entry.score = Score::FromInt(31);
  scores_[3].entry.player_name = "Anna";
  ranks_[1].rank_key = RankKeyFor(E("b", 20, 999));  // not the entry's own At
  const auto problems = CompareScoresWithRanks(scores_, ranks_, config_);
  EXPECT_TRUE(Mentions(problems, "g/a: score 31 in the scores table, 30 in Ranks"));
  EXPECT_TRUE(Mentions(problems, "h/a: name 'Anna' in the scores table, 'Ann' in Ranks"));
  EXPECT_TRUE(Mentions(problems, "g/b: RankKey does not encode"));
  EXPECT_EQ(problems.size(), 3u);
}

TEST_F(ExactCheckTest, UndecodableRanksItemIsReported) {
  ranks_[0].problem = "Seq is not a string";
  const auto problems = CompareScoresWithRanks(scores_, ranks_, config_);
  EXPECT_TRUE(Mentions(problems, "not a Ranks item: Seq is not a string"));
}

TEST_F(ExactCheckTest, BoardTieOrderIsJudgedExactly) {
  const auto top = TopOfRanks(ranks_, "g", 5);
  std::vector<Entry> swapped = top;
  std::swap(swapped[1], swapped[2]);  // b before c: same scores, wrong tie order
  const auto problems = CompareBoardWithRanks("g", Board(swapped), top, 5);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_TRUE(Mentions(problems, "g: rank 2: board has b (20"));
}

TEST_F(ExactCheckTest, BoardAtSizeAndLengthAreJudged) {
  auto top = TopOfRanks(ranks_, "g", 2);
  ASSERT_EQ(top.size(), 2u);
  std::vector<Entry> late = top;
  late[0].at_ms += 1;
  EXPECT_EQ(CompareBoardWithRanks("g", Board(late, 2), top, 2).size(), 1u);
  EXPECT_TRUE(Mentions(CompareBoardWithRanks("g", Board(top, 5), top, 2),
                       "g: board written for size 5, expected 2"));
  EXPECT_TRUE(Mentions(CompareBoardWithRanks("g", Board({top[0]}, 2), top, 2),
                       "g: rank 2: missing from the board, Ranks has c"));
  EXPECT_TRUE(
      Mentions(CompareBoardWithRanks("g", Board(top, 2), {top[0]}, 2),
               "g: rank 2: board has c (20, at 1970-01-01T00:00:01.000Z), Ranks has no one"));
}

TEST_F(ExactCheckTest, MissingBoardMattersOnlyWithLiveEntries) {
  EXPECT_TRUE(Mentions(CompareBoardWithRanks("g", StoredBoardView{}, TopOfRanks(ranks_, "g", 5), 5),
                       "g: no board, 3 live entries in Ranks"));
  EXPECT_TRUE(CompareBoardWithRanks("empty", StoredBoardView{}, {}, 5).empty());
  EXPECT_TRUE(CompareBoardWithRanks("empty", Board({}), {}, 5).empty());
  StoredBoardView bad = Board({});
  bad.problem = "Version is not a positive integer";
  EXPECT_TRUE(Mentions(CompareBoardWithRanks("g", bad, {}, 5), "g: malformed board"));
}

TEST_F(ExactCheckTest, TopOfRanksSkipsTombstonesAndOtherGamesAndCuts) {
  const auto top = TopOfRanks(ranks_, "g", 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].player_id, "a");
  EXPECT_EQ(top[1].player_id, "c");
  EXPECT_EQ(TopOfRanks(ranks_, "h", 5).size(), 1u);
  EXPECT_TRUE(TopOfRanks(ranks_, "none", 5).empty());
}

TEST(ExactCheckShardsTest, RankShardsSpreadAGameOverBoardKeys) {
  function::BoardConfig c;
  c.rank_shards = 4;
  std::vector<ScoresRow> scores;
  std::vector<RanksRow> ranks;
  std::set<std::string> keys;
  for (int i = 0; i < 40; ++i) {
    Entry e = E("p" + std::to_string(i), i);
    scores.push_back(S("g#x", e));  // a game id may itself contain '#'
    ranks.push_back(Live(c, "g#x", e));
    keys.insert(ranks.back().board);
    EXPECT_EQ(GameOfBoardKey(c, ranks.back().board), "g#x");
  }
  EXPECT_EQ(keys.size(), 4u);
  EXPECT_TRUE(CompareScoresWithRanks(scores, ranks, c).empty());
  // An entry under the wrong shard's key is both missing and extra.
  ranks[0].board = ranks[0].board == BoardKeyOfShard(c, "g#x", 0) ? BoardKeyOfShard(c, "g#x", 1)
                                                                  : BoardKeyOfShard(c, "g#x", 0);
  EXPECT_EQ(CompareScoresWithRanks(scores, ranks, c).size(), 2u);
  EXPECT_EQ(TopOfRanks(ranks, "g#x", 3)[0].player_id, "p39");
}

}  // namespace
}  // namespace sb::cli
