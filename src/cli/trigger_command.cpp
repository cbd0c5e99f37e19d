// `streamboard trigger`: runs the local event source mapping (src/trigger) in the foreground:
// reads a DynamoDB stream (the local engine's or a real one on AWS) and invokes a Lambda
// function binary as child processes behind a local Runtime API, with Lambda's batching,
// retry, bisect, partial-failure, filter and checkpoint rules, until SIGINT or SIGTERM.
// Unlike Lambda's own default, ReportBatchItemFailures is on unless
// --no-report-batch-item-failures: the leaderboard function answers a partly failed batch with
// batchItemFailures, and a mapping that ignores them counts the batch as done, dropping the
// failed records (docs/correctness.md).
//
// Environment: the standard AWS variables (dynamo/config.h) for the Streams client; the
// environment is also passed to the function (credentials, AWS_ENDPOINT_URL_DYNAMODB), under
// Lambda's reserved variables, except the board settings: those come from this command's flags
// (board_options.h; --scores-table, --size, ...), whatever the shell has, so the function reads
// the tables the command line names. --env NAME=value adds or overrides other variables.
// --endpoint-url overrides the endpoint of both the stream and the function's DynamoDB client.
#include <pthread.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/log.h"
#include "base/private_files.h"
#include "base/random.h"
#include "cli/board_options.h"
#include "cli/commands.h"
#include "cli/local_trigger.h"
#include "dynamo/config.h"
#include "dynamo/streams_client.h"
#include "dynamo/transport.h"
#include "function/board_config.h"
#include "http/client.h"
#include "trigger/checkpoint_store.h"
#include "trigger/dynamo_stream_source.h"
#include "trigger/event_source_mapping.h"
#include "trigger/failure_destination.h"
#include "trigger/local_function.h"

extern char** environ;

namespace sb::cli {
namespace {

struct TriggerArgs {
  std::string stream_arn;
  std::string table;
  std::string function;
  std::string function_name = "streamboard-leaderboard";
  std::string endpoint_url;
  int batch_size = 100;
  int batching_window = 0;
  std::string starting_position = "TRIM_HORIZON";
  int maximum_retry_attempts = -1;
  int maximum_record_age = -1;
  bool bisect = false;
  bool report_batch_item_failures = true;
  int parallelization_factor = 1;
  std::vector<std::string> filters;
  std::string on_failure;
  std::string checkpoint_file = ".streamboard/trigger-checkpoints.json";
  double timeout_seconds = 3;
  int memory_mb = 128;
  int concurrency = 0;
  int poll_interval_ms = 250;
  std::vector<std::string> env;
  function::BoardConfig board;
};

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos) out[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return out;
}

// The table's newest stream (labels are ISO-8601 timestamps, so the greatest is the latest).
std::string ResolveStreamArn(dynamo::StreamsClient& streams, const std::string& table) {
  dynamo::ListStreamsRequest request;
  request.table_name = table;
  std::string best_arn, best_label;
  for (;;) {
    auto r = streams.ListStreams(request);
    if (!r.ok())
      throw CliError("ListStreams " + table + ": " + r.error().type + ": " + r.error().message);
    for (const auto& s : r->streams) {
      if (s.stream_label >= best_label) {
        best_label = s.stream_label;
        best_arn = s.stream_arn;
      }
    }
    if (!r->last_evaluated_stream_arn) break;
    request.exclusive_start_stream_arn = r->last_evaluated_stream_arn;
  }
  if (best_arn.empty()) throw CliError("table " + table + " has no stream (enable one first)");
  return best_arn;
}

// The mapping's settings from the flags, each checked (exit code 2 when invalid).
trigger::MappingOptions MappingOptionsFrom(const TriggerArgs& args) {
  trigger::MappingOptions options;
  options.batch_size = args.batch_size;
  options.maximum_batching_window_seconds = args.batching_window;
  if (args.starting_position == "TRIM_HORIZON") {
    options.starting_position = trigger::StartingPosition::kTrimHorizon;
  } else if (args.starting_position == "LATEST") {
    options.starting_position = trigger::StartingPosition::kLatest;
  } else {
    throw CliError("--starting-position must be TRIM_HORIZON or LATEST", 2);
  }
  options.maximum_retry_attempts = args.maximum_retry_attempts;
  options.maximum_record_age_seconds = args.maximum_record_age;
  options.bisect_batch_on_function_error = args.bisect;
  options.report_batch_item_failures = args.report_batch_item_failures;
  options.parallelization_factor = args.parallelization_factor;
  options.filter_patterns = args.filters;
  if (args.timeout_seconds < 0.001 || args.timeout_seconds > 900) {
    throw CliError("--timeout must be between 0.001 and 900 seconds", 2);
  }
  options.function_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(args.timeout_seconds * 1000));
  if (args.poll_interval_ms < 1) throw CliError("--poll-interval-ms must be >= 1", 2);
  options.poll_interval = std::chrono::milliseconds(args.poll_interval_ms);
  if (Status valid = trigger::ValidateOptions(options); !valid.ok()) {
    throw CliError(valid.error().message, 2);
  }
  return options;
}

