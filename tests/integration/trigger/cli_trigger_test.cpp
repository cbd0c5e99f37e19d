// `streamboard trigger` as users run it: the real `streamboard engine` binary and the real
// `streamboard trigger` binary as child processes, driving the real leaderboard-function;
// writes over HTTP; boards converge; SIGTERM stops the trigger cleanly; bad arguments fail
// with a one-line error and exit code 2.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <thread>

#include "base/clock.h"
#include "base/random.h"
#include "cli/up_tables.h"
#include "dynamo/config.h"
#include "dynamo/dynamodb_client.h"
#include "dynamo/transport.h"
#include "http/client.h"
#include "trigger/child_process.h"

namespace sb::trigger {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

std::string Bin(const std::string& name) {
  const char* dir = std::getenv("SB_BIN_DIR");
  return std::string(dir != nullptr ? dir : "bin") + "/" + name;
}

// A child process whose output lines are kept.
struct Proc {
  std::unique_ptr<ChildProcess> child;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> lines;

  bool Start(const std::string& exe, std::vector<std::string> args) {
    ProcessSpec spec;
    spec.executable = exe;
    spec.args = std::move(args);
    for (char** e = environ; *e != nullptr; ++e) spec.env.emplace_back(*e);
    spec.env.emplace_back("AWS_ACCESS_KEY_ID=AKIDTEST");
    spec.env.emplace_back("AWS_SECRET_ACCESS_KEY=secret");
    spec.env.emplace_back("AWS_REGION=us-east-1");
    auto c = ChildProcess::Spawn(
        spec,
        [this](std::string_view line, bool) {
          std::lock_guard lock(mu);
          lines.emplace_back(line);
          cv.notify_all();
        },
        nullptr);
    if (!c.ok()) return false;
    child = std::move(c).value();
    return true;
  }
  // The first captured match of `re` in an output line within 30 s ("" if none).
  std::string WaitFor(const std::regex& re) {
    std::unique_lock lock(mu);
    std::string found;
    cv.wait_for(lock, std::chrono::seconds(30), [&] {
      for (const auto& l : lines) {
        std::smatch m;
        if (std::regex_search(l, m, re)) {
          found = m.size() > 1 ? m[1].str() : m[0].str();
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::string Output() {
    std::lock_guard lock(mu);
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }
};

class CliTriggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sb-cli-trigger-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(CliTriggerTest, TriggerDrivesTheFunctionAndStopsCleanlyOnSigterm) {
  Proc engine;
  ASSERT_TRUE(engine.Start(Bin("streamboard"),
                           {"engine", "--port", "0", "--in-memory", "--stream-shards", "2"}));
  std::string endpoint = engine.WaitFor(std::regex("listening on (http://[0-9.:]+)"));
  ASSERT_FALSE(endpoint.empty()) << engine.Output();

  dynamo::ClientConfig config;
  config.credentials = {"AKIDTEST", "secret", ""};
  config.endpoint = endpoint;
  config.retry.max_attempts = 3;
  http::CurlClient http;
  RealRandom random;
  dynamo::Transport t(config, http, RealClock::Instance(), RealSleeper::Instance(), random);
  auto call = [&](const std::string& op, const json::object& body) {
    auto r = t.Call(endpoint, "DynamoDB_20120810." + op, body);
    EXPECT_TRUE(r.ok()) << op;
    return r.ok() ? std::move(r).value() : json::object{};
  };
  // The four tables as `streamboard up` creates them (cli/up_tables.h), default names.
  dynamo::DynamoDbClient db(t);
  const function::BoardConfig defaults;
  for (const auto& request :
       {cli::ScoresTableRequest(defaults), cli::LeaderboardTableRequest(defaults),
        cli::RanksTableRequest(defaults), cli::RankCountsTableRequest(defaults)}) {
    EXPECT_TRUE(cli::EnsureTable(db, request)) << request.table_name;
  }

  Proc trigger;
  ASSERT_TRUE(
      trigger.Start(Bin("streamboard"),
                    {"trigger", "--table", "GameScores", "--function", Bin("leaderboard-function"),
                     "--endpoint-url", endpoint, "--checkpoint-file", (dir_ / "cp.json").string(),
                     "--on-failure", (dir_ / "failures.jsonl").string(), "--poll-interval-ms", "20",
                     "--parallelization-factor", "2", "--bisect-batch-on-function-error",
                     "--report-batch-item-failures", "--maximum-retry-attempts", "2"}));
  ASSERT_FALSE(trigger.WaitFor(std::regex("streamboard trigger: arn:")).empty())
      << trigger.Output();

  for (int i = 0; i < 8; ++i) {
    json::object item{{"PlayerId", json::object{{"S", "p" + std::to_string(i)}}},
                      {"GameId", json::object{{"S", "chess"}}},
                      {"Score", json::object{{"N", std::to_string(100 * i)}}}};
    call("PutItem", json::object{{"TableName", "GameScores"}, {"Item", item}});
  }
  const std::vector<std::string> expected{"p7", "p6", "p5", "p4", "p3"};
  std::vector<std::string> board;
  for (int i = 0; i < 300 && board != expected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto r = t.Call(endpoint, "DynamoDB_20120810.GetItem",
                    json::object{{"TableName", "Leaderboard"},
                                 {"ConsistentRead", true},
                                 {"Key", json::object{{"GameId", json::object{{"S", "chess"}}}}}});
    board.clear();
    if (r.ok() && r->contains("Item")) {
      for (const auto& e : r->at("Item").at("Entries").at("L").as_array()) {
        board.emplace_back(e.at("M").at("PlayerId").at("S").as_string());
      }
    }
  }
  EXPECT_EQ(board, expected) << trigger.Output();
  // The function's own log lines come through the trigger's output.
  EXPECT_FALSE(trigger.WaitFor(std::regex("REPORT RequestId: ")).empty());

  ASSERT_EQ(::kill(trigger.child->pid(), SIGTERM), 0);
  trigger.child->WaitExit();
  int status = trigger.child->wait_status();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  EXPECT_FALSE(trigger.WaitFor(std::regex("streamboard trigger: stopping")).empty());
  EXPECT_TRUE(fs::exists(dir_ / "cp.json"));
  ::kill(engine.child->pid(), SIGTERM);
  engine.child->WaitExit();
}

// With no flag, the trigger honours a function's batchItemFailures (ReportBatchItemFailures is
// on by default): the failed record and the ones after it are delivered again. With
// --no-report-batch-item-failures the response counts as success and they are dropped.
TEST_F(CliTriggerTest, BatchItemFailuresAreReportedByDefaultAndDroppedWhenTurnedOff) {
  for (bool report : {true, false}) {
    SCOPED_TRACE(report ? "default" : "--no-report-batch-item-failures");
    const fs::path dir = dir_ / (report ? "on" : "off");
    fs::create_directories(dir);
    Proc engine;
    ASSERT_TRUE(engine.Start(Bin("streamboard"), {"engine", "--in-memory", "--port", "0"}));
    const std::string endpoint = engine.WaitFor(std::regex("listening on (http://[0-9.:]+)"));
    ASSERT_FALSE(endpoint.empty()) << engine.Output();
    dynamo::ClientConfig config;
    config.credentials = {"AKIDTEST", "secret", ""};
    config.endpoint = endpoint;
    http::CurlClient http;
    RealRandom random;
    dynamo::Transport t(config, http, RealClock::Instance(), RealSleeper::Instance(), random);
    auto call = [&](const std::string& op, const json::object& body) {
      auto r = t.Call(endpoint, "DynamoDB_20120810." + op, body);
      EXPECT_TRUE(r.ok()) << op;
    };
    call("CreateTable", json::parse(R"({"TableName":"GameScores","BillingMode":"PAY_PER_REQUEST",
        "AttributeDefinitions":[{"AttributeName":"PlayerId","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"PlayerId","KeyType":"HASH"}],
        "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"}})")
                            .as_object());
    std::vector<std::string> args{"trigger", "--table", "GameScores", "--function",
                                  Bin("trigger-test-function"), "--endpoint-url", endpoint,
                                  "--checkpoint-file", (dir / "cp.json").string(),
                                  "--poll-interval-ms", "20", "--env",
                                  "TEST_FUNCTION_OUT=" + (dir / "out").string()};
    if (!report) args.push_back("--no-report-batch-item-failures");
    Proc trigger;
    ASSERT_TRUE(trigger.Start(Bin("streamboard"), args));
    ASSERT_FALSE(trigger.WaitFor(std::regex("streamboard trigger: arn:")).empty())
        << trigger.Output();
    for (const char* player : {"first", "partial", "last"}) {
      call("PutItem", json::object{{"TableName", "GameScores"},
                                   {"Item", json::object{{"PlayerId", json::object{{"S", player}}}}}});
    }
    auto lines = [&] {
      std::ifstream in(dir / "out");
      std::vector<std::string> v;
      for (std::string l; std::getline(in, l);) v.push_back(l);
      return v;
    };
    // Wait until the partial failure happened, then long enough for any redelivery.
    for (int i = 0; i < 300 && !fs::exists(dir / "out.partial"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(fs::exists(dir / "out.partial")) << trigger.Output();
    for (int i = 0; i < 150 && lines().size() < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!report) std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_EQ(lines().size(), report ? 3u : 1u) << trigger.Output();
    ::kill(trigger.child->pid(), SIGTERM);
    trigger.child->WaitExit();
    ::kill(engine.child->pid(), SIGTERM);
    engine.child->WaitExit();
  }
}

TEST_F(CliTriggerTest, BadArgumentsFailWithOneLine) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"trigger", "--function", "/bin/true"},
           {"trigger", "--function", "/bin/true", "--table", "T", "--batch-size", "0"},
           {"trigger", "--function", "/bin/true", "--table", "T", "--starting-position", "AT"},
           {"trigger", "--function", "/bin/true", "--table", "T", "--filter-pattern", "{"}}) {
    Proc p;
    ASSERT_TRUE(p.Start(Bin("streamboard"), args));
    p.child->WaitExit();
    p.child->WaitOutputClosed();  // its one line may still be in the pipe after the exit
    int status = p.child->wait_status();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << p.Output();
    std::string out = p.Output();
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    EXPECT_EQ(out.rfind("streamboard: ", 0), 0u) << out;
  }
}

}  // namespace
}  // namespace sb::trigger
