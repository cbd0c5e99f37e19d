#include "baseline/merge.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "leaderboard/sequence.h"

namespace sb::bench::baseline {
namespace {

Error InvalidArgument(std::string message) {
  return MakeError("InvalidArgument", std::move(message));
}

Status ValidateBoard(const Board& board) {
  std::set<std::string_view> seen;
  for (const Entry& e : board.entries) {
    if (!seen.insert(e.player_id).second) {
      return InvalidArgument("board " + board.game_id + " lists player " + e.player_id + " twice");
    }
    if (!e.seq.empty() && !IsValidSequenceNumber(e.seq)) {
      return InvalidArgument("board " + board.game_id +
                             " has an invalid sequence number: " + e.seq);
    }
  }
  for (const Departed& d : board.departed) {
    if (!IsValidSequenceNumber(d.seq)) {
      return InvalidArgument("board " + board.game_id +
                             " has an invalid sequence number: " + d.seq);
    }
  }
  return {};
}

Status ValidateEvents(const Board& board, const std::vector<Event>& events) {
  for (const Event& e : events) {
    if (e.game_id != board.game_id) {
      return InvalidArgument("event for game " + e.game_id + " merged into board " + board.game_id);
    }
    if (e.player_id.empty()) return InvalidArgument("event without a player id");
    if (!IsValidSequenceNumber(e.seq)) {
      return InvalidArgument("event with an invalid sequence number: " + e.seq);
    }
  }
  return {};
}

// The bounded, oldest-first memory of departed players.
class DepartedList {
 public:
  explicit DepartedList(std::vector<Departed> items) : items_(std::move(items)) {}

  const Departed* Find(std::string_view player) const {
    auto it = std::find_if(items_.begin(), items_.end(),
                           [&](const Departed& d) { return d.player_id == player; });
    return it == items_.end() ? nullptr : &*it;
  }
  // Records (player, seq) as the newest item; keeps the greater seq if already present.
  void Remember(const std::string& player, const std::string& seq) {
    std::string keep = seq;
    if (const Departed* d = Find(player); d != nullptr) {
      if (CompareSequenceNumbers(d->seq, keep) > 0) keep = d->seq;
      Erase(player);
    }
    items_.push_back(Departed{player, std::move(keep)});
  }
  void Erase(std::string_view player) {
    std::erase_if(items_, [&](const Departed& d) { return d.player_id == player; });
  }
  std::vector<Departed> Finish(const std::vector<Entry>& members, size_t capacity) && {
    for (const Entry& e : members) Erase(e.player_id);
    if (items_.size() > capacity) {
      items_.erase(items_.begin(),
                   items_.begin() + static_cast<ptrdiff_t>(items_.size() - capacity));
    }
    return std::move(items_);
  }

