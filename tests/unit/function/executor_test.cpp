#include "function/executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

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

}  // namespace
}  // namespace sb::function
