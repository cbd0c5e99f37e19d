#include "function/executor.h"

namespace sb::function {

ThreadPoolExecutor::ThreadPoolExecutor(size_t threads) {
  if (threads == 0) threads = 1;
  workers_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

ThreadPoolExecutor::~ThreadPoolExecutor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPoolExecutor::RunAll(std::vector<std::function<void()>> tasks) {
  if (tasks.empty()) return;
  if (tasks.size() == 1) {  // no hand-off for the common single-write batch
    tasks[0]();
    return;
  }
  auto batch = std::make_shared<Batch>();
  std::unique_lock<std::mutex> lock(mu_);
  batch->pending = tasks.size();
  for (auto& t : tasks) queue_.push_back(Task{std::move(t), batch});
  work_cv_.notify_all();
  done_cv_.wait(lock, [&] { return batch->pending == 0; });
}

void ThreadPoolExecutor::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping
    Task task = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    task.run();
    lock.lock();
    if (--task.batch->pending == 0) done_cv_.notify_all();
  }
}

}  // namespace sb::function
