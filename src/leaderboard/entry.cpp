#include "leaderboard/entry.h"

namespace sb::leaderboard {

bool RanksBefore(const Entry& a, const Entry& b) {
  if (auto c = a.score <=> b.score; c != 0) return c > 0;  // higher score first
  if (a.at_ms != b.at_ms) return a.at_ms < b.at_ms;        // reached it first
  return a.player_id < b.player_id;
}

}  // namespace sb::leaderboard
