#include "cli/exact_check.h"

#include <algorithm>
#include <set>
#include <utility>

#include "base/clock.h"
#include "cli/ranks_codec.h"

namespace sb::cli {
namespace {

using leaderboard::Entry;

std::string Describe(const Entry& e) {
  std::string out = e.player_id + " (" + e.score.ToString();
  if (!e.player_name.empty()) out += ", '" + e.player_name + "'";
  return out + ", at " + FormatIso8601Millis(e.at_ms) + ")";
}

}  // namespace

std::vector<std::string> CompareScoresWithRanks(const std::vector<ScoresRow>& scores,
                                                const std::vector<RanksRow>& ranks,
                                                const function::BoardConfig& config) {
  std::vector<std::string> problems;
  std::map<std::pair<std::string, std::string>, const RanksRow*> by_key;
  for (const RanksRow& r : ranks) {
    const std::string where = r.board + "/" + r.entry.player_id;
    if (!r.problem.empty()) {
      problems.push_back(where + ": not a Ranks item: " + r.problem);
      continue;
    }
    by_key[{r.board, r.entry.player_id}] = &r;
  }
  std::set<std::pair<std::string, std::string>> matched;
  for (const ScoresRow& s : scores) {
    const std::string board = BoardKeyFor(config, s.game, s.entry.player_id);
    const std::string where = s.game + "/" + s.entry.player_id;
    const std::string score = s.entry.score.ToString();
    auto it = by_key.find({board, s.entry.player_id});
    if (it == by_key.end()) {
      problems.push_back(where + ": score " + score + " in the scores table, no Ranks entry");
      continue;
    }
    matched.insert(it->first);
    const RanksRow& r = *it->second;
    if (!r.live) {
      problems.push_back(where + ": score " + score + " in the scores table, a tombstone in Ranks");
      continue;
    }
    if (!(r.entry.score == s.entry.score)) {
      problems.push_back(where + ": score " + score + " in the scores table, " +
                         r.entry.score.ToString() + " in Ranks");
    }
    if (r.entry.player_name != s.entry.player_name) {
      problems.push_back(where + ": name '" + s.entry.player_name + "' in the scores table, '" +
                         r.entry.player_name + "' in Ranks");
    }
    if (r.rank_key != RankKeyFor(r.entry)) {
      problems.push_back(where + ": RankKey does not encode the entry's score, At and player");
    }
  }
  for (const RanksRow& r : ranks) {
    if (!r.problem.empty() || !r.live || matched.count({r.board, r.entry.player_id}) != 0) continue;
    problems.push_back(r.board + "/" + r.entry.player_id + ": live in Ranks (score " +
                       r.entry.score.ToString() + "), no score in the scores table");
  }
  return problems;
}

std::vector<Entry> TopOfRanks(const std::vector<RanksRow>& ranks, const std::string& game,
                              size_t n) {
  std::vector<Entry> top;
  for (const RanksRow& r : ranks) {
    if (r.live && r.problem.empty() && r.game == game) top.push_back(r.entry);
  }
  std::sort(top.begin(), top.end(), leaderboard::RanksBefore);
  if (top.size() > n) top.resize(n);
  return top;
}

std::vector<std::string> CompareBoardWithRanks(const std::string& game,
                                               const StoredBoardView& board,
                                               const std::vector<Entry>& top, size_t n) {
  std::vector<std::string> problems;
  if (!board.exists) {
    if (!top.empty()) {
      problems.push_back(game + ": no board, " + std::to_string(top.size()) +
                         " live entries in Ranks");
    }
    return problems;
  }
  if (!board.problem.empty()) {
    problems.push_back(game + ": malformed board: " + board.problem);
    return problems;
  }
  if (board.size != n) {
    problems.push_back(game + ": board written for size " + std::to_string(board.size) +
                       ", expected " + std::to_string(n));
  }
  const size_t ranks = std::max(board.entries.size(), top.size());
  for (size_t i = 0; i < ranks; ++i) {
    const std::string at = game + ": rank " + std::to_string(i + 1) + ": ";
    if (i >= board.entries.size()) {
      problems.push_back(at + "missing from the board, Ranks has " + Describe(top[i]));
    } else if (i >= top.size()) {
      problems.push_back(at + "board has " + Describe(board.entries[i]) + ", Ranks has no one");
    } else {
      const Entry& b = board.entries[i];
      const Entry& t = top[i];
      if (b.player_id != t.player_id || !(b.score == t.score) || b.player_name != t.player_name ||
          b.at_ms != t.at_ms) {
        problems.push_back(at + "board has " + Describe(b) + ", Ranks has " + Describe(t));
      }
    }
  }
  return problems;
}

}  // namespace sb::cli
