#include "cli/board_options.h"

#include <map>
#include <optional>

#include "cli/commands.h"

namespace sb::cli {
namespace {

struct Setting {
  std::string_view variable;
  std::string_view flag;
};

// One row per BoardConfig field: the function's variable and the CLI's flag.
constexpr Setting kSettings[] = {
    {"SCORES_TABLE", "--scores-table"},
    {"LEADERBOARD_TABLE", "--leaderboard-table"},
    {"RANKS_TABLE", "--ranks-table"},
    {"BOARD_SIZE", "--size"},
    {"RANK_SHARDS", "--rank-shards"},
    {"PLAYER_ATTRIBUTE", "--player-attribute"},
    {"GAME_ATTRIBUTE", "--game-attribute"},
    {"SCORE_ATTRIBUTE", "--score-attribute"},
    {"NAME_ATTRIBUTE", "--name-attribute"},
    {"UPDATED_AT_ATTRIBUTE", "--updated-at-attribute"},
    {"DEFAULT_GAME", "--default-game"},
    {"RANK_COUNTS_TABLE", "--rank-counts-table"},
    {"RANK_COUNT_DEPTH", "--rank-count-depth"},
    {"WINDOWS", "--windows"},
    {"WINDOW_RETENTION_DAYS", "--window-retention-days"},
};

std::string Help(std::string_view text, std::string_view variable) {
  return std::string(text) + " (the function's " + std::string(variable) + ")";
}

bool IsVariableChar(char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }

}  // namespace

std::string FlagsForVariables(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (!IsVariableChar(text[i])) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsVariableChar(text[end])) ++end;
    out += FlagOf(text.substr(i, end - i));
    i = end;
  }
  return out;
}

std::string_view FlagOf(std::string_view variable) {
  for (const Setting& s : kSettings) {
    if (s.variable == variable) return s.flag;
  }
  return variable;
}

void AddBoardOptions(CLI::App* cmd, function::BoardConfig* c) {
  const std::string group = "Board settings";
  auto add = [&](std::string_view variable, auto* field, std::string_view text) {
    return cmd->add_option(std::string(FlagOf(variable)), *field, Help(text, variable))
        ->capture_default_str()
        ->group(group);
  };
  add("SCORES_TABLE", &c->scores_table, "The scores table, with the stream");
  add("LEADERBOARD_TABLE", &c->leaderboard_table, "The boards table (GameId HASH)");
  add("RANKS_TABLE", &c->ranks_table, "The rank index table (Board HASH, PlayerId RANGE)");
  add("BOARD_SIZE", &c->board_size,
      "Players per board, N, 1.." + std::to_string(function::kMaxBoardSize));
  add("RANK_SHARDS", &c->rank_shards,
      "Partition keys per game in the rank index, 1.." + std::to_string(function::kMaxRankShards));
  add("PLAYER_ATTRIBUTE", &c->player_attribute, "Player id attribute (S)");
  add("GAME_ATTRIBUTE", &c->game_attribute, "Game id attribute (S)");
  add("SCORE_ATTRIBUTE", &c->score_attribute, "Score attribute (N)");
  add("NAME_ATTRIBUTE", &c->name_attribute, "Player name attribute (S)");
  add("UPDATED_AT_ATTRIBUTE", &c->updated_at_attribute,
      "Time of the score (S, ISO-8601), the tie-breaker");
  add("DEFAULT_GAME", &c->default_game, "The game of items without a game id attribute");
  add("RANK_COUNTS_TABLE", &c->rank_counts_table, "The rank counts table (Node HASH, B)");
  add("RANK_COUNT_DEPTH", &c->rank_count_depth,
      "Levels of the rank count tree, 0.." + std::to_string(leaderboard::kMaxCountDepth) +
          " (0: no counts; a rank read then counts entries one by one)");
  add("WINDOWS", &c->windows,
      "Boards kept per game: a comma-separated list of all, daily, weekly, monthly "
      "(must contain all)");
  add("WINDOW_RETENTION_DAYS", &c->window_retention_days,
      "Days a time window's boards are kept after it ends, 1.." +
          std::to_string(function::kMaxWindowRetentionDays));
}

std::string NonDefaultBoardFlags(const function::BoardConfig& config) {
  const auto defaults = function::BoardConfigEnvironment(function::BoardConfig{});
  std::string out;
  for (const auto& [variable, value] : function::BoardConfigEnvironment(config)) {
    if (defaults.at(variable) == value) continue;
    bool plain = !value.empty();
    for (char c : value) {
      plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '#');
    }
    std::string quoted = "'";
    for (char c : value) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    out += " " + std::string(FlagOf(variable)) + " " + (plain ? value : quoted);
  }
  return out;
}

void ValidateBoardOptions(const function::BoardConfig& config) {
  const std::map<std::string, std::string> env = function::BoardConfigEnvironment(config);
  // An empty variable counts as unset for the function; an empty flag is refused instead.
  for (const auto& [variable, value] : env) {
    if (value.empty()) throw CliError(std::string(FlagOf(variable)) + " must not be empty", 2);
  }
  Result<function::BoardConfig> loaded =
      function::LoadBoardConfig([&](std::string_view name) -> std::optional<std::string> {
        auto it = env.find(std::string(name));
        if (it == env.end()) return std::nullopt;
        return it->second;
      });
  if (loaded.ok()) return;
  // The rule is in the function's words; the quoted value after ", got '" stays as it is.
  const std::string& message = loaded.error().message;
  const size_t got = message.find(", got '");
  throw CliError(FlagsForVariables(std::string_view(message).substr(0, got)) +
                     (got == std::string::npos ? "" : message.substr(got)),
                 2);
}

}  // namespace sb::cli
