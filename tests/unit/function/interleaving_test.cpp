// The deterministic interleaving test (docs/correctness.md): two or three invocations of the
// real LeaderboardHandler run at once on one board, each on its own thread, against an
// in-memory strongly consistent RanksStore wrapped so that every store call is a scheduling
// point. A scheduler lets exactly one blocked call proceed at a time and chooses which; it may
// instead crash an invocation at that point (that call and every later one fail without
// touching the store, as if the process died there), and the crashed invocation's batch is
// re-delivered as a new invocation. For two invocations every schedule is explored (DFS over
// the choice points); for three, a large seeded random sample. After every schedule the board
// must equal the oracle: the top N of the final table under RanksBefore.
//
// With counts kept (RANK_COUNT_DEPTH > 0) two more properties are checked. After EVERY step of
// every schedule (whenever all invocations are blocked or done, so the store is still), the
// count invariant holds: each RankCounts counter equals the number of live Ranks entries under
// its node and child, counted by brute force. And at quiescence, every player's rank computed
// from the counts as a reader does (PlanRank's level sums plus the leaf's range count, over all
// shards) equals its rank in the oracle's order.
#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "function/handler.h"
#include "handler_support.h"
#include "leaderboard/board_key.h"
#include "leaderboard/rank_key.h"
#include "memory_ranks_store.h"

namespace sb::function {
namespace {

using leaderboard::Entry;
using protocol::StreamRecord;
using testing::MemoryRanksStore;
using testing::Put;
using testing::Remove;
using testing::TableModel;

// Chooses among `options` at each decision point.
using Chooser = std::function<size_t(size_t options)>;

class Scheduler {
 public:
  // Blocks invocation `inv` until the scheduler lets it run. False: it has crashed.
  bool Point(int inv) {
    std::unique_lock<std::mutex> lock(mu_);
    if (state_[inv].crashed) return false;
    state_[inv].blocked = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return !state_[inv].blocked; });
    return !state_[inv].crashed;
  }
  void Finished(int inv) {
    std::lock_guard<std::mutex> lock(mu_);
    state_[inv].done = true;
    cv_.notify_all();
  }
  int Add() {
    std::lock_guard<std::mutex> lock(mu_);
    state_.push_back({});
    return static_cast<int>(state_.size()) - 1;
  }
  // Waits until every invocation is blocked or done. Returns the blocked ones, or empty.
  std::vector<int> Quiesce() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] {
      for (const State& s : state_) {
        if (!s.done && !s.blocked) return false;
      }
      return true;
    });
    std::vector<int> blocked;
    for (size_t i = 0; i < state_.size(); ++i) {
      if (state_[i].blocked) blocked.push_back(static_cast<int>(i));
    }
    return blocked;
  }
  void Release(int inv, bool crash) {
    std::lock_guard<std::mutex> lock(mu_);
    state_[inv].crashed = state_[inv].crashed || crash;
    state_[inv].blocked = false;
    cv_.notify_all();
  }
  bool Crashed(int inv) {
    std::lock_guard<std::mutex> lock(mu_);
    return state_[inv].crashed;
  }

 private:
  struct State {
    bool blocked = false;
    bool done = false;
    bool crashed = false;
  };
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<State> state_;  // grows only from the scheduler's thread
};

// Every call is a scheduling point; a crashed invocation's calls fail without effect.
class ScheduledStore final : public RanksStore {
 public:
  ScheduledStore(MemoryRanksStore& inner, Scheduler& s, int inv)
      : inner_(inner), s_(s), inv_(inv) {}
  protocol::ApiResult<std::optional<leaderboard::RankRecord>> GetRank(
      const std::string& b, const std::string& p) override {
    if (!s_.Point(inv_)) return Crash();
    return inner_.GetRank(b, p);
  }
  protocol::ApiStatus PutRank(const std::string& b, const leaderboard::RankRecord& r,
                              const RankExpectation& e, int64_t x) override {
    if (!s_.Point(inv_)) return Crash();
    return inner_.PutRank(b, r, e, x);
  }
  protocol::ApiStatus MoveRank(const std::string& b, const leaderboard::RankRecord& r,
                               const RankExpectation& e, int64_t x,
                               const CountChanges& c) override {
    if (!s_.Point(inv_)) return Crash();
    return inner_.MoveRank(b, r, e, x, c);
  }
  protocol::ApiResult<int64_t> ReadBoardVersion(const std::string& g) override {
    if (!s_.Point(inv_)) return Crash();
    return inner_.ReadBoardVersion(g);
  }
  protocol::ApiResult<std::vector<Entry>> QueryTop(const std::string& b, size_t n) override {
    if (!s_.Point(inv_)) return Crash();
    return inner_.QueryTop(b, n);
  }
  protocol::ApiStatus WriteBoard(const leaderboard::Board& board, int64_t v) override {
    if (!s_.Point(inv_)) return Crash();
    return inner_.WriteBoard(board, v);
  }

