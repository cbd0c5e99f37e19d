#include "web/activity_feed.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace sb::web {
namespace {

using std::chrono::milliseconds;

std::vector<int64_t> Seqs(const std::vector<ActivityEntry>& entries) {
  std::vector<int64_t> out;
  for (const auto& e : entries) out.push_back(e.seq);
  return out;
}

TEST(ActivityFeedTest, PublishNumbersEntriesFromOne) {
  ActivityFeed feed(10);
  EXPECT_EQ(feed.seq(), 0);
  EXPECT_TRUE(feed.Recent(5).empty());
  EXPECT_EQ(feed.Publish(R"({"m":"a"})"), 1);
  EXPECT_EQ(feed.Publish(R"({"m":"a"})"), 2);  // the same text twice is two entries
  EXPECT_EQ(feed.Publish(R"({"m":"b"})"), 3);
  EXPECT_EQ(feed.seq(), 3);
  auto recent = feed.Recent(2);
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].seq, 2);
  EXPECT_EQ(recent[1].seq, 3);
  EXPECT_EQ(recent[1].json, R"({"m":"b"})");
  EXPECT_EQ(Seqs(feed.Recent(100)), (std::vector<int64_t>{1, 2, 3}));
}

TEST(ActivityFeedTest, KeepsOnlyTheLatestCapacityEntries) {
  ActivityFeed feed(3);
  for (int i = 1; i <= 7; ++i) feed.Publish("{\"i\":" + std::to_string(i) + "}");
  EXPECT_EQ(feed.seq(), 7);
  EXPECT_EQ(Seqs(feed.Recent(100)), (std::vector<int64_t>{5, 6, 7}));
  EXPECT_EQ(feed.Recent(100)[0].json, R"({"i":5})");
  // A reader behind the oldest entry gets what is held (the gap 3..4 shows the loss).
  EXPECT_EQ(Seqs(feed.After(2, milliseconds(0))), (std::vector<int64_t>{5, 6, 7}));
  EXPECT_EQ(Seqs(feed.After(5, milliseconds(0))), (std::vector<int64_t>{6, 7}));
  EXPECT_TRUE(feed.After(7, milliseconds(0)).empty());
  EXPECT_TRUE(feed.After(70, milliseconds(0)).empty());
}

// A waiter is woken by Publish, not by its own timeout (far longer than the test's limit).
TEST(ActivityFeedTest, AfterWaitsForTheNextPublish) {
  ActivityFeed feed(4);
  feed.Publish("{}");
  std::thread publisher([&] {
    std::this_thread::sleep_for(milliseconds(50));
    feed.Publish(R"({"late":true})");
  });
  const auto start = std::chrono::steady_clock::now();
  auto got = feed.After(1, milliseconds(60000));
  const auto took = std::chrono::steady_clock::now() - start;
  publisher.join();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].seq, 2);
  EXPECT_EQ(got[0].json, R"({"late":true})");
  EXPECT_LT(took, std::chrono::seconds(10));
}

TEST(ActivityFeedTest, CloseEndsWaitsAtOnce) {
  ActivityFeed feed(4);
  std::thread closer([&] {
    std::this_thread::sleep_for(milliseconds(50));
    feed.Close();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(feed.After(0, milliseconds(60000)).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  closer.join();
  EXPECT_TRUE(feed.closed());
  EXPECT_TRUE(feed.After(0, milliseconds(60000)).empty());  // at once after Close
  feed.Close();                                               // idempotent
}

// Many publishers at once: every entry gets a distinct consecutive seq and none is lost
// among those held.
TEST(ActivityFeedTest, ConcurrentPublishersGetDistinctConsecutiveSeqs) {
  ActivityFeed feed(4000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&feed, t] {
      for (int i = 0; i < 1000; ++i) feed.Publish("{\"t\":" + std::to_string(t) + "}");
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(feed.seq(), 4000);
  auto all = feed.Recent(5000);
  ASSERT_EQ(all.size(), 4000u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].seq, static_cast<int64_t>(i + 1));
}

}  // namespace
}  // namespace sb::web
