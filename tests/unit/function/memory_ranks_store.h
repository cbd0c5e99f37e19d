// MemoryRanksStore: an in-memory, strongly consistent RanksStore for handler tests, the
// interleaving test and the bench. Ranks items live in a map per board key; ByRank is an
// ordered map of live entries by their RankKey bytes (what DynamoDB's index does); boards
// are kept as written. Fault injection: `fail_at` fails the call with that 0-based ordinal
// (every operation counts) with an InternalServerError; `reject_boards` refuses board writes
// with a ValidationException. Thread-safe (one mutex).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "function/ranks_store.h"
#include "leaderboard/rank_key.h"
#include "leaderboard/sequence.h"

namespace sb::function::testing {

class MemoryRanksStore final : public RanksStore {
 public:
  struct Stored {
    leaderboard::RankRecord record;  // entry.seq padded, as DynamoRanksStore stores it
    int64_t expires_at_s = 0;
  };

  protocol::ApiResult<std::optional<leaderboard::RankRecord>> GetRank(
      const std::string& board_key, const std::string& player_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (Fault()) return protocol::ApiError::Internal("injected GetRank failure");
    auto b = ranks.find(board_key);
    if (b == ranks.end()) return std::optional<leaderboard::RankRecord>();
    auto p = b->second.find(player_id);
    if (p == b->second.end()) return std::optional<leaderboard::RankRecord>();
    return std::optional<leaderboard::RankRecord>(p->second.record);
  }

  protocol::ApiStatus PutRank(const std::string& board_key, const leaderboard::RankRecord& record,
                              const RankExpectation& expected, int64_t expires_at_s) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (Fault()) return protocol::ApiError::Internal("injected PutRank failure");
    if (!refuse_ranks_of.empty() && record.entry.player_id == refuse_ranks_of) {
      return protocol::ApiError{"ItemCollectionSizeLimitExceededException",
                                "Collection size exceeded.", 400, {}};
    }
    auto& board = ranks[board_key];
    auto p = board.find(record.entry.player_id);
    const bool exists = p != board.end();
    if (expected.blind) {
      if (exists) {
        const leaderboard::RankRecord& stored = p->second.record;
        const bool older = leaderboard::CompareSequenceNumbers(stored.entry.seq,
                                                               record.entry.seq) < 0;
        const bool keeps = expected.keep_same_score && stored.live &&
                           stored.entry.score == record.entry.score;
        if (!older || keeps) return protocol::ApiError::ConditionalCheckFailed();
      }
    } else if (exists != expected.exists ||
               (exists && p->second.record.entry.seq != expected.seq)) {
      return protocol::ApiError::ConditionalCheckFailed();
    }
    auto& index = by_rank_[board_key];
    if (exists && p->second.record.live) index.erase(leaderboard::RankKey(p->second.record.entry));
    Stored s{record, record.live ? 0 : expires_at_s};
    s.record.entry.seq = leaderboard::PadSequenceNumber(record.entry.seq);
    if (s.record.live) index[leaderboard::RankKey(s.record.entry)] = s.record.entry;
    board[record.entry.player_id] = std::move(s);
    ++ranks_puts;
    return {};
  }

  protocol::ApiResult<int64_t> ReadBoardVersion(const std::string& game_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (Fault()) return protocol::ApiError::Internal("injected ReadBoardVersion failure");
    auto it = boards.find(game_id);
    return it == boards.end() ? int64_t{0} : it->second.version;
  }

  protocol::ApiResult<std::vector<leaderboard::Entry>> QueryTop(const std::string& board_key,
                                                                size_t limit) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (Fault()) return protocol::ApiError::Internal("injected QueryTop failure");
    std::vector<leaderboard::Entry> out;
    if (auto b = by_rank_.find(board_key); b != by_rank_.end()) {
      for (auto it = b->second.begin(); it != b->second.end() && out.size() < limit; ++it) {
        out.push_back(it->second);
      }
    }
    return out;
  }

  protocol::ApiStatus WriteBoard(const leaderboard::Board& board,
                                 int64_t expected_version) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (Fault()) return protocol::ApiError::Internal("injected WriteBoard failure");
    if (reject_boards)
      return protocol::ApiError::Validation("Item size has exceeded the maximum allowed size");
    auto it = boards.find(board.game_id);
    const int64_t current = it == boards.end() ? 0 : it->second.version;
    if (current != expected_version) return protocol::ApiError::ConditionalCheckFailed();
    leaderboard::Board stored = board;
    for (leaderboard::Entry& e : stored.entries) e.seq.clear();  // the item stores no Seq
    boards[board.game_id] = std::move(stored);
    ++board_puts;
    return {};
  }

  // Test access (no fault injection, no counting).
  std::vector<leaderboard::Entry> Live(const std::string& board_key) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<leaderboard::Entry> out;
    for (const auto& [player, s] : ranks[board_key]) {
      if (s.record.live) out.push_back(s.record.entry);
    }
    return out;
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    ranks.clear();
    by_rank_.clear();
    boards.clear();
    fail_at = -1;
    reject_boards = false;
    refuse_ranks_of.clear();
    ranks_puts = board_puts = calls_ = 0;
  }
  int64_t calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

  std::map<std::string, std::map<std::string, Stored>> ranks;  // board key -> player -> item
  std::map<std::string, leaderboard::Board> boards;            // game -> board as written
  int64_t fail_at = -1;
  bool reject_boards = false;
  std::string refuse_ranks_of;  // non-empty: PutRank of this player fails for good
  int64_t ranks_puts = 0;
  int64_t board_puts = 0;

 private:
  bool Fault() { return calls_++ == fail_at; }

  std::mutex mu_;
  int64_t calls_ = 0;
  // ByRank: board key -> RankKey bytes -> live entry (std::string orders bytes unsigned).
  std::map<std::string, std::map<std::string, leaderboard::Entry>> by_rank_;
};

}  // namespace sb::function::testing
