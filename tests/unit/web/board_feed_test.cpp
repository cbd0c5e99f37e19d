#include "web/board_feed.h"

#include <gtest/gtest.h>

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

TEST(BoardFeedTest, WaiterWakesOnPublishAndOnClose) {
  BoardFeed feed;
  std::thread t([&] {
    std::this_thread::sleep_for(milliseconds(50));
    feed.Publish("g", "x");
  });
  auto changes = feed.ChangesAfter(0, milliseconds(30000));
  t.join();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].json, "x");

  std::thread closer([&] {
    std::this_thread::sleep_for(milliseconds(50));
    feed.Close();
  });
  EXPECT_TRUE(feed.ChangesAfter(1, milliseconds(30000)).empty());
  closer.join();
  EXPECT_TRUE(feed.closed());
}

}  // namespace
}  // namespace sb::web
