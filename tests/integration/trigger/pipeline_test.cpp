// End to end with real parts: the local engine (in this process, real HTTP, a multi-shard
// stream with rollover) -> the trigger (DynamoStreamSource over the Streams API, the event
// source mapping with ParallelizationFactor 2) -> the real leaderboard-function binary as
// child processes behind the local Runtime API -> boards in the engine. Every board must
// converge to the top 5 of the table, including after decreases and deletes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <thread>

#include "base/clock.h"
#include "base/random.h"
#include "cli/up_tables.h"
#include "dynamo/config.h"
#include "dynamo/dynamodb_client.h"
#include "dynamo/streams_client.h"
#include "dynamo/transport.h"
#include "engine/server/engine.h"
#include "http/client.h"
#include "trigger/checkpoint_store.h"
#include "trigger/dynamo_stream_source.h"
#include "trigger/event_source_mapping.h"
#include "trigger/local_function.h"

namespace sb::trigger {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

// Pieces of a running trigger: the stream source, function processes, checkpoints, mapping.
struct Trigger {
  std::unique_ptr<dynamo::StreamsClient> streams;
  std::unique_ptr<DynamoStreamSource> source;
  std::unique_ptr<FunctionPool> pool;
  std::unique_ptr<CheckpointStore> store;
  std::unique_ptr<EventSourceMapping> mapping;
  void Stop() {
    mapping->Stop();
    pool->Shutdown();
  }
};

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine::server::EngineOptions eo;
    eo.port = 0;
    eo.in_memory = true;
    eo.threads = 4;
    eo.streams.shards = 2;
    eo.streams.rollover_records = 25;  // shards close and get children during the test
    auto engine = engine::server::Engine::Start(eo, RealClock::Instance());
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    engine_ = std::move(engine).value();
    dynamo::ClientConfig config;
    config.credentials = {"AKIDTEST", "secret", ""};
    config.endpoint = engine_->endpoint();
    config.streams_endpoint = engine_->endpoint();
    config.retry.max_attempts = 3;
    transport_ = std::make_unique<dynamo::Transport>(config, http_, RealClock::Instance(),
                                                     RealSleeper::Instance(), random_);
    dir_ = fs::temp_directory_path() / ("sb-pipeline-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (engine_) engine_->Stop();
    fs::remove_all(dir_);
  }

