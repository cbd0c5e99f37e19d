// The event source mapping driving a REAL function process: a poison record is bisected out
// and lands in the on-failure file, a record that times out gets the process killed and
// restarted, a crash is retried, and every other record is processed exactly once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "../../unit/trigger/fakes.h"
#include "trigger/event_source_mapping.h"
#include "trigger/local_function.h"

namespace sb::trigger {
namespace {
namespace fs = std::filesystem;
using testing::FakeStream;
using testing::MakeRecord;
using testing::Seq;

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class MappingProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sb-trigger-itest-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    out_path_ = (dir_ / "processed.txt").string();
    failures_path_ = (dir_ / "on-failure.jsonl").string();
    options_.poll_interval = std::chrono::milliseconds(5);
    options_.describe_interval = std::chrono::milliseconds(20);
    options_.retry_delay = std::chrono::milliseconds(5);
    options_.bisect_batch_on_function_error = true;
    options_.maximum_retry_attempts = 1;
    stream_.AddShard("shardId-1");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Feeds players p1.. in order (one record each) into the closed shard, runs the mapping
  // until the shard is finished, and returns.
  void Run(const std::vector<std::string>& players) {
    int n = 0;
    double now = static_cast<double>(RealClock::Instance().NowUnixMillis() / 1000);
    for (const auto& p : players) stream_.Append("shardId-1", MakeRecord(++n, p, now));
    stream_.Close("shardId-1");
    FunctionConfig config;
    const char* bin = std::getenv("SB_BIN_DIR");
    config.executable = std::string(bin != nullptr ? bin : "bin") + "/trigger-test-function";
    config.environment["TEST_FUNCTION_OUT"] = out_path_;
    config.log_sink = [](std::string_view) {};
    function_ = std::move(LocalFunction::Create(config)).value();
    store_ =
        std::move(CheckpointStore::Open((dir_ / "checkpoints.json").string(), stream_.stream_arn()))
            .value();
    JsonLinesFailureFile failures(failures_path_);
    auto mapping =
        std::move(
            EventSourceMapping::Create(
                options_, EventSourceMapping::Deps{stream_, *function_, *store_, &failures,
                                                   RealClock::Instance(), RealSleeper::Instance()}))
            .value();
    mapping->Start();
    for (int i = 0; i < 6000 && mapping->finished_shards() < 1; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    mapping->Stop();
    ASSERT_EQ(mapping->finished_shards(), 1u);
  }

  fs::path dir_;
  std::string out_path_, failures_path_;
  MappingOptions options_;
  FakeStream stream_;
  std::unique_ptr<LocalFunction> function_;
  std::unique_ptr<CheckpointStore> store_;
};

TEST_F(MappingProcessTest, PoisonRecordIsBisectedOutAndRecorded) {
  Run({"p1", "p2", "poison", "p3", "p4"});
  EXPECT_EQ(ReadLines(out_path_), (std::vector<std::string>{Seq(1), Seq(2), Seq(4), Seq(5)}));
  auto failures = ReadLines(failures_path_);
  ASSERT_EQ(failures.size(), 1u);
  auto f = boost::json::parse(failures[0]);
  EXPECT_EQ(f.at("DDBStreamBatchInfo").at("startSequenceNumber").as_string(), Seq(3));
  EXPECT_EQ(f.at("DDBStreamBatchInfo").at("endSequenceNumber").as_string(), Seq(3));
  EXPECT_EQ(f.at("DDBStreamBatchInfo").at("batchSize").as_int64(), 1);
  EXPECT_EQ(f.at("DDBStreamBatchInfo").at("shardId").as_string(), "shardId-1");
  EXPECT_EQ(f.at("requestContext").at("condition").as_string(), "RetryAttemptsExhausted");
  // [1..5], [3..5], [3], [3] again.
  EXPECT_EQ(f.at("requestContext").at("approximateInvokeCount").as_int64(), 4);
  EXPECT_EQ(f.at("responseContext").at("functionError").as_string(), "Unhandled");
  EXPECT_EQ(function_->starts(), 1);  // function errors keep the process
  EXPECT_TRUE(store_->Get("shardId-1")->finished);
}

TEST_F(MappingProcessTest, TimeoutKillsTheProcessAndTheShardMovesOn) {
  options_.function_timeout = std::chrono::milliseconds(500);
  options_.maximum_retry_attempts = 0;
  Run({"p1", "slow", "p2"});
  EXPECT_EQ(ReadLines(out_path_), (std::vector<std::string>{Seq(1), Seq(3)}));
  auto failures = ReadLines(failures_path_);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(boost::json::parse(failures[0])
                .at("DDBStreamBatchInfo")
                .at("startSequenceNumber")
                .as_string(),
            Seq(2));
  // Bisect: [1..3], [2..3] and [2] time out; each time the process is killed and restarted.
  EXPECT_EQ(function_->starts(), 4);
}

TEST_F(MappingProcessTest, CrashIsRetriedInAFreshProcess) {
  Run({"p1", "crash", "p2"});
  EXPECT_EQ(ReadLines(out_path_), (std::vector<std::string>{Seq(1), Seq(3)}));
  auto failures = ReadLines(failures_path_);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(boost::json::parse(failures[0])
                .at("DDBStreamBatchInfo")
                .at("startSequenceNumber")
                .as_string(),
            Seq(2));
  // [1..3], [2..3], [2] and its one retry each crash the process, which is restarted.
  EXPECT_EQ(function_->starts(), 5);
}

}  // namespace
}  // namespace sb::trigger
