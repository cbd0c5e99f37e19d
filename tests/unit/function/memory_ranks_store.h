// MemoryRanksStore: an in-memory, strongly consistent RanksStore for handler tests, the
// interleaving test and the bench. Ranks items live in a map per board key; ByRank is an
// ordered map of live entries by their RankKey bytes (what DynamoDB's index does); boards
// are kept as written; RankCounts node items are a map of counters per node, changed by MoveRank
// in the same critical section as its Ranks write (the transaction). Fault injection:
// `fail_at` fails the call with that 0-based ordinal (every operation counts) with an
// InternalServerError; `reject_boards` refuses board writes with a ValidationException;
// `conflicting_moves` cancels that many next MoveRank calls with TransactionConflict.
// Test access: CountsMismatch (the count invariant against a brute-force histogram of the live
// entries) and EntriesBefore (a rank computed from the counts, as a reader would).
// Thread-safe (one mutex).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "function/ranks_store.h"
#include "leaderboard/count_tree.h"
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
    return CheckAndPut(board_key, record, expected, expires_at_s);
  }

  protocol::ApiStatus MoveRank(const std::string& board_key, const leaderboard::RankRecord& record,
                               const RankExpectation& expected, int64_t expires_at_s,
                               const CountChanges& changes) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (Fault()) return protocol::ApiError::Internal("injected MoveRank failure");
    if (conflicting_moves > 0) {
      --conflicting_moves;
      return protocol::ApiError{
          std::string(kTransactionConflict), "injected conflict", 400, {}, {}};
    }
    if (expected.blind) return protocol::ApiError::Validation("MoveRank needs a read first");
    protocol::ApiStatus put = CheckAndPut(board_key, record, expected, expires_at_s);
    if (!put.ok()) return put;  // nothing written: the transaction is cancelled as a whole
    std::string last;
    for (const leaderboard::CountDelta& d : changes.deltas) {
      counts[d.node][d.child] += d.delta;
      if (changes.expires_at_s > 0) node_expires_at[d.node] = changes.expires_at_s;
      if (d.node != last) ++node_updates;
      last = d.node;
    }
    ++moves;
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

  // "" when every counter equals the number of live entries of its board key whose CountKey
  // (at `depth`) starts with the node's prefix ++ child -- counted from the Ranks items -- and
  // no other counter is non-zero; else the first difference.
  std::string CountsMismatch(size_t depth) {
    std::lock_guard<std::mutex> lock(mu_);
    std::map<std::string, std::map<int, int64_t>> want;
    for (const auto& [board_key, players] : ranks) {
      for (const auto& [player, s] : players) {
        if (!s.record.live) continue;
        const std::string ck = leaderboard::CountKey(leaderboard::RankKey(s.record.entry), depth);
        for (size_t d = 0; d < depth; ++d) {
          ++want[leaderboard::CountNode(board_key, ck.substr(0, d))]
                [static_cast<unsigned char>(ck[d])];
        }
      }
    }
    auto describe = [](const std::string& node, int child) {
      std::string hex;
      for (unsigned char c : node)
        hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
      return "node " + hex + " child " + std::to_string(child);
    };
    for (const auto& [node, children] : counts) {
      for (const auto& [child, n] : children) {
        int64_t w = 0;
        if (auto it = want.find(node); it != want.end()) {
          if (auto c = it->second.find(child); c != it->second.end()) w = c->second;
        }
        if (n != w) {
          return describe(node, child) + ": count " + std::to_string(n) + ", live entries " +
                 std::to_string(w);
        }
      }
    }
    for (const auto& [node, children] : want) {
      for (const auto& [child, w] : children) {
        int64_t n = 0;
        if (auto it = counts.find(node); it != counts.end()) {
          if (auto c = it->second.find(child); c != it->second.end()) n = c->second;
        }
        if (n != w) {
          return describe(node, child) + ": count " + std::to_string(n) + ", live entries " +
                 std::to_string(w);
        }
      }
    }
    return "";
  }

  // The number of live entries of `board_key` before RankKey `key`, computed as a reader does
  // (count_tree.h): the counters of PlanRank's levels below each child, plus the ByRank range
  // count over [leaf_low, key], minus `key` itself when it is live. REQUIRES: depth >= 1.
  int64_t EntriesBefore(const std::string& board_key, const std::string& key, size_t depth) {
    std::lock_guard<std::mutex> lock(mu_);
    const leaderboard::RankPlan plan = leaderboard::PlanRank(board_key, key, depth);
    int64_t before = 0;
    for (const auto& [node, child] : plan.levels) {
      if (auto it = counts.find(node); it != counts.end()) {
        for (const auto& [c, n] : it->second) {
          if (c < child) before += n;
        }
      }
    }
    if (auto b = by_rank_.find(board_key); b != by_rank_.end()) {
      for (auto it = b->second.lower_bound(plan.leaf_low);
           it != b->second.end() && it->first <= key; ++it) {
        if (it->first != key) ++before;
      }
    }
    return before;
  }
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
    counts.clear();
    node_expires_at.clear();
    conflicting_moves = 0;
    ranks_puts = board_puts = calls_ = moves = node_updates = 0;
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
  int64_t ranks_puts = 0;       // Ranks items written (PutRank and MoveRank)
  int64_t board_puts = 0;
  // RankCounts: node -> child -> count (a missing counter is 0), and each node's ExpiresAt.
  std::map<std::string, std::map<int, int64_t>> counts;
  std::map<std::string, int64_t> node_expires_at;
  int64_t conflicting_moves = 0;  // the next N MoveRank calls are cancelled: TransactionConflict
  int64_t moves = 0;              // MoveRank transactions committed
  int64_t node_updates = 0;       // node items updated by them

 private:
  bool Fault() { return calls_++ == fail_at; }

  // PutRank's condition and write. REQUIRES: mu_ held.
  protocol::ApiStatus CheckAndPut(const std::string& board_key,
                                  const leaderboard::RankRecord& record,
                                  const RankExpectation& expected, int64_t expires_at_s) {
    if (!refuse_ranks_of.empty() && record.entry.player_id == refuse_ranks_of) {
      return protocol::ApiError{
          "ItemCollectionSizeLimitExceededException", "Collection size exceeded.", 400, {}};
    }
    auto& board = ranks[board_key];
    auto p = board.find(record.entry.player_id);
    const bool exists = p != board.end();
    if (expected.blind) {
      if (exists) {
        const leaderboard::RankRecord& stored = p->second.record;
        const bool older =
            leaderboard::CompareSequenceNumbers(stored.entry.seq, record.entry.seq) < 0;
        const bool keeps =
            expected.keep_same_score && stored.live && stored.entry.score == record.entry.score;
        if (!older || keeps) return protocol::ApiError::ConditionalCheckFailed();
      }
    } else if (exists != expected.exists ||
               (exists && p->second.record.entry.seq != expected.seq)) {
      return protocol::ApiError::ConditionalCheckFailed();
    }
    auto& index = by_rank_[board_key];
    if (exists && p->second.record.live) index.erase(leaderboard::RankKey(p->second.record.entry));
    Stored s{record, expires_at_s};
    s.record.entry.seq = leaderboard::PadSequenceNumber(record.entry.seq);
    if (s.record.live) index[leaderboard::RankKey(s.record.entry)] = s.record.entry;
    board[record.entry.player_id] = std::move(s);
    ++ranks_puts;
    return {};
  }

  std::mutex mu_;
  int64_t calls_ = 0;
  // ByRank: board key -> RankKey bytes -> live entry (std::string orders bytes unsigned).
  std::map<std::string, std::map<std::string, leaderboard::Entry>> by_rank_;
};

}  // namespace sb::function::testing
