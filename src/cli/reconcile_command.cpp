// `streamboard reconcile [--game G | --all] [--check]`: backfill and repair of the Ranks table
// from the scores table, then the RankCounts counters checked against Ranks and rebuilt where
// they differ (reconcile_counts.h), then every board rewritten from the top N of Ranks
// (reconcile.h has the steps and why each write is safe while the stream is processed). For a
// deployment that predates the Ranks table, for a trigger started at LATEST, or after someone
// edited a board.
//
//   --game G  one game (default: the board settings' default game)
//   --all     every game in the scores, Ranks and Leaderboard tables (scans them)
//   --check   write nothing: compare the scores table with Ranks, each board with the top N
//             of Ranks, exactly (tie order included, exact_check.h), and the RankCounts
//             counters with the histogram of Ranks; print one line per difference and exit 1
//             if there is any
//
// Prints what it wrote (one line per board) and exits 0 when every board is now right, 1 if
// any could not be written (the function kept winning the race: run it again once the stream
// drained).
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/dynamo_session.h"
#include "cli/reconcile.h"
#include "cli/reconcile_counts.h"

namespace sb::cli {
namespace {

struct ReconcileArgs {
  DynamoOptions dynamo;
  std::optional<std::string> game;
  bool all = false;
  bool check = false;
};

void Say(const std::string& line) {
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

void RunCheck(DynamoSession& session, const std::optional<std::string>& game) {
  const function::BoardConfig& config = session.options().board;
  std::optional<std::set<std::string>> games;
  if (game.has_value()) games = std::set<std::string>{*game};
  auto problems = CheckExact(session.db(), config, RealClock::Instance(), games);
  if (!problems.ok()) ThrowApiError(problems.error(), config.ranks_table, session);
  auto counts = ReconcileCounts(session.db(), config, game, /*repair=*/false);
  if (!counts.ok()) ThrowApiError(counts.error(), config.rank_counts_table, session);
  for (const std::string& p : *problems) Say(p);
  for (const std::string& p : counts->problems) Say(p);
  if (!problems->empty() || counts->wrong > 0) {
    throw CliError(std::to_string(problems->size()) + " difference(s) between the scores table, " +
                   config.ranks_table + " and the boards; " + std::to_string(counts->wrong) + " " +
                   config.rank_counts_table + " node(s) wrong");
  }
  Say("exact: the scores table, " + config.ranks_table + " and every board agree" +
      (config.rank_count_depth > 0
           ? "; " + config.rank_counts_table + " matches " + config.ranks_table + " (" +
                 std::to_string(counts->nodes) + " nodes)"
           : ""));
}

void RunReconcile(const ReconcileArgs& args) {
  if (args.all && args.game.has_value()) throw CliError("use either --game or --all", 2);
  if (args.game.has_value() && args.game->empty()) throw CliError("--game must not be empty", 2);
  DynamoSession session(args.dynamo);
  const function::BoardConfig& config = session.options().board;
  std::optional<std::string> game;
  if (!args.all) game = args.game.value_or(config.default_game);
  std::vector<std::string> tables = {config.scores_table, config.ranks_table,
                                     config.leaderboard_table};
  if (config.rank_count_depth > 0) tables.push_back(config.rank_counts_table);
  RequireTables(session, tables);
  if (args.check) {
    RunCheck(session, game);
    return;
  }

  Reconciler reconciler(session.db(), config, RealClock::Instance(), Say);
  RanksRepairCounts counts;
  auto games = reconciler.RepairRanks(game, &counts);
  if (!games.ok()) ThrowApiError(games.error(), config.ranks_table, session);
  Say(config.ranks_table + ": " + std::to_string(counts.backfilled) + " backfilled, " +
      std::to_string(counts.removed) + " removed, " + std::to_string(counts.superseded) +
      " left to the stream");
  auto rebuilt = ReconcileCounts(session.db(), config, game, /*repair=*/true);
  if (!rebuilt.ok()) ThrowApiError(rebuilt.error(), config.rank_counts_table, session);
  if (config.rank_count_depth > 0) {
    Say(config.rank_counts_table + ": " + std::to_string(rebuilt->nodes) + " nodes, " +
        std::to_string(rebuilt->fixed) + " rebuilt" +
        (rebuilt->busy > 0 ? ", " + std::to_string(rebuilt->busy) +
                                 " changed meanwhile (run again once the stream drained)"
                           : ""));
  }
  int changed = 0, failed = 0;
  for (const std::string& g : *games) {
    auto outcome = reconciler.RewriteBoard(g);
    if (!outcome.ok()) ThrowApiError(outcome.error(), config.leaderboard_table, session);
    changed += *outcome == BoardOutcome::kWritten;
    failed += *outcome == BoardOutcome::kGaveUp;
  }
  Say("reconciled " + std::to_string(games->size()) + " board" + (games->size() == 1 ? "" : "s") +
      ": " + std::to_string(changed) + " changed" +
      (failed > 0 ? ", " + std::to_string(failed) + " not written" : ""));
  if (failed > 0) throw CliError(std::to_string(failed) + " board(s) could not be written");
}

}  // namespace

void RegisterReconcile(CLI::App& app) {
  auto args = std::make_shared<ReconcileArgs>();
  CLI::App* cmd = app.add_subcommand(
      "reconcile",
      "Backfill and repair the Ranks table from the scores table, then rewrite the boards");
  auto* game = cmd->add_option("--game", args->game, "Game to reconcile (default: --default-game)");
  auto* all = cmd->add_flag("--all", args->all, "Every game (scans the tables)");
  game->excludes(all);
  all->excludes(game);
  cmd->add_flag("--check", args->check,
                "Write nothing; print every difference (scores vs Ranks, boards vs the top N of "
                "Ranks, tie order included) and exit 1 if there is any");
  AddDynamoOptions(cmd, &args->dynamo);
  cmd->callback([args] { RunReconcile(*args); });
}

}  // namespace sb::cli
