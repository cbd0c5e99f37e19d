#include "cli/reconcile.h"

#include <algorithm>
#include <map>
#include <utility>

#include "cli/board_check.h"
#include "cli/ranks_codec.h"
#include "cli/table_reads.h"
#include "function/board_item.h"
#include "leaderboard/board_key.h"
#include "leaderboard/count_tree.h"
#include "leaderboard/rank_key.h"
#include "leaderboard/rank_update.h"
#include "leaderboard/window.h"

namespace sb::cli {
namespace {

using protocol::AttributeValue;

constexpr int64_t kTombstoneLifetimeSeconds = 48 * 3600;  // past the stream's 24 h retention

bool IsConditionFailure(const protocol::ApiError& e) {
  return e.type == "ConditionalCheckFailedException";
}

// Nothing written, for a reason another run settles: a lost race, or (with counts) a
// transaction that collided with the function's.
bool IsSuperseded(const protocol::ApiError& e) {
  return IsConditionFailure(e) || e.type == function::kTransactionConflict;
}

// Rows of windowed boards (leaderboard/window.h) are left out of the Ranks repair and check:
// the scores table holds each player's latest score only, not what it was in past windows.
void DropWindowedRows(std::vector<RanksRow>* rows) {
  std::erase_if(*rows, [](const RanksRow& r) {
    return r.game.find(leaderboard::kWindowSeparator) != std::string::npos;
  });
}

// Same players, scores, names and At, in the same order.
bool SameEntries(const std::vector<leaderboard::Entry>& a,
                 const std::vector<leaderboard::Entry>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].player_id != b[i].player_id || !(a[i].score == b[i].score) ||
        a[i].player_name != b[i].player_name || a[i].at_ms != b[i].at_ms) {
      return false;
    }
  }
  return true;
}

}  // namespace

Reconciler::Reconciler(dynamo::DynamoDbClient& db, const function::BoardConfig& config,
                       const Clock& clock, std::function<void(const std::string&)> say)
    : db_(db), config_(config), clock_(clock), store_(db, config, clock), say_(std::move(say)) {}

protocol::ApiResult<std::set<std::string>> Reconciler::RepairRanks(
    const std::optional<std::string>& game, RanksRepairCounts* counts) {
  // Ranks before the scan: every entry of this snapshot is older than the scan.
  SB_ASSIGN_OR_RETURN(std::vector<RanksRow> ranks, ReadRanks(db_, config_, game));
  DropWindowedRows(&ranks);
  const int64_t now_ms = clock_.NowUnixMillis();
  SB_ASSIGN_OR_RETURN(std::vector<ScoresRow> scores, ReadScores(db_, config_, now_ms / 1000, game));
  std::set<std::string> games;
  std::map<std::pair<std::string, std::string>, const RanksRow*> stored;
  for (const RanksRow& r : ranks) {
    if (!r.problem.empty()) continue;
    stored[{r.board, r.entry.player_id}] = &r;
    games.insert(r.game);
  }
  std::set<std::pair<std::string, std::string>> scored;
  for (const ScoresRow& s : scores) {
    games.insert(s.game);
    const std::string board = BoardKeyFor(config_, s.game, s.entry.player_id);
    scored.insert({board, s.entry.player_id});
    if (stored.count({board, s.entry.player_id}) != 0) continue;
    leaderboard::RankRecord record{true, s.entry};
    record.entry.seq = PaddedSeq("");  // older than every stream record
    protocol::ApiStatus written =
        Write(board, record, function::RankExpectation{.exists = false, .seq = ""}, 0, std::nullopt,
              leaderboard::RankKey(record.entry));
    if (written.ok()) {
      ++counts->backfilled;
    } else if (IsSuperseded(written.error())) {
      ++counts->superseded;
    } else {
      return written.error();
    }
  }
  const int64_t expires_at_s = now_ms / 1000 + kTombstoneLifetimeSeconds;
  for (const auto& [key, row] : stored) {
    if (!row->live || scored.count(key) != 0) continue;
    leaderboard::RankRecord tombstone;
    tombstone.entry.player_id = row->entry.player_id;
    tombstone.entry.seq = row->seq;  // keeps its Seq: only newer records may replace it
    protocol::ApiStatus written =
        Write(row->board, tombstone, function::RankExpectation{.exists = true, .seq = row->seq},
              expires_at_s, row->rank_key, std::nullopt);
    if (written.ok()) {
      ++counts->removed;
    } else if (IsSuperseded(written.error())) {
      ++counts->superseded;
    } else {
      return written.error();
    }
  }
  if (!game.has_value()) {
    SB_ASSIGN_OR_RETURN(std::vector<std::string> boards, ListBoards(db_, config_));
    games.insert(boards.begin(), boards.end());
  } else {
    games.insert(*game);
  }
  return games;
}

protocol::ApiStatus Reconciler::Write(const std::string& board_key,
                                      const leaderboard::RankRecord& record,
                                      const function::RankExpectation& expected,
                                      int64_t expires_at_s,
                                      const std::optional<std::string>& old_key,
                                      const std::optional<std::string>& new_key) {
  if (config_.rank_count_depth == 0) {
    return store_.PutRank(board_key, record, expected, expires_at_s);
  }
  function::CountChanges changes;
  changes.deltas = leaderboard::CountMove(board_key, old_key, new_key, config_.rank_count_depth);
  return store_.MoveRank(board_key, record, expected, expires_at_s, changes);
}

