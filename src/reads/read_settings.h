// ReadSettings: what the read side needs to know of a deployment, taken from its BoardConfig
// (function/board_config.h; one name per setting end to end). Value type; thread-compatible.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "function/board_config.h"
#include "leaderboard/count_tree.h"
#include "leaderboard/window.h"

namespace sb::reads {

struct ReadSettings {
  std::string leaderboard_table = "Leaderboard";
  std::string ranks_table = "Ranks";
  std::string rank_counts_table = "RankCounts";
  size_t rank_shards = 1;
  size_t rank_count_depth = leaderboard::kDefaultCountDepth;  // 0: no counts kept
  std::vector<leaderboard::WindowKind> windows{leaderboard::WindowKind::kAll};
  int window_retention_days = 35;
};

ReadSettings ReadSettingsFrom(const function::BoardConfig& board);

}  // namespace sb::reads
