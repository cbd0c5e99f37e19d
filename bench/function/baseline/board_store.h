// BoardStore: the three storage operations the handler needs (read, refill, write), as a seam:
// DynamoBoardStore is the real one (DynamoDB over HTTP); unit tests use an in-memory fake with
// fault injection.
//
// Thread-safety: implementations must allow concurrent calls for different games (the real
// one does); the handler itself calls from one thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "baseline/merge.h"
#include "leaderboard/entry.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::bench::baseline {

// What a consistent read of one board found.
struct StoredBoard {
  bool exists = false;  // the item exists
  // The board as stored; when !exists: the empty board of that game with version 0. When the
  // item exists but cannot be decoded, entries are empty and `problem` says why.
  Board board;
  std::string problem;  // non-empty: the stored item is malformed (it will be rebuilt)
  // The item's Version attribute exactly as stored (any type), for the write condition;
  // nullopt when the item is absent or has no Version.
  std::optional<protocol::AttributeValue> raw_version;
};

class BoardStore {
 public:
  virtual ~BoardStore() = default;

  // A strongly consistent read of the game's board.
  virtual protocol::ApiResult<StoredBoard> Read(const std::string& game) = 0;

  // Writes `next` (its version already set by the caller) only if the board is still the one
  // `seen` describes: same Version, or still absent. A lost race fails with type
  // "ConditionalCheckFailedException".
  virtual protocol::ApiStatus Write(const StoredBoard& seen, const Board& next) = 0;

  // The game's best `limit` players from the scores index, descending (the merge's
  // RefillSource contract: a group of equal scores cut by the limit is returned whole).
  virtual protocol::ApiResult<std::vector<leaderboard::Entry>> Top(const std::string& game,
                                                                   size_t limit) = 0;
};

}  // namespace sb::bench::baseline
