// Tests of ShardWorker: iterators, batching, filtering, checkpoints, lanes, lineage-free
// single-shard behaviour, against FakeStream and FakeInvoker.
#include "trigger/shard_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>

#include "fakes.h"

namespace sb::trigger {
namespace {
using testing::Call;
using testing::FakeInvoker;
using testing::FakeStream;
using testing::MakeRecord;
using testing::MemoryFailureSink;
using testing::Ok;
using testing::Seq;

constexpr int64_t kNowMs = 1'700'000'100'000;

class ShardWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stream_.AddShard("shard-1");
    store_ = std::move(CheckpointStore::Open("", stream_.stream_arn())).value();
  }
  std::unique_ptr<ShardWorker> MakeWorker(Invoker& invoker, bool latest = false) {
    auto filter = FilterCriteria::Parse(options_.filter_patterns);
    EXPECT_TRUE(filter.ok());
    filter_ = std::move(filter).value();
    deliverer_ = std::make_unique<BatchDeliverer>(
        options_, stream_.stream_arn(), invoker, &sink_, clock_, sleeper_,
        [this] { return stopping_.load(); }, &stats_);
    return std::make_unique<ShardWorker>(
        ShardWorker::Deps{stream_, *store_, *deliverer_, filter_, options_, clock_, &filtered_},
        "shard-1", latest);
  }
  // Runs until the worker is idle (or finished) `rounds` times in a row.
  ShardWorker::Step RunUntilIdle(ShardWorker& w) {
    for (int i = 0; i < 1000; ++i) {
      ShardWorker::Step s = w.RunOnce();
      if (s != ShardWorker::Step::kBusy) return s;
    }
    ADD_FAILURE() << "worker never went idle";
    return ShardWorker::Step::kBusy;
  }
  void AddRecords(int first, int last, double created = kNowMs / 1000) {
    for (int n = first; n <= last; ++n) {
      stream_.Append("shard-1", MakeRecord(n, "p" + std::to_string(n), created));
    }
  }
  std::optional<std::string> Checkpointed() {
    auto cp = store_->Get("shard-1");
    return cp ? cp->sequence_number : std::nullopt;
  }

  MappingOptions options_;
  FakeStream stream_;
  std::unique_ptr<CheckpointStore> store_;
  FilterCriteria filter_;
  std::unique_ptr<BatchDeliverer> deliverer_;
  FakeClock clock_{kNowMs};
  FakeSleeper sleeper_{&clock_};
  MemoryFailureSink sink_;
  DeliveryStats stats_;
  std::atomic<int64_t> filtered_{0};
  std::atomic<bool> stopping_{false};
};

std::vector<std::string> Seqs(int first, int last) {
  std::vector<std::string> out;
  for (int n = first; n <= last; ++n) out.push_back(Seq(n));
  return out;
}

TEST_F(ShardWorkerTest, DeliversFromTrimHorizonAddsEventSourceArnAndCheckpoints) {
  AddRecords(1, 3);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto w = MakeWorker(invoker);
  EXPECT_EQ(RunUntilIdle(*w), ShardWorker::Step::kIdle);
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].sequence_numbers, Seqs(1, 3));
  auto event = boost::json::parse(calls[0].payload);
  EXPECT_EQ(event.at("Records").at(0).at("eventSourceARN").as_string(), stream_.stream_arn());
  EXPECT_EQ(event.at("Records").at(0).at("eventName").as_string(), "MODIFY");
  EXPECT_EQ(Checkpointed(), Seq(3));
  EXPECT_EQ(stream_.iterator_requests()[0], "shard-1:TRIM_HORIZON");
}

