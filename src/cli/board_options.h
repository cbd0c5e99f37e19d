// The board settings (function/board_config.h) as command-line flags: the one registration
// every command that touches the data model uses (score, top, reconcile, simulate, trigger,
// up), so each setting has one flag name, one default and one rule everywhere. Each flag is
// the CLI spelling of the function's environment variable:
//
//   --scores-table SCORES_TABLE        --player-attribute PLAYER_ATTRIBUTE
//   --leaderboard-table LEADERBOARD_TABLE   --game-attribute GAME_ATTRIBUTE
//   --ranks-table RANKS_TABLE          --score-attribute SCORE_ATTRIBUTE
//   --size BOARD_SIZE                  --name-attribute NAME_ATTRIBUTE
//   --rank-shards RANK_SHARDS          --updated-at-attribute UPDATED_AT_ATTRIBUTE
//   --default-game DEFAULT_GAME        --rank-counts-table RANK_COUNTS_TABLE
//   --rank-count-depth RANK_COUNT_DEPTH  --windows WINDOWS
//   --window-retention-days WINDOW_RETENTION_DAYS
//
// The CLI reads these settings from its flags only, never from the environment: what a
// command (and the function `up` starts) uses is what its command line says.
// Thread-compatible.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "function/board_config.h"

namespace sb::cli {

// Adds every board setting to `cmd` as a flag in the "Board settings" group, writing into
// `config` (which supplies the defaults shown in --help). `config` must outlive parsing.
void AddBoardOptions(CLI::App* cmd, function::BoardConfig* config);

// LoadBoardConfig's rules applied to `config` (the function would refuse what this refuses);
// throws CliError(…, 2) whose message names the flag, e.g.
//   "--size must be an integer from 1 to 100, got '0'".
void ValidateBoardOptions(const function::BoardConfig& config);

// " --flag value" for each setting of `config` that differs from BoardConfig's default (values
// single-quoted for a POSIX shell when they need it): how to repeat `config` on a command line.
std::string NonDefaultBoardFlags(const function::BoardConfig& config);

// The flag of an environment variable of board_config.h ("BOARD_SIZE" -> "--size"); the
// variable itself when it is not a board setting.
std::string_view FlagOf(std::string_view variable);

// `text` with every board setting's variable name (a whole run of A-Z and _) replaced by its
// flag: LoadBoardConfig's rules in the CLI's words.
std::string FlagsForVariables(std::string_view text);

}  // namespace sb::cli
