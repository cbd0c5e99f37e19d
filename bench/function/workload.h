// The function bench's synthetic workload: a GameScores table keyed by (PlayerId, GameId) and
// the NEW_IMAGE stream records DynamoDB would deliver for it (several games of unequal
// popularity, many players, inserts, increases, decreases and removals), with the final table.
// Deterministic (fixed seed). Pure; thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "leaderboard/entry.h"
#include "protocol/streams/stream_record.h"

namespace sb::bench {

struct Options {
  size_t records = 100'000;
  size_t games = 8;
  size_t players = 5'000;
  int repeats = 5;
  std::vector<size_t> batches = {100, 1000};
  size_t count_depth = 16;  // RANK_COUNT_DEPTH of our handler (0: no counts, blind writes)
};

// One row of the synthetic GameScores table.
struct Row {
  bool exists = false;
  int64_t score = 0;
  int64_t at_s = 0;
  int64_t wins = 0;
  int64_t losses = 0;
};

struct Workload {
  std::vector<protocol::StreamRecord> records;
  std::vector<Row> table;  // games * players, the final state
};

std::string PlayerId(size_t p);
std::string GameId(size_t g);

// Game popularity: game g is picked with weight 1/(g+1) (a few busy games, a long tail).
Workload Generate(const Options& o);

// The table's rows of game g, ranked (RanksBefore).
std::vector<leaderboard::Entry> RankedRows(const Options& o, const Workload& w, size_t g);

// The records as Lambda events of `batch` records each.
std::vector<std::string> Encode(const std::vector<protocol::StreamRecord>& records, size_t batch);

}  // namespace sb::bench
