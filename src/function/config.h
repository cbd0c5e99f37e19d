// FunctionConfig: the leaderboard function's settings, read from its environment by main()
// (through a GetEnv so tests pass a map): the data model's settings (board_config.h) plus
// Lambda's AWS_LAMBDA_LOG_LEVEL (TRACE..FATAL, default INFO) and AWS_LAMBDA_FUNCTION_NAME (the
// EMF dimension; default "leaderboard-function"), and the mode:
//   FUNCTION_MODE  stream (default): the DynamoDB stream handler
//                  read: the read API (docs/read-api.md) for API Gateway / Function URL events
//   CORS_ORIGINS   read mode: comma-separated origins answered with
//                  Access-Control-Allow-Origin ("*" for any); default none
// An empty variable counts as unset.
// Value type; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "base/log.h"
#include "base/result.h"
#include "dynamo/config.h"
#include "function/board_config.h"

namespace sb::function {

enum class FunctionMode { kStream, kRead };

struct FunctionConfig {
  BoardConfig board;
  FunctionMode mode = FunctionMode::kStream;
  std::vector<std::string> cors_origins;
  log::Level log_level = log::Level::kInfo;
  std::string function_name = "leaderboard-function";
};

// LoadBoardConfig's checks, then AWS_LAMBDA_LOG_LEVEL, FUNCTION_MODE (stream | read) and
// CORS_ORIGINS (each "*" or an origin: scheme://host[:port], no path). Errors (code "InvalidConfiguration")
// name the variable and quote the value.
Result<FunctionConfig> LoadFunctionConfig(const dynamo::GetEnv& getenv);

}  // namespace sb::function
