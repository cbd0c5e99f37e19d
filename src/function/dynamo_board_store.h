// DynamoBoardStore: BoardStore on DynamoDB (design §3-§4).
//   Read:  GetItem Leaderboard {GameId} with ConsistentRead.
//   Write: PutItem of the whole board item (board_item.h) conditioned on
//          "#v = :seen" (the Version read), or "attribute_not_exists(#g)" for a new board.
//   Top:   Query ScoresIndex "#g = :g" descending, Limit = limit, following pages until
//          `limit` rows, then on while rows tie with the last one (the RefillSource contract).
//          Rows become entries: player and name from the configured attributes, `at_ms` from
//          the item's UpdatedAt (ISO-8601) rounded down to the second -- the stream's
//          ApproximateCreationDateTime has whole seconds, and ranks must derive `at` the same
//          way from both sources -- or 0 when absent; rows without a usable player or numeric
//          score are skipped.
// Thread-safety: as DynamoDbClient.
#pragma once

#include "base/clock.h"
#include "dynamo/dynamodb_client.h"
#include "function/board_store.h"
#include "function/config.h"

namespace sb::function {

// The scores index the previous strategy refilled from.
inline constexpr std::string_view kScoresIndex = "ByGameScore";

class DynamoBoardStore final : public BoardStore {
 public:
  // `client` and `clock` (UpdatedAt of writes) must outlive the store.
  DynamoBoardStore(dynamo::DynamoDbClient& client, FunctionConfig config, const Clock& clock)
      : client_(client), config_(std::move(config)), clock_(clock) {}

  protocol::ApiResult<StoredBoard> Read(const std::string& game) override;
  protocol::ApiStatus Write(const StoredBoard& seen, const leaderboard::Board& next) override;
  protocol::ApiResult<std::vector<leaderboard::Entry>> Top(const std::string& game,
                                                           size_t limit) override;

 private:
  dynamo::DynamoDbClient& client_;
  FunctionConfig config_;
  const Clock& clock_;
};

// One GameScores item (or index row) as a board entry, or nullopt if it has no usable player
// or numeric score. Exposed for tests.
std::optional<leaderboard::Entry> EntryFromScoreItem(const protocol::Item& item,
                                                     const FunctionConfig& config);

}  // namespace sb::function
