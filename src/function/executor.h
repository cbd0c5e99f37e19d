// Executor: runs a group of independent tasks and returns when all have finished. The handler
// issues its Ranks reads and writes through it, so the real function overlaps their round trips
// while tests choose the order (InlineExecutor runs them one after another on the caller).
//
// Thread-safety: RunAll may be called from several threads at once; each call returns when its
// own tasks have finished. Tasks run concurrently with each other (ThreadPoolExecutor) and must
// not share unsynchronized state.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace sb::function {

class Executor {
 public:
  virtual ~Executor() = default;
  // Runs every task exactly once; returns when all have returned. Tasks must not throw.
  virtual void RunAll(std::vector<std::function<void()>> tasks) = 0;
};

class InlineExecutor final : public Executor {
 public:
  void RunAll(std::vector<std::function<void()>> tasks) override {
    for (auto& t : tasks) t();
  }
};

// A fixed pool of `threads` workers (at most that many tasks in flight, across every caller).
// The workers start in the constructor and are joined by the destructor.
class ThreadPoolExecutor final : public Executor {
 public:
  explicit ThreadPoolExecutor(size_t threads);
  ~ThreadPoolExecutor() override;
  ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;

  void RunAll(std::vector<std::function<void()>> tasks) override;

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  // One RunAll's tasks not yet finished; guarded by mu_.
  struct Batch {
    size_t pending = 0;
  };
  struct Task {
    std::function<void()> run;
    std::shared_ptr<Batch> batch;
  };
  std::deque<Task> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace sb::function
