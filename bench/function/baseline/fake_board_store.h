// FakeBoardStore: an in-memory BoardStore for handler tests. Boards are kept as the decoded
// board plus its version; the index is a map of game -> entries. Faults can be injected per
// operation, and a hook runs just before each write (to simulate a concurrent writer).
#pragma once

#include <algorithm>
#include <functional>
#include <map>

#include "baseline/board_store.h"
#include "leaderboard/entry.h"

namespace sb::bench::baseline {

class FakeBoardStore final : public BoardStore {
 public:
  protocol::ApiResult<StoredBoard> Read(const std::string& game) override {
    ++reads;
    if (fail_reads > 0) {
      --fail_reads;
      return protocol::ApiError::Internal("injected read failure");
    }
    StoredBoard s;
    s.board.game_id = game;
    if (auto it = corrupt.find(game); it != corrupt.end()) {
      s.exists = true;
      s.problem = "injected corruption";
      s.board.version = it->second;
      s.raw_version = protocol::AttributeValue::N(protocol::Number::FromInt(it->second));
      return s;
    }
    if (auto it = boards.find(game); it != boards.end()) {
      s.exists = true;
      s.board = it->second;
      s.raw_version = protocol::AttributeValue::N(protocol::Number::FromInt(it->second.version));
    }
    return s;
  }

  protocol::ApiStatus Write(const StoredBoard& seen, const Board& next) override {
    if (before_write) before_write(next.game_id);
    ++write_attempts;
    if (fail_writes > 0) {
      --fail_writes;
      return protocol::ApiError::Internal("injected write failure");
    }
    int64_t current = 0;
    bool exists = false;
    if (auto it = corrupt.find(next.game_id); it != corrupt.end()) {
      exists = true;
      current = it->second;
    } else if (auto b = boards.find(next.game_id); b != boards.end()) {
      exists = true;
      current = b->second.version;
    }
    if (exists != seen.exists || (exists && current != seen.board.version)) {
      return protocol::ApiError::ConditionalCheckFailed();
    }
    corrupt.erase(next.game_id);
    Board stored = next;
    stored.departed.clear();  // not persisted (not part of the Leaderboard item)
    boards[next.game_id] = stored;
    ++writes;
    return {};
  }

  protocol::ApiResult<std::vector<leaderboard::Entry>> Top(const std::string& game,
                                                           size_t limit) override {
    ++queries;
    if (fail_queries > 0) {
      --fail_queries;
      return protocol::ApiError::Internal("injected query failure");
    }
    std::vector<leaderboard::Entry> rows = index[game];
    std::sort(rows.begin(), rows.end(), leaderboard::RanksBefore);
    if (rows.size() > limit) {
      size_t keep = limit;
      while (keep < rows.size() && rows[keep].score == rows[limit - 1].score) ++keep;
      rows.resize(keep);
    }
    return rows;
  }

  std::map<std::string, Board> boards;
  std::map<std::string, int64_t> corrupt;  // game -> version of a malformed stored item
  std::map<std::string, std::vector<leaderboard::Entry>> index;
  std::function<void(const std::string& game)> before_write;
  int fail_reads = 0, fail_writes = 0, fail_queries = 0;
  int reads = 0, writes = 0, write_attempts = 0, queries = 0;
};

}  // namespace sb::bench::baseline
