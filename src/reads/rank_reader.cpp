#include "reads/rank_reader.h"

#include <algorithm>
#include <functional>
#include <mutex>

#include "leaderboard/board_key.h"
#include "leaderboard/count_tree.h"
#include "reads/page_token.h"

namespace sb::reads {
namespace {

using protocol::ApiError;
using protocol::ApiResult;

constexpr size_t kNodesPerBatch = 100;  // BatchGetItem's limit

ApiError Invalid(std::string message) {
  return ApiError::Validation(std::move(message));
}

// One round of independent reads: tasks queued, then run together by one RunAll; the first
// error any of them met is kept.
class Round {
 public:
  Round(RankIndex& index, function::Executor& executor) : index_(index), executor_(executor) {}

  void Add(std::function<ApiResult<bool>()> task) {
    tasks_.push_back([this, task = std::move(task)] {
      ApiResult<bool> r = task();
      if (!r.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!error_.has_value()) error_ = r.error();
      }
    });
  }

  // Reads the counts of `nodes` (duplicates allowed), at most 100 distinct per BatchGetItem.
  void AddNodes(const std::vector<std::string>& nodes) {
    std::vector<std::string> unique = nodes;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    for (size_t i = 0; i < unique.size(); i += kNodesPerBatch) {
      const size_t end = std::min(unique.size(), i + kNodesPerBatch);
      std::vector<std::string> chunk(unique.begin() + static_cast<std::ptrdiff_t>(i),
                                     unique.begin() + static_cast<std::ptrdiff_t>(end));
      Add([this, chunk = std::move(chunk)]() -> ApiResult<bool> {
        SB_ASSIGN_OR_RETURN(auto got, index_.GetCountNodes(chunk));
        std::lock_guard<std::mutex> lock(mu_);
        counts_.merge(got);
        return true;
      });
    }
  }

  protocol::ApiStatus Run() {
    executor_.RunAll(std::move(tasks_));
    tasks_.clear();
    if (error_.has_value()) return *error_;
    return {};
  }

  // After Run: a node's counts (zeros for a node without an item).
  const function::NodeCounts& counts(const std::string& node) { return counts_[node]; }

 private:
  RankIndex& index_;
  function::Executor& executor_;
  std::vector<std::function<void()>> tasks_;
  std::mutex mu_;
  std::optional<ApiError> error_;
  std::map<std::string, function::NodeCounts> counts_;
};

int64_t SumBelow(const function::NodeCounts& counts, int child) {
  int64_t sum = 0;
  for (int c = 0; c < child; ++c) sum += counts[static_cast<size_t>(c)];
  return sum;
}

// The number of live entries of `boards`: the sum of their roots' counts (read by `round`),
// or, with depth 0, of counting queries.
class TotalReads {
 public:
  TotalReads(RankIndex& index, size_t depth, const std::vector<std::string>& boards, Round& round)
      : depth_(depth), boards_(boards), per_board_(boards.size(), 0) {
    if (depth_ > 0) {
      std::vector<std::string> roots;
      for (const std::string& b : boards_) roots.push_back(leaderboard::CountRoot(b));
      round.AddNodes(roots);
      return;
    }
    for (size_t i = 0; i < boards_.size(); ++i) {
      round.Add([this, &index, i]() -> ApiResult<bool> {
        SB_ASSIGN_OR_RETURN(per_board_[i], index.CountRange(boards_[i], std::nullopt, std::nullopt));
        return true;
      });
    }
  }
  // After the round ran.
  int64_t Total(Round& round) const {
    int64_t total = 0;
    for (size_t i = 0; i < boards_.size(); ++i) {
      total += depth_ > 0 ? SumBelow(round.counts(leaderboard::CountRoot(boards_[i])), 256)
                          : per_board_[i];
    }
    return total;
  }

 private:
  const size_t depth_;
  const std::vector<std::string>& boards_;
  std::vector<int64_t> per_board_;
};

bool KeyLess(const RankedEntry& a, const RankedEntry& b) { return a.rank_key < b.rank_key; }

}  // namespace

