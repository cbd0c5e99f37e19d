// Model-based property test of the merge (design §4) against an oracle: the top N of a
// simulated GameScores table under RanksBefore.
//
// Each history (seeded, reproducible) interleaves, at random:
//  - table writes across several games: inserts, increases, decreases, same-score renames,
//    deletes; a write that changes nothing emits no record (DynamoDB); every other write
//    appends a record to the shard of its item (per-item order within one shard);
//  - batch deliveries from random shards with random batch sizes, merged board by board like
//    the function does; after a batch, a simulated failure re-delivers a suffix from a random
//    earlier point (a board's write may have happened or not), as Lambda does after a
//    partial failure or a timeout; whole batches are also duplicated.
// The refill index is the table as it is at merge time (ahead of the stream), or, in the
// lagging variant, a random older snapshot. When every shard is drained, each board must equal
// the oracle (lagging variant: after one Reconcile with the caught-up index).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/random.h"
#include "leaderboard/merge.h"
#include "leaderboard/sequence.h"

namespace sb::leaderboard {
namespace {

struct Item {
  Score score;
  std::string name;
  int64_t at_ms = 0;
  bool operator==(const Item&) const = default;
};
// (game, player) -> item
using Table = std::map<std::pair<std::string, std::string>, Item>;

struct Record {
  Event event;
};
struct Shard {
  std::vector<Record> records;
  size_t checkpoint = 0;
};

struct Config {
  bool lagging_index = false;
  int steps = 250;
};

// Increments a decimal digit string in place.
void Increment(std::string& s) {
  for (size_t i = s.size(); i-- > 0;) {
    if (s[i] != '9') {
      ++s[i];
      return;
    }
    s[i] = '0';
  }
  s.insert(s.begin(), '1');
}

class Simulation {
 public:
  Simulation(uint64_t seed, Config config) : rng_(seed), config_(config) {
    games_ = 1 + static_cast<int>(rng_.Uniform(3));
    players_ = 2 + static_cast<int>(rng_.Uniform(12));
    shards_.resize(1 + rng_.Uniform(3));
    options_.top_n = 1 + rng_.Uniform(5);
    options_.refill_slack = rng_.Uniform(4);
    options_.departed_capacity = rng_.Uniform(3) == 0 ? 0 : rng_.Uniform(12);
    // Start just below a power of ten so sequence numbers grow from 21 to 22 digits mid-run:
    // a lexicographic comparison would break here.
    seq_ = "999999999999999999" + std::to_string(900 + rng_.Uniform(99));
    for (int g = 0; g < games_; ++g) {
      Board b;
      b.game_id = "g" + std::to_string(g);
      boards_[b.game_id] = b;
    }
    snapshots_.push_back(table_);
  }

  // Runs the history; returns an empty string on success or a description of the mismatch.
  std::string Run() {
    for (int step = 0; step < config_.steps; ++step) {
      if (rng_.Uniform(100) < 55) {
        Write();
      } else {
        std::string err = DeliverSomeBatch();
        if (!err.empty()) return err;
      }
    }
    // Drain every shard (failures still happen, with geometric retries).
    for (int guard = 0; guard < 100000 && !Drained(); ++guard) {
      std::string err = DeliverSomeBatch();
      if (!err.empty()) return err;
    }
    if (!Drained()) return "did not drain";
    if (config_.lagging_index) {
      lag_ = false;  // the index catches up
      for (auto& [game, board] : boards_) {
        auto r = Reconcile(board, IndexFor(game), options_);
        if (!r.ok()) return "reconcile failed: " + r.error().message;
        board = r->board;
      }
    }
    return Check();
  }

 private:
  void Write() {
    std::string game = "g" + std::to_string(rng_.Uniform(games_));
    std::string player = "p" + std::to_string(rng_.Uniform(players_));
    auto key = std::make_pair(game, player);
    auto it = table_.find(key);
    clock_ms_ += static_cast<int64_t>(rng_.Uniform(1500));
    // ApproximateCreationDateTime has whole seconds: many equal `at` values, so ties.
    const int64_t at = clock_ms_ / 1000 * 1000;
    Event event;
    if (rng_.Uniform(100) < 18) {
      if (it == table_.end()) return;  // deleting nothing emits no record
      table_.erase(it);
      Increment(seq_);
      event = Event::MakeRemoval(game, player, at, seq_);
    } else {
      Item item{RandomScore(), rng_.Uniform(4) == 0 ? "Ann" : "Bob", at};
      if (it != table_.end() && it->second.score == item.score && it->second.name == item.name) {
        return;  // no change, no record
      }
      table_[key] = item;
      Increment(seq_);
      event = Event::MakeScore(game, player, item.score, item.name, at, seq_);
    }
    const size_t shard = std::hash<std::string>{}(game + "/" + player) % shards_.size();
    shards_[shard].records.push_back(Record{event});
    if (config_.lagging_index) {
      snapshots_.push_back(table_);
      if (snapshots_.size() > kMaxLag) snapshots_.erase(snapshots_.begin());
    }
  }

