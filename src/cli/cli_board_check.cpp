#include "cli/cli_board_check.h"

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

std::vector<std::string> CheckBoard(const std::vector<Entry>& board, std::vector<Entry> rows,
                                    size_t n) {
  std::vector<std::string> problems;
  std::sort(rows.begin(), rows.end(), leaderboard::RanksBefore);
  std::map<std::string, const Entry*> table;
  for (const Entry& r : rows) table.emplace(r.player_id, &r);
  const size_t expected = std::min(n, rows.size());
  if (board.size() != expected) {
    problems.push_back("has " + std::to_string(board.size()) + " entries, expected " +
                       std::to_string(expected));
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < board.size(); ++i) {
    const Entry& e = board[i];
    const std::string at = "rank " + std::to_string(i + 1) + " (" + e.player_id + ")";
    if (!seen.insert(e.player_id).second) problems.push_back(at + ": listed twice");
    auto it = table.find(e.player_id);
    if (it == table.end()) {
      problems.push_back(at + ": " + e.score.ToString() + " on the board, no score in the table");
      continue;
    }
    if (!(it->second->score == e.score)) {
      problems.push_back(at + ": " + e.score.ToString() + " on the board, " +
                         it->second->score.ToString() + " in the table");
    }
    if (it->second->player_name != e.player_name) {
      problems.push_back(at + ": name '" + e.player_name + "' on the board, '" +
                         it->second->player_name + "' in the table");
    }
    if (i < expected && !(rows[i].score == e.score)) {
      problems.push_back(at + ": score " + e.score.ToString() + ", expected " +
                         rows[i].score.ToString() + " (" + rows[i].player_id + ")");
    }
  }
  for (size_t i = board.size(); i < expected; ++i) {
    problems.push_back("rank " + std::to_string(i + 1) + ": missing, expected " +
                       rows[i].player_id + " (" + rows[i].score.ToString() + ")");
  }
  return problems;
}

}  // namespace sb::cli
