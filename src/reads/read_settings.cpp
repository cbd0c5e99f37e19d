#include "reads/read_settings.h"

namespace sb::reads {

ReadSettings ReadSettingsFrom(const function::BoardConfig& board) {
  ReadSettings s;
  s.leaderboard_table = board.leaderboard_table;
  s.ranks_table = board.ranks_table;
  s.rank_shards = board.rank_shards;
  return s;
}

}  // namespace sb::reads