// The event carries each record's text as received, spliced: spacing, member order and number
// spelling unchanged, userIdentity in Lambda's spelling, eventSourceARN added last.
TEST_F(ShardWorkerTest, EventSplicesEachRecordsTextInLambdasSpelling) {
  const std::string keys = R"("Keys": {"GameId":{"S":"g1"}, "PlayerId":{"S":"p1"}})";
  const std::string insert = R"({ "eventName":"INSERT" , "dynamodb": {"SequenceNumber":")" +
                             Seq(1) + R"(", )" + keys + R"(, "ApproximateCreationDateTime":)"
                             R"( 1.70E9, "SizeBytes": 1.0E1}, "eventID":"a\u0031"})";
  const std::string identity_before = R"({"eventName":"REMOVE","dynamodb":{"SequenceNumber":")" +
                                      Seq(2) + R"(",)" + keys + R"(},"userIdentity":)";
  const std::string remove =
      identity_before + R"({"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"}})";
  for (const std::string& text : {insert, remove}) {
    auto json = boost::json::parse(text).as_object();
    stream_.Append("shard-1", SourceRecord{std::string(json.at("dynamodb").at("SequenceNumber")
                                                           .as_string()),
                                           kNowMs / 1000, json, text});
  }
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto w = MakeWorker(invoker);
  EXPECT_EQ(RunUntilIdle(*w), ShardWorker::Step::kIdle);
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 1u);
  const std::string arn = R"("eventSourceARN":")" + stream_.stream_arn() + R"("})";
  EXPECT_EQ(calls[0].payload,
            R"({"Records":[)" + insert.substr(0, insert.size() - 1) + "," + arn + "," +
                identity_before +
                R"({"type":"Service","principalId":"dynamodb.amazonaws.com"},)" + arn + "]}");
  EXPECT_EQ(calls[0].sequence_numbers, Seqs(1, 2));  // the payload parsed as JSON
}

TEST_F(ShardWorkerTest, ClosedShardIsFinishedAfterItsLastRecord) {
  AddRecords(1, 2);
  stream_.Close("shard-1");
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto w = MakeWorker(invoker);
  EXPECT_EQ(RunUntilIdle(*w), ShardWorker::Step::kFinished);
  EXPECT_EQ(invoker.delivered(), Seqs(1, 2));
  auto cp = store_->Get("shard-1");
  ASSERT_TRUE(cp);
  EXPECT_TRUE(cp->finished);
  EXPECT_EQ(cp->sequence_number, Seq(2));
}

TEST_F(ShardWorkerTest, RestartResumesAfterTheCheckpointSkippingNothing) {
  AddRecords(1, 3);
  FakeInvoker first([](const Call&) { return Ok(); });
  RunUntilIdle(*MakeWorker(first));
  AddRecords(4, 5);
  FakeInvoker second([](const Call&) { return Ok(); });
  RunUntilIdle(*MakeWorker(second));
  EXPECT_EQ(second.delivered(), Seqs(4, 5));
  EXPECT_EQ(stream_.iterator_requests().back(), "shard-1:AFTER_SEQUENCE_NUMBER:" + Seq(3));
}

TEST_F(ShardWorkerTest, InterruptedBatchIsReplayedAfterRestart) {
  options_.batch_size = 2;
  AddRecords(1, 4);
  FakeInvoker first([&](const Call& c) {
    if (c.sequence_numbers.front() == Seq(3)) {
      stopping_ = true;  // the trigger is stopped while this batch is in flight
      return testing::FunctionError();
    }
    return Ok();
  });
  auto w = MakeWorker(first);
  ShardWorker::Step s = ShardWorker::Step::kBusy;
  while (s == ShardWorker::Step::kBusy) s = w->RunOnce();
  EXPECT_EQ(s, ShardWorker::Step::kStopped);
  EXPECT_EQ(Checkpointed(), Seq(2));
  stopping_ = false;
  FakeInvoker second([](const Call&) { return Ok(); });
  RunUntilIdle(*MakeWorker(second));
  EXPECT_EQ(second.delivered(), Seqs(3, 4));  // the in-flight batch again, nothing skipped
}

