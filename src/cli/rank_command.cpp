// `streamboard rank PLAYER [--game G] [--around K] [--window all|daily|weekly|monthly]
// [--label L]`: a player's exact rank in a game's window and K neighbours on each side, read
// from the Ranks table and its count tree (reads/rank_reader.h; docs/read-api.md), strongly
// consistent. Output, one line per player, the asked-for one marked with '>':
//   ann: rank 2 of 4 in game chess (all)
//     1  cat  1200  Cat
//   > 2  ann  1000  Ann
//     3  bob  900
// Ids and names are printed TerminalSafe. Bad input (an empty or oversized id, around out of
// 0..50, an unknown or unconfigured window, a bad or expired label) is one line on stderr and
// exit 2; a player without a score in the window exits 1 ("not ranked"); a DynamoDB failure
// exits 1 as the other data commands word it.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/quote.h"
#include "cli/commands.h"
#include "cli/dynamo_session.h"
#include "cli/terminal.h"
#include "function/executor.h"
#include "reads/caller_runs_executor.h"
#include "reads/dynamo_rank_index.h"
#include "reads/rank_reader.h"
#include "reads/read_settings.h"
#include "reads/window_choice.h"

namespace sb::cli {
namespace {

constexpr size_t kMaxIdBytes = 1024;

struct RankArgs {
  DynamoOptions dynamo;
  std::string player;
  std::optional<std::string> game_flag;
  int around = 5;
  std::string window = "all";
  std::optional<std::string> label;
};

void CheckId(const std::string& what, const std::string& id) {
  if (id.empty()) throw CliError(what + " must not be empty", 2);
  if (id.size() > kMaxIdBytes) throw CliError(what + " must be at most 1024 bytes", 2);
}

std::string Row(const reads::RankedPlayer& p, bool marked) {
  std::string row = (marked ? "> " : "  ") + std::to_string(p.rank) + "  " +
                    TerminalSafe(p.entry.player_id) + "  " + p.entry.score.ToString();
  if (!p.entry.player_name.empty()) row += "  " + TerminalSafe(p.entry.player_name);
  return row + "\n";
}

void RunRank(const RankArgs& args) {
  CheckId("PLAYER", args.player);
  const std::string game = args.game_flag.value_or(args.dynamo.board.default_game);
  CheckId("--game", game);
  if (game.find(leaderboard::kWindowSeparator) != std::string::npos) {
    throw CliError("--game must not contain U+001F", 2);
  }
  if (args.around < 0 || args.around > static_cast<int>(reads::kMaxAround)) {
    throw CliError("--around must be from 0 to 50", 2);
  }
  DynamoSession session(args.dynamo);  // validates the board settings (exit 2)
  const reads::ReadSettings settings = reads::ReadSettingsFrom(session.options().board);
  Result<leaderboard::Window> window =
      reads::ChooseWindow(settings, args.window, args.label, RealClock::Instance().NowUnixMillis());
  if (!window.ok()) throw CliError(window.error().message, 2);

  reads::DynamoRankIndex index(session.db(), settings, RealSleeper::Instance());
  reads::CallerRunsExecutor executor(8);
  reads::RankReader reader(index, executor, settings.rank_shards, settings.rank_count_depth);
  auto rank = reader.Rank(game, *window, args.player, static_cast<size_t>(args.around));
  if (!rank.ok()) ThrowApiError(rank.error(), settings.ranks_table, session);
  if (!rank->has_value()) {
    throw CliError("not ranked: player '" + TerminalSafe(QuotePrefix(args.player)) +
                       "' has no score in game '" + TerminalSafe(QuotePrefix(game)) +
                       "' (" + window->label + ")",
                   1);
  }
  const reads::PlayerRank& r = **rank;
  std::string out = TerminalSafe(args.player) + ": rank " + std::to_string(r.player.rank) +
                    " of " + std::to_string(r.total) + " in game " + TerminalSafe(game) + " (" +
                    window->label + ")\n";
  for (auto it = r.above.rbegin(); it != r.above.rend(); ++it) out += Row(*it, false);
  out += Row(r.player, true);
  for (const auto& p : r.below) out += Row(p, false);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

void RegisterRank(CLI::App& app) {
  auto args = std::make_shared<RankArgs>();
  CLI::App* cmd = app.add_subcommand("rank", "Show a player's exact rank and neighbours");
  cmd->add_option("PLAYER", args->player, "Player id")->required();
  cmd->add_option("--game", args->game_flag, "Game id (default: --default-game)");
  cmd->add_option("--around", args->around, "Neighbours on each side, 0..50 (default 5)");
  cmd->add_option("--window", args->window, "all (default), daily, weekly or monthly");
  cmd->add_option("--label", args->label,
                  "A past window: d2026-12-05, w2026-W49, m2026-12 (default: the current one)");
  AddDynamoOptions(cmd, &args->dynamo);
  cmd->callback([args] { RunRank(*args); });
}

}  // namespace sb::cli
