#include "reads/caller_runs_executor.h"

namespace sb::reads {

struct CallerRunsExecutor::Batch {
  size_t pending = 0;  // guarded by the executor's mu_
};

CallerRunsExecutor::CallerRunsExecutor(size_t workers) {
  workers_.reserve(workers);
  for (size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { Work(); });
}

CallerRunsExecutor::~CallerRunsExecutor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void CallerRunsExecutor::Finish(Task& task) {
  task.run();
  std::lock_guard<std::mutex> lock(mu_);
  if (--task.batch->pending == 0) done_cv_.notify_all();
}

void CallerRunsExecutor::RunAll(std::vector<std::function<void()>> tasks) {
  if (tasks.empty()) return;
  if (tasks.size() == 1 || workers_.empty()) {
    for (auto& t : tasks) t();
    return;
  }
  auto batch = std::make_shared<Batch>();
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch->pending = tasks.size();
    for (auto& t : tasks) queue_.push_back(Task{std::move(t), batch});
  }
  work_cv_.notify_all();
  // The caller takes tasks of its own batch from the back of the queue while any is left.
  for (;;) {
    Task task;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.empty() || queue_.back().batch != batch) break;
      task = std::move(queue_.back());
      queue_.pop_back();
    }
    Finish(task);
  }
  std::unique_lock<std::mutex> lock(mu_);
  done_cv_.wait(lock, [&] { return batch->pending == 0; });
}

void CallerRunsExecutor::Work() {
  for (;;) {
    Task task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    Finish(task);
  }
}

}  // namespace sb::reads