TEST_F(ShardWorkerTest, FilteredRecordsAreSkippedAndCheckpointedPast) {
  options_.filter_patterns = {R"({"dynamodb":{"Keys":{"PlayerId":{"S":["p2","p4"]}}}})"};
  AddRecords(1, 5);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto w = MakeWorker(invoker);
  RunUntilIdle(*w);
  EXPECT_EQ(invoker.delivered(), (std::vector<std::string>{Seq(2), Seq(4)}));
  EXPECT_EQ(Checkpointed(), Seq(5));
  EXPECT_EQ(filtered_.load(), 3);
}

TEST_F(ShardWorkerTest, OnlyFilteredRecordsMoveTheCheckpointWithoutInvoking) {
  options_.filter_patterns = {R"({"eventName":["REMOVE"]})"};
  AddRecords(1, 3);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  RunUntilIdle(*MakeWorker(invoker));
  EXPECT_TRUE(invoker.calls().empty());
  EXPECT_EQ(Checkpointed(), Seq(3));
}

TEST_F(ShardWorkerTest, BatchingWindowGathersRecordsUntilItExpires) {
  options_.batch_size = 10;
  options_.maximum_batching_window_seconds = 2;
  AddRecords(1, 2);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto w = MakeWorker(invoker);
  RunUntilIdle(*w);
  EXPECT_TRUE(invoker.calls().empty());  // window still open
  clock_.Advance(std::chrono::milliseconds(1000));
  AddRecords(3, 3);
  RunUntilIdle(*w);
  EXPECT_TRUE(invoker.calls().empty());
  clock_.Advance(std::chrono::milliseconds(1000));
  RunUntilIdle(*w);
  ASSERT_EQ(invoker.calls().size(), 1u);
  EXPECT_EQ(invoker.calls()[0].sequence_numbers, Seqs(1, 3));
}

TEST_F(ShardWorkerTest, FullBatchGoesOutBeforeTheWindow) {
  options_.batch_size = 2;
  options_.maximum_batching_window_seconds = 300;
  AddRecords(1, 5);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto w = MakeWorker(invoker);
  RunUntilIdle(*w);
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].sequence_numbers, Seqs(1, 2));
  EXPECT_EQ(calls[1].sequence_numbers, Seqs(3, 4));
  EXPECT_EQ(Checkpointed(), Seq(4));
}

TEST_F(ShardWorkerTest, WindowZeroInvokesWithWhatOnePollReturned) {
  options_.batch_size = 100;
  AddRecords(1, 2);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto w = MakeWorker(invoker);
  EXPECT_EQ(w->RunOnce(), ShardWorker::Step::kBusy);
  ASSERT_EQ(invoker.calls().size(), 1u);
  EXPECT_EQ(invoker.calls()[0].sequence_numbers, Seqs(1, 2));
}

TEST_F(ShardWorkerTest, ExpiredIteratorIsRefreshedFromTheCheckpoint) {
  AddRecords(1, 2);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto w = MakeWorker(invoker);
  RunUntilIdle(*w);
  AddRecords(3, 4);
  stream_.FailNextGetRecords(kExpiredIterator);
  RunUntilIdle(*w);
  EXPECT_EQ(invoker.delivered(), Seqs(1, 4));
  EXPECT_EQ(stream_.iterator_requests().back(), "shard-1:AFTER_SEQUENCE_NUMBER:" + Seq(2));
}

TEST_F(ShardWorkerTest, TrimmedCheckpointFallsBackToTrimHorizon) {
  AddRecords(1, 5);
  ASSERT_TRUE(store_->Put("shard-1", ShardCheckpoint{Seq(2), std::nullopt, false}).ok());
  stream_.TrimBefore("shard-1", 3);  // records 1..3 are gone
  FakeInvoker invoker([](const Call&) { return Ok(); });
  RunUntilIdle(*MakeWorker(invoker));
  EXPECT_EQ(invoker.delivered(), Seqs(4, 5));
}

TEST_F(ShardWorkerTest, LatestSkipsExistingRecords) {
  AddRecords(1, 3);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto w = MakeWorker(invoker, /*latest=*/true);
  RunUntilIdle(*w);
  EXPECT_TRUE(invoker.calls().empty());
  AddRecords(4, 4);
  RunUntilIdle(*w);
  EXPECT_EQ(invoker.delivered(), Seqs(4, 4));
}

