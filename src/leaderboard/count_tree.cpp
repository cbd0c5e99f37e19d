#include "leaderboard/count_tree.h"

#include <algorithm>
#include <map>

namespace sb::leaderboard {

std::string CountKey(std::string_view rank_key, size_t depth) {
  std::string out(rank_key.substr(0, depth));
  out.resize(depth, '\0');
  return out;
}

std::string CountNode(std::string_view board_key, std::string_view prefix) {
  std::string node;
  node.reserve(2 + board_key.size() + prefix.size());
  node.push_back(static_cast<char>((board_key.size() >> 8) & 0xFF));
  node.push_back(static_cast<char>(board_key.size() & 0xFF));
  node.append(board_key);
  node.append(prefix);
  return node;
}

namespace {

void AddPath(std::map<std::pair<std::string, int>, int64_t>* deltas, std::string_view board_key,
             const std::string& count_key, size_t from, int64_t delta) {
  for (size_t d = from; d < count_key.size(); ++d) {
    const int child = static_cast<unsigned char>(count_key[d]);
    (*deltas)[{CountNode(board_key, std::string_view(count_key).substr(0, d)), child}] += delta;
  }
}

}  // namespace

std::vector<CountDelta> CountMove(std::string_view board_key,
                                  const std::optional<std::string>& old_key,
                                  const std::optional<std::string>& new_key, size_t depth) {
  std::optional<std::string> from, to;
  if (old_key) from = CountKey(*old_key, depth);
  if (new_key) to = CountKey(*new_key, depth);
  size_t shared = 0;
  if (from && to) {
    auto [a, b] = std::mismatch(from->begin(), from->end(), to->begin(), to->end());
    shared = static_cast<size_t>(a - from->begin());
  }
  std::map<std::pair<std::string, int>, int64_t> deltas;
  if (from) AddPath(&deltas, board_key, *from, shared, -1);
  if (to) AddPath(&deltas, board_key, *to, shared, +1);
  std::vector<CountDelta> out;
  for (auto& [key, delta] : deltas) {
    if (delta != 0) out.push_back(CountDelta{key.first, key.second, delta});
  }
  return out;
}

RankPlan PlanRank(std::string_view board_key, std::string_view key, size_t depth) {
  const std::string count_key = CountKey(key, depth);
  RankPlan plan;
  plan.levels.reserve(depth);
  for (size_t d = 0; d < depth; ++d) {
    plan.levels.emplace_back(CountNode(board_key, std::string_view(count_key).substr(0, d)),
                             static_cast<unsigned char>(count_key[d]));
  }
  // The least key whose CountKey is count_key: count_key without its trailing 0x00 padding.
  size_t n = count_key.size();
  while (n > 1 && count_key[n - 1] == '\0') --n;
  plan.leaf_low = count_key.substr(0, n);
  return plan;
}

}  // namespace sb::leaderboard
