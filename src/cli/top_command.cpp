// `streamboard top [--game G] [--watch] [--json]`: shows one game's board as stored in the
// Leaderboard table (a strongly consistent GetItem), ranked.
//
// A game without a board item is not an error: boards appear with the first score the
// function processes, so "no board for game G yet" is printed and the exit code is 0 (scripts
// that poll `top` need not treat "not yet" as failure; --json prints "exists":false). A
// missing table, an unreachable endpoint or a malformed item name is an error (exit 1).
//
// --watch re-reads the board every 500 ms until Ctrl-C (or SIGTERM), then exits 0. On a
// terminal the board is redrawn in place; otherwise (a pipe or file) a new rendering is
// printed each time the board changes, so logs stay readable. While watching, transient
// failures (endpoint down, 5xx, throttling) are shown and retried rather than fatal.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "cli/board_view.h"
#include "cli/commands.h"
#include "cli/dynamo_session.h"
#include "cli/terminal.h"

namespace sb::cli {
namespace {

struct TopArgs {
  DynamoOptions dynamo;
  std::optional<std::string> game_flag;  // unset: the board settings' default game
  std::string game;                      // the game shown, once resolved
  bool watch = false;
  bool json = false;
};

std::string Render(const TopArgs& args, const BoardView& view) {
  return args.json ? FormatBoardJson(view) + "\n" : FormatBoardTable(view);
}

size_t CountLines(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

void Write(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void Watch(const TopArgs& args, DynamoSession& session) {
  InstallStopHandler();
  const bool tty = StdoutIsTerminal();
  std::string last;  // the last rendering shown
  size_t drawn = 0;  // lines drawn by the previous frame (terminal mode)
  while (!StopRequested()) {
    auto view = ReadBoardView(session.db(), session.options().board.leaderboard_table, args.game);
    std::string text;
    if (view.ok()) {
      text = Render(args, *view);
    } else if (IsTransient(view.error())) {
      text = "waiting: " +
             DescribeApiError(view.error(), session.options().board.leaderboard_table,
                              session.endpoint()) +
             "\n";
    } else {
      ThrowApiError(view.error(), session.options().board.leaderboard_table, session);
    }
    if (tty) {
      const std::string status = "watching " + session.endpoint() + " · " +
                                 FormatIso8601Millis(RealClock::Instance().NowUnixMillis()) +
                                 " · Ctrl-C to quit\n";
      std::string frame;
      if (drawn > 0) frame += "\x1b[" + std::to_string(drawn) + "F";  // to the frame's start
      frame += "\x1b[J" + status + text;
      Write(frame);
      drawn = CountLines(status) + CountLines(text);
    } else if (text != last) {
      Write(last.empty() || args.json ? text : "\n" + text);
    }
    last = std::move(text);
    SleepUnlessStopped(std::chrono::milliseconds(500));
  }
}

void RunTop(TopArgs args) {
  args.game = args.game_flag.value_or(args.dynamo.board.default_game);
  if (args.game.empty()) throw CliError("--game must not be empty", 2);
  DynamoSession session(args.dynamo);
  if (args.watch) {
    Watch(args, session);
    return;
  }
  auto view = ReadBoardView(session.db(), session.options().board.leaderboard_table, args.game);
  if (!view.ok()) ThrowApiError(view.error(), session.options().board.leaderboard_table, session);
  Write(Render(args, *view));
}

}  // namespace

void RegisterTop(CLI::App& app) {
  auto args = std::make_shared<TopArgs>();
  CLI::App* cmd = app.add_subcommand("top", "Show a game's leaderboard");
  cmd->add_option("--game", args->game_flag, "Game id (default: --default-game)");
  cmd->add_flag("--watch", args->watch, "Refresh every 500 ms until Ctrl-C");
  cmd->add_flag("--json", args->json, "Print the board as JSON (one document per change)");
  AddDynamoOptions(cmd, &args->dynamo);
  cmd->callback([args] { RunTop(*args); });
}

}  // namespace sb::cli