TEST_F(ShardWorkerTest, NotBeforeSkipsRecordsCreatedBeforeALatestStart) {
  const int64_t start_s = kNowMs / 1000;
  ASSERT_TRUE(store_->Put("shard-1", ShardCheckpoint{std::nullopt, start_s, false}).ok());
  AddRecords(1, 2, start_s - 10);  // before the LATEST start: LATEST skipped them
  AddRecords(3, 4, start_s + 5);   // written while the trigger was down
  FakeInvoker invoker([](const Call&) { return Ok(); });
  RunUntilIdle(*MakeWorker(invoker, /*latest=*/false));
  EXPECT_EQ(invoker.delivered(), Seqs(3, 4));
  EXPECT_EQ(stream_.iterator_requests()[0], "shard-1:TRIM_HORIZON");
}

TEST_F(ShardWorkerTest, VanishedShardIsFinished) {
  FakeInvoker invoker;
  auto filter = FilterCriteria::Parse({});
  filter_ = std::move(filter).value();
  BatchDeliverer d(
      options_, stream_.stream_arn(), invoker, &sink_, clock_, sleeper_, [] { return false; },
      &stats_);
  ShardWorker w(ShardWorker::Deps{stream_, *store_, d, filter_, options_, clock_}, "no-such-shard",
                false);
  EXPECT_EQ(w.RunOnce(), ShardWorker::Step::kFinished);
}

// ParallelizationFactor: lanes run concurrently, one item's records stay in order.
TEST_F(ShardWorkerTest, ParallelLanesKeepPerItemOrder) {
  options_.parallelization_factor = 4;
  options_.batch_size = 5;
  // 60 records over 12 players, interleaved.
  for (int n = 1; n <= 60; ++n) {
    stream_.Append("shard-1", MakeRecord(n, "p" + std::to_string(n % 12), kNowMs / 1000));
  }
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  bool overlapped = false;
  FakeInvoker invoker([&](const Call&) {
    std::unique_lock lock(mu);
    ++in_flight;
    cv.notify_all();
    // Wait (bounded) for a second lane to be in flight at the same time.
    if (!overlapped && cv.wait_for(lock, std::chrono::seconds(5), [&] { return in_flight >= 2; })) {
      overlapped = true;
    }
    --in_flight;
    return Ok();
  });
  auto w = MakeWorker(invoker);
  RunUntilIdle(*w);
  EXPECT_TRUE(overlapped);
  std::map<std::string, std::vector<std::string>> per_player;
  size_t total = 0;
  for (const auto& c : invoker.calls()) {
    EXPECT_LE(c.sequence_numbers.size(), 5u);
    for (size_t i = 0; i < c.sequence_numbers.size(); ++i) {
      per_player[c.players[i]].push_back(c.sequence_numbers[i]);
      ++total;
    }
  }
  EXPECT_EQ(total, 60u);  // each record exactly once
  EXPECT_EQ(per_player.size(), 12u);
  for (const auto& [player, seqs] : per_player) {
    EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end())) << player;
  }
  EXPECT_EQ(Checkpointed(), Seq(60));
}

TEST(ItemKeyOfTest, IgnoresAttributeOrder) {
  auto a = boost::json::parse(R"({"dynamodb":{"Keys":{"A":{"S":"1"},"B":{"S":"2"}}}})").as_object();
  auto b = boost::json::parse(R"({"dynamodb":{"Keys":{"B":{"S":"2"},"A":{"S":"1"}}}})").as_object();
  auto c = boost::json::parse(R"({"dynamodb":{"Keys":{"A":{"S":"1"},"B":{"S":"3"}}}})").as_object();
  EXPECT_EQ(ItemKeyOf(a), ItemKeyOf(b));
  EXPECT_NE(ItemKeyOf(a), ItemKeyOf(c));
}

}  // namespace
}  // namespace sb::trigger
