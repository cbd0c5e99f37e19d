// BoardView: one Leaderboard item as `streamboard top` (and `simulate`) read and show it,
// decoded with the function's own codec (function/board_item.h), and its two renderings:
// a ranked text table and a JSON document.
//
// JSON shape (one object):
//   {"game":"g1","exists":true,"version":7,"updatedAt":"2026-11-25T21:00:00.123Z",
//    "entries":[{"rank":1,"player":"p1","name":"Ann","score":1500,
//                "at":"2026-11-25T20:59:58.000Z"}]}
// Scores are written as JSON numbers with their exact DynamoDB digits (never via double).
// "exists":false (version 0, no entries) when the game has no board yet; "problem" is
// present when the stored item could not be decoded.
//
// Pure except ReadBoardView (one GetItem). Thread-compatible.
#pragma once

#include <string>

#include "dynamo/dynamodb_client.h"
#include "leaderboard/board.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::cli {

struct BoardView {
  std::string game;
  bool exists = false;
  leaderboard::Board board;  // version 0 and no entries when !exists
  std::string updated_at;    // the item's UpdatedAt as stored ("" if absent)
  std::string problem;       // non-empty: the item exists but could not be decoded
};

// A strongly consistent GetItem of `game`'s board in `table`.
protocol::ApiResult<BoardView> ReadBoardView(dynamo::DynamoDbClient& db, const std::string& table,
                                             const std::string& game);

// The ranked table, e.g.
//   game g1 · version 7 · updated 2026-11-25T21:00:00.123Z
//   RANK  PLAYER  NAME  SCORE  UPDATED
//      1  p1      Ann    1500  2026-11-25T20:59:58.000Z
// or "no board for game g1 yet". Ends with a newline. Columns are padded to their widest
// cell (bytes); scores are right-aligned.
std::string FormatBoardTable(const BoardView& view);

// The JSON document above, without a trailing newline.
std::string FormatBoardJson(const BoardView& view);

}  // namespace sb::cli
