// `streamboard reconcile [--game G | --all]`: rebuilds boards from the scores table, for
// when a board drifted (design §4: on AWS the index is eventually consistent; or someone
// edited a board by hand).
//
//   --game G  the game's top N (+ ties at the cut) from a Query of the ByGameScore index,
//             through the function's own store (DynamoBoardStore::Top);
//   --all     a strongly consistent Scan of the scores table, grouped by game, plus every
//             existing board (a board whose players were all deleted becomes empty).
// Each board is rebuilt with leaderboard::Rebuild and, only when its ranking reads
// differently (players, scores, names; cli_board_check.h SameRanking) or the stored item is
// malformed, written with the function's conditional PutItem on Version
// (DynamoBoardStore::Write, codec function/board_item.h). A lost race with the function
// re-reads and retries (up to 5 times). Prints one line per board; exit 0 when every board
// is now right, 1 if any could not be written.
#include <cstdio>
#include <memory>
#include <string>

#include "base/clock.h"
#include "cli/cli_board_check.h"
#include "cli/cli_dynamo.h"
#include "cli/cli_scores.h"
#include "cli/commands.h"
#include "function/dynamo_board_store.h"
#include "leaderboard/merge.h"

namespace sb::cli {
namespace {

struct ReconcileArgs {
  DynamoOptions dynamo;
  std::string game;
  bool all = false;
};

enum class Outcome { kUnchanged, kChanged, kFailed };

Outcome ReconcileGame(DynamoSession& session, function::DynamoBoardStore& store,
                      const std::string& game, const std::vector<leaderboard::Entry>& rows) {
  const std::string& table = session.options().leaderboard_table;
  leaderboard::MergeOptions options;
  options.top_n = session.options().board_size;
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto stored = store.Read(game);
    if (!stored.ok()) ThrowApiError(stored.error(), table, session);
    leaderboard::MergeResult rebuilt = leaderboard::Rebuild(stored->board, rows, options);
    const bool malformed = stored->exists && !stored->problem.empty();
    if (!malformed && SameRanking(stored->board.entries, rebuilt.board.entries)) {
      if (!stored->exists) {
        std::printf("%s: no scores and no board\n", game.c_str());
      } else {
        std::printf("%s: ok (%zu players, version %lld)\n", game.c_str(),
                    stored->board.entries.size(), static_cast<long long>(stored->board.version));
      }
      return Outcome::kUnchanged;
    }
    rebuilt.board.version = stored->board.version + 1;
    protocol::ApiStatus written = store.Write(*stored, rebuilt.board);
    if (written.ok()) {
      std::string what = malformed ? "rebuilt a malformed board (" + stored->problem + ")"
                                   : DescribeChange(stored->board.entries, rebuilt.board.entries);
      std::printf("%s: %s, version %lld -> %lld: %s\n", game.c_str(),
                  stored->exists ? "fixed" : "created",
                  static_cast<long long>(stored->board.version),
                  static_cast<long long>(rebuilt.board.version), what.c_str());
      return Outcome::kChanged;
    }
    if (written.error().type != "ConditionalCheckFailedException") {
      ThrowApiError(written.error(), table, session);
    }
    // The function wrote the board meanwhile: read it again and rebuild against that.
  }
  std::printf("%s: not written, the board kept changing (is the stream still draining?)\n",
              game.c_str());
  return Outcome::kFailed;
}

void RunReconcile(const ReconcileArgs& args) {
  if (args.all && !args.game.empty()) throw CliError("use either --game or --all", 2);
  DynamoSession session(args.dynamo);
  const function::FunctionConfig config = session.options().ToFunctionConfig();
  function::DynamoBoardStore store(session.db(), config, RealClock::Instance());

  GameRows games;
  if (args.all) {
    auto scanned = ScanScores(session.db(), config);
    if (!scanned.ok()) ThrowApiError(scanned.error(), config.scores_table, session);
    games = std::move(scanned).value();
    auto boards = ListBoards(session.db(), config);
    if (!boards.ok()) ThrowApiError(boards.error(), config.leaderboard_table, session);
    for (const std::string& game : *boards) games[game];  // boards with no scores left
  } else {
    const std::string game = args.game.empty() ? config.default_game : args.game;
    auto top = store.Top(game, config.leaderboard_size);
    if (!top.ok()) ThrowApiError(top.error(), config.scores_table, session);
    games[game] = std::move(top).value();
  }

  int changed = 0, failed = 0;
  for (const auto& [game, rows] : games) {
    switch (ReconcileGame(session, store, game, rows)) {
      case Outcome::kChanged:
        ++changed;
        break;
      case Outcome::kFailed:
        ++failed;
        break;
      case Outcome::kUnchanged:
        break;
    }
  }
  std::printf("reconciled %zu board%s: %d changed%s\n", games.size(), games.size() == 1 ? "" : "s",
              changed, failed > 0 ? (", " + std::to_string(failed) + " not written").c_str() : "");
  std::fflush(stdout);
  if (failed > 0) throw CliError(std::to_string(failed) + " board(s) could not be written");
}

}  // namespace

void RegisterReconcile(CLI::App& app) {
  auto args = std::make_shared<ReconcileArgs>();
  CLI::App* cmd = app.add_subcommand(
      "reconcile", "Rebuild boards from the scores table and fix the ones that differ");
  auto* game = cmd->add_option("--game", args->game, "Game to rebuild (default global)");
  auto* all = cmd->add_flag("--all", args->all, "Rebuild every game's board (scans the table)");
  game->excludes(all);
  all->excludes(game);
  AddEndpointOption(cmd, &args->dynamo);
  AddTableOptions(cmd, &args->dynamo,
                  {.scores = true, .leaderboard = true, .index = true, .size = true});
  cmd->callback([args] { RunReconcile(*args); });
}

}  // namespace sb::cli
