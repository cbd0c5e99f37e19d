#include "function/board_config.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace sb::function {
namespace {

// An integer in [low, high], or nullopt.
std::optional<size_t> ParseBounded(const std::string& v, size_t low, size_t high) {
  size_t n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || ptr != v.data() + v.size() || n < low || n > high) return std::nullopt;
  return n;
}

struct Named {
  std::string_view variable;
  std::string* field;
};

}  // namespace

Error InvalidSetting(std::string_view variable, std::string_view rule, std::string_view value) {
  return MakeError("InvalidConfiguration", std::string(variable) + " must be " + std::string(rule) +
                                               ", got '" + std::string(value) + "'");
}

bool IsTableName(std::string_view s) {
  if (s.size() < 3 || s.size() > 255) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<BoardConfig> LoadBoardConfig(const dynamo::GetEnv& getenv) {
  BoardConfig c;
  auto get = [&](std::string_view name) -> std::optional<std::string> {
    std::optional<std::string> v = getenv(name);
    if (v.has_value() && v->empty()) return std::nullopt;
    return v;
  };
  for (Named n :
       {Named{"SCORES_TABLE", &c.scores_table}, Named{"LEADERBOARD_TABLE", &c.leaderboard_table},
        Named{"RANKS_TABLE", &c.ranks_table}, Named{"RANK_COUNTS_TABLE", &c.rank_counts_table}}) {
    if (auto v = get(n.variable)) {
      if (!IsTableName(*v)) {
        return InvalidSetting(n.variable, "3 to 255 characters of A-Z a-z 0-9 _ . -", *v);
      }
      *n.field = *v;
    }
  }
  if (c.leaderboard_table == c.scores_table) {
    return InvalidSetting("LEADERBOARD_TABLE", "different from SCORES_TABLE", c.leaderboard_table);
  }
  if (c.ranks_table == c.scores_table || c.ranks_table == c.leaderboard_table) {
    return InvalidSetting("RANKS_TABLE", "different from SCORES_TABLE and LEADERBOARD_TABLE",
                          c.ranks_table);
  }
  if (c.rank_counts_table == c.scores_table || c.rank_counts_table == c.leaderboard_table ||
      c.rank_counts_table == c.ranks_table) {
    return InvalidSetting("RANK_COUNTS_TABLE",
                          "different from SCORES_TABLE, LEADERBOARD_TABLE and RANKS_TABLE",
                          c.rank_counts_table);
  }
  for (Named n :
       {Named{"PLAYER_ATTRIBUTE", &c.player_attribute}, Named{"GAME_ATTRIBUTE", &c.game_attribute},
        Named{"SCORE_ATTRIBUTE", &c.score_attribute}, Named{"NAME_ATTRIBUTE", &c.name_attribute},
        Named{"UPDATED_AT_ATTRIBUTE", &c.updated_at_attribute}}) {
    if (auto v = get(n.variable)) {
      if (v->size() > 255)
        return InvalidSetting(n.variable, "an attribute name of 1 to 255 bytes", *v);
      *n.field = *v;
    }
  }
  if (c.player_attribute == c.game_attribute) {
    return InvalidSetting("GAME_ATTRIBUTE", "different from PLAYER_ATTRIBUTE", c.game_attribute);
  }
  if (c.score_attribute == c.player_attribute || c.score_attribute == c.game_attribute) {
    return InvalidSetting("SCORE_ATTRIBUTE", "different from PLAYER_ATTRIBUTE and GAME_ATTRIBUTE",
                          c.score_attribute);
  }
  if (auto v = get("DEFAULT_GAME")) {
    if (v->size() > 1024)
      return InvalidSetting("DEFAULT_GAME", "1 to 1024 bytes", v->substr(0, 40));
    if (v->find(leaderboard::kWindowSeparator) != std::string::npos) {
      return InvalidSetting("DEFAULT_GAME", "free of U+001F (the window separator)",
                            v->substr(0, 40));
    }
    c.default_game = *v;
  }
  if (auto v = get("BOARD_SIZE")) {
    std::optional<size_t> n = ParseBounded(*v, 1, kMaxBoardSize);
    if (!n) {
      return InvalidSetting("BOARD_SIZE", "an integer from 1 to " + std::to_string(kMaxBoardSize),
                            *v);
    }
    c.board_size = *n;
  }
  if (auto v = get("RANK_SHARDS")) {
    std::optional<size_t> n = ParseBounded(*v, 1, kMaxRankShards);
    if (!n) {
      return InvalidSetting("RANK_SHARDS", "an integer from 1 to " + std::to_string(kMaxRankShards),
                            *v);
    }
    c.rank_shards = *n;
  }
  if (auto v = get("RANK_COUNT_DEPTH")) {
    std::optional<size_t> n = ParseBounded(*v, 0, leaderboard::kMaxCountDepth);
    if (!n) {
      return InvalidSetting("RANK_COUNT_DEPTH",
                            "an integer from 0 to " + std::to_string(leaderboard::kMaxCountDepth),
                            *v);
    }
    c.rank_count_depth = *n;
  }
  if (auto v = get("WINDOWS")) {
    Result<std::vector<leaderboard::WindowKind>> kinds = leaderboard::ParseWindowKinds(*v);
    if (!kinds.ok()) {
      return InvalidSetting(
          "WINDOWS",
          "a comma-separated list of all, daily, weekly, monthly (" + kinds.error().message + ")",
          v->substr(0, 80));
    }
    if (std::find(kinds->begin(), kinds->end(), leaderboard::WindowKind::kAll) == kinds->end()) {
      return InvalidSetting("WINDOWS",
                            "a list containing all (the Leaderboard item is derived from the "
                            "all-time boards)",
                            *v);
    }
    c.windows = leaderboard::WindowKindsString(*kinds);
  }
  if (auto v = get("WINDOW_RETENTION_DAYS")) {
    std::optional<size_t> n = ParseBounded(*v, 1, kMaxWindowRetentionDays);
    if (!n) {
      return InvalidSetting("WINDOW_RETENTION_DAYS",
                            "an integer from 1 to " + std::to_string(kMaxWindowRetentionDays), *v);
    }
    c.window_retention_days = *n;
  }
  return c;
}

std::map<std::string, std::string> BoardConfigEnvironment(const BoardConfig& c) {
  return {
      {"SCORES_TABLE", c.scores_table},
      {"LEADERBOARD_TABLE", c.leaderboard_table},
      {"RANKS_TABLE", c.ranks_table},
      {"BOARD_SIZE", std::to_string(c.board_size)},
      {"RANK_SHARDS", std::to_string(c.rank_shards)},
      {"PLAYER_ATTRIBUTE", c.player_attribute},
      {"GAME_ATTRIBUTE", c.game_attribute},
      {"SCORE_ATTRIBUTE", c.score_attribute},
      {"NAME_ATTRIBUTE", c.name_attribute},
      {"UPDATED_AT_ATTRIBUTE", c.updated_at_attribute},
      {"DEFAULT_GAME", c.default_game},
      {"RANK_COUNTS_TABLE", c.rank_counts_table},
      {"RANK_COUNT_DEPTH", std::to_string(c.rank_count_depth)},
      {"WINDOWS", c.windows},
      {"WINDOW_RETENTION_DAYS", std::to_string(c.window_retention_days)},
  };
}

std::vector<leaderboard::WindowKind> ConfiguredWindows(const BoardConfig& config) {
  Result<std::vector<leaderboard::WindowKind>> kinds =
      leaderboard::ParseWindowKinds(config.windows);
  if (!kinds.ok()) return {leaderboard::WindowKind::kAll};
  return std::move(kinds).value();
}

}  // namespace sb::function
