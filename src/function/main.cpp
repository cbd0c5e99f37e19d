// leaderboard-function: the Lambda custom runtime executable (packaged as `bootstrap`).
// The composition root of the function: the only place that reads the environment and builds
// the concrete objects (libcurl transport, DynamoDB client, runtime loop).
// FUNCTION_MODE (function/config.h) picks the handler: the stream handler (default), or the
// read API (reads/read_api.h) for API Gateway HTTP API / Function URL events.
//
// Exit codes: 0 never in practice (the loop runs until Lambda freezes or kills the process);
// 1 when AWS_LAMBDA_RUNTIME_API is missing, after an init error, or when the Runtime API
// becomes unusable; 70 on an unexpected exception.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/log.h"
#include "base/random.h"
#include "dynamo/config.h"
#include "dynamo/dynamodb_client.h"
#include "dynamo/transport.h"
#include "function/config.h"
#include "function/dynamo_ranks_store.h"
#include "function/executor.h"
#include "function/handler.h"
#include "function/telemetry.h"
#include "http/client.h"
#include "lambda/runtime.h"
#include "protocol/lambda/runtime_api.h"
#include "reads/caller_runs_executor.h"
#include "reads/dynamo_rank_index.h"
#include "reads/http_event.h"
#include "reads/read_api.h"
#include "reads/read_settings.h"

namespace {

std::optional<std::string> GetEnv(std::string_view name) {
  const char* v = std::getenv(std::string(name).c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

constexpr size_t kRanksWritesInFlight = 16;
// A rank read overlaps one BatchGetItem per 100 count nodes, a leaf count and two neighbour
// queries per rank shard.
constexpr size_t kReadsInFlight = 16;

// The read mode's loop: one API request per invocation.
sb::Status ServeReads(sb::lambda::Runtime& runtime, const sb::function::FunctionConfig& config,
                      sb::dynamo::DynamoDbClient& dynamodb, sb::Clock& clock,
                      sb::Sleeper& sleeper) {
  const sb::reads::ReadSettings settings = sb::reads::ReadSettingsFrom(config.board);
  sb::reads::DynamoRankIndex index(dynamodb, settings, sleeper);
  sb::reads::CallerRunsExecutor executor(kReadsInFlight);
  sb::reads::ReadApi api(index, executor, settings, clock);
  return runtime.Run([&](std::string_view payload, const sb::lambda::InvocationContext&) {
    sb::Result<std::string> body = sb::reads::HandleHttpEvent(api, config.cors_origins, payload);
    if (!body.ok()) {
      return sb::lambda::InvocationResult::Failure(body.error().code, body.error().message);
    }
    return sb::lambda::InvocationResult::Success(std::move(body).value());
  });
}

int Run() {
  const std::optional<std::string> api = GetEnv(sb::protocol::kEnvRuntimeApi);
  if (!api.has_value() || api->empty()) {
    std::fprintf(stderr,
                 "leaderboard-function: %s is not set (run me under Lambda or a "
                 "Runtime API emulator)\n",
                 std::string(sb::protocol::kEnvRuntimeApi).c_str());
    return 1;
  }
  sb::http::CurlClient http;
  sb::RealClock& clock = sb::RealClock::Instance();
  sb::RealSleeper& sleeper = sb::RealSleeper::Instance();
  sb::RealRandom random;

  sb::lambda::RuntimeOptions runtime_options;
  runtime_options.endpoint = *api;
  runtime_options.on_trace_id = [](std::string_view trace_id) {
    const std::string name(sb::protocol::kEnvTraceId);
    if (trace_id.empty()) {
      ::unsetenv(name.c_str());
    } else {
      ::setenv(name.c_str(), std::string(trace_id).c_str(), 1);
    }
  };
  sb::lambda::Runtime runtime(http, sleeper, clock, runtime_options);

  sb::Result<sb::function::FunctionConfig> config = sb::function::LoadFunctionConfig(GetEnv);
  if (!config.ok()) {
    std::fprintf(stderr, "leaderboard-function: %s\n", config.error().message.c_str());
    sb::Status reported =
        runtime.ReportInitError("Runtime.InvalidConfiguration", config.error().message);
    if (!reported.ok()) {
      std::fprintf(stderr, "leaderboard-function: could not report the init error: %s\n",
                   reported.error().message.c_str());
    }
    return 1;
  }
  sb::log::SetLevel(config->log_level);

  sb::dynamo::Transport transport(sb::dynamo::FromEnvironment(GetEnv), http, clock, sleeper,
                                  random);
  sb::dynamo::DynamoDbClient dynamodb(transport);
  if (config->mode == sb::function::FunctionMode::kRead) {
    sb::Status served = ServeReads(runtime, *config, dynamodb, clock, sleeper);
    if (!served.ok()) {
      std::fprintf(stderr, "leaderboard-function: %s\n", served.error().message.c_str());
      return 1;
    }
    return 0;
  }
  sb::function::DynamoRanksStore store(dynamodb, config->board, clock);
  // Ranks writes overlap their round trips; the client is safe to share (CurlClient keeps
  // connections per thread).
  sb::function::ThreadPoolExecutor executor(kRanksWritesInFlight);
  sb::function::Telemetry telemetry(config->log_level, config->function_name, clock);
  sb::function::LeaderboardHandler handler(*config, store, executor, telemetry, clock);

  sb::Status status =
      runtime.Run([&](std::string_view payload, const sb::lambda::InvocationContext& context) {
        sb::Result<std::string> body = handler.Handle(
            payload, sb::function::Invocation{context.request_id, context.deadline_ms});
        if (!body.ok()) {
          return sb::lambda::InvocationResult::Failure(body.error().code, body.error().message);
        }
        return sb::lambda::InvocationResult::Success(std::move(body).value());
      });
  if (!status.ok()) {
    std::fprintf(stderr, "leaderboard-function: %s\n", status.error().message.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int main() {
  try {
    return Run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leaderboard-function: internal error: %s\n", e.what());
    return 70;
  } catch (...) {
    std::fprintf(stderr, "leaderboard-function: internal error\n");
    return 70;
  }
}
