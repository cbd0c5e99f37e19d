#include "web/board_feed.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace sb::web {
namespace {

using std::chrono::milliseconds;

TEST(BoardFeedTest, PublishAdvancesOnlyOnChange) {
  BoardFeed feed;
  EXPECT_EQ(feed.seq(), 0);
  EXPECT_TRUE(feed.Publish("g1", R"({"game":"g1","version":1})"));
  EXPECT_FALSE(feed.Publish("g1", R"({"game":"g1","version":1})"));
  EXPECT_TRUE(feed.Publish("g2", R"({"game":"g2","version":1})"));
  EXPECT_TRUE(feed.Publish("g1", R"({"game":"g1","version":2})"));
  EXPECT_EQ(feed.seq(), 3);
  auto snap = feed.Snapshot();
  ASSERT_EQ(snap.size(), 2u);
  EXPECT_EQ(snap[0].game, "g1");
  EXPECT_EQ(snap[0].seq, 3);
  EXPECT_EQ(snap[1].seq, 2);
}

TEST(BoardFeedTest, ChangesAfterReturnsNewerBoardsInSeqOrder) {
  BoardFeed feed;
  feed.Publish("b", "1");
  feed.Publish("a", "1");
  feed.Publish("c", "1");
  auto changes = feed.ChangesAfter(1, milliseconds(0));
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].game, "a");
  EXPECT_EQ(changes[1].game, "c");
  EXPECT_TRUE(feed.ChangesAfter(3, milliseconds(10)).empty());
}

// A waiter must be woken by the notification, not by its own timeout: the wait is far longer
// than the test's deadline, so a lost notify fails the deadline check instead of passing late.
constexpr milliseconds kLongWait{60000};
constexpr milliseconds kWakeDeadline{5000};
constexpr milliseconds kWaiterSettles{200};  // time for the waiter to be blocked in the wait

TEST(BoardFeedTest, WaiterWakesOnPublishWellBeforeItsTimeout) {
  BoardFeed feed;
  const auto start = std::chrono::steady_clock::now();
  std::thread t([&] {
    std::this_thread::sleep_for(kWaiterSettles);
    feed.Publish("g", "x");
  });
  auto changes = feed.ChangesAfter(0, kLongWait);
  const auto waited = std::chrono::steady_clock::now() - start;
  t.join();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].json, "x");
  EXPECT_GE(waited, kWaiterSettles);  // it did wait for the publish
  EXPECT_LT(waited, kWakeDeadline) << "woken by its timeout, not by Publish";
}

TEST(BoardFeedTest, WaiterWakesOnCloseWellBeforeItsTimeout) {
  BoardFeed feed;
  feed.Publish("g", "x");
  const auto start = std::chrono::steady_clock::now();
  std::thread closer([&] {
    std::this_thread::sleep_for(kWaiterSettles);
    feed.Close();
  });
  EXPECT_TRUE(feed.ChangesAfter(1, kLongWait).empty());
  const auto waited = std::chrono::steady_clock::now() - start;
  closer.join();
  EXPECT_TRUE(feed.closed());
  EXPECT_GE(waited, kWaiterSettles);
  EXPECT_LT(waited, kWakeDeadline) << "woken by its timeout, not by Close";
  // Once closed, a wait returns at once.
  const auto again = std::chrono::steady_clock::now();
  EXPECT_TRUE(feed.ChangesAfter(1, kLongWait).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - again, kWakeDeadline);
}

}  // namespace
}  // namespace sb::web