 private:
  static protocol::ApiError Crash() { return protocol::ApiError::Internal("crashed"); }
  MemoryRanksStore& inner_;
  Scheduler& s_;
  int inv_;
};

struct History {
  std::string name;
  std::vector<StreamRecord> setup;                 // applied first, sequentially
  std::vector<std::vector<StreamRecord>> batches;  // one concurrent invocation each
  size_t setup_size = 5;                           // N of the setup run
  size_t size = 5;                                 // N of the concurrent invocations
  size_t shards = 1;
};

class ScheduledRun {
 public:
  // `depth`: RANK_COUNT_DEPTH. `blind` (depth 0 only): the handler's read-free first Ranks write
  // (HandlerOptions::blind_first_write); depth 0 explores it, depth > 0 the transactional path.
  ScheduledRun(const History& h, Chooser choose, int crash_budget, size_t depth, bool blind = true)
      : h_(h), choose_(std::move(choose)), crash_budget_(crash_budget), depth_(depth) {
    options_.blind_first_write = blind;
    options_.sleeper = &sleeper_;
  }

  struct Outcome {
    std::vector<Entry> board;
    std::string invariant;                 // the first count invariant violation seen, "" if none
    std::map<std::string, int64_t> ranks;  // player -> 1 + entries before it, from the counts
  };

  // Runs the history under the chooser; returns the final board and what the counts say.
  Outcome Go() {
    Outcome out;
    FunctionConfig setup = Config(h_.setup_size);
    {
      InlineExecutor ex;
      Telemetry t(log::Level::kFatal, "t", clock_, [](std::string_view) {});
      LeaderboardHandler handler(setup, store_, ex, t, clock_);
      auto r = handler.Handle(protocol::EncodeDynamoDbStreamEvent(h_.setup), Invocation{"s", 0});
      EXPECT_TRUE(r.ok() && testing::BatchFailures(*r).empty());
    }
    for (const auto& batch : h_.batches) Start(batch);
    for (;;) {
      std::vector<int> blocked = sched_.Quiesce();
      Redeliver();
      blocked = sched_.Quiesce();
      if (depth_ > 0 && out.invariant.empty()) out.invariant = store_.CountsMismatch(depth_);
      if (blocked.empty()) break;
      const size_t crashes = crash_budget_ > 0 ? blocked.size() : 0;
      size_t c = choose_(blocked.size() + crashes);
      if (c < blocked.size()) {
        sched_.Release(blocked[c], false);
      } else {
        --crash_budget_;
        sched_.Release(blocked[c - blocked.size()], true);
      }
    }
    for (auto& inv : invocations_) inv->thread.join();
    auto it = store_.boards.find("g");
    if (it != store_.boards.end()) out.board = it->second.entries;
    if (depth_ > 0) {
      for (const std::string& board_key : leaderboard::BoardKeys("g", h_.shards)) {
        for (const Entry& e : store_.Live(board_key)) {
          const std::string key = leaderboard::RankKey(e);
          int64_t before = 0;
          for (const std::string& b : leaderboard::BoardKeys("g", h_.shards)) {
            before += store_.EntriesBefore(b, key, depth_);
          }
          out.ranks[e.player_id] = before + 1;
        }
      }
    }
    return out;
  }

 private:
  struct Inv {
    int id = 0;
    std::vector<StreamRecord> batch;
    std::unique_ptr<ScheduledStore> store;
    std::unique_ptr<Telemetry> telemetry;
    std::unique_ptr<LeaderboardHandler> handler;
    std::thread thread;
    bool finished = false;
    bool redelivered = false;
    std::vector<std::string> failures;
  };

  FunctionConfig Config(size_t n) const {
    FunctionConfig c;
    c.board.board_size = n;
    c.board.rank_shards = h_.shards;
    c.board.rank_count_depth = depth_;
    return c;
  }

  void Start(const std::vector<StreamRecord>& batch) {
    auto inv = std::make_unique<Inv>();
    inv->id = sched_.Add();
    inv->batch = batch;
    inv->store = std::make_unique<ScheduledStore>(store_, sched_, inv->id);
    inv->telemetry =
        std::make_unique<Telemetry>(log::Level::kFatal, "t", clock_, [](std::string_view) {});
    inv->handler = std::make_unique<LeaderboardHandler>(Config(h_.size), *inv->store, executor_,
                                                        *inv->telemetry, clock_, options_);
    Inv* raw = inv.get();
    inv->thread = std::thread([this, raw] {
      auto r =
          raw->handler->Handle(protocol::EncodeDynamoDbStreamEvent(raw->batch), Invocation{"i", 0});
      if (r.ok()) raw->failures = testing::BatchFailures(*r);
      raw->finished = true;
      sched_.Finished(raw->id);
    });
    invocations_.push_back(std::move(inv));
  }

