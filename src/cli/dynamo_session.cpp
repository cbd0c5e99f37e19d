#include "cli/dynamo_session.h"

#include <cstdlib>
#include <optional>

#include "base/clock.h"
#include "base/random.h"
#include "cli/board_options.h"
#include "cli/commands.h"
#include "dynamo/config.h"
#include "dynamo/retry.h"
#include "dynamo/transport.h"
#include "dynamo/url.h"
#include "http/client.h"

namespace sb::cli {
namespace {

std::optional<std::string> GetEnv(std::string_view name) {
  const char* v = std::getenv(std::string(name).c_str());
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

}  // namespace

function::FunctionConfig DynamoOptions::ToFunctionConfig() const {
  function::FunctionConfig config;
  config.board = board;
  return config;
}

void AddDynamoOptions(CLI::App* cmd, DynamoOptions* options) {
  cmd->add_option("--endpoint-url", options->endpoint_url,
                  "DynamoDB endpoint, e.g. http://127.0.0.1:8000 (default: "
                  "AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, else AWS in AWS_REGION)");
  AddBoardOptions(cmd, &options->board);
}

struct DynamoSession::Impl {
  explicit Impl(dynamo::ClientConfig config)
      : transport(std::move(config), http, RealClock::Instance(), RealSleeper::Instance(), random),
        db(transport) {}
  http::CurlClient http;
  RealRandom random;
  dynamo::Transport transport;
  dynamo::DynamoDbClient db;
};

DynamoSession::DynamoSession(const DynamoOptions& options) : options_(options) {
  ValidateBoardOptions(options.board);
  dynamo::ClientConfig config = dynamo::FromEnvironment(GetEnv);
  if (!options.endpoint_url.empty()) {
    config.endpoint = options.endpoint_url;
    config.streams_endpoint = options.endpoint_url;
  }
  while (config.endpoint.size() > 1 && config.endpoint.back() == '/') config.endpoint.pop_back();
  if (Result<dynamo::Url> url = dynamo::ParseUrl(config.endpoint); !url.ok()) {
    throw CliError("bad endpoint URL '" + config.endpoint + "': " + url.error().message, 2);
  }
  config.retry.max_attempts = 3;
  if (std::optional<std::string> attempts = GetEnv("AWS_MAX_ATTEMPTS")) {
    char* end = nullptr;
    const long n = std::strtol(attempts->c_str(), &end, 10);
    if (end == attempts->c_str() || *end != '\0' || n < 1 || n > 100) {
      throw CliError("AWS_MAX_ATTEMPTS must be an integer from 1 to 100, got '" + *attempts + "'",
                     2);
    }
    config.retry.max_attempts = static_cast<int>(n);
  }
  endpoint_ = config.endpoint;
  impl_ = std::make_unique<Impl>(std::move(config));
}

DynamoSession::~DynamoSession() = default;

dynamo::DynamoDbClient& DynamoSession::db() { return impl_->db; }

std::string DescribeApiError(const protocol::ApiError& error, std::string_view table,
                             std::string_view endpoint) {
  if (error.type == dynamo::kTransportError) {
    return "cannot reach " + std::string(endpoint) + " (" + error.message + ")";
  }
  if (error.type == "ResourceNotFoundException") {
    return "table '" + std::string(table) + "' does not exist at " + std::string(endpoint) + " (" +
           error.message + ")";
  }
  std::string text = error.type.empty() ? "error" : error.type;
  if (!error.message.empty()) text += ": " + error.message;
  // Keep the error on one line whatever the server said.
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

void ThrowApiError(const protocol::ApiError& error, std::string_view table,
                   const DynamoSession& session) {
  throw CliError(DescribeApiError(error, table, session.endpoint()), 1);
}

void RequireTables(DynamoSession& session, const std::vector<std::string>& tables) {
  for (const std::string& table : tables) {
    auto described = session.db().DescribeTable(table);
    if (!described.ok()) ThrowApiError(described.error(), table, session);
  }
}

bool IsTransient(const protocol::ApiError& error) { return dynamo::IsRetryable(error); }

}  // namespace sb::cli