ApiResult<std::optional<PlayerRank>> RankReader::Rank(const std::string& game,
                                                      const leaderboard::Window& window,
                                                      const std::string& player, size_t around) {
  if (around > kMaxAround) {
    return Invalid("around must be at most " + std::to_string(kMaxAround));
  }
  const std::string windowed = leaderboard::WindowedGame(game, window);
  const std::vector<std::string> boards = leaderboard::BoardKeys(windowed, shards_);
  const std::string own = leaderboard::BoardKey(windowed, player, shards_);
  SB_ASSIGN_OR_RETURN(std::optional<RankedEntry> entry, index_.GetEntry(own, player));
  if (!entry.has_value()) return std::optional<PlayerRank>();
  const std::string& key = entry->rank_key;

  // Everything else depends only on `key`: one round of concurrent reads.
  const size_t k = boards.size();
  Round round(index_, executor_);
  std::vector<leaderboard::RankPlan> plans;
  if (depth_ > 0) {
    std::vector<std::string> nodes;
    for (const std::string& b : boards) {
      plans.push_back(leaderboard::PlanRank(b, key, depth_));
      for (const auto& [node, child] : plans.back().levels) nodes.push_back(node);
    }
    round.AddNodes(nodes);  // the roots, whose sums are the totals, are among them
  }
  std::optional<TotalReads> totals;  // depth > 0: the roots' sums, read with the plans
  if (depth_ == 0) totals.emplace(index_, depth_, boards, round);
  std::vector<int64_t> leaf(k, 0);
  std::vector<std::vector<RankedEntry>> up(k), down(k);
  for (size_t i = 0; i < k; ++i) {
    round.Add([&, i]() -> ApiResult<bool> {
      std::optional<std::string> low;
      if (depth_ > 0) low = plans[i].leaf_low;
      SB_ASSIGN_OR_RETURN(leaf[i], index_.CountRange(boards[i], low, key));
      return true;
    });
    if (around > 0) {
      round.Add([&, i]() -> ApiResult<bool> {
        SB_ASSIGN_OR_RETURN(up[i], index_.Ranked(boards[i], key, /*forward=*/false, around));
        return true;
      });
      round.Add([&, i]() -> ApiResult<bool> {
        SB_ASSIGN_OR_RETURN(down[i], index_.Ranked(boards[i], key, /*forward=*/true, around));
        return true;
      });
    }
  }
  SB_TRY_STATUS(round.Run());

  PlayerRank out;
  int64_t before = 0;
  for (size_t i = 0; i < k; ++i) {
    if (depth_ > 0) {
      for (const auto& [node, child] : plans[i].levels) before += SumBelow(round.counts(node), child);
      out.total += SumBelow(round.counts(leaderboard::CountRoot(boards[i])), 256);
    }
    before += leaf[i];
    if (boards[i] == own) before -= 1;  // the range count includes the player's own key
  }
  if (totals.has_value()) out.total = totals->Total(round);
  out.player = RankedPlayer{1 + before, std::move(entry->entry)};

  std::vector<RankedEntry> above, below;
  for (size_t i = 0; i < k; ++i) {
    above.insert(above.end(), up[i].begin(), up[i].end());
    below.insert(below.end(), down[i].begin(), down[i].end());
  }
  std::sort(above.begin(), above.end(), [](const auto& a, const auto& b) { return KeyLess(b, a); });
  std::sort(below.begin(), below.end(), KeyLess);
  for (size_t d = 0; d < around && d < above.size(); ++d) {
    out.above.push_back(
        RankedPlayer{out.player.rank - static_cast<int64_t>(d + 1), std::move(above[d].entry)});
  }
  for (size_t d = 0; d < around && d < below.size(); ++d) {
    out.below.push_back(
        RankedPlayer{out.player.rank + static_cast<int64_t>(d + 1), std::move(below[d].entry)});
  }
  return std::optional<PlayerRank>(std::move(out));
}

ApiResult<int64_t> RankReader::Total(const std::string& game, const leaderboard::Window& window) {
  const std::vector<std::string> boards =
      leaderboard::BoardKeys(leaderboard::WindowedGame(game, window), shards_);
  Round round(index_, executor_);
  TotalReads totals(index_, depth_, boards, round);
  SB_TRY_STATUS(round.Run());
  return totals.Total(round);
}

ApiResult<std::vector<int64_t>> RankReader::CheapTotals(const std::vector<std::string>& games,
                                                       const leaderboard::Window& window) {
  std::vector<int64_t> out;
  if (depth_ == 0 || games.empty()) return out;
  std::vector<std::vector<std::string>> boards;
  std::vector<std::string> roots;
  for (const std::string& g : games) {
    boards.push_back(leaderboard::BoardKeys(leaderboard::WindowedGame(g, window), shards_));
    for (const std::string& b : boards.back()) roots.push_back(leaderboard::CountRoot(b));
  }
  Round round(index_, executor_);
  round.AddNodes(roots);
  SB_TRY_STATUS(round.Run());
  for (const auto& game_boards : boards) {
    int64_t total = 0;
    for (const std::string& b : game_boards) {
      total += SumBelow(round.counts(leaderboard::CountRoot(b)), 256);
    }
    out.push_back(total);
  }
  return out;
}

ApiResult<TopPage> RankReader::Top(const std::string& game, const leaderboard::Window& window,
                                   size_t limit, const std::string& page_token) {
  if (limit < 1 || limit > kMaxTopLimit) {
    return Invalid("limit must be from 1 to " + std::to_string(kMaxTopLimit));
  }
  PageToken token;
  std::optional<std::string> from;
  if (!page_token.empty()) {
    Result<PageToken> decoded = DecodePageToken(page_token);
    if (!decoded.ok()) return Invalid(decoded.error().message);
    token = std::move(decoded).value();
    from = token.last_key;
  }
  const std::vector<std::string> boards =
      leaderboard::BoardKeys(leaderboard::WindowedGame(game, window), shards_);
  Round round(index_, executor_);
  TotalReads totals(index_, depth_, boards, round);
  std::vector<std::vector<RankedEntry>> pages(boards.size());
  for (size_t i = 0; i < boards.size(); ++i) {
    round.Add([&, i]() -> ApiResult<bool> {
      // One more than asked for: tells whether a next page exists.
      SB_ASSIGN_OR_RETURN(pages[i], index_.Ranked(boards[i], from, /*forward=*/true, limit + 1));
      return true;
    });
  }
  SB_TRY_STATUS(round.Run());

  std::vector<RankedEntry> merged;
  for (auto& p : pages) merged.insert(merged.end(), p.begin(), p.end());
  std::sort(merged.begin(), merged.end(), KeyLess);
  TopPage out;
  out.total = totals.Total(round);
  const size_t n = std::min(limit, merged.size());
  for (size_t i = 0; i < n; ++i) {
    out.entries.push_back(
        RankedPlayer{token.offset + static_cast<int64_t>(i) + 1, std::move(merged[i].entry)});
  }
  if (merged.size() > limit) {
    out.next_token = EncodePageToken(
        PageToken{token.offset + static_cast<int64_t>(n), merged[n - 1].rank_key});
  }
  return out;
}

}  // namespace sb::reads
