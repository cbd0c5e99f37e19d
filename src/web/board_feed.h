// BoardFeed: the live boards the web view serves, one JSON document per game (the shape of
// cli/board_view.h FormatBoardJson), with a change sequence so that readers can ask for
// "what changed after N" (the SSE stream's Last-Event-ID) and wait for it.
//
// Sequence numbers start at 0 (nothing published) and grow by one per effective change; a
// Publish of the document already held for that game is not a change.
//
// Thread-safety: every method is thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace sb::web {

struct BoardDocument {
  std::string game;
  std::string json;  // one JSON object
  int64_t seq = 0;   // the change that produced it
};

class BoardFeed {
 public:
  // Stores `json` as `game`'s board. Returns true if it differed from the stored one (then the
  // sequence advanced and waiters wake).
  bool Publish(const std::string& game, const std::string& json);

  // Every board, ordered by game.
  std::vector<BoardDocument> Snapshot() const;
  int64_t seq() const;

  // The boards changed after `after_seq` (ordered by seq), waiting up to `timeout` for one if
  // there are none yet. Empty: timeout or Close().
  std::vector<BoardDocument> ChangesAfter(int64_t after_seq, std::chrono::milliseconds timeout);

  // Wakes every waiter; later waits return at once. Idempotent.
  void Close();
  bool closed() const;

 private:
  std::vector<BoardDocument> ChangesLocked(int64_t after_seq) const;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, BoardDocument> boards_;
  int64_t seq_ = 0;
  bool closed_ = false;
};

}  // namespace sb::web
