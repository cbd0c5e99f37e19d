// `streamboard score put|delete`: writes one player's score in the scores table, the way a
// game would: the player, game, score, name and UpdatedAt attributes named by the board
// settings (board_options.h; by default PlayerId, GameId, Score, PlayerName, UpdatedAt).
//
//   put --mode set   PutItem of the whole item (replaces it).
//   put --mode best  PutItem conditioned on "attribute_not_exists(Score) OR Score < :s": the
//                    score only ever goes up. When the stored score is not lower, nothing is
//                    written, "kept X (higher than Y)" is printed and the exit code is 0 (the
//                    outcome the user asked for: the best score stands).
//   put --mode incr  UpdateItem "ADD Score :d": atomic on the server, so concurrent
//                    increments never lose one another; SCORE is the delta (may be negative)
//                    and a missing item starts from 0 (DynamoDB's ADD rule).
//   delete           DeleteItem; deleting a player without a score is not an error.
// SCORE is checked as a DynamoDB number before anything is sent (exit 2 when it is not).
#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/dynamo_session.h"
#include "protocol/dynamodb/number.h"

namespace sb::cli {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Number;

struct ScoreArgs {
  DynamoOptions dynamo;
  std::string player;
  std::string score;
  std::optional<std::string> game_flag;  // unset: the board settings' default game
  std::string game;                      // the game written, once resolved
  std::optional<std::string> name;
  std::string mode = "set";
};

// DynamoDB's key limits (2048 bytes for a partition key, 1024 for a sort key; never empty).
void CheckKeys(ScoreArgs& args) {
  args.game = args.game_flag.value_or(args.dynamo.board.default_game);
  if (args.player.empty()) throw CliError("PLAYER must not be empty", 2);
  if (args.player.size() > 2048) throw CliError("PLAYER is longer than 2048 bytes", 2);
  if (args.game.empty()) throw CliError("--game must not be empty", 2);
  if (args.game.size() > 1024) throw CliError("--game is longer than 1024 bytes", 2);
}

Number ParseScore(const std::string& text) {
  Result<Number> n = Number::Parse(text);
  if (!n.ok())
    throw CliError("SCORE '" + text + "' is not a DynamoDB number: " + n.error().message, 2);
  return *n;
}

protocol::Item Key(const ScoreArgs& args) {
  const function::BoardConfig& c = args.dynamo.board;
  return {{c.player_attribute, AttributeValue::S(args.player)},
          {c.game_attribute, AttributeValue::S(args.game)}};
}

std::optional<Number> StoredScore(const ScoreArgs& args,
                                  const std::optional<protocol::Item>& item) {
  if (!item.has_value()) return std::nullopt;
  auto it = item->find(args.dynamo.board.score_attribute);
  if (it == item->end() || !it->second.is(AttrType::N)) return std::nullopt;
  return it->second.n();
}

protocol::Item FullItem(const ScoreArgs& args, const Number& score) {
  const function::BoardConfig& c = args.dynamo.board;
  protocol::Item item = Key(args);
  item[c.score_attribute] = AttributeValue::N(score);
  if (args.name.has_value()) item[c.name_attribute] = AttributeValue::S(*args.name);
  item[c.updated_at_attribute] =
      AttributeValue::S(FormatIso8601Millis(RealClock::Instance().NowUnixMillis()));
  return item;
}

void PutSet(DynamoSession& session, const ScoreArgs& args, const Number& score) {
  dynamo::PutItemRequest request;
  request.table_name = session.options().board.scores_table;
  request.item = FullItem(args, score);
  auto result = session.db().PutItem(request);
  if (!result.ok()) ThrowApiError(result.error(), request.table_name, session);
  std::printf("%s in %s: %s\n", args.player.c_str(), args.game.c_str(), score.ToString().c_str());
}

void PutBest(DynamoSession& session, const ScoreArgs& args, const Number& score) {
  const std::string& table = session.options().board.scores_table;
  // A failed condition is followed by a read to say what was kept; if the item changed in
  // between (deleted, or lowered by a `set`), the conditional write is simply tried again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    dynamo::PutItemRequest request;
    request.table_name = table;
    request.item = FullItem(args, score);
    request.condition_expression = "attribute_not_exists(#s) OR #s < :s";
    request.attributes.names = {{"#s", args.dynamo.board.score_attribute}};
    request.attributes.values = {{":s", AttributeValue::N(score)}};
    auto put = session.db().PutItem(request);
    if (put.ok()) {
      std::printf("%s in %s: %s (new best)\n", args.player.c_str(), args.game.c_str(),
                  score.ToString().c_str());
      return;
    }
    if (put.error().type != "ConditionalCheckFailedException") {
      ThrowApiError(put.error(), table, session);
    }
    dynamo::GetItemRequest get;
    get.table_name = table;
    get.key = Key(args);
    get.consistent_read = true;
    auto read = session.db().GetItem(get);
    if (!read.ok()) ThrowApiError(read.error(), table, session);
    std::optional<Number> kept = StoredScore(args, read->item);
    if (!kept.has_value()) continue;
    if (*kept > score) {
      std::printf("kept %s (higher than %s)\n", kept->ToString().c_str(), score.ToString().c_str());
      return;
    }
    if (*kept == score) {
      std::printf("kept %s (already the best)\n", kept->ToString().c_str());
      return;
    }
  }
  throw CliError("the stored score kept changing; try again");
}