// The function's environment: this process's, then the board settings from the flags, then
// --env (which may not name a board setting), then --endpoint-url.
std::map<std::string, std::string> FunctionEnvironmentFrom(const TriggerArgs& args) {
  std::map<std::string, std::string> env = ProcessEnvironment();
  const std::map<std::string, std::string> board_env = function::BoardConfigEnvironment(args.board);
  for (const auto& [name, value] : board_env) env[name] = value;
  for (const auto& kv : args.env) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw CliError("--env takes NAME=value, got " + kv, 2);
    const std::string name = kv.substr(0, eq);
    if (board_env.count(name) != 0) {
      throw CliError("--env " + name + ": a board setting, use " + std::string(FlagOf(name)), 2);
    }
    env[name] = kv.substr(eq + 1);
  }
  if (!args.endpoint_url.empty()) env["AWS_ENDPOINT_URL_DYNAMODB"] = args.endpoint_url;
  return env;
}

// The Streams client's settings: the standard AWS variables of `env`, --endpoint-url first.
dynamo::ClientConfig StreamsClientConfig(const TriggerArgs& args,
                                         const std::map<std::string, std::string>& env) {
  dynamo::ClientConfig config = dynamo::FromEnvironment([&](std::string_view name) {
    auto it = env.find(std::string(name));
    return it == env.end() || it->second.empty() ? std::nullopt
                                                 : std::optional<std::string>(it->second);
  });
  if (!args.endpoint_url.empty()) {
    config.endpoint = args.endpoint_url;
    config.streams_endpoint = args.endpoint_url;
  }
  return config;
}

// Ignores SIGPIPE and blocks SIGINT and SIGTERM in this thread (and the threads it starts), to
// be taken with sigwait; returns that set.
sigset_t BlockStopSignals() {
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

// The local trigger's configuration; creates the checkpoint file's directory (0700 when new).
LocalTriggerConfig TriggerConfigFrom(const TriggerArgs& args,
                                     const trigger::MappingOptions& options,
                                     std::map<std::string, std::string> env,
                                     const std::string& region) {
  LocalTriggerConfig tc;
  tc.options = options;
  tc.function.executable = args.function;
  tc.function.function_name = args.function_name;
  tc.function.memory_mb = args.memory_mb;
  tc.function.region = region;
  tc.function.environment = std::move(env);
  tc.concurrency = args.concurrency > 0 ? args.concurrency : 2 * args.parallelization_factor;
  if (!args.checkpoint_file.empty()) {
    std::filesystem::path parent = std::filesystem::path(args.checkpoint_file).parent_path();
    if (!parent.empty()) (void)CreatePrivateDirectories(parent.string());  // 0700 when new
  }
  tc.checkpoint_file = args.checkpoint_file;
  tc.failure_file = args.on_failure;
  return tc;
}

void RunTrigger(const TriggerArgs& args) {
  if (args.stream_arn.empty() == args.table.empty()) {
    throw CliError("give exactly one of --stream-arn and --table", 2);
  }
  const trigger::MappingOptions options = MappingOptionsFrom(args);
  if (args.memory_mb < 128 || args.memory_mb > 10240) {
    throw CliError("--memory must be between 128 and 10240 MB", 2);
  }
  ValidateBoardOptions(args.board);
  std::map<std::string, std::string> env = FunctionEnvironmentFrom(args);
  const dynamo::ClientConfig config = StreamsClientConfig(args, env);
  sigset_t stop_signals = BlockStopSignals();

  http::CurlClient http;
  RealRandom random;
  dynamo::Transport transport(config, http, RealClock::Instance(), RealSleeper::Instance(), random);
  dynamo::StreamsClient streams(transport);
  std::string arn =
      args.stream_arn.empty() ? ResolveStreamArn(streams, args.table) : args.stream_arn;
  trigger::DynamoStreamSource source(streams, arn);

  LocalTriggerConfig tc = TriggerConfigFrom(args, options, std::move(env), config.region);
  const int concurrency = tc.concurrency;
  const std::string executable = tc.function.executable;
  std::unique_ptr<LocalTrigger> local = LocalTrigger::Create(std::move(tc), source);

  std::printf("streamboard trigger: %s -> %s (runtime API per process, %d process(es))\n",
              arn.c_str(), executable.c_str(), concurrency);
  std::fflush(stdout);
  local->Start();

  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::printf("streamboard trigger: stopping\n");
  std::fflush(stdout);
  local->Stop();
  const auto& stats = local->stats();
  std::printf("streamboard trigger: %lld invocation(s), %lld record(s) delivered, %lld failed\n",
              static_cast<long long>(stats.invocations.load()),
              static_cast<long long>(stats.records_delivered.load()),
              static_cast<long long>(stats.records_failed.load()));
}

}  // namespace