  Score RandomScore() {
    switch (rng_.Uniform(10)) {
      case 0:
        return Score::Parse(std::to_string(rng_.Uniform(20)) + ".5").value();
      case 1:
        return Score::Parse("1e" + std::to_string(20 + rng_.Uniform(3))).value();
      case 2:
        return Score::FromInt(-static_cast<int64_t>(rng_.Uniform(5)));
      default:
        return Score::FromInt(static_cast<int64_t>(rng_.Uniform(25)));
    }
  }

  bool Drained() const {
    for (const Shard& s : shards_) {
      if (s.checkpoint < s.records.size()) return false;
    }
    return true;
  }

  // The ByGameScore index of `game`: the table now, or (lagging) a recent older snapshot.
  // Rows are computed only when the merge asks, and handed over shuffled (order is not part
  // of the contract).
  RefillSource IndexFor(const std::string& game) {
    return [game, this](size_t limit) -> Result<std::vector<Entry>> {
      const Table* source = &table_;
      if (lag_ && config_.lagging_index && !snapshots_.empty()) {
        source = &snapshots_[snapshots_.size() - 1 - rng_.Uniform(snapshots_.size())];
      }
      std::vector<Entry> rows;
      for (const auto& [key, item] : *source) {
        if (key.first == game)
          rows.push_back(Entry{key.second, item.score, item.name, item.at_ms, ""});
      }
      std::sort(rows.begin(), rows.end(), RanksBefore);
      if (rows.size() > limit) rows.resize(limit);
      for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[rng_.Uniform(i)]);
      return rows;
    };
  }

  std::string DeliverSomeBatch() {
    std::vector<size_t> pending;
    for (size_t i = 0; i < shards_.size(); ++i) {
      if (shards_[i].checkpoint < shards_[i].records.size()) pending.push_back(i);
    }
    if (pending.empty()) return "";
    Shard& shard = shards_[pending[rng_.Uniform(pending.size())]];
    const size_t begin = shard.checkpoint;
    const size_t end = std::min(shard.records.size(), begin + 1 + rng_.Uniform(8));

    // Per board, in order of first appearance, as the function groups a batch.
    std::vector<std::string> order;
    std::map<std::string, std::vector<Event>> per_board;
    std::map<std::string, size_t> first_record;
    for (size_t i = begin; i < end; ++i) {
      const Event& e = shard.records[i].event;
      if (per_board.find(e.game_id) == per_board.end()) {
        order.push_back(e.game_id);
        first_record[e.game_id] = i;
      }
      per_board[e.game_id].push_back(e);
    }
    // Failure model: the merge of board `fail_at` fails (nothing from it on is written) and
    // the batch is retried from that board's first record; or everything is written and a
    // suffix from a random earlier record is re-delivered anyway (timeout after the writes).
    std::optional<size_t> fail_at;
    const uint64_t roll = rng_.Uniform(100);
    if (roll < 12) fail_at = rng_.Uniform(order.size());
    for (size_t b = 0; b < order.size(); ++b) {
      if (fail_at && b == *fail_at) break;
      const std::string& game = order[b];
      auto r = Merge(boards_[game], per_board[game], IndexFor(game), options_);
      if (!r.ok()) return "merge failed: " + r.error().message;
      if (std::string err = CheckStep(boards_[game], per_board[game], r->board); !err.empty()) {
        return err;
      }
      if (r->changed) {
        boards_[game] = r->board;
      } else if (r->board.entries != boards_[game].entries ||
                 r->board.version != boards_[game].version) {
        return "changed == false but the entries differ";
      }
    }
    if (fail_at) {
      shard.checkpoint = first_record[order[*fail_at]];
    } else if (roll < 22) {
      shard.checkpoint = begin + rng_.Uniform(end - begin);  // re-deliver a suffix
    } else {
      shard.checkpoint = end;
    }
    return "";
  }

