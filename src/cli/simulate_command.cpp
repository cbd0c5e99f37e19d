// `streamboard simulate`: a paced load of score writes against the scores table, then the
// exact check of every game the load touched: the scores table against Ranks, and each board
// against the top N of Ranks, tie order included (reconcile.h CheckExact).
//
// Phases:
//  1. Start: a strongly consistent Scan of the scores table gives the starting scores of the
//     simulated games (<prefix>-g1..K), so repeated runs build on each other.
//  2. Writes: --threads workers share --rate writes/s for --duration (or --count writes).
//     Player i belongs to worker i % threads, so one player's writes are ordered, as a
//     game's writes for one player would be. Each write draws an op from the mix
//     (simulation.h ChooseOp): set (PutItem), incr (UpdateItem ADD +d), decrease
//     (UpdateItem ADD -d) or delete (DeleteItem), for a random player of the worker and a
//     random game. Progress: a bar on a terminal, a plain line per second otherwise.
//  3. Table check: a second Scan must equal the scores the simulation expects (an ADD whose
//     result differs from the expected sum is reported as a lost update).
//  4. Settle (unless --no-check): every 250 ms the exact check runs (consistent reads of the
//     three tables), until it finds no difference or --settle has passed; the last
//     differences are printed, one per line.
//
// Latency (write to board), measured unless --no-check: a share (--latency-sample, default
// all) of the writes whose result puts the player on the true top N with a new score (as the
// simulation's own record of the acknowledged writes sees it) becomes a sample
// (game, player, score, the time just before the write was sent). A poller thread reads the
// boards that have pending samples every 10 ms (consistent GetItem); a sample resolves at the
// first read that shows the player with exactly that score, and its latency is that read's
// completion time minus the send time (so it includes up to one poll interval and one
// GetItem). A later write to the same player before resolution supersedes the sample (its
// score may never be shown); a sample still pending when the check ends is unresolved
// (e.g. pushed off the board by others within the same batch). Decreases that drop a player
// and deletes are not sampled: their effect (absence) cannot be told from "not yet". The
// p50/p95/p99 are nearest-rank percentiles of the resolved samples.
//
// Exit 0 when every write succeeded, the table matches and (unless --no-check) every board
// is exact; 1 otherwise; 2 for bad arguments. Ctrl-C ends the write phase early and goes on.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "cli/board_view.h"
#include "cli/commands.h"
#include "cli/dynamo_session.h"
#include "cli/reconcile.h"
#include "cli/simulation.h"
#include "cli/simulated_write.h"
#include "cli/simulation_state.h"
#include "cli/table_reads.h"
#include "cli/terminal.h"
#include "protocol/dynamodb/number.h"

