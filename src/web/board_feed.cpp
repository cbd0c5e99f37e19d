#include "web/board_feed.h"

#include <algorithm>

namespace sb::web {

bool BoardFeed::Publish(const std::string& game, const std::string& json) {
  {
    std::lock_guard lock(mu_);
    auto it = boards_.find(game);
    if (it != boards_.end() && it->second.json == json) return false;
    ++seq_;
    boards_[game] = BoardDocument{game, json, seq_};
  }
  cv_.notify_all();
  return true;
}

std::vector<BoardDocument> BoardFeed::Snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<BoardDocument> out;
  out.reserve(boards_.size());
  for (const auto& [game, doc] : boards_) out.push_back(doc);
  return out;
}

int64_t BoardFeed::seq() const {
  std::lock_guard lock(mu_);
  return seq_;
}

std::vector<BoardDocument> BoardFeed::ChangesLocked(int64_t after_seq) const {
  std::vector<BoardDocument> out;
  for (const auto& [game, doc] : boards_) {
    if (doc.seq > after_seq) out.push_back(doc);
  }
  std::sort(out.begin(), out.end(),
            [](const BoardDocument& a, const BoardDocument& b) { return a.seq < b.seq; });
  return out;
}

std::vector<BoardDocument> BoardFeed::ChangesAfter(int64_t after_seq,
                                                   std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return closed_ || seq_ > after_seq; });
  if (closed_) return {};
  return ChangesLocked(after_seq);
}

void BoardFeed::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

bool BoardFeed::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

}  // namespace sb::web
