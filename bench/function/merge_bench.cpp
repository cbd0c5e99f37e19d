// sb-bench-function-merge: throughput and writes of the leaderboard function's handler (the
// Ranks model), side by side with the previous strategy (merge into the stored board, refill
// from the ByGameScore index) as the baseline and the naive per-record strategy, on one
// synthetic stream.
//
// The workload: a GameScores table keyed by (PlayerId, GameId) with NEW_IMAGE stream records
// as Lambda delivers them (several games of unequal popularity, many players, inserts,
// increases, decreases and removals). The stream is encoded into Lambda events of --batch
// records before any timing, so what is timed is exactly one invocation's work:
//   ours:     LeaderboardHandler::Handle (decode, last event per player, one conditional Ranks
//             write per (board, player), one board write per touched board), over the
//             in-memory MemoryRanksStore of the handler's unit tests;
//   baseline: the previous handler (bench/function/baseline: merge into the stored board, at
//             most one write per changed board, refills from the index) over FakeBoardStore,
//             whose index holds the final table's best rows per game (an index ahead of the
//             stream, as on DynamoDB);
//   naive:    the same decode, then for EVERY record a read, a merge of that record alone and
//             a rewrite of the board;
//   per-record handler: our handler given one-record events (a batch size of 1);
//   decode only: the event decode and record interpretation alone, the floor of all.
//
// Prints one JSON object on the last line (bench/bench.py formats it). After each strategy's
// pass every board is checked against the top N of the final table; a mismatch exits 1.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "baseline/baseline_handler.h"
#include "baseline/fake_board_store.h"
#include "baseline/merge.h"
#include "function/config.h"
#include "function/executor.h"
#include "function/handler.h"
#include "function/score_record.h"
#include "function/telemetry.h"
#include "memory_ranks_store.h"
#include "protocol/lambda/stream_event.h"
#include "protocol/streams/stream_record.h"
#include "workload.h"

