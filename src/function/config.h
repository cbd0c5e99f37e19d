// FunctionConfig: the leaderboard function's settings, read from its environment by main()
// (through a GetEnv so tests pass a map): the data model's settings (board_config.h) plus
// Lambda's AWS_LAMBDA_LOG_LEVEL (TRACE..FATAL, default INFO) and AWS_LAMBDA_FUNCTION_NAME (the
// EMF dimension; default "leaderboard-function"). An empty variable counts as unset.
// Value type; thread-compatible.
#pragma once

#include <string>

#include "base/log.h"
#include "base/result.h"
#include "dynamo/config.h"
#include "function/board_config.h"

namespace sb::function {

struct FunctionConfig {
  BoardConfig board;
  log::Level log_level = log::Level::kInfo;
  std::string function_name = "leaderboard-function";
};

// LoadBoardConfig's checks, then AWS_LAMBDA_LOG_LEVEL. Errors (code "InvalidConfiguration")
// name the variable and quote the value.
Result<FunctionConfig> LoadFunctionConfig(const dynamo::GetEnv& getenv);

}  // namespace sb::function
