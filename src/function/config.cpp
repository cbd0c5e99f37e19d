#include "function/config.h"

#include <charconv>

namespace sb::function {
namespace {

Error Invalid(std::string_view variable, std::string_view rule, std::string_view value) {
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

}  // namespace

Result<FunctionConfig> LoadFunctionConfig(const dynamo::GetEnv& getenv) {
  FunctionConfig c;
  auto get = [&](std::string_view name) -> std::optional<std::string> {
    std::optional<std::string> v = getenv(name);
    if (v.has_value() && v->empty()) return std::nullopt;
    return v;
  };

  struct Named {
    std::string_view variable;
    std::string* field;
  };
  for (Named n :
       {Named{"SCORES_TABLE", &c.scores_table}, Named{"LEADERBOARD_TABLE", &c.leaderboard_table},
        Named{"SCORES_INDEX", &c.scores_index}}) {
    if (auto v = get(n.variable)) {
      if (!IsTableName(*v)) {
        return Invalid(n.variable, "3 to 255 characters of A-Z a-z 0-9 _ . -", *v);
      }
      *n.field = *v;
    }
  }
  for (Named n :
       {Named{"PLAYER_ATTRIBUTE", &c.player_attribute}, Named{"GAME_ATTRIBUTE", &c.game_attribute},
        Named{"SCORE_ATTRIBUTE", &c.score_attribute}, Named{"NAME_ATTRIBUTE", &c.name_attribute}}) {
    if (auto v = get(n.variable)) {
      if (v->size() > 255) return Invalid(n.variable, "an attribute name of 1 to 255 bytes", *v);
      *n.field = *v;
    }
  }
  if (c.player_attribute == c.game_attribute) {
    return Invalid("GAME_ATTRIBUTE", "different from PLAYER_ATTRIBUTE", c.game_attribute);
  }
  if (c.score_attribute == c.player_attribute || c.score_attribute == c.game_attribute) {
    return Invalid("SCORE_ATTRIBUTE", "different from PLAYER_ATTRIBUTE and GAME_ATTRIBUTE",
                   c.score_attribute);
  }
  if (auto v = get("DEFAULT_GAME")) {
    if (v->size() > 1024) return Invalid("DEFAULT_GAME", "1 to 1024 bytes", v->substr(0, 40));
    c.default_game = *v;
  }
  if (auto v = get("LEADERBOARD_SIZE")) {
    size_t n = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || ptr != v->data() + v->size() || n < 1 || n > kMaxLeaderboardSize) {
      return Invalid("LEADERBOARD_SIZE",
                     "an integer from 1 to " + std::to_string(kMaxLeaderboardSize), *v);
    }
    c.leaderboard_size = n;
  }
  if (auto v = get("AWS_LAMBDA_LOG_LEVEL")) {
    if (!log::ParseLevel(*v, &c.log_level)) {
      return Invalid("AWS_LAMBDA_LOG_LEVEL", "one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL", *v);
    }
  }
  if (auto v = get("AWS_LAMBDA_FUNCTION_NAME")) c.function_name = *v;
  return c;
}

}  // namespace sb::function