namespace sb::cli {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Number;
using Clock = std::chrono::steady_clock;

struct SimulateArgs {
  DynamoOptions dynamo;
  int players = 200;
  int games = 3;
  double rate = 200;
  std::string duration = "10s";
  double decrease = 0.2;
  double del = 0.05;
  std::optional<uint64_t> seed;
  std::string settle = "10s";
  int threads = 4;
  std::optional<int64_t> count;
  bool no_check = false;
  double latency_sample = 1.0;
  std::string prefix = "sim";
};

struct Plan {
  std::vector<std::string> games;
  std::vector<std::string> players;  // index = player number
  std::chrono::milliseconds duration{0};
  std::chrono::milliseconds settle{0};
  int threads = 1;
  uint64_t seed = 0;
};

void Worker(DynamoSession& session, SimulationState& shared, const SimulateArgs& args,
            const Plan& plan, int index, int64_t quota, Clock::time_point start) {
  SeededRandom random(plan.seed + 0x9E3779B97F4A7C15ull * static_cast<uint64_t>(index + 1));
  std::vector<int> mine;
  for (int p = index; p < static_cast<int>(plan.players.size()); p += plan.threads) {
    mine.push_back(p);
  }
  const auto period = std::chrono::duration<double>(plan.threads / args.rate);
  const auto end = start + plan.duration;
  for (int64_t k = 0; quota < 0 || k < quota; ++k) {
    const auto due = start + std::chrono::duration_cast<Clock::duration>(period * k);
    if (!args.count.has_value() && due >= end) break;
    if (StopRequested()) break;
    std::this_thread::sleep_until(due);
    const Key key{plan.games[random.Uniform(plan.games.size())],
                  plan.players[mine[random.Uniform(mine.size())]]};
    const std::optional<Number> before = shared.Get(key);
    const SimOp op = ChooseOp(random, args.decrease, args.del, before.has_value());
    const bool sampled = !args.no_check && random.UniformDouble() < shared.share();
    const auto sent = Clock::now();
    Result<std::optional<Number>> result = DoWrite(session, op, key, before, random);
    ++shared.writes;
    ++shared.by_op[static_cast<int>(op)];
    if (result.ok()) {
      shared.Record(key, *result, sampled, sent);
      continue;
    }
    shared.AddError(result.error().message);
    if (result.error().code == "lost-update") {
      shared.MarkUnknown(key);
      continue;
    }
    // A failed write may or may not have happened: learn the item's state again.
    dynamo::GetItemRequest get;
    get.table_name = session.options().board.scores_table;
    get.key = ItemKey(session.options().board, key);
    get.consistent_read = true;
    auto read = session.db().GetItem(get);
    if (!read.ok()) {
      shared.MarkUnknown(key);
      continue;
    }
    shared.Record(key, ScoreOf(session.options().board, read->item), false, sent);
  }
}

void Poller(DynamoSession& session, SimulationState& shared, const std::atomic<bool>& stop) {
  while (!stop.load()) {
    for (const std::string& game : shared.GamesWithSamples()) {
      auto view = ReadBoardView(session.db(), session.options().board.leaderboard_table, game);
      if (view.ok()) shared.Resolve(*view, Clock::now());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

GameRows ScanOrThrow(DynamoSession& session) {
  auto rows = ScanScores(session.db(), session.options().board);
  if (!rows.ok()) ThrowApiError(rows.error(), session.options().board.scores_table, session);
  return std::move(rows).value();
}

// The exact check (reconcile.h CheckExact) of the simulated games: "<problem>" lines.
std::vector<std::string> CheckBoards(DynamoSession& session, const Plan& plan) {
  const function::BoardConfig& config = session.options().board;
  auto problems = CheckExact(session.db(), config, RealClock::Instance(),
                             std::set<std::string>(plan.games.begin(), plan.games.end()));
  if (!problems.ok()) ThrowApiError(problems.error(), config.ranks_table, session);
  return std::move(problems).value();
}

std::string Rate(int64_t writes, double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f/s", seconds > 0 ? writes / seconds : 0.0);
  return buf;
}

// Rejects out-of-range options before anything touches the table.
void ValidateArgs(const SimulateArgs& args) {
  if (args.players < 1 || args.players > 1'000'000)
    throw CliError("--players must be 1..1000000", 2);
  if (args.games < 1 || args.games > 10'000) throw CliError("--games must be 1..10000", 2);
  if (!(args.rate > 0) || args.rate > 1'000'000)
    throw CliError("--rate must be > 0 and <= 1000000", 2);
  if (!(args.decrease >= 0 && args.decrease <= 1)) throw CliError("--decrease must be 0..1", 2);
  if (!(args.del >= 0 && args.del <= 1)) throw CliError("--delete must be 0..1", 2);
  if (args.decrease + args.del > 1) throw CliError("--decrease plus --delete must be at most 1", 2);
  if (!(args.latency_sample >= 0 && args.latency_sample <= 1)) {
    throw CliError("--latency-sample must be 0..1", 2);
  }
  if (args.threads < 1 || args.threads > 256) throw CliError("--threads must be 1..256", 2);
  if (args.count.has_value() && *args.count < 1) throw CliError("--count must be at least 1", 2);
  if (args.prefix.empty()) throw CliError("--prefix must not be empty", 2);
}

// Durations, game and player ids, thread count and seed for a validated run.
Plan MakePlan(const SimulateArgs& args) {
  Plan plan;
  auto d = ParseDuration(args.duration);
  if (!d.ok()) throw CliError("--duration: " + d.error().message, 2);
  auto s = ParseDuration(args.settle);
  if (!s.ok()) throw CliError("--settle: " + s.error().message, 2);
  plan.duration = *d;
  plan.settle = *s;
  if (!args.count.has_value() && plan.duration.count() == 0) {
    throw CliError("--duration must be positive (or give --count)", 2);
  }
  for (int g = 1; g <= args.games; ++g) plan.games.push_back(SimGameId(args.prefix, g));
  for (int p = 0; p < args.players; ++p)
    plan.players.push_back(SimPlayerId(args.prefix, p, args.players));
  plan.threads = std::min(args.threads, args.players);
  plan.seed = args.seed.has_value() ? *args.seed : RealRandom().Next();
  return plan;
}

void RequireSimulationTables(DynamoSession& session, const SimulateArgs& args) {
  const function::BoardConfig& c = session.options().board;
  if (args.no_check) {
    RequireTables(session, {c.scores_table});
  } else {
    RequireTables(session, {c.scores_table, c.ranks_table, c.leaderboard_table});
  }
}

void PrintBanner(const SimulateArgs& args, const Plan& plan) {
  std::printf("simulate: %d players, %zu games (%s-g1..), %.0f writes/s for %s, seed %llu\n",
              args.players, plan.games.size(), args.prefix.c_str(), args.rate,
              args.count.has_value() ? (std::to_string(*args.count) + " writes").c_str()
                                     : args.duration.c_str(),
              static_cast<unsigned long long>(plan.seed));
  std::fflush(stdout);
}

// Prints progress while `writing` holds: a redrawn bar on a terminal, a line a second otherwise.
void ReportProgress(const SimulationState& shared, const SimulateArgs& args, const Plan& plan,
                    Clock::time_point start, bool tty, const std::atomic<bool>& writing) {
  auto next_line = start + std::chrono::seconds(1);
  while (writing.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(tty ? 200 : 50));
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const int64_t w = shared.writes.load();
    const double fraction = args.count.has_value()
                                ? static_cast<double>(w) / static_cast<double>(*args.count)
                                : elapsed * 1000 / static_cast<double>(plan.duration.count());
    if (tty) {
      std::printf("\r%s %lld writes  %s  errors %lld\x1b[K", ProgressBar(fraction, 30).c_str(),
                  static_cast<long long>(w), Rate(w, elapsed).c_str(),
                  static_cast<long long>(shared.errors.load()));
      std::fflush(stdout);
    } else if (Clock::now() >= next_line) {
      next_line += std::chrono::seconds(1);
      std::printf("simulate: %.0fs  %lld writes  %s  errors %lld\n", elapsed,
                  static_cast<long long>(w), Rate(w, elapsed).c_str(),
                  static_cast<long long>(shared.errors.load()));
      std::fflush(stdout);
    }
  }
}

// Runs the writer threads to completion with progress output; returns the seconds taken.
double RunWriters(DynamoSession& session, SimulationState& shared, const SimulateArgs& args,
                  const Plan& plan, bool tty) {
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < plan.threads; ++t) {
    int64_t quota = -1;
    if (args.count.has_value())
      quota = *args.count / plan.threads + (t < *args.count % plan.threads);
    workers.emplace_back([&, t, quota] { Worker(session, shared, args, plan, t, quota, start); });
  }
  std::atomic<bool> writing{true};
  std::thread progress([&] { ReportProgress(shared, args, plan, start, tty, writing); });
  for (std::thread& w : workers) w.join();
  writing = false;
  progress.join();
  if (tty) std::printf("\r\x1b[K");
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void PrintWriteSummary(const SimulationState& shared, double seconds) {
  std::printf(
      "wrote %lld in %.1fs (%s): %lld set, %lld incr, %lld decrease, %lld delete; %lld errors\n",
      static_cast<long long>(shared.writes.load()), seconds,
      Rate(shared.writes.load(), seconds).c_str(), static_cast<long long>(shared.by_op[0].load()),
      static_cast<long long>(shared.by_op[1].load()),
      static_cast<long long>(shared.by_op[2].load()),
      static_cast<long long>(shared.by_op[3].load()), static_cast<long long>(shared.errors.load()));
  for (const std::string& e : shared.first_errors) std::printf("  error: %s\n", e.c_str());
  std::fflush(stdout);
}

// The table must hold exactly what the simulation wrote. Returns false on any difference.
bool CheckTableMatchesWrites(DynamoSession& session, SimulationState& shared, const Plan& plan) {
  GameRows rows = ScanOrThrow(session);
  auto expected = shared.Scores();
  std::vector<std::string> problems;
  size_t items = 0;
  for (const std::string& game : plan.games) {
    std::map<std::string, std::string> actual;
    for (const auto& e : rows[game]) actual[e.player_id] = e.score.ToString();
    items += actual.size();
    std::set<std::string> players;
    for (const auto& [p, s] : actual) players.insert(p);
    for (const auto& [p, s] : expected[game]) players.insert(p);
    for (const std::string& p : players) {
      if (shared.IsUnknown(Key{game, p})) continue;
      auto a = actual.find(p);
      auto x = expected[game].find(p);
      const std::string have = a == actual.end() ? "no item" : a->second;
      const std::string want = x == expected[game].end() ? "no item" : x->second.ToString();
      if (have != want)
        problems.push_back(game + "/" + p + ": table has " + have + ", expected " + want);
    }
  }
  if (problems.empty()) {
    std::printf("table: %zu items match the simulated writes\n", items);
  } else {
    std::printf("table: %zu items differ from the simulated writes\n", problems.size());
    for (size_t i = 0; i < problems.size() && i < 20; ++i)
      std::printf("  %s\n", problems[i].c_str());
  }
  std::fflush(stdout);
  return problems.empty();
}

// Waits up to the settle time for every board to be exact. Returns false on mismatches.
bool CheckBoardsSettle(DynamoSession& session, const SimulateArgs& args, const Plan& plan) {
  if (args.no_check) {
    std::printf("boards: not checked (--no-check)\n");
    return true;
  }
  const auto settle_start = Clock::now();
  std::vector<std::string> problems;
  for (;;) {
    problems = CheckBoards(session, plan);
    if (problems.empty() || Clock::now() - settle_start >= plan.settle || StopRequested()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  const double waited = std::chrono::duration<double>(Clock::now() - settle_start).count();
  if (problems.empty()) {
    std::printf("boards: all %zu exact after %.1fs\n", plan.games.size(), waited);
    return true;
  }
  std::printf("boards: %zu mismatches after %.1fs\n", problems.size(), waited);
  for (const std::string& p : problems) std::printf("  %s\n", p.c_str());
  return false;
}

void PrintLatency(SimulationState& shared) {
  SimulationState::LatencyReport r = shared.Latency();
  if (r.sorted_ms.empty()) {
    std::printf("latency write->board: no resolved samples (%lld superseded, %zu unresolved)\n",
                static_cast<long long>(r.superseded), r.unresolved);
  } else {
    std::printf(
        "latency write->board: p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  (%zu samples, "
        "%lld superseded, %zu unresolved)\n",
        Percentile(r.sorted_ms, 50), Percentile(r.sorted_ms, 95), Percentile(r.sorted_ms, 99),
        r.sorted_ms.size(), static_cast<long long>(r.superseded), r.unresolved);
  }
}

void RunSimulate(const SimulateArgs& args) {
  // Validate everything before touching the table.
  ValidateArgs(args);
  const Plan plan = MakePlan(args);

  DynamoSession session(args.dynamo);
  RequireSimulationTables(session, args);
  SimulationState shared(session.options().board.board_size, args.latency_sample);
  const std::set<std::string> sim_games(plan.games.begin(), plan.games.end());
  shared.Load(ScanOrThrow(session), sim_games);

  InstallStopHandler();
  const bool tty = StdoutIsTerminal();
  PrintBanner(args, plan);

  std::atomic<bool> stop_poller{false};
  std::thread poller;
  if (!args.no_check && args.latency_sample > 0) {
    poller = std::thread([&] { Poller(session, shared, stop_poller); });
  }
  // Ends the poller on every way out, an error thrown by the checks included.
  struct JoinPoller {
    std::atomic<bool>& stop;
    std::thread& thread;
    ~JoinPoller() {
      stop = true;
      if (thread.joinable()) thread.join();
    }
  } join_poller{stop_poller, poller};
  const double seconds = RunWriters(session, shared, args, plan, tty);
  PrintWriteSummary(shared, seconds);
  bool ok = shared.errors.load() == 0;

  if (!CheckTableMatchesWrites(session, shared, plan)) ok = false;
  if (!CheckBoardsSettle(session, args, plan)) ok = false;
  stop_poller = true;
  if (poller.joinable()) poller.join();
  if (!args.no_check && args.latency_sample > 0) PrintLatency(shared);
  std::fflush(stdout);
  if (!ok) throw CliError("simulation failed (see above)");
}

}  // namespace

void RegisterSimulate(CLI::App& app) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "simulate", "Write a paced load of scores, then check every board against the table");
  cmd->add_option("--players", args->players, "Players (default 200)");
  cmd->add_option("--games", args->games, "Games (default 3)");
  cmd->add_option("--rate", args->rate, "Writes per second, all threads together (default 200)");
  cmd->add_option("--duration", args->duration, "How long to write, e.g. 10s, 2m (default 10s)");
  cmd->add_option("--count", args->count, "Stop after this many writes (instead of --duration)");
  cmd->add_option("--decrease", args->decrease, "Share of writes that lower a score (default 0.2)");
  cmd->add_option("--delete", args->del, "Share of writes that delete a score (default 0.05)");
  cmd->add_option("--seed", args->seed, "Random seed (default: random; printed)");
  cmd->add_option("--settle", args->settle,
                  "How long to wait for the boards to converge (default 10s)");
  cmd->add_option("--threads", args->threads, "Writer threads (default 4)");
  cmd->add_option("--latency-sample", args->latency_sample,
                  "Share of the qualifying writes sampled for write-to-board latency (default 1)");
  cmd->add_option("--prefix", args->prefix, "Prefix of the simulated ids (default sim)");
  cmd->add_flag("--no-check", args->no_check,
                "Only write and check the table; do not wait for or check the boards");
  AddDynamoOptions(cmd, &args->dynamo);
  cmd->callback([args] { RunSimulate(*args); });
}

}  // namespace sb::cli