 private:
  std::vector<Departed> items_;
};

Entry EntryFromEvent(const Event& e) {
  return Entry{e.player_id, e.score, e.player_name, e.at_ms, e.seq};
}

// Sorts rows by rank and keeps each player's best row only.
std::vector<Entry> NormalizeRows(std::vector<Entry> rows) {
  std::sort(rows.begin(), rows.end(), RanksBefore);
  std::set<std::string> seen;
  std::vector<Entry> out;
  out.reserve(rows.size());
  for (Entry& r : rows) {
    if (!seen.insert(r.player_id).second) continue;
    r.seq.clear();
    out.push_back(std::move(r));
  }
  return out;
}

Result<MergeResult> MergeImpl(const Board& stored, const std::vector<Event>& events,
                              const RefillSource& refill, const MergeOptions& options,
                              bool force_refill) {
  if (options.top_n == 0) return InvalidArgument("top_n must be at least 1");
  SB_TRY_STATUS(ValidateBoard(stored));
  SB_TRY_STATUS(ValidateEvents(stored, events));

  // Rule 1: the newest event per player (ties on seq are the same record: keep the first).
  std::map<std::string, const Event*> latest;
  for (const Event& e : events) {
    const Event*& slot = latest[e.player_id];
    if (slot == nullptr || CompareSequenceNumbers(e.seq, slot->seq) > 0) slot = &e;
  }

  std::map<std::string, Entry> members;
  for (const Entry& e : stored.entries) members.emplace(e.player_id, e);
  DepartedList departed(stored.departed);
  std::set<std::string> removed_now;
  bool need_refill = force_refill;

  // Rules 2 and 3.
  for (const auto& [player, event] : latest) {
    auto it = members.find(player);
    if (it != members.end()) {
      Entry& current = it->second;
      if (CompareSequenceNumbers(event->seq, current.seq) <= 0) continue;  // duplicate/stale
      if (event->kind == Event::Kind::kRemoval) {
        members.erase(it);
        departed.Remember(player, event->seq);
        removed_now.insert(player);
        need_refill = true;
      } else {
        Entry next = EntryFromEvent(*event);
        if (RanksBefore(current, next)) need_refill = true;  // went down
        current = std::move(next);
      }
      continue;
    }
    const Departed* known = departed.Find(player);
    if (known != nullptr && CompareSequenceNumbers(event->seq, known->seq) <= 0) continue;
    if (event->kind == Event::Kind::kRemoval) {
      // Not on the board: nothing to take off. Keep the memory current if we have one.
      if (known != nullptr) departed.Remember(player, event->seq);
      removed_now.insert(player);
      continue;
    }
    members.emplace(player, EntryFromEvent(*event));
  }

  // Rule 4.
  bool refilled = false;
  if (need_refill) {
    const size_t limit = options.top_n + options.refill_slack;
    SB_ASSIGN_OR_RETURN(std::vector<Entry> raw_rows, refill(limit));
    refilled = true;
    const std::vector<Entry> rows = NormalizeRows(std::move(raw_rows));
    std::set<std::string> listed;
    for (const Entry& row : rows) {
      listed.insert(row.player_id);
      auto it = members.find(row.player_id);
      if (it != members.end()) {
        if (it->second.seq.empty()) it->second = row;  // refresh an index-learned entry
        continue;
      }
      if (removed_now.count(row.player_id) != 0) continue;
      members.emplace(row.player_id, row);
    }
    const bool complete = rows.size() < limit;
    for (auto it = members.begin(); it != members.end();) {
      const Entry& m = it->second;
      const bool proven_absent = m.seq.empty() && listed.count(m.player_id) == 0 &&
                                 (complete || (!rows.empty() && RanksBefore(m, rows.back())));
      it = proven_absent ? members.erase(it) : std::next(it);
    }
  }

  // Rule 5.
  std::vector<Entry> ranked;
  ranked.reserve(members.size());
  for (auto& [player, entry] : members) ranked.push_back(std::move(entry));
  std::sort(ranked.begin(), ranked.end(), RanksBefore);
  // Remember who was cut off if they were on the board or already remembered; a newcomer
  // who never made it is not remembered, so `departed` is not churned by every low score.
  std::set<std::string_view> was_member;
  for (const Entry& e : stored.entries) was_member.insert(e.player_id);
  for (size_t i = options.top_n; i < ranked.size(); ++i) {
    const Entry& cut = ranked[i];
    if (cut.seq.empty()) continue;
    if (was_member.count(cut.player_id) != 0 || departed.Find(cut.player_id) != nullptr) {
      departed.Remember(cut.player_id, cut.seq);
    }
  }
  if (ranked.size() > options.top_n) ranked.resize(options.top_n);

  // Rule 6.
  MergeResult result;
  result.changed = ranked != stored.entries;
  result.refilled = refilled;
  result.board.game_id = stored.game_id;
  result.board.departed = std::move(departed).Finish(ranked, options.departed_capacity);
  result.board.entries = std::move(ranked);
  result.board.version = result.changed ? stored.version + 1 : stored.version;
  return result;
}

}  // namespace

Result<MergeResult> Merge(const Board& stored, const std::vector<Event>& events,
                          const RefillSource& refill, const MergeOptions& options) {
  return MergeImpl(stored, events, refill, options, /*force_refill=*/false);
}

Result<MergeResult> Reconcile(const Board& stored, const RefillSource& refill,
                              const MergeOptions& options) {
  return MergeImpl(stored, {}, refill, options, /*force_refill=*/true);
}

MergeResult Rebuild(const Board& stored, std::vector<Entry> rows, const MergeOptions& options) {
  std::vector<Entry> ranked = NormalizeRows(std::move(rows));
  const size_t n = std::max<size_t>(options.top_n, 1);
  if (ranked.size() > n) ranked.resize(n);
  MergeResult result;
  result.changed = ranked != stored.entries;
  result.board.game_id = stored.game_id;
  result.board.departed = DepartedList(stored.departed).Finish(ranked, options.departed_capacity);
  result.board.entries = std::move(ranked);
  result.board.version = result.changed ? stored.version + 1 : stored.version;
  return result;
}

}  // namespace sb::bench::baseline
