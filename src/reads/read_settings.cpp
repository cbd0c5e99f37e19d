#include "reads/read_settings.h"

namespace sb::reads {

ReadSettings ReadSettingsFrom(const function::BoardConfig& board) {
  ReadSettings s;
  s.leaderboard_table = board.leaderboard_table;
  s.ranks_table = board.ranks_table;
  s.rank_counts_table = board.rank_counts_table;
  s.rank_shards = board.rank_shards;
  s.rank_count_depth = board.rank_count_depth;
  s.windows = function::ConfiguredWindows(board);
  s.window_retention_days = static_cast<int>(board.window_retention_days);
  return s;
}

}  // namespace sb::reads
