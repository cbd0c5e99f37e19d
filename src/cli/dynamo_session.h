// The DynamoDB side shared by the data commands (score, top, reconcile, simulate): their
// common options (--endpoint-url and the board settings, board_options.h), a ready client
// built from the standard AWS environment, and the one-line wording of DynamoDB errors.
//
// Environment (dynamo/config.h, as the AWS SDKs read it): AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION,
// AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL; --endpoint-url overrides the endpoint, as for
// the AWS CLI. AWS_MAX_ATTEMPTS (the SDKs' variable) bounds the tries per call; the CLI's
// default is 3 so that an unreachable endpoint fails within seconds instead of retrying for
// a minute. The board settings (table and attribute names, board size) come from flags only.
//
// Thread-safety: DynamoSession's client may be used from several threads at once (libcurl
// transport, RealRandom, RealSleeper). Options are plain values.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dynamo/dynamodb_client.h"
#include "function/board_config.h"
#include "function/config.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::cli {

struct DynamoOptions {
  std::string endpoint_url;  // empty: from the environment or the region's AWS endpoint
  function::BoardConfig board;

  // The function's configuration with these board settings.
  function::FunctionConfig ToFunctionConfig() const;
};

// Adds --endpoint-url and the board settings (board_options.h) to `cmd`.
void AddDynamoOptions(CLI::App* cmd, DynamoOptions* options);

// A DynamoDB client for one command run. Construction validates the options (board settings
// as the function would, a malformed --endpoint-url) and throws CliError(…, 2) for them.
class DynamoSession {
 public:
  explicit DynamoSession(const DynamoOptions& options);
  ~DynamoSession();

  dynamo::DynamoDbClient& db();
  const std::string& endpoint() const { return endpoint_; }
  const DynamoOptions& options() const { return options_; }

 private:
  struct Impl;
  DynamoOptions options_;
  std::string endpoint_;
  std::unique_ptr<Impl> impl_;
};

// The one-line text for `error` from a call about `table` at `endpoint`, e.g.
//   "cannot reach http://127.0.0.1:1: Couldn't connect to server"
//   "table 'GameScores' does not exist at http://127.0.0.1:8000"
//   "ValidationException: One or more parameter values were invalid: ..."
std::string DescribeApiError(const protocol::ApiError& error, std::string_view table,
                             std::string_view endpoint);

// Throws CliError(DescribeApiError(...), 1).
[[noreturn]] void ThrowApiError(const protocol::ApiError& error, std::string_view table,
                                const DynamoSession& session);

// DescribeTable of each table; the first failure throws as ThrowApiError naming that table
// ("table 'X' does not exist at ..."). For commands that read several tables, so that a missing
// one is named before any work starts.
void RequireTables(DynamoSession& session, const std::vector<std::string>& tables);

// True for errors worth waiting out in a long-running loop (no response, 5xx, throttling).
bool IsTransient(const protocol::ApiError& error);

}  // namespace sb::cli