void RegisterTrigger(CLI::App& app) {
  auto a = std::make_shared<TriggerArgs>();
  CLI::App* cmd = app.add_subcommand(
      "trigger", "Run a local Lambda event source mapping: a DynamoDB stream -> a function binary");
  cmd->add_option("--stream-arn", a->stream_arn, "The stream to read");
  cmd->add_option("--table", a->table, "Read the newest stream of this table instead");
  cmd->add_option("--function", a->function, "The function executable (its bootstrap)")->required();
  cmd->add_option("--function-name", a->function_name, "AWS_LAMBDA_FUNCTION_NAME");
  cmd->add_option("--endpoint-url", a->endpoint_url,
                  "DynamoDB / Streams endpoint, also given to the function");
  cmd->add_option("--batch-size", a->batch_size, "BatchSize (1..10000, default 100)");
  cmd->add_option("--batching-window", a->batching_window,
                  "MaximumBatchingWindowInSeconds (0..300, default 0)");
  cmd->add_option("--starting-position", a->starting_position,
                  "StartingPosition: TRIM_HORIZON (default) or LATEST");
  cmd->add_option("--maximum-retry-attempts", a->maximum_retry_attempts,
                  "MaximumRetryAttempts (-1 = until the record expires; default -1)");
  cmd->add_option("--maximum-record-age", a->maximum_record_age,
                  "MaximumRecordAgeInSeconds (-1 or 60..604800; default -1)");
  cmd->add_flag("--bisect-batch-on-function-error", a->bisect, "BisectBatchOnFunctionError");
  cmd->add_flag("--report-batch-item-failures,!--no-report-batch-item-failures",
                a->report_batch_item_failures,
                "FunctionResponseTypes ReportBatchItemFailures (default on). With the leaderboard "
                "function, off means dropped records: it reports the records it could not "
                "apply as batchItemFailures, which a mapping without this setting ignores");
  cmd->add_option("--parallelization-factor", a->parallelization_factor,
                  "ParallelizationFactor (1..10, default 1)");
  cmd->add_option("--filter-pattern", a->filters,
                  "A FilterCriteria pattern (JSON); repeat for several filters");
  cmd->add_option("--on-failure", a->on_failure,
                  "Append on-failure records (JSON lines) to this file");
  cmd->add_option(
      "--checkpoint-file", a->checkpoint_file,
      "Where shard checkpoints persist (default .streamboard/trigger-checkpoints.json)");
  cmd->add_option("--timeout", a->timeout_seconds, "Function timeout in seconds (default 3)");
  cmd->add_option("--memory", a->memory_mb, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE in MB (default 128)");
  cmd->add_option("--concurrency", a->concurrency,
                  "Function processes (default 2 x parallelization factor)");
  cmd->add_option("--poll-interval-ms", a->poll_interval_ms,
                  "GetRecords poll interval per shard (default 250, Lambda's 4/s)");
  cmd->add_option("--env", a->env,
                  "NAME=value for the function's environment (not a board setting: those are "
                  "flags); repeatable");
  AddBoardOptions(cmd, &a->board);
  cmd->callback([a] { RunTrigger(*a); });
}

}  // namespace sb::cli
