#include "function/config.h"

namespace sb::function {

Result<FunctionConfig> LoadFunctionConfig(const dynamo::GetEnv& getenv) {
  FunctionConfig c;
  Result<BoardConfig> board = LoadBoardConfig(getenv);
  if (!board.ok()) return board.error();
  c.board = std::move(board).value();
  auto get = [&](std::string_view name) -> std::optional<std::string> {
    std::optional<std::string> v = getenv(name);
    if (v.has_value() && v->empty()) return std::nullopt;
    return v;
  };
  if (auto v = get("AWS_LAMBDA_LOG_LEVEL")) {
    if (!log::ParseLevel(*v, &c.log_level)) {
      return InvalidSetting("AWS_LAMBDA_LOG_LEVEL", "one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL",
                            *v);
    }
  }
  if (auto v = get("AWS_LAMBDA_FUNCTION_NAME")) c.function_name = *v;
  if (auto v = get("FUNCTION_MODE")) {
    if (*v == "stream") {
      c.mode = FunctionMode::kStream;
    } else if (*v == "read") {
      c.mode = FunctionMode::kRead;
    } else {
      return InvalidSetting("FUNCTION_MODE", "stream or read", *v);
    }
  }
  if (auto v = get("CORS_ORIGINS")) {
    std::string_view rest = *v;
    while (true) {
      const size_t comma = rest.find(',');
      std::string_view origin = rest.substr(0, comma);
      while (!origin.empty() && origin.front() == ' ') origin.remove_prefix(1);
      while (!origin.empty() && origin.back() == ' ') origin.remove_suffix(1);
      const size_t scheme = origin.find("://");
      const bool ok = origin == "*" ||
                      (scheme != std::string_view::npos && scheme > 0 &&
                       origin.size() > scheme + 3 &&
                       origin.find('/', scheme + 3) == std::string_view::npos &&
                       origin.find_first_of(" \t\r\n") == std::string_view::npos);
      if (!ok) {
        return InvalidSetting("CORS_ORIGINS", "a comma-separated list of origins (https://host) or *",
                              *v);
      }
      c.cors_origins.emplace_back(origin);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return c;
}

}  // namespace sb::function