  // A finished invocation that crashed, or reported failures, is delivered again: from its
  // first failed record (a crash fails everything left, so from its first record).
  void Redeliver() {
    for (size_t i = 0; i < invocations_.size(); ++i) {
      Inv& inv = *invocations_[i];
      if (!inv.finished || inv.redelivered) continue;
      inv.redelivered = true;
      if (sched_.Crashed(inv.id)) {
        Start(inv.batch);
      } else if (!inv.failures.empty()) {
        Start(testing::Suffix(inv.batch, inv.failures[0]));
      }
    }
  }

  const History& h_;
  Chooser choose_;
  int crash_budget_;
  size_t depth_;
  HandlerOptions options_;
  FakeClock clock_;
  FakeSleeper sleeper_;
  MemoryRanksStore store_;
  InlineExecutor executor_;  // shared: each invocation's RunAll runs inline on its own thread
  Scheduler sched_;
  std::vector<std::unique_ptr<Inv>> invocations_;
};

// The final table of the history: every record in stream order, duplicates once.
TableModel FinalTable(const History& h) {
  std::vector<StreamRecord> all = h.setup;
  for (const auto& b : h.batches) all.insert(all.end(), b.begin(), b.end());
  std::stable_sort(all.begin(), all.end(), [](const StreamRecord& a, const StreamRecord& b) {
    return leaderboard::CompareSequenceNumbers(a.sequence_number, b.sequence_number) < 0;
  });
  TableModel table;
  std::string last;
  for (const StreamRecord& r : all) {
    if (r.sequence_number == last) continue;  // a duplicate
    last = r.sequence_number;
    table.Apply(r);
  }
  return table;
}

std::vector<Entry> Oracle(const History& h) { return FinalTable(h).Top(h.size); }

// Player -> rank (1-based) in the final table's order.
std::map<std::string, int64_t> OracleRanks(const History& h) {
  std::map<std::string, int64_t> ranks;
  int64_t rank = 0;
  for (const Entry& e : FinalTable(h).Top(SIZE_MAX)) ranks[e.player_id] = ++rank;
  return ranks;
}

std::string DescribeRanks(const std::map<std::string, int64_t>& ranks) {
  std::string out;
  for (const auto& [p, r] : ranks) out += p + ":" + std::to_string(r) + " ";
  return out;
}

// "" when `got` satisfies every property checked for `h` at `depth`; else what failed.
std::string Check(const History& h, size_t depth, const ScheduledRun::Outcome& got,
                  const std::vector<Entry>& want, const std::map<std::string, int64_t>& ranks) {
  if (got.board != want) {
    return "board " + testing::Describe(got.board) + "!= oracle " + testing::Describe(want);
  }
  if (depth == 0) return "";
  if (!got.invariant.empty()) return "count invariant broken: " + got.invariant;
  if (got.ranks != ranks) {
    return "ranks from counts " + DescribeRanks(got.ranks) + "!= oracle " + DescribeRanks(ranks);
  }
  (void)h;
  return "";
}

// Case 1 of docs/correctness.md: A100 B90 C80 D70 E60 and tied low players; E drops to 5 on one
// shard while P scores 50 on another.
std::vector<StreamRecord> Case1Setup() {
  std::vector<StreamRecord> s = {Put("A", "g", 100, 1), Put("B", "g", 90, 2), Put("C", "g", 80, 3),
                                 Put("D", "g", 70, 4), Put("E", "g", 60, 5)};
  for (int i = 0; i < 4; ++i) s.push_back(Put("T" + std::to_string(i), "g", 10, 6 + i, 999));
  return s;
}

std::vector<History> TwoInvocationHistories() {
  return {
      {"case 1: lost update across shards",
       Case1Setup(),
       {{Put("E", "g", 5, 101, 1001)}, {Put("P", "g", 50, 102, 1002)}}},
      {"case 1 with duplicates and a stale replay",
       Case1Setup(),
       {{Put("E", "g", 5, 101, 1001), Put("E", "g", 5, 101, 1001), Put("D", "g", 70, 4)},
        {Put("P", "g", 50, 102, 1002), Put("P", "g", 50, 102, 1002)}}},
      {"removal at the top while a tie rises",
       Case1Setup(),
       {{Remove("A", "g", 101, 1001)}, {Put("T2", "g", 60, 102, 1000)}}},
      {"equal scores at the cut and a name change",
       Case1Setup(),
       {{Put("P", "g", 60, 101, 1000)}, {Put("E", "g", 60, 102, 1003, "Eve")}}},
      {"N raised from 5 to 7",
       Case1Setup(),
       {{Put("E", "g", 5, 101, 1001)}, {Put("P", "g", 50, 102, 1002)}},
       5,
       7},
      {"four rank shards",
       Case1Setup(),
       {{Put("E", "g", 5, 101, 1001)}, {Put("P", "g", 50, 102, 1002)}},
       5,
       5,
       4},
  };
}

