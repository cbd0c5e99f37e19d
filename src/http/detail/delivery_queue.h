// Internal to src/http: responses finished off the I/O threads (on the engine's writer thread,
// or on the handler pool), handed back to the I/O threads in batches.
//
// The first task pushed since the last hand-off posts one drain to the io_context; tasks pushed
// before that drain runs ride along with it. A burst of N completions (the answers of one group
// commit) so costs one wake-up of an I/O thread instead of N (docs/engine.md, "Performance").
// Tasks run in the order they were pushed.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace sb::http::detail {

class DeliveryQueue {
 public:
  explicit DeliveryQueue(boost::asio::io_context& ioc) : ioc_(ioc) {}
  DeliveryQueue(const DeliveryQueue&) = delete;
  DeliveryQueue& operator=(const DeliveryQueue&) = delete;

  // From any thread: runs `task` on an I/O thread, after every task pushed before it from
  // other threads; on an I/O thread, runs it at once. A task
  // still queued when the io_context is destroyed is destroyed unrun, with the io_context's
  // other handlers (so what it holds is released while the io_context is still whole).
  void Push(std::function<void()> task);

 private:
  struct Pending {
    std::vector<std::function<void()>> tasks;  // guarded by DeliveryQueue::mu_
    bool open = true;                           // guarded by DeliveryQueue::mu_
  };
  void Drain(Pending& pending);

  boost::asio::io_context& ioc_;
  std::mutex mu_;
  std::weak_ptr<Pending> open_;  // the batch whose drain has not started; guarded by mu_
};

}  // namespace sb::http::detail
