#include "function/executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace sb::function {
namespace {

TEST(ThreadPoolExecutorTest, RunsEveryTaskOnceAndWaits) {
  ThreadPoolExecutor pool(4);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::atomic<int>> hits(100);
    std::vector<std::function<void()>> tasks;
    for (auto& h : hits) tasks.push_back([&h] { ++h; });
    pool.RunAll(std::move(tasks));
    for (auto& h : hits) ASSERT_EQ(h.load(), 1);
  }
}

TEST(ThreadPoolExecutorTest, OverlapsSlowTasks) {
  ThreadPoolExecutor pool(8);
  std::vector<std::function<void()>> tasks;
  for (int i = 0; i < 8; ++i) {
    tasks.push_back([] { std::this_thread::sleep_for(std::chrono::milliseconds(100)); });
  }
  auto start = std::chrono::steady_clock::now();
  pool.RunAll(std::move(tasks));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

// A caller whose tasks are done returns while another caller's tasks are still running: each
// RunAll waits for its own tasks only (the read API overlaps requests on one executor).
TEST(ThreadPoolExecutorTest, ConcurrentCallersEachWaitForTheirOwnTasks) {
  ThreadPoolExecutor pool(4);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> slow_started;
  std::thread slow([&] {
    std::vector<std::function<void()>> tasks;
    tasks.push_back([&] {
      slow_started.set_value();
      released.wait();
    });
    tasks.push_back([] {});
    pool.RunAll(std::move(tasks));
  });
  slow_started.get_future().wait();
  std::atomic<int> done{0};
  auto fast = std::async(std::launch::async, [&] {
    std::vector<std::function<void()>> tasks;
    for (int i = 0; i < 6; ++i) tasks.push_back([&done] { ++done; });
    pool.RunAll(std::move(tasks));
  });
  // The fast caller must return although the slow caller's task is still blocked.
  const bool returned = fast.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  release.set_value();
  slow.join();
  fast.wait();
  EXPECT_TRUE(returned) << "RunAll waited for another caller's tasks";
  EXPECT_EQ(done.load(), 6);
}

TEST(ThreadPoolExecutorTest, ManyConcurrentCallersRunEveryTaskOnce) {
  ThreadPoolExecutor pool(3);
  std::vector<std::thread> callers;
  std::atomic<int> wrong{0};
  for (int c = 0; c < 6; ++c) {
    callers.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        std::vector<std::atomic<int>> hits(7);
        std::vector<std::function<void()>> tasks;
        for (auto& h : hits) tasks.push_back([&h] { ++h; });
        pool.RunAll(std::move(tasks));
        for (auto& h : hits) {
          if (h.load() != 1) ++wrong;
        }
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace sb::function