using testing::Describe;

// DFS over every schedule: replay a prefix of choices, then take choice 0; backtrack at the
// deepest point with an untried option.
int64_t ExploreAll(const History& h, int crash_budget, size_t depth, bool blind) {
  const std::vector<Entry> want = Oracle(h);
  const std::map<std::string, int64_t> ranks = OracleRanks(h);
  std::vector<size_t> prefix;
  int64_t runs = 0;
  for (;;) {
    std::vector<std::pair<size_t, size_t>> trace;  // (choice, options)
    Chooser choose = [&](size_t options) {
      size_t c = trace.size() < prefix.size() ? prefix[trace.size()] : 0;
      trace.emplace_back(c, options);
      return c;
    };
    ScheduledRun::Outcome got = ScheduledRun(h, choose, crash_budget, depth, blind).Go();
    ++runs;
    if (std::string failed = Check(h, depth, got, want, ranks); !failed.empty()) {
      std::string schedule;
      for (auto [c, n] : trace) schedule += std::to_string(c) + "/" + std::to_string(n) + " ";
      ADD_FAILURE() << h.name << " (depth " << depth << "): " << failed
                    << "\n  schedule: " << schedule;
      return runs;
    }
    while (!trace.empty() && trace.back().first + 1 >= trace.back().second) trace.pop_back();
    if (trace.empty()) return runs;
    prefix.clear();
    for (auto [c, n] : trace) prefix.push_back(c);
    ++prefix.back();
  }
}

// The paths explored: depth 0 with the blind first write, and counts kept (the transactional
// read-then-write path) at a depth whose leaves hold several players (the leaf range count
// matters) and at the default depth.
struct Path {
  size_t depth;
  bool blind;
  const char* name;
};
constexpr Path kPaths[] = {{0, true, "no counts, blind first"},
                           {2, false, "counts, depth 2"},
                           {16, false, "counts, depth 16"}};

TEST(InterleavingTest, EveryScheduleOfTwoInvocationsGivesTheOracle) {
  for (const Path& path : kPaths) {
    for (const History& h : TwoInvocationHistories()) {
      int64_t runs = ExploreAll(h, 0, path.depth, path.blind);
      std::printf("%s (%s): %lld schedules\n", h.name.c_str(), path.name,
                  static_cast<long long>(runs));
      EXPECT_GT(runs, 50) << h.name;
    }
  }
}

TEST(InterleavingTest, EveryScheduleWithOneCrashGivesTheOracle) {
  // Case 1, with a crash allowed at any point of either invocation (including between its
  // Ranks writes and its board write); the crashed batch is re-delivered.
  std::vector<History> all = TwoInvocationHistories();
  for (const History* h : {&all[0]}) {
    for (const Path& path : kPaths) {
      int64_t runs = ExploreAll(*h, 1, path.depth, path.blind);
      std::printf("%s, one crash (%s): %lld schedules\n", h->name.c_str(), path.name,
                  static_cast<long long>(runs));
    }
  }
}

TEST(InterleavingTest, SampledSchedulesOfThreeInvocationsWithCrashes) {
  std::vector<History> histories = {
      {"case 1, three shards",
       Case1Setup(),
       {{Put("E", "g", 5, 101, 1001)},
        {Put("P", "g", 50, 102, 1002)},
        {Remove("B", "g", 103, 1003), Put("Q", "g", 75, 104, 1004)}}},
      {"three shards, N raised, ties",
       Case1Setup(),
       {{Put("E", "g", 10, 101, 999), Put("A", "g", 100, 1)},
        {Put("T3", "g", 95, 102, 1002), Remove("T0", "g", 105)},
        {Put("D", "g", 70, 103, 1009, "Dee"), Put("R", "g", 10, 104, 998)}},
       5,
       6,
       2},
  };
  for (const History& h : histories) {
    const std::vector<Entry> want = Oracle(h);
    const std::map<std::string, int64_t> ranks = OracleRanks(h);
    std::mt19937_64 rng(20261206);
    for (int i = 0; i < 1500; ++i) {
      Chooser choose = [&](size_t options) { return static_cast<size_t>(rng() % options); };
      const Path& path = kPaths[i % 3];
      ScheduledRun::Outcome got = ScheduledRun(h, choose, 2, path.depth, path.blind).Go();
      std::string failed = Check(h, path.depth, got, want, ranks);
      ASSERT_EQ(failed, "") << h.name << " sample " << i << " (" << path.name << ")";
    }
  }
}

}  // namespace
}  // namespace sb::function