void PutIncr(DynamoSession& session, const ScoreArgs& args, const Number& delta) {
  dynamo::UpdateItemRequest request;
  request.table_name = session.options().board.scores_table;
  request.key = Key(args);
  request.update_expression = "SET #u = :u";
  request.attributes.names = {{"#u", args.dynamo.board.updated_at_attribute},
                              {"#s", args.dynamo.board.score_attribute}};
  request.attributes.values = {
      {":u", AttributeValue::S(FormatIso8601Millis(RealClock::Instance().NowUnixMillis()))},
      {":d", AttributeValue::N(delta)}};
  if (args.name.has_value()) {
    request.update_expression += ", #n = :n";
    request.attributes.names["#n"] = args.dynamo.board.name_attribute;
    request.attributes.values[":n"] = AttributeValue::S(*args.name);
  }
  request.update_expression += " ADD #s :d";
  request.return_values = "UPDATED_NEW";
  auto result = session.db().UpdateItem(request);
  if (!result.ok()) ThrowApiError(result.error(), request.table_name, session);
  std::optional<Number> now = StoredScore(args, result->attributes);
  std::printf("%s in %s: %s\n", args.player.c_str(), args.game.c_str(),
              now.has_value() ? now->ToString().c_str() : "?");
}

void RunPut(ScoreArgs args) {
  CheckKeys(args);
  const Number score = ParseScore(args.score);
  DynamoSession session(args.dynamo);
  if (args.mode == "set") {
    PutSet(session, args, score);
  } else if (args.mode == "best") {
    PutBest(session, args, score);
  } else {
    PutIncr(session, args, score);
  }
}

void RunDelete(ScoreArgs args) {
  CheckKeys(args);
  DynamoSession session(args.dynamo);
  dynamo::DeleteItemRequest request;
  request.table_name = session.options().board.scores_table;
  request.key = Key(args);
  request.return_values = "ALL_OLD";
  auto result = session.db().DeleteItem(request);
  if (!result.ok()) ThrowApiError(result.error(), request.table_name, session);
  if (!result->attributes.has_value()) {
    std::printf("%s had no score in %s\n", args.player.c_str(), args.game.c_str());
    return;
  }
  std::optional<Number> old = StoredScore(args, result->attributes);
  std::printf("deleted %s from %s (score was %s)\n", args.player.c_str(), args.game.c_str(),
              old.has_value() ? old->ToString().c_str() : "none");
}

}  // namespace

void RegisterScore(CLI::App& app) {
  CLI::App* score = app.add_subcommand("score", "Write or delete a player's score");
  score->require_subcommand(1);

  auto put_args = std::make_shared<ScoreArgs>();
  CLI::App* put = score->add_subcommand("put", "Write a player's score");
  put->add_option("PLAYER", put_args->player, "Player id")->required();
  put->add_option("SCORE", put_args->score, "Score (a DynamoDB number); the delta with --mode incr")
      ->required();
  put->add_option("--game", put_args->game_flag, "Game id (default: --default-game)");
  put->add_option("--name", put_args->name, "Player name");
  put->add_option("--mode", put_args->mode,
                  "set: replace; best: only raise the score; incr: add SCORE atomically "
                  "(default set)")
      ->check(CLI::IsMember({"set", "best", "incr"}));
  AddDynamoOptions(put, &put_args->dynamo);
  put->callback([put_args] { RunPut(*put_args); });

  auto delete_args = std::make_shared<ScoreArgs>();
  CLI::App* del = score->add_subcommand("delete", "Delete a player's score");
  del->add_option("PLAYER", delete_args->player, "Player id")->required();
  del->add_option("--game", delete_args->game_flag, "Game id (default: --default-game)");
  AddDynamoOptions(del, &delete_args->dynamo);
  del->callback([delete_args] { RunDelete(*delete_args); });
}

}  // namespace sb::cli