namespace {

using sb::bench::Encode;
using sb::bench::GameId;
using sb::bench::Options;
using sb::bench::RankedRows;
using sb::bench::Workload;
using sb::bench::baseline::FakeBoardStore;
using sb::function::FunctionConfig;
using sb::function::testing::MemoryRanksStore;
using sb::leaderboard::Entry;
using sb::protocol::AttributeValue;
using sb::protocol::Number;
using sb::protocol::StreamEventName;
using sb::protocol::StreamRecord;

constexpr size_t kIndexRows = 64;  // rows of each game's index kept (>= N + k)

void SeedIndex(const Options& o, const std::vector<std::vector<Entry>>& ranked,
               FakeBoardStore* store) {
  for (size_t g = 0; g < o.games; ++g) {
    std::vector<Entry> rows = ranked[g];
    if (rows.size() > kIndexRows) rows.resize(kIndexRows);
    store->index[GameId(g)] = std::move(rows);
  }
}

// Every board must hold exactly the table's top N (players and scores, in order).
template <class Boards>
bool Check(const Options& o, const std::vector<std::vector<Entry>>& ranked, size_t top_n,
           const Boards& boards, const char* who) {
  for (size_t g = 0; g < o.games; ++g) {
    std::vector<std::pair<std::string, std::string>> want, got;
    for (size_t i = 0; i < ranked[g].size() && i < top_n; ++i) {
      want.emplace_back(ranked[g][i].player_id, ranked[g][i].score.ToString());
    }
    if (auto it = boards.find(GameId(g)); it != boards.end()) {
      for (const Entry& e : it->second.entries) got.emplace_back(e.player_id, e.score.ToString());
    }
    if (want != got) {
      std::fprintf(stderr, "%s: board %s differs from the top %zu of the table\n", who,
                   GameId(g).c_str(), top_n);
      return false;
    }
  }
  return true;
}

struct Env {
  FunctionConfig config;
  sb::FakeClock clock;
  sb::FakeSleeper sleeper;
  sb::SeededRandom random{7};
};

struct PassResult {
  double seconds = 0;
  int64_t writes = 0;         // board writes
  int64_t ranks_writes = 0;   // Ranks item writes (ours only)
  int64_t count_moves = 0;    // Ranks writes that moved counters (ours only, depth > 0)
  int64_t count_updates = 0;  // RankCounts node items updated by them
  int64_t reads = 0, queries = 0, refills = 0;
  bool ok = true;
};

enum class Strategy { kOurs, kBaseline, kNaive, kDecodeOnly };

template <class Handler>
bool HandleAll(Handler& handler, const std::vector<std::string>& events) {
  bool ok = true;
  for (const std::string& event : events) {
    auto out = handler.Handle(event, {"bench", 0});
    if (!out.ok() || *out != R"({"batchItemFailures":[]})") ok = false;
  }
  return ok;
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

PassResult Ours(Env& env, const std::vector<std::string>& events, sb::log::Level level,
                MemoryRanksStore* store) {
  sb::function::Telemetry telemetry(level, "bench", env.clock, [](std::string_view) {});
  sb::function::InlineExecutor executor;
  sb::function::LeaderboardHandler handler(env.config, *store, executor, telemetry, env.clock);
  PassResult r;
  auto t0 = std::chrono::steady_clock::now();
  r.ok = HandleAll(handler, events);
  r.seconds = Since(t0);
  r.writes = store->board_puts;
  r.ranks_writes = store->ranks_puts;
  r.count_moves = store->moves;
  r.count_updates = store->node_updates;
  return r;
}

PassResult Baseline(Env& env, const std::vector<std::string>& events, sb::log::Level level,
                    FakeBoardStore* store) {
  sb::function::Telemetry telemetry(level, "bench", env.clock, [](std::string_view) {});
  sb::bench::baseline::LeaderboardHandler handler(env.config, *store, telemetry, env.clock,
                                                  env.sleeper, env.random);
  PassResult r;
  auto t0 = std::chrono::steady_clock::now();
  r.ok = HandleAll(handler, events);
  r.seconds = Since(t0);
  r.refills = handler.refills;
  return r;
}

// Read, merge the one record, rewrite: for every record.
PassResult Naive(Env& env, const std::vector<std::string>& events, FakeBoardStore* store) {
  sb::bench::baseline::MergeOptions options;
  options.top_n = env.config.board.board_size;
  PassResult r;
  auto t0 = std::chrono::steady_clock::now();
  for (const std::string& event : events) {
    auto decoded = sb::protocol::DecodeDynamoDbStreamEvent(event);
    if (!decoded.ok()) {
      r.ok = false;
      continue;
    }
    for (const StreamRecord& record : decoded->records) {
      sb::function::ScoreRecord sr = sb::function::InterpretRecord(record, env.config.board);
      if (sr.kind == sb::function::ScoreRecord::Kind::kInvalid) continue;
      auto seen = store->Read(sr.game);
      if (!seen.ok()) {
        r.ok = false;
        continue;
      }
      sb::bench::baseline::RefillSource refill =
          [&](size_t limit) -> sb::Result<std::vector<Entry>> {
        auto rows = store->Top(sr.game, limit);
        if (!rows.ok()) return sb::MakeError(rows.error().type, rows.error().message);
        return std::move(rows).value();
      };
      auto merged = sb::bench::baseline::Merge(seen->board, {sr.event}, refill, options);
      if (!merged.ok()) {
        r.ok = false;
        continue;
      }
      r.refills += merged->refilled;
      sb::bench::baseline::Board next = std::move(merged->board);
      next.game_id = sr.game;
      next.version = seen->board.version + 1;
      if (!store->Write(*seen, next).ok()) r.ok = false;
    }
  }
  r.seconds = Since(t0);
  return r;
}

// Decoding and record interpretation alone (no board work): the floor of every strategy.
PassResult DecodeOnly(Env& env, const std::vector<std::string>& events) {
  PassResult r;
  size_t valid = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const std::string& event : events) {
    auto decoded = sb::protocol::DecodeDynamoDbStreamEvent(event);
    if (!decoded.ok()) {
      r.ok = false;
      continue;
    }
    for (const StreamRecord& record : decoded->records) {
      sb::function::ScoreRecord sr = sb::function::InterpretRecord(record, env.config.board);
      valid += sr.kind != sb::function::ScoreRecord::Kind::kInvalid;
    }
  }
  r.seconds = Since(t0);
  r.writes = static_cast<int64_t>(valid);
  return r;
}

PassResult Once(const Options& o, const std::vector<std::vector<Entry>>& ranked, Strategy s,
                const std::vector<std::string>& events, sb::log::Level level, const char* who) {
  Env env;
  env.config.board.rank_count_depth = o.count_depth;
  if (s == Strategy::kOurs) {
    MemoryRanksStore store;
    PassResult r = Ours(env, events, level, &store);
    r.ok = r.ok && Check(o, ranked, env.config.board.board_size, store.boards, who);
    return r;
  }
  if (s == Strategy::kDecodeOnly) return DecodeOnly(env, events);
  FakeBoardStore store;
  SeedIndex(o, ranked, &store);
  PassResult r =
      s == Strategy::kBaseline ? Baseline(env, events, level, &store) : Naive(env, events, &store);
  r.writes = store.writes;
  r.reads = store.reads;
  r.queries = store.queries;
  r.ok = r.ok && Check(o, ranked, env.config.board.board_size, store.boards, who);
  return r;
}

// Runs `repeats` passes, each on a fresh store; keeps the fastest time and the counts.
PassResult Measure(const Options& o, const std::vector<std::vector<Entry>>& ranked, Strategy s,
                   const std::vector<std::string>& events, sb::log::Level level, const char* who) {
  PassResult best;
  best.seconds = 1e300;
  for (int i = 0; i < o.repeats; ++i) {
    PassResult r = Once(o, ranked, s, events, level, who);
    if (!r.ok) return r;
    if (r.seconds < best.seconds) best = r;
  }
  return best;
}

// Replays `events` through the baseline handler once, counting per batch the boards whose
// ranked entries changed and the boards the batch touched.
void CountChanged(const Options& o, const std::vector<std::vector<Entry>>& ranked,
                  const std::vector<std::string>& events, int* changed, int* touched) {
  Env env;
  FakeBoardStore store;
  SeedIndex(o, ranked, &store);
  sb::function::Telemetry telemetry(sb::log::Level::kWarn, "bench", env.clock,
                                    [](std::string_view) {});
  sb::bench::baseline::LeaderboardHandler handler(env.config, store, telemetry, env.clock,
                                                  env.sleeper, env.random);
  *changed = *touched = 0;
  for (const std::string& event : events) {
    auto decoded = sb::protocol::DecodeDynamoDbStreamEvent(event);
    std::map<std::string, bool> games;
    for (const StreamRecord& r : decoded->records) {
      games[sb::function::InterpretRecord(r, env.config.board).game] = true;
    }
    std::map<std::string, sb::bench::baseline::Board> before = store.boards;
    (void)handler.Handle(event, {"bench", 0});
    for (const auto& [game, unused] : games) {
      ++*touched;
      auto b = before.find(game);
      auto a = store.boards.find(game);
      bool had = b != before.end(), has = a != store.boards.end();
      if (had != has || (has && a->second.entries != b->second.entries)) ++*changed;
    }
  }
}

bool ParseSize(const char* text, size_t* out) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || v == 0) return false;
  *out = static_cast<size_t>(v);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    size_t v = 0;
    if (!ParseSize(argv[i + 1], &v)) {
      std::fprintf(stderr, "bad value for %s\n", argv[i]);
      return 2;
    }
    if (flag == "--records") {
      o.records = v;
    } else if (flag == "--games") {
      o.games = v;
    } else if (flag == "--players") {
      o.players = v;
    } else if (flag == "--repeats") {
      o.repeats = static_cast<int>(v);
    } else if (flag == "--depth") {
      o.count_depth = std::min<size_t>(v, 32);
    } else {
      std::fprintf(stderr,
                   "usage: %s [--records N] [--games N] [--players N] [--repeats N] "
                   "[--depth D]\n",
                   argv[0]);
      return 2;
    }
  }
  Workload w = Generate(o);
  std::vector<std::vector<Entry>> ranked;
  for (size_t g = 0; g < o.games; ++g) ranked.push_back(RankedRows(o, w, g));
  int inserts = 0, modifies = 0, removes = 0;
  for (const StreamRecord& r : w.records) {
    (r.event_name == StreamEventName::kInsert   ? inserts
     : r.event_name == StreamEventName::kModify ? modifies
                                                : removes)++;
  }

  const double n = static_cast<double>(o.records);
  auto per_1000 = [&](int64_t writes) { return 1000.0 * static_cast<double>(writes) / n; };
  bool ok = true;
  std::string out =
      "{\"records\":" + std::to_string(o.records) + ",\"depth\":" + std::to_string(o.count_depth) +
      ",\"games\":" + std::to_string(o.games) + ",\"players\":" + std::to_string(o.players) +
      ",\"inserts\":" + std::to_string(inserts) + ",\"modifies\":" + std::to_string(modifies) +
      ",\"removes\":" + std::to_string(removes) + ",\"repeats\":" + std::to_string(o.repeats) +
      ",\"batches\":[";
  for (size_t bi = 0; bi < o.batches.size(); ++bi) {
    size_t batch = o.batches[bi];
    std::vector<std::string> events = Encode(w.records, batch);
    size_t bytes = 0;
    for (const std::string& e : events) bytes += e.size();
    auto warn = sb::log::Level::kWarn;
    PassResult ours = Measure(o, ranked, Strategy::kOurs, events, warn, "ours");
    PassResult ours_info =
        Measure(o, ranked, Strategy::kOurs, events, sb::log::Level::kInfo, "ours/INFO");
    PassResult base = Measure(o, ranked, Strategy::kBaseline, events, warn, "baseline");
    PassResult naive = Measure(o, ranked, Strategy::kNaive, events, warn, "naive");
    PassResult decode = Measure(o, ranked, Strategy::kDecodeOnly, events, warn, "decode");
    int changed = 0, touched = 0;
    CountChanged(o, ranked, events, &changed, &touched);
    ok = ok && ours.ok && ours_info.ok && base.ok && naive.ok;
    char buf[2048];
    std::snprintf(
        buf, sizeof buf,
        "%s{\"batch\":%zu,\"event_bytes\":%.0f,\"ours_rps\":%.0f,\"ours_info_rps\":%.0f,"
        "\"baseline_rps\":%.0f,\"decode_rps\":%.0f,\"naive_rps\":%.0f,"
        "\"ours_writes\":%lld,\"ours_ranks_writes\":%lld,\"baseline_writes\":%lld,"
        "\"naive_writes\":%lld,\"baseline_refills\":%lld,\"naive_refills\":%lld,"
        "\"changed_boards\":%d,\"touched_boards\":%d,"
        "\"ours_writes_per_1000\":%.2f,\"ours_ranks_writes_per_1000\":%.2f,"
        "\"baseline_writes_per_1000\":%.2f,\"naive_writes_per_1000\":%.2f,"
        "\"ours_count_moves\":%lld,\"ours_count_updates\":%lld,"
        "\"ours_count_updates_per_ranks_write\":%.2f}",
        bi ? "," : "", batch, static_cast<double>(bytes) / static_cast<double>(events.size()),
        n / ours.seconds, n / ours_info.seconds, n / base.seconds, n / decode.seconds,
        n / naive.seconds, static_cast<long long>(ours.writes),
        static_cast<long long>(ours.ranks_writes), static_cast<long long>(base.writes),
        static_cast<long long>(naive.writes), static_cast<long long>(base.refills),
        static_cast<long long>(naive.refills), changed, touched, per_1000(ours.writes),
        per_1000(ours.ranks_writes), per_1000(base.writes), per_1000(naive.writes),
        static_cast<long long>(ours.count_moves), static_cast<long long>(ours.count_updates),
        ours.ranks_writes > 0
            ? static_cast<double>(ours.count_updates) / static_cast<double>(ours.ranks_writes)
            : 0.0);
    out += buf;
  }
  // Our handler with one record per event: batching's share of the savings.
  std::vector<std::string> singles = Encode(w.records, 1);
  PassResult single =
      Measure(o, ranked, Strategy::kOurs, singles, sb::log::Level::kWarn, "per-record");
  ok = ok && single.ok;
  // Per-event cost against the number of players in one game: 10 k and 1 M.
  double scale_rps[2] = {0, 0};
  const size_t scale_players[2] = {10'000, 1'000'000};
  for (int i = 0; i < 2; ++i) {
    Options so = o;
    so.games = 1;
    so.players = scale_players[i];
    Workload sw = Generate(so);
    std::vector<std::vector<Entry>> sranked = {RankedRows(so, sw, 0)};
    PassResult r = Measure(so, sranked, Strategy::kOurs, Encode(sw.records, 100),
                           sb::log::Level::kWarn, "scaling");
    ok = ok && r.ok;
    scale_rps[i] = n / r.seconds;
  }
  char buf[768];
  std::snprintf(
      buf, sizeof buf,
      "],\"one_game\":{\"rps_10k_players\":%.0f,\"rps_1m_players\":%.0f,"
      "\"ratio\":%.2f},\"per_record\":{\"rps\":%.0f,\"writes\":%lld,\"writes_per_1000\":%.2f,"
      "\"ranks_writes_per_1000\":%.2f},\"check\":\"%s\"}",
      scale_rps[0], scale_rps[1], scale_rps[0] / scale_rps[1], n / single.seconds,
      static_cast<long long>(single.writes), per_1000(single.writes), per_1000(single.ranks_writes),
      ok ? "ok" : "FAILED");
  out += buf;
  std::printf("%s\n", out.c_str());
  return ok ? 0 : 1;
}
