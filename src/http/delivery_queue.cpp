#include "http/detail/delivery_queue.h"

#include <boost/asio/post.hpp>
#include <utility>

namespace sb::http::detail {

void DeliveryQueue::Push(std::function<void()> task) {
  if (ioc_.get_executor().running_in_this_thread()) {
    task();  // already on an I/O thread (an offload's follow-up): no hand-off
    return;
  }
  std::shared_ptr<Pending> pending;
  {
    std::lock_guard lock(mu_);
    pending = open_.lock();
    if (pending && pending->open) {
      pending->tasks.push_back(std::move(task));
      return;
    }
    pending = std::make_shared<Pending>();
    pending->tasks.push_back(std::move(task));
    open_ = pending;
  }
  // The drain owns its batch: if the io_context is destroyed before it runs, the batch goes
  // with it, and open_ expires.
  boost::asio::post(ioc_, [this, pending] { Drain(*pending); });
}

void DeliveryQueue::Drain(Pending& pending) {
  std::vector<std::function<void()>> tasks;
  {
    std::lock_guard lock(mu_);
    pending.open = false;
    tasks.swap(pending.tasks);
  }
  for (auto& task : tasks) task();
}

}  // namespace sb::http::detail
