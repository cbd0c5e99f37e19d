// CallerRunsExecutor: a function::Executor whose RunAll queues the tasks for a fixed pool of
// workers and runs queued tasks on the calling thread too, until none is left, then waits for
// the ones the workers took. A read's round of two or three requests then needs no hand-off
// when the workers are slow to wake (a loaded machine, a fraction of a vCPU on Lambda): the
// caller simply does the work itself, and the round is never slower than running it inline
// by more than the queue's locking.
//
// Thread-safety: RunAll may be called from several threads at once (each call waits for its
// own tasks only). Tasks must not throw.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "function/executor.h"

namespace sb::reads {

class CallerRunsExecutor final : public function::Executor {
 public:
  // `workers` threads besides the callers (0: every task runs on the caller).
  explicit CallerRunsExecutor(size_t workers);
  ~CallerRunsExecutor() override;
  CallerRunsExecutor(const CallerRunsExecutor&) = delete;
  CallerRunsExecutor& operator=(const CallerRunsExecutor&) = delete;

  void RunAll(std::vector<std::function<void()>> tasks) override;

 private:
  struct Batch;  // one RunAll's tasks not yet finished
  struct Task {
    std::function<void()> run;
    std::shared_ptr<Batch> batch;
  };
  void Work();
  // Runs `task` and counts it done. REQUIRES: mu_ not held.
  void Finish(Task& task);

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace sb::reads
