// MemoryRankIndex: an in-memory RankIndex for tests. Entries are set per board key; the count
// tree is kept exactly as the function keeps it, by applying CountMove for every change.
// Thread-safe (one mutex), so RankReader may call it from a thread pool.
#pragma once

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

#include "leaderboard/count_tree.h"
#include "leaderboard/rank_key.h"
#include "reads/rank_index.h"

namespace sb::reads {

class MemoryRankIndex final : public RankIndex {
 public:
  explicit MemoryRankIndex(size_t depth) : depth_(depth) {}

  // Sets (entry) or removes (nullopt) `player`'s entry on `board_key`.
  void Set(const std::string& board_key, const std::string& player,
           const std::optional<leaderboard::Entry>& entry) {
    std::lock_guard<std::mutex> lock(mu_);
    auto& board = boards_[board_key];
    std::optional<std::string> old_key, new_key;
    if (auto it = board.by_player.find(player); it != board.by_player.end()) {
      old_key = it->second;
      board.by_key.erase(it->second);
      board.by_player.erase(it);
    }
    if (entry.has_value()) {
      new_key = leaderboard::RankKey(*entry);
      board.by_player[player] = *new_key;
      board.by_key[*new_key] = RankedEntry{*entry, *new_key};
    }
    if (depth_ > 0) {
      for (const auto& d : leaderboard::CountMove(board_key, old_key, new_key, depth_)) {
        counts_[d.node][static_cast<size_t>(d.child)] += d.delta;
      }
    }
  }

  protocol::ApiResult<std::optional<RankedEntry>> GetEntry(const std::string& board_key,
                                                           const std::string& player) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    auto b = boards_.find(board_key);
    if (b == boards_.end()) return std::optional<RankedEntry>();
    auto p = b->second.by_player.find(player);
    if (p == b->second.by_player.end()) return std::optional<RankedEntry>();
    return std::optional<RankedEntry>(b->second.by_key.at(p->second));
  }

  protocol::ApiResult<std::map<std::string, function::NodeCounts>> GetCountNodes(
      const std::vector<std::string>& nodes) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    ++batch_calls_;
    if (nodes.size() > 100) {
      return protocol::ApiError::Validation("Too many items requested");
    }
    std::map<std::string, function::NodeCounts> out;
    for (const auto& n : nodes) {
      auto it = counts_.find(n);
      out[n] = it == counts_.end() ? function::NodeCounts{} : it->second;
    }
    return out;
  }

  protocol::ApiResult<int64_t> CountRange(const std::string& board_key,
                                          const std::optional<std::string>& low,
                                          const std::optional<std::string>& high) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    auto b = boards_.find(board_key);
    if (b == boards_.end()) return int64_t{0};
    const auto& keys = b->second.by_key;
    auto first = low.has_value() ? keys.lower_bound(*low) : keys.begin();
    auto last = high.has_value() ? keys.upper_bound(*high) : keys.end();
    int64_t n = 0;
    for (auto it = first; it != last && (!high || it->first <= *high); ++it) ++n;
    counted_ += n;
    return n;
  }

  protocol::ApiResult<std::vector<RankedEntry>> Ranked(const std::string& board_key,
                                                       const std::optional<std::string>& from,
                                                       bool forward, size_t limit) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    std::vector<RankedEntry> out;
    auto b = boards_.find(board_key);
    if (b == boards_.end()) return out;
    const auto& keys = b->second.by_key;
    if (forward) {
      for (auto it = from ? keys.upper_bound(*from) : keys.begin();
           it != keys.end() && out.size() < limit; ++it) {
        out.push_back(it->second);
      }
    } else {
      auto it = keys.lower_bound(*from);
      while (it != keys.begin() && out.size() < limit) {
        --it;
        out.push_back(it->second);
      }
    }
    return out;
  }

  // Games that have an all-time board (ListGames).
  void AddGame(const std::string& game) {
    std::lock_guard<std::mutex> lock(mu_);
    games_.push_back(game);
  }
  protocol::ApiResult<std::vector<std::string>> ListGames(size_t max) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    return std::vector<std::string>(games_.begin(), games_.begin() + std::min(max, games_.size()));
  }

  int64_t calls() const { return calls_.load(); }
  int64_t batch_calls() const { return batch_calls_.load(); }
  int64_t counted() const { return counted_.load(); }  // entries CountRange walked over

 private:
  struct Board {
    std::map<std::string, std::string> by_player;  // player -> RankKey
    std::map<std::string, RankedEntry> by_key;
  };
  const size_t depth_;
  std::mutex mu_;
  std::map<std::string, Board> boards_;
  std::map<std::string, function::NodeCounts> counts_;
  std::vector<std::string> games_;
  std::atomic<int64_t> calls_{0}, batch_calls_{0}, counted_{0};
};

}  // namespace sb::reads
