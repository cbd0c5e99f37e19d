#include "cli/cli_dynamo.h"

#include <cstdlib>
#include <optional>

#include "base/clock.h"
#include "base/random.h"
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

// DynamoDB's rule for table and index names: 3..255 of [A-Za-z0-9_.-].
void CheckName(std::string_view what, const std::string& name) {
  bool ok = name.size() >= 3 && name.size() <= 255;
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    ok = ok && allowed;
  }
  if (!ok) {
    throw CliError(std::string(what) + " must be 3 to 255 of A-Z a-z 0-9 _ . -, got '" + name + "'",
                   2);
  }
}

}  // namespace

function::FunctionConfig DynamoOptions::ToFunctionConfig() const {
  function::FunctionConfig config;
  config.scores_table = scores_table;
  config.leaderboard_table = leaderboard_table;
  config.scores_index = scores_index;
  config.leaderboard_size = board_size;
  return config;
}

void AddEndpointOption(CLI::App* cmd, DynamoOptions* options) {
  cmd->add_option("--endpoint-url", options->endpoint_url,
                  "DynamoDB endpoint, e.g. http://127.0.0.1:8000 (default: "
                  "AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, else AWS in AWS_REGION)");
}

void AddTableOptions(CLI::App* cmd, DynamoOptions* options, TableOptionSet which) {
  if (which.scores) {
    cmd->add_option("--scores-table", options->scores_table, "Scores table (default GameScores)")
        ->envname("SCORES_TABLE");
  }
  if (which.leaderboard) {
    cmd->add_option("--leaderboard-table", options->leaderboard_table,
                    "Leaderboard table (default Leaderboard)")
        ->envname("LEADERBOARD_TABLE");
  }
  if (which.index) {
    cmd->add_option("--index", options->scores_index,
                    "Scores index: GameId HASH, Score RANGE (default ByGameScore)")
        ->envname("SCORES_INDEX");
  }
  if (which.size) {
    cmd->add_option("--size", options->board_size, "Players per board, N (default 5)")
        ->envname("LEADERBOARD_SIZE")
        ->check(CLI::Range(size_t{1}, function::kMaxLeaderboardSize));
  }
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
  CheckName("--scores-table", options.scores_table);
  CheckName("--leaderboard-table", options.leaderboard_table);
  CheckName("--index", options.scores_index);
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

bool IsTransient(const protocol::ApiError& error) { return dynamo::IsRetryable(error); }

}  // namespace sb::cli
