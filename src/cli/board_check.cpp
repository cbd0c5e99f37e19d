#include "cli/board_check.h"

#include <algorithm>
#include <map>
#include <set>

namespace sb::cli {

using leaderboard::Entry;

bool SameRanking(const std::vector<Entry>& a, const std::vector<Entry>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].player_id != b[i].player_id || !(a[i].score == b[i].score) ||
        a[i].player_name != b[i].player_name) {
      return false;
    }
  }
  return true;
}

std::string DescribeChange(const std::vector<Entry>& before, const std::vector<Entry>& after) {
  if (SameRanking(before, after)) return "";
  std::map<std::string, const Entry*> old_entries;
  for (const Entry& e : before) old_entries[e.player_id] = &e;
  std::set<std::string> now;
  std::vector<std::string> parts;
  for (const Entry& e : after) {
    now.insert(e.player_id);
    auto it = old_entries.find(e.player_id);
    if (it == old_entries.end()) {
      parts.push_back("+" + e.player_id + "(" + e.score.ToString() + ")");
    } else if (!(it->second->score == e.score)) {
      parts.push_back(e.player_id + " " + it->second->score.ToString() + "->" + e.score.ToString());
    } else if (it->second->player_name != e.player_name) {
      parts.push_back(e.player_id + " renamed");
    }
  }
  for (const Entry& e : before) {
    if (now.count(e.player_id) == 0) parts.push_back("-" + e.player_id);
  }
  if (parts.empty()) return "reordered";
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

}  // namespace sb::cli
