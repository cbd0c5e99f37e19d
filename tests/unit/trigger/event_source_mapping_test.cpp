// Tests of EventSourceMapping: shard lineage, starting positions and restarts, with threads
// running against FakeStream / FakeInvoker (real sleeps of a few ms; no timing assertions).
#include "trigger/event_source_mapping.h"

#include <gtest/gtest.h>

#include <thread>

#include "fakes.h"

namespace sb::trigger {
namespace {
using testing::Call;
using testing::FakeInvoker;
using testing::FakeStream;
using testing::MakeRecord;
using testing::Ok;
using testing::Seq;

// Polls `done` every few ms for up to 20 s.
template <class F>
bool Eventually(F done) {
  for (int i = 0; i < 4000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

class EventSourceMappingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.poll_interval = std::chrono::milliseconds(2);
    options_.describe_interval = std::chrono::milliseconds(20);
    options_.retry_delay = std::chrono::milliseconds(2);
    store_ = std::move(CheckpointStore::Open("", stream_.stream_arn())).value();
  }
  std::unique_ptr<EventSourceMapping> Make(Invoker& invoker) {
    auto m = EventSourceMapping::Create(
        options_, EventSourceMapping::Deps{stream_, invoker, *store_, nullptr,
                                           RealClock::Instance(), RealSleeper::Instance()});
    EXPECT_TRUE(m.ok());
    return std::move(m).value();
  }
  void Add(const std::string& shard, int first, int last, double created = 0) {
    if (created == 0) created = static_cast<double>(RealClock::Instance().NowUnixMillis() / 1000);
    for (int n = first; n <= last; ++n) {
      stream_.Append(shard, MakeRecord(n, "p" + std::to_string(n), created));
    }
  }

  MappingOptions options_;
  FakeStream stream_;
  std::unique_ptr<CheckpointStore> store_;
};

TEST_F(EventSourceMappingTest, RejectsInvalidOptions) {
  options_.batch_size = 0;
  FakeInvoker invoker;
  auto m = EventSourceMapping::Create(
      options_, EventSourceMapping::Deps{stream_, invoker, *store_, nullptr, RealClock::Instance(),
                                         RealSleeper::Instance()});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, "InvalidParameterValueException");
}

TEST_F(EventSourceMappingTest, ParentShardFinishesBeforeItsChildren) {
  // Listed child first: order in DescribeStream is not lineage order.
  stream_.AddShard("child-a", "parent");
  stream_.AddShard("parent");
  stream_.AddShard("child-b", "parent");
  stream_.AddShard("grandchild", "child-a");
  Add("parent", 1, 3);
  stream_.Close("parent");
  Add("child-a", 4, 5);
  stream_.Close("child-a");
  Add("child-b", 6, 7);
  Add("grandchild", 8, 9);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto m = Make(invoker);
  m->Start();
  ASSERT_TRUE(Eventually([&] { return invoker.delivered().size() == 9; }));
  m->Stop();
  auto delivered = invoker.delivered();
  auto pos = [&](int n) {
    return std::find(delivered.begin(), delivered.end(), Seq(n)) - delivered.begin();
  };
  for (int child : {4, 5, 6, 7, 8, 9}) EXPECT_GT(pos(child), pos(3)) << child;
  for (int grandchild : {8, 9}) EXPECT_GT(pos(grandchild), pos(5)) << grandchild;
  EXPECT_TRUE(store_->Get("parent")->finished);
  EXPECT_TRUE(store_->Get("child-a")->finished);
  EXPECT_FALSE(store_->Get("child-b")->finished);  // still open
  EXPECT_EQ(m->finished_shards(), 2u);
}

TEST_F(EventSourceMappingTest, NewChildShardIsPickedUpByRedescribing) {
  stream_.AddShard("s1");
  Add("s1", 1, 2);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  auto m = Make(invoker);
  m->Start();
  ASSERT_TRUE(Eventually([&] { return invoker.delivered().size() == 2; }));
  // Rollover: the shard closes and a child opens (docs/streams-wire.md §3).
  stream_.AddShard("s2", "s1");
  Add("s1", 3, 3);
  stream_.Close("s1");
  Add("s2", 4, 5);
  ASSERT_TRUE(Eventually([&] { return invoker.delivered().size() == 5; }));
  m->Stop();
  std::vector<std::string> expected{Seq(1), Seq(2), Seq(3), Seq(4), Seq(5)};
  EXPECT_EQ(invoker.delivered(), expected);
}

TEST_F(EventSourceMappingTest, LatestSkipsHistoryButARestartSkipsNothing) {
  options_.starting_position = StartingPosition::kLatest;
  stream_.AddShard("old");
  stream_.AddShard("open", "old");
  Add("old", 1, 2, 1'600'000'000);
  stream_.Close("old");
  Add("open", 3, 4, 1'600'000'000);
  FakeInvoker invoker([](const Call&) { return Ok(); });
  {
    auto m = Make(invoker);
    m->Start();
    ASSERT_TRUE(Eventually([&] { return m->started_shards() == 1; }));
    ASSERT_TRUE(Eventually([&] { return stream_.get_records_calls() > 2; }));
    m->Stop();
  }
  EXPECT_TRUE(invoker.calls().empty());
  EXPECT_TRUE(store_->Get("old")->finished);
  // Written while the trigger is down, before it ever saw a record of the shard.
  Add("open", 5, 6);
  auto m = Make(invoker);
  m->Start();
  ASSERT_TRUE(Eventually([&] { return invoker.delivered().size() == 2; }));
  m->Stop();
  std::vector<std::string> expected{Seq(5), Seq(6)};
  EXPECT_EQ(invoker.delivered(), expected);
}

TEST_F(EventSourceMappingTest, StopEndsEndlessRetries) {
  stream_.AddShard("s1");
  Add("s1", 1, 1);
  FakeInvoker invoker([](const Call&) { return testing::FunctionError(); });
  auto m = Make(invoker);
  m->Start();
  ASSERT_TRUE(Eventually([&] { return invoker.calls().size() > 3; }));
  m->Stop();  // returns: the retry loop notices the stop
  EXPECT_FALSE(store_->Get("s1") && store_->Get("s1")->sequence_number);  // not checkpointed
}

}  // namespace
}  // namespace sb::trigger