  // Invariants of every single merge, whatever the index says:
  //  - an entry learned from a record never goes back to an older record or to the index;
  //  - a player whose newest record in the batch is a removal newer than anything the board
  //    knew about them is not on the new board (even if a lagging index still lists them).
  static std::string CheckStep(const Board& before, const std::vector<Event>& events,
                               const Board& after) {
    for (const Entry& old_entry : before.entries) {
      if (old_entry.seq.empty()) continue;
      for (const Entry& e : after.entries) {
        if (e.player_id == old_entry.player_id &&
            CompareSequenceNumbers(e.seq, old_entry.seq) < 0) {
          return "entry of " + e.player_id + " went back from " + old_entry.seq + " to '" + e.seq +
                 "'";
        }
      }
    }
    std::map<std::string, const Event*> newest;
    for (const Event& e : events) {
      const Event*& slot = newest[e.player_id];
      if (slot == nullptr || CompareSequenceNumbers(e.seq, slot->seq) > 0) slot = &e;
    }
    for (const auto& [player, e] : newest) {
      if (e->kind != Event::Kind::kRemoval) continue;
      // A removal older than what the board knew about the player is stale: it says nothing.
      bool stale = false;
      for (const Entry& known : before.entries) {
        stale |= known.player_id == player && CompareSequenceNumbers(e->seq, known.seq) <= 0;
      }
      for (const Departed& known : before.departed) {
        stale |= known.player_id == player && CompareSequenceNumbers(e->seq, known.seq) <= 0;
      }
      if (stale) continue;
      for (const Entry& entry : after.entries) {
        if (entry.player_id == player && CompareSequenceNumbers(entry.seq, e->seq) <= 0) {
          return "removed player " + player + " is still on the board";
        }
      }
    }
    return "";
  }

  std::string Check() {
    for (const auto& [game, board] : boards_) {
      std::vector<Entry> expected;
      for (const auto& [key, item] : table_) {
        if (key.first == game)
          expected.push_back(Entry{key.second, item.score, item.name, item.at_ms, ""});
      }
      std::sort(expected.begin(), expected.end(), RanksBefore);
      if (expected.size() > options_.top_n) expected.resize(options_.top_n);
      std::vector<Entry> got = board.entries;
      for (Entry& e : got) e.seq.clear();
      if (got != expected) {
        std::ostringstream out;
        out << "board " << game << " (N=" << options_.top_n << ", k=" << options_.refill_slack
            << ", departed=" << options_.departed_capacity << ")\n  got:     ";
        for (const Entry& e : got)
          out << e.player_id << ":" << e.score.ToString() << "@" << e.at_ms << " ";
        out << "\n  expected: ";
        for (const Entry& e : expected)
          out << e.player_id << ":" << e.score.ToString() << "@" << e.at_ms << " ";
        return out.str();
      }
    }
    return "";
  }

  SeededRandom rng_;
  Config config_;
  int games_ = 1;
  int players_ = 2;
  MergeOptions options_;
  std::string seq_;
  int64_t clock_ms_ = 1'700'000'000'000;
  Table table_;
  std::vector<Table> snapshots_;
  std::vector<Shard> shards_;
  std::map<std::string, Board> boards_;
  bool lag_ = true;
  static constexpr size_t kMaxLag = 8;  // the index is up to 8 writes behind
};

// Histories per test; SB_PROPERTY_SEEDS raises it for a longer local run.
uint64_t Seeds() {
  const char* env = std::getenv("SB_PROPERTY_SEEDS");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 1000;
}

TEST(MergePropertyTest, BoardsEqualTopNOfTableAfterDrain) {
  for (uint64_t seed = 1; seed <= Seeds(); ++seed) {
    std::string err = Simulation(seed, Config{}).Run();
    ASSERT_EQ(err, "") << "seed " << seed;
  }
}

TEST(MergePropertyTest, LaggingIndexConvergesAfterCatchUpAndReconcile) {
  for (uint64_t seed = 1; seed <= Seeds(); ++seed) {
    Config config;
    config.lagging_index = true;
    std::string err = Simulation(seed, config).Run();
    ASSERT_EQ(err, "") << "seed " << seed;
  }
}

}  // namespace
}  // namespace sb::leaderboard
