#include "reads/caller_runs_executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

namespace sb::reads {
namespace {

TEST(CallerRunsExecutorTest, RunsEveryTaskOnceAndReturnsWhenAllAreDone) {
  for (size_t workers : {0, 1, 4}) {
    CallerRunsExecutor executor(workers);
    for (size_t n : {0, 1, 2, 7, 100}) {
      std::vector<std::atomic<int>> runs(n);
      std::vector<std::function<void()>> tasks;
      for (size_t i = 0; i < n; ++i) tasks.push_back([&runs, i] { runs[i]++; });
      executor.RunAll(std::move(tasks));
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(runs[i].load(), 1) << workers << " " << n;
    }
  }
}

TEST(CallerRunsExecutorTest, TheCallerWorksToo) {
  CallerRunsExecutor executor(1);
  std::mutex mu;
  std::set<std::thread::id> threads;
  std::vector<std::function<void()>> tasks;
  for (int i = 0; i < 50; ++i) {
    tasks.push_back([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      std::lock_guard<std::mutex> lock(mu);
      threads.insert(std::this_thread::get_id());
    });
  }
  executor.RunAll(std::move(tasks));
  EXPECT_TRUE(threads.contains(std::this_thread::get_id()));
}

TEST(CallerRunsExecutorTest, ConcurrentCallersEachWaitForTheirOwnTasks) {
  CallerRunsExecutor executor(3);
  std::vector<std::thread> callers;
  std::atomic<int> wrong{0};
  for (int c = 0; c < 6; ++c) {
    callers.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        std::atomic<int> done{0};
        std::vector<std::function<void()>> tasks;
        for (int i = 0; i < 5; ++i) {
          tasks.push_back([&done] {
            std::this_thread::sleep_for(std::chrono::microseconds(200));
            done++;
          });
        }
        executor.RunAll(std::move(tasks));
        if (done.load() != 5) wrong++;
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace sb::reads
