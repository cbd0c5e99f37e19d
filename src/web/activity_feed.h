// ActivityFeed: the live log of the web view, a bounded in-memory list of the latest entries
// (each one JSON object, e.g. a "score changed" line of the function, function_log.h), each
// with a sequence number so that readers can ask for "what came after N" (the SSE stream's
// Last-Event-ID) and wait for it.
//
// Sequence numbers start at 0 (nothing published) and grow by one per Publish. Only the latest
// `capacity` entries are kept: a reader that falls further behind gets the entries still held
// (the older ones are gone; it can tell by the gap in sequence numbers).
//
// Thread-safety: every method is thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace sb::web {

struct ActivityEntry {
  int64_t seq = 0;   // 1, 2, ... in publishing order
  std::string json;  // one JSON object
};

class ActivityFeed {
 public:
  // REQUIRES: capacity >= 1.
  explicit ActivityFeed(size_t capacity = 200);

  // Appends `json` (dropping the oldest entry when full), wakes waiters; returns its seq.
  int64_t Publish(std::string json);

  // The latest `limit` entries (or fewer), oldest first.
  std::vector<ActivityEntry> Recent(size_t limit) const;
  int64_t seq() const;
  size_t capacity() const { return capacity_; }

  // The entries held with seq > `after_seq` (oldest first), waiting up to `timeout` for one
  // if there are none yet. Empty: timeout or Close().
  std::vector<ActivityEntry> After(int64_t after_seq, std::chrono::milliseconds timeout);

  // Wakes every waiter; later waits return at once. Idempotent.
  void Close();
  bool closed() const;

 private:
  std::vector<ActivityEntry> AfterLocked(int64_t after_seq) const;

  const size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ActivityEntry> entries_;  // seq ascending, consecutive
  int64_t seq_ = 0;
  bool closed_ = false;
};

}  // namespace sb::web
