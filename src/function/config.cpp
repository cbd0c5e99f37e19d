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
  return c;
}

}  // namespace sb::function
