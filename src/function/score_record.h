// Reading one stream record of GameScores as a leaderboard event (handler.h, step 1).
//
//   INSERT/MODIFY with a usable score  -> kScore   (player, game, score, name, at, seq)
//   REMOVE (NEW_IMAGE: Keys only)      -> kRemoval
//   INSERT/MODIFY whose NewImage has no usable score (the attribute is missing, or is not of
//   type N) -> kScoreless: the player has no score, so it acts as a removal, and the record is
//   logged as rejected with `reason`.
//   Anything that names no board/player or cannot be ordered -> kInvalid: logged, skipped.
//     (also a game id containing U+001F, the separator of windowed board keys: window.h)
//     (no player attribute of type S or N in Keys/NewImage; INSERT/MODIFY without a NewImage,
//     i.e. a KEYS_ONLY or OLD_IMAGE stream; a sequence number that is not 21..40 digits)
// The player comes from Keys (else NewImage); the game from Keys, else NewImage, else the
// configured default (a table keyed by player alone feeds one board). Players and games of
// type N are used in their canonical text form. `at_ms` of a score event is the NewImage's
// UPDATED_AT_ATTRIBUTE (ISO-8601) when present and valid, else ApproximateCreationDateTime *
// 1000; a removal's is always the record's creation time (its tombstone expires from it).
// Pure; thread-safe.
#pragma once

#include <string>

#include "function/board_config.h"
#include "leaderboard/board.h"
#include "protocol/streams/stream_record.h"

namespace sb::function {

struct ScoreRecord {
  enum class Kind { kScore, kRemoval, kScoreless, kInvalid };
  Kind kind = Kind::kInvalid;
  leaderboard::Event event;  // kScore, kRemoval, kScoreless (as a removal)
  std::string reason;        // kScoreless, kInvalid: why, for the log line
  // For the log line, whatever could be read (may be empty for kInvalid):
  std::string game;
  std::string player;
  std::string score;  // canonical number text, kScore only
};

// The record read in place (protocol::StreamEventReader), or a decoded record: same result.
ScoreRecord InterpretRecord(const protocol::StreamRecordView& record, const BoardConfig& config);
ScoreRecord InterpretRecord(const protocol::StreamRecord& record, const BoardConfig& config);

}  // namespace sb::function
