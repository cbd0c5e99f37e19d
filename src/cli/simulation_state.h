// SimulationState: what `streamboard simulate`'s writer threads, progress display and latency
// poller share: the acknowledged score of every (game, player) the simulation wrote, the
// players whose state is unknown after a failed write, the pending write-to-board latency
// samples, and the error counters. See simulate_command.cpp for how samples are taken and
// resolved. Thread-safe: every member may be used from any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/board_view.h"
#include "cli/table_reads.h"
#include "protocol/dynamodb/number.h"

namespace sb::cli {

struct Key {
  std::string game;
  std::string player;
  auto operator<=>(const Key&) const = default;
};

struct Sample {
  std::string player;
  protocol::Number score;
  std::chrono::steady_clock::time_point sent;
};

class SimulationState {
 public:
  SimulationState(size_t board_size, double sample_share) : n_(board_size), share_(sample_share) {}

  std::optional<protocol::Number> Get(const Key& key) {
    std::lock_guard lock(mu_);
    auto g = scores_.find(key.game);
    if (g == scores_.end()) return std::nullopt;
    auto p = g->second.find(key.player);
    if (p == g->second.end()) return std::nullopt;
    return p->second;
  }
  void Load(const GameRows& rows, const std::set<std::string>& games) {
    std::lock_guard lock(mu_);
    for (const auto& [game, entries] : rows) {
      if (games.count(game) == 0) continue;
      for (const auto& e : entries) {
        Result<protocol::Number> n = protocol::Number::Parse(e.score.ToString());
        if (n.ok()) scores_[game][e.player_id] = *n;
      }
    }
  }
  // Records the acknowledged state of `key` (nullopt: deleted); with `sampled`, registers a
  // latency sample if the player now sits on the true top N with a new score.
  void Record(const Key& key, const std::optional<protocol::Number>& now, bool sampled,
              std::chrono::steady_clock::time_point sent) {
    std::lock_guard lock(mu_);
    auto& game = scores_[key.game];
    std::optional<protocol::Number> before;
    if (auto it = game.find(key.player); it != game.end()) before = it->second;
    if (now.has_value()) {
      game[key.player] = *now;
    } else {
      game.erase(key.player);
    }
    auto& pending = pending_[key.game];
    if (pending.erase(key.player) > 0) ++superseded_;
    if (!sampled || !now.has_value() || (before.has_value() && *before == *now)) return;
    size_t higher = 0;
    for (const auto& [player, score] : game) higher += score > *now;
    if (higher >= n_) return;
    pending[key.player] = Sample{key.player, *now, sent};
  }
  std::map<std::string, std::map<std::string, protocol::Number>> Scores() {
    std::lock_guard lock(mu_);
    return scores_;
  }
  void MarkUnknown(const Key& key) {
    std::lock_guard lock(mu_);
    unknown_.insert(key);
    pending_[key.game].erase(key.player);
  }
  bool IsUnknown(const Key& key) {
    std::lock_guard lock(mu_);
    return unknown_.count(key) != 0;
  }
  std::vector<std::string> GamesWithSamples() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& [game, pending] : pending_) {
      if (!pending.empty()) out.push_back(game);
    }
    return out;
  }
  // Resolves the pending samples of `board`'s game that it shows, at `seen`.
  void Resolve(const BoardView& view, std::chrono::steady_clock::time_point seen) {
    std::lock_guard lock(mu_);
    auto& pending = pending_[view.game];
    for (const leaderboard::Entry& e : view.board.entries) {
      auto it = pending.find(e.player_id);
      if (it == pending.end() || e.score.ToString() != it->second.score.ToString()) continue;
      latencies_ms_.push_back(
          std::chrono::duration<double, std::milli>(seen - it->second.sent).count());
      pending.erase(it);
    }
  }
  struct LatencyReport {
    std::vector<double> sorted_ms;
    int64_t superseded = 0;
    size_t unresolved = 0;
  };
  LatencyReport Latency() {
    std::lock_guard lock(mu_);
    LatencyReport r;
    r.sorted_ms = latencies_ms_;
    std::sort(r.sorted_ms.begin(), r.sorted_ms.end());
    r.superseded = superseded_;
    for (const auto& [game, pending] : pending_) r.unresolved += pending.size();
    return r;
  }
  double share() const { return share_; }

  std::atomic<int64_t> writes{0};
  std::atomic<int64_t> errors{0};
  std::atomic<int64_t> by_op[4] = {0, 0, 0, 0};
  std::mutex error_mu;
  std::vector<std::string> first_errors;

  void AddError(std::string text) {
    ++errors;
    std::lock_guard lock(error_mu);
    if (first_errors.size() < 5) first_errors.push_back(std::move(text));
  }

 private:
  const size_t n_;
  const double share_;
  std::mutex mu_;
  std::map<std::string, std::map<std::string, protocol::Number>> scores_;
  std::set<Key> unknown_;
  std::map<std::string, std::map<std::string, Sample>> pending_;
  std::vector<double> latencies_ms_;
  int64_t superseded_ = 0;
};

}  // namespace sb::cli