protocol::ApiResult<BoardOutcome> Reconciler::RewriteBoard(const std::string& game) {
  const size_t n = config_.board_size;
  for (int attempt = 0; attempt < 5; ++attempt) {
    int64_t version = 0;
    // The version is read before the query: the function's cover rule relies on every board
    // writer doing so (docs/correctness.md).
    SB_ASSIGN_OR_RETURN(StoredBoardView stored, ReadStoredBoard(db_, config_, game, &version));
    SB_ASSIGN_OR_RETURN(std::vector<leaderboard::Entry> top, QueryTop(game, n));
    const bool malformed = stored.exists && !stored.problem.empty();
    if (!malformed && stored.exists && stored.size == n && SameEntries(stored.entries, top)) {
      say_(game + ": ok (" + std::to_string(top.size()) + " players, version " +
           std::to_string(version) + ")");
      return BoardOutcome::kUnchanged;
    }
    if (!stored.exists && top.empty()) {
      say_(game + ": no scores and no board");
      return BoardOutcome::kUnchanged;
    }
    leaderboard::Board board;
    board.game_id = game;
    board.entries = top;
    board.version = version + 1;
    board.size = n;
    protocol::ApiStatus written = store_.WriteBoard(board, version);
    if (written.ok()) {
      std::string what;
      if (malformed) {
        what = "rebuilt a malformed board (" + stored.problem + ")";
      } else if (stored.exists && stored.size != n) {
        what = "resized from " + std::to_string(stored.size) + " to " + std::to_string(n);
        const std::string change = DescribeChange(stored.entries, top);
        if (!change.empty()) what += ": " + change;
      } else {
        what = DescribeChange(stored.entries, top);
        if (what.empty()) what = "At corrected";
      }
      say_(game + ": " + (stored.exists ? "fixed" : "created") + ", version " +
           std::to_string(version) + " -> " + std::to_string(version + 1) + ": " + what);
      return BoardOutcome::kWritten;
    }
    if (!IsConditionFailure(written.error())) return written.error();
    // The function wrote the board meanwhile: read and query again.
  }
  say_(game + ": not written, the board kept changing (is the stream still draining?)");
  return BoardOutcome::kGaveUp;
}

protocol::ApiResult<std::vector<leaderboard::Entry>> Reconciler::QueryTop(const std::string& game,
                                                                          size_t n) {
  std::vector<leaderboard::Entry> top;
  for (const std::string& key : leaderboard::BoardKeys(game, config_.rank_shards)) {
    SB_ASSIGN_OR_RETURN(std::vector<leaderboard::Entry> part, store_.QueryTop(key, n));
    top.insert(top.end(), std::make_move_iterator(part.begin()),
               std::make_move_iterator(part.end()));
  }
  std::sort(top.begin(), top.end(), leaderboard::RanksBefore);
  if (top.size() > n) top.resize(n);
  return top;
}

protocol::ApiResult<StoredBoardView> ReadStoredBoard(dynamo::DynamoDbClient& db,
                                                     const function::BoardConfig& config,
                                                     const std::string& game, int64_t* version) {
  dynamo::GetItemRequest get;
  get.table_name = config.leaderboard_table;
  get.key = {{std::string(function::kGameIdAttribute), AttributeValue::S(game)}};
  get.consistent_read = true;
  SB_ASSIGN_OR_RETURN(dynamo::GetItemResult result, db.GetItem(get));
  *version = 0;
  if (!result.item.has_value()) return StoredBoardView{};
  return DecodeBoard(*result.item, version);
}

protocol::ApiResult<std::vector<std::string>> CheckExact(
    dynamo::DynamoDbClient& db, const function::BoardConfig& config, const Clock& clock,
    const std::optional<std::set<std::string>>& games) {
  std::optional<std::string> only;
  if (games.has_value() && games->size() == 1) only = *games->begin();
  SB_ASSIGN_OR_RETURN(std::vector<ScoresRow> scores,
                      ReadScores(db, config, clock.NowUnixMillis() / 1000, only));
  SB_ASSIGN_OR_RETURN(std::vector<RanksRow> ranks, ReadRanks(db, config, only));
  DropWindowedRows(&ranks);
  std::set<std::string> visit;
  if (games.has_value()) {
    visit = *games;
    std::erase_if(scores, [&](const ScoresRow& s) { return visit.count(s.game) == 0; });
    std::erase_if(ranks, [&](const RanksRow& r) { return visit.count(r.game) == 0; });
  } else {
    for (const ScoresRow& s : scores) visit.insert(s.game);
    for (const RanksRow& r : ranks) visit.insert(r.game);
    SB_ASSIGN_OR_RETURN(std::vector<std::string> boards, ListBoards(db, config));
    visit.insert(boards.begin(), boards.end());
  }
  std::vector<std::string> problems = CompareScoresWithRanks(scores, ranks, config);
  for (const std::string& game : visit) {
    int64_t version = 0;
    SB_ASSIGN_OR_RETURN(StoredBoardView board, ReadStoredBoard(db, config, game, &version));
    for (std::string& p : CompareBoardWithRanks(
             game, board, TopOfRanks(ranks, game, config.board_size), config.board_size)) {
      problems.push_back(std::move(p));
    }
  }
  return problems;
}

}  // namespace sb::cli
