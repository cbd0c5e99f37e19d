#include "web/activity_feed.h"

#include <algorithm>
#include <cassert>

namespace sb::web {

ActivityFeed::ActivityFeed(size_t capacity) : capacity_(capacity) { assert(capacity >= 1); }

int64_t ActivityFeed::Publish(std::string json) {
  int64_t seq;
  {
    std::lock_guard lock(mu_);
    seq = ++seq_;
    entries_.push_back(ActivityEntry{seq, std::move(json)});
    while (entries_.size() > capacity_) entries_.pop_front();
  }
  cv_.notify_all();
  return seq;
}

std::vector<ActivityEntry> ActivityFeed::Recent(size_t limit) const {
  std::lock_guard lock(mu_);
  size_t n = std::min(limit, entries_.size());
  return std::vector<ActivityEntry>(entries_.end() - static_cast<std::ptrdiff_t>(n),
                                    entries_.end());
}

int64_t ActivityFeed::seq() const {
  std::lock_guard lock(mu_);
  return seq_;
}

std::vector<ActivityEntry> ActivityFeed::AfterLocked(int64_t after_seq) const {
  if (entries_.empty() || after_seq >= seq_) return {};
  // entries_ holds consecutive seqs front().seq .. seq_.
  int64_t first = std::max(after_seq + 1, entries_.front().seq);
  auto begin = entries_.begin() + (first - entries_.front().seq);
  return std::vector<ActivityEntry>(begin, entries_.end());
}

std::vector<ActivityEntry> ActivityFeed::After(int64_t after_seq,
                                               std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return closed_ || seq_ > after_seq; });
  return AfterLocked(after_seq);
}

void ActivityFeed::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

bool ActivityFeed::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

}  // namespace sb::web