  json::object Call(const std::string& op, const json::object& request) {
    auto r = transport_->Call(engine_->endpoint(), "DynamoDB_20120810." + op, request);
    EXPECT_TRUE(r.ok()) << op << ": " << (r.ok() ? "" : r.error().type + " " + r.error().message);
    return r.ok() ? std::move(r).value() : json::object{};
  }
  // The four tables as `streamboard up` creates them (cli/up_tables.h), default names.
  void CreateTables() {
    dynamo::DynamoDbClient db(*transport_);
    const function::BoardConfig board;
    for (const auto& request :
         {cli::ScoresTableRequest(board), cli::LeaderboardTableRequest(board),
          cli::RanksTableRequest(board), cli::RankCountsTableRequest(board)}) {
      EXPECT_TRUE(cli::EnsureTable(db, request)) << request.table_name;
    }
  }
  void Put(const std::string& player, const std::string& game, int score) {
    json::object item{{"PlayerId", json::object{{"S", player}}},
                      {"GameId", json::object{{"S", game}}},
                      {"Score", json::object{{"N", std::to_string(score)}}}};
    Call("PutItem", json::object{{"TableName", "GameScores"}, {"Item", item}});
    table_[{game, player}] = score;
  }
  void Delete(const std::string& player, const std::string& game) {
    json::object key{{"PlayerId", json::object{{"S", player}}},
                     {"GameId", json::object{{"S", game}}}};
    Call("DeleteItem", json::object{{"TableName", "GameScores"}, {"Key", key}});
    table_.erase({game, player});
  }
  std::vector<std::string> Expected(const std::string& game) {
    std::vector<std::pair<int, std::string>> rows;
    for (const auto& [k, score] : table_) {
      if (k.first == game) rows.emplace_back(score, k.second);
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> out;
    for (size_t i = 0; i < rows.size() && i < 5; ++i) out.push_back(rows[i].second);
    return out;
  }
  std::vector<std::string> Board(const std::string& game) {
    auto r = transport_->Call(
        engine_->endpoint(), "DynamoDB_20120810.GetItem",
        json::object{{"TableName", "Leaderboard"},
                     {"ConsistentRead", true},
                     {"Key", json::object{{"GameId", json::object{{"S", game}}}}}});
    std::vector<std::string> out;
    if (!r.ok() || !r->contains("Item")) return out;
    for (const auto& e : r->at("Item").at("Entries").at("L").as_array()) {
      out.emplace_back(e.at("M").at("PlayerId").at("S").as_string());
    }
    return out;
  }

  Trigger StartTrigger() {
    Trigger t;
    t.streams = std::make_unique<dynamo::StreamsClient>(*transport_);
    auto listed = t.streams->ListStreams(dynamo::ListStreamsRequest{"GameScores"});
    EXPECT_TRUE(listed.ok() && listed->streams.size() == 1);
    t.source = std::make_unique<DynamoStreamSource>(*t.streams, listed->streams.at(0).stream_arn);
    FunctionConfig fc;
    const char* bin = std::getenv("SB_BIN_DIR");
    fc.executable = std::string(bin != nullptr ? bin : "bin") + "/leaderboard-function";
    fc.function_name = "leaderboard";
    fc.environment = {{"AWS_ACCESS_KEY_ID", "AKIDTEST"},
                      {"AWS_SECRET_ACCESS_KEY", "secret"},
                      {"AWS_ENDPOINT_URL_DYNAMODB", engine_->endpoint()},
                      {"AWS_LAMBDA_LOG_LEVEL", "WARN"}};
    fc.log_sink = [](std::string_view) {};
    t.pool = std::move(FunctionPool::Create(fc, 4)).value();
    t.store = std::move(CheckpointStore::Open((dir_ / "checkpoints.json").string(),
                                              t.source->stream_arn()))
                  .value();
    MappingOptions options;
    options.batch_size = 20;
    options.parallelization_factor = 2;
    options.bisect_batch_on_function_error = true;
    options.report_batch_item_failures = true;
    options.function_timeout = std::chrono::seconds(10);
    options.poll_interval = std::chrono::milliseconds(20);
    options.describe_interval = std::chrono::milliseconds(200);
    options.retry_delay = std::chrono::milliseconds(50);
    t.mapping = std::move(EventSourceMapping::Create(
                              options, EventSourceMapping::Deps{*t.source, *t.pool, *t.store,
                                                                nullptr, RealClock::Instance(),
                                                                RealSleeper::Instance()}))
                    .value();
    t.mapping->Start();
    return t;
  }
  // Random increases, decreases and deletes over 3 games and 15 players (distinct scores).
  void Write(int count, uint64_t seed) {
    SeededRandom rnd(seed);
    for (int i = 0; i < count; ++i) {
      std::string player = "p" + std::to_string(rnd.Uniform(15));
      const std::string& game = games_[rnd.Uniform(games_.size())];
      if (rnd.Uniform(10) == 0 && table_.count({game, player}) != 0) {
        Delete(player, game);
      } else {
        Put(player, game, static_cast<int>(rnd.Uniform(1000)) * 1000 + ++unique_);
      }
    }
  }
  bool Converged() {
    for (int i = 0; i < 600; ++i) {
      if (std::all_of(games_.begin(), games_.end(),
                      [&](const std::string& g) { return Board(g) == Expected(g); })) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // Polls `done` every 5 ms until it holds or `limit` has passed.
  static void WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  const std::vector<std::string> games_{"chess", "go", "shogi"};
  int unique_ = 0;
  std::unique_ptr<engine::server::Engine> engine_;
  http::CurlClient http_;
  RealRandom random_;
  std::unique_ptr<dynamo::Transport> transport_;
  fs::path dir_;
  std::map<std::pair<std::string, std::string>, int> table_;
};

TEST_F(PipelineTest, BoardsConvergeToTheTopFiveOfTheTable) {
  CreateTables();
  Trigger t = StartTrigger();
  Write(150, 42);
  bool converged = Converged();
  t.Stop();
  for (const auto& g : games_) EXPECT_EQ(Board(g), Expected(g)) << g;
  EXPECT_TRUE(converged);
  EXPECT_GT(t.mapping->stats().invocations.load(), 0);
  EXPECT_EQ(t.mapping->stats().records_failed.load(), 0);
  EXPECT_GT(t.mapping->finished_shards(), 0u);  // rollover closed shards; children were read
}

// The trigger is stopped in the middle of the stream and started again from its checkpoint
// file: what was written meanwhile is processed, nothing is skipped, and what the first run
// had already processed is not delivered again, except the batches in flight at the stop.
// The boards cannot tell (the merge is idempotent, so a replay of everything would still
// converge); the counts of records the function received can.
TEST_F(PipelineTest, RestartResumesFromTheCheckpointFile) {
  constexpr int kBeforeStop = 150;
  constexpr int kWhileStopped = 100;
  constexpr int64_t kStreamRecords = kBeforeStop + kWhileStopped;  // each write changes an item
  // A stop may interrupt one batch per shard lineage (BatchSize 20 x ParallelizationFactor 2,
  // 2 lineages); those records were perhaps delivered but not checkpointed.
  constexpr int64_t kInFlight = 2 * 20 * 2;
  constexpr int64_t kProcessedBeforeStop = 100;  // > kInFlight, so a full replay shows
  CreateTables();
  int64_t first_run = 0;
  {
    Trigger t = StartTrigger();
    Write(kBeforeStop, 7);
    WaitUntil([&] { return t.mapping->stats().records_delivered.load() >= kProcessedBeforeStop; },
              std::chrono::seconds(30));
    t.Stop();  // probably mid-stream
    first_run = t.mapping->stats().records_delivered.load();
    ASSERT_GE(first_run, kProcessedBeforeStop);
    EXPECT_EQ(t.mapping->stats().records_failed.load(), 0);
  }
  Write(kWhileStopped, 8);
  ASSERT_TRUE(fs::exists(dir_ / "checkpoints.json"));
  Trigger t = StartTrigger();
  bool converged = Converged();
  // Converged() only shows that the last records arrived; wait until the counts settle too.
  WaitUntil(
      [&] { return first_run + t.mapping->stats().records_delivered.load() >= kStreamRecords; },
      std::chrono::seconds(2));
  t.Stop();
  for (const auto& g : games_) EXPECT_EQ(Board(g), Expected(g)) << g;
  EXPECT_TRUE(converged);
  const int64_t second_run = t.mapping->stats().records_delivered.load();
  EXPECT_EQ(t.mapping->stats().records_failed.load(), 0);
  // Nothing skipped: every record of the stream reached the function in one run or the other.
  EXPECT_GE(first_run + second_run, kStreamRecords);
  // Resumed from the checkpoints: the second run received what the first had not processed,
  // plus at most the batches in flight at the stop, not the whole stream again.
  EXPECT_LE(second_run, kStreamRecords - first_run + kInFlight)
      << "first run " << first_run << " records, second run " << second_run;
  EXPECT_LT(second_run, kStreamRecords);
}

}  // namespace
}  // namespace sb::trigger
