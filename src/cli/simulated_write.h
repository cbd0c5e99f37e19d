// One simulated score write of `streamboard simulate` against the scores table: the item's
// key and body in the board's attribute names, and the write itself (PutItem, UpdateItem ADD,
// DeleteItem) with the lost-update check of an ADD against the score it started from.
// Thread-compatible: each worker thread uses its own DynamoSession and Random.
#pragma once

#include <optional>

#include "base/random.h"
#include "base/result.h"
#include "cli/dynamo_session.h"
#include "cli/simulation.h"
#include "cli/simulation_state.h"
#include "function/board_config.h"
#include "protocol/dynamodb/attribute_value.h"
#include "protocol/dynamodb/number.h"

namespace sb::cli {

// {player attribute: S, game attribute: S}.
protocol::Item ItemKey(const function::BoardConfig& c, const Key& key);
// The key plus the score, a display name and the update time (now).
protocol::Item ScoreItem(const function::BoardConfig& c, const Key& key,
                         const protocol::Number& score);
// The item's numeric score; nullopt for no item or no N score.
std::optional<protocol::Number> ScoreOf(const function::BoardConfig& c,
                                        const std::optional<protocol::Item>& item);

// One write of kind `op` for `key`, whose score was `before` (nullopt: no item). Returns the
// item's new score (nullopt: deleted). Errors: code "write" (the request failed; the text
// names the op, the key and the API error) or "lost-update" (an ADD returned a score other
// than before + delta).
Result<std::optional<protocol::Number>> DoWrite(DynamoSession& session, SimOp op, const Key& key,
                                                const std::optional<protocol::Number>& before,
                                                Random& random);

}  // namespace sb::cli
