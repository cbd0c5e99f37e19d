// `streamboard up`: the whole local pipeline in one process, in the foreground:
//  - the engine (as `streamboard engine`; durable in --data-dir, default .streamboard/, or
//    --in-memory), serving DynamoDB and DynamoDB Streams on --host:--port;
//  - the tables, created if missing (up_tables.h): the scores table with its stream, the
//    Leaderboard table, and the Ranks table with its ByRank index and TTL, named by the board
//    settings (board_options.h: --scores-table, --size, ...; `up --help` lists them);
//  - the trigger (as `streamboard trigger`) on the scores table's newest stream, running the
//    leaderboard function binary (--function; default: leaderboard-function next to this
//    binary) with an environment built from up's own settings only (up_tables.h
//    FunctionEnvironment), with BisectBatchOnFunctionError and ReportBatchItemFailures on;
//    checkpoints in <data-dir>/trigger-checkpoints.json (in memory with --in-memory), so a restart
//    resumes after the last handled record; failure records in <data-dir>/failures.jsonl;
//  - the board watcher (up_board_watcher.h) and the web view (web/web_server.h) on
//    --host:--web-port.
// On a terminal the screen shows the endpoints, commands to try, every board and the latest
// log lines, redrawn in place; otherwise every function log line and board change is printed
// as a plain line ("function: ...", "board ..."). SIGINT / SIGTERM stop everything in reverse
// order and exit 0.
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/log.h"
#include "base/private_files.h"
#include "base/random.h"
#include "cli/board_options.h"
#include "cli/board_view.h"
#include "cli/commands.h"
#include "cli/engine_flags.h"
#include "cli/local_trigger.h"
#include "cli/terminal.h"
#include "cli/up_board_watcher.h"
#include "cli/up_console.h"
#include "cli/up_tables.h"
#include "dynamo/config.h"
#include "dynamo/dynamodb_client.h"
#include "dynamo/streams_client.h"
#include "dynamo/transport.h"
#include "engine/server/engine.h"
#include "function/board_config.h"
#include "function/ranks_item.h"
#include "http/client.h"
#include "trigger/checkpoint_store.h"
#include "trigger/dynamo_stream_source.h"
#include "trigger/event_source_mapping.h"
#include "trigger/failure_destination.h"
#include "trigger/local_function.h"
#include "web/activity_feed.h"
#include "web/board_feed.h"
#include "web/function_log.h"
#include "web/pipeline_health.h"
#include "web/web_server.h"
#include "reads/caller_runs_executor.h"
#include "reads/dynamo_rank_index.h"
#include "reads/read_api.h"
#include "reads/read_settings.h"
#include "function/executor.h"

namespace sb::cli {
namespace {

namespace fs = std::filesystem;

struct UpArgs {
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string data_dir = ".streamboard";
  bool in_memory = false;
  int stream_shards = 1;
  EngineHttpFlags engine_http;  // the engine's front door (cli/engine_flags.h)
  int web_port = 8080;
  std::string function;
  int poll_interval_ms = 50;
  int board_poll_ms = 100;
  int batch_size = 100;
  int parallelization_factor = 1;
  int maximum_retry_attempts = -1;
  double timeout_seconds = 3;
  std::string region = "us-east-1";
  std::string log_level = "INFO";
  function::BoardConfig board;
};

std::string SelfDirectory() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : self.parent_path().string();
}

std::string SelfPath() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("streamboard") : self.string();
}

// Creates the missing tables and the Ranks and RankCounts tables' TTL, saying what it created.
void EnsureTables(dynamo::DynamoDbClient& db, const function::BoardConfig& board,
                  Console& console) {
  for (const dynamo::CreateTableRequest& request :
       {ScoresTableRequest(board), LeaderboardTableRequest(board), RanksTableRequest(board),
        RankCountsTableRequest(board)}) {
    if (EnsureTable(db, request)) console.Line("created table " + request.table_name);
  }
  for (const std::string& table : {board.ranks_table, board.rank_counts_table}) {
    // Both tables' TTL attribute is ExpiresAt (ranks_item.h, rank_counts_item.h).
    if (EnsureTimeToLive(db, table, function::kRanksExpiresAtAttribute)) {
      console.Line("enabled TTL on " + table + "." +
                   std::string(function::kRanksExpiresAtAttribute));
    }
  }
}

std::string Quoted(const std::string& s) { return boost::json::serialize(boost::json::string(s)); }

std::string Header(const UpArgs& args, const std::string& endpoint, const std::string& web_url,
                   const std::string& data, const std::string& function) {
  const function::BoardConfig& b = args.board;
  const std::string self = SelfPath();
  const std::string flags = NonDefaultBoardFlags(b) + " --endpoint-url " + endpoint;
  const std::string key = "{" + Quoted(b.player_attribute) + ":{\"S\":\"ann\"}," +
                          Quoted(b.game_attribute) + ":{\"S\":\"chess\"}";
  std::string h;
  h += "streamboard up · engine " + endpoint + " · data " + data + " · " +
       std::to_string(args.stream_shards) + " stream shard(s) · boards of " +
       std::to_string(b.board_size) + "\n";
  h += "web view: " + web_url + "\n";
  h += "function: " + function + "\n";
  h += "\nTry it from another terminal:\n";
  // The SDKs read AWS_REGION, the AWS CLI only AWS_DEFAULT_REGION: give both.
  h += "  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=" + args.region +
       " AWS_DEFAULT_REGION=" + args.region + "\n";
  h += "  aws dynamodb put-item --endpoint-url " + endpoint + " --table-name " + b.scores_table +
       " --item '" + key + "," + Quoted(b.score_attribute) + ":{\"N\":\"1500\"}," +
       Quoted(b.name_attribute) + ":{\"S\":\"Ann\"}}'\n";
  h += "  aws dynamodb delete-item --endpoint-url " + endpoint + " --table-name " + b.scores_table +
       " --key '" + key + "}'\n";
  h += "  aws dynamodb get-item --endpoint-url " + endpoint + " --table-name " +
       b.leaderboard_table + " --key '{\"GameId\":{\"S\":\"chess\"}}'\n";
  h += "  " + self + " score put bob 1700 --game chess --name Bob" + flags + "\n";
  h += "  " + self + " top --game chess --watch" + flags + "\n";
  h += "Ctrl-C stops everything.\n";
  return h;
}

// Checks the flags that are not the mapping's (exit code 2 when invalid).
void ValidateUpArgs(const UpArgs& args) {
  if (args.port < 0 || args.port > 65535) throw CliError("--port must be 0..65535", 2);
  if (args.web_port < 0 || args.web_port > 65535) throw CliError("--web-port must be 0..65535", 2);
  if (args.stream_shards < 1 || args.stream_shards > 1000) {
    throw CliError("--stream-shards must be 1..1000", 2);
  }
  if (args.poll_interval_ms < 1) throw CliError("--poll-interval-ms must be >= 1", 2);
  if (args.board_poll_ms < 1) throw CliError("--board-poll-ms must be >= 1", 2);
  if (args.timeout_seconds < 0.001 || args.timeout_seconds > 900) {
    throw CliError("--timeout must be between 0.001 and 900 seconds", 2);
  }
  ValidateBoardOptions(args.board);
}

// The mapping's settings: up's flags, with bisect and ReportBatchItemFailures on.
trigger::MappingOptions UpMappingOptions(const UpArgs& args) {
  trigger::MappingOptions options;
  options.batch_size = args.batch_size;
  options.starting_position = trigger::StartingPosition::kTrimHorizon;
  options.maximum_retry_attempts = args.maximum_retry_attempts;
  options.bisect_batch_on_function_error = true;
  options.report_batch_item_failures = true;
  options.parallelization_factor = args.parallelization_factor;
  options.function_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(args.timeout_seconds * 1000));
  options.poll_interval = std::chrono::milliseconds(args.poll_interval_ms);
  options.describe_interval = std::chrono::milliseconds(1000);
  if (Status valid = trigger::ValidateOptions(options); !valid.ok()) {
    throw CliError(valid.error().message, 2);
  }
  return options;
}

// The function executable (--function, or leaderboard-function next to this binary), checked.
std::string FunctionExecutable(const UpArgs& args) {
  std::string function =
      args.function.empty() ? SelfDirectory() + "/leaderboard-function" : args.function;
  if (::access(function.c_str(), X_OK) != 0) {
    throw CliError("the function " + function + " is not an executable file (see --function)", 2);
  }
  return function;
}

// Block the stop signals in every thread (all threads started later inherit the mask); the
// main loop takes them with sigtimedwait. Also ignores SIGPIPE. Returns the stop signals.
sigset_t BlockStopSignals() {
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

std::unique_ptr<engine::server::Engine> StartEngine(const UpArgs& args) {
  engine::server::EngineOptions eo;
  eo.host = args.host;
  eo.port = static_cast<uint16_t>(args.port);
  eo.data_dir = args.data_dir;
  eo.in_memory = args.in_memory;
  eo.region = args.region;
  eo.streams.shards = args.stream_shards;
  // up's own clients and the function sign with local/local (below); with
  // --verify-signatures those keys are accepted along with the environment's.
  ApplyEngineHttpFlags(args.engine_http, {{"local", "local"}}, &eo);
  auto started = engine::server::Engine::Start(eo, RealClock::Instance());
  if (!started.ok()) throw CliError(started.error().message);
  return std::move(started).value();
}

// up's own client: the engine's endpoint, credentials it accepts, up's region.
dynamo::ClientConfig LocalClientConfig(const std::string& endpoint, const std::string& region) {
  dynamo::ClientConfig config;
  config.endpoint = endpoint;
  config.streams_endpoint = endpoint;
  config.region = region;
  config.credentials.access_key_id = "local";
  config.credentials.secret_access_key = "local";
  return config;
}

// The trigger's configuration: the function with up's environment, its log lines on the
// console and read for the page (its log lines into `activity`, its metrics into `health`),
// checkpoints and failures in the data directory unless --in-memory.
LocalTriggerConfig UpTriggerConfig(const UpArgs& args, const trigger::MappingOptions& options,
                                   const std::string& function, const std::string& endpoint,
                                   Console& console, web::ActivityFeed& activity,
                                   web::PipelineHealth& health) {
  LocalTriggerConfig tc;
  tc.options = options;
  tc.function.executable = function;
  tc.function.function_name = "streamboard-leaderboard";
  tc.function.region = args.region;
  tc.function.environment = FunctionEnvironment(args.board, endpoint, args.log_level);
  tc.function.log_sink = [&console, &activity, &health](std::string_view line) {
    console.Line("function: " + std::string(line));
    web::FunctionLine read = web::ReadFunctionLine(line);
    health.Observe(read);
    if (read.kind == web::FunctionLine::Kind::kActivity) {
      activity.Publish(std::move(read.activity_json));
    }
  };
  tc.concurrency = 2 * args.parallelization_factor * std::min(args.stream_shards, 4);
  if (!args.in_memory) {
    tc.checkpoint_file = (fs::path(args.data_dir) / "trigger-checkpoints.json").string();
    tc.failure_file = (fs::path(args.data_dir) / "failures.jsonl").string();
  }
  return tc;
}

// Starts the web view; on failure stops the trigger and the engine first.
std::unique_ptr<web::WebServer> StartWebView(const UpArgs& args, web::WebSources sources,
                                             LocalTrigger& local, engine::server::Engine& engine) {
  web::WebOptions wo;
  wo.host = args.host;
  wo.port = static_cast<uint16_t>(args.web_port);
  wo.allowed_hosts = args.engine_http.allow_hosts;  // --allow-host: the engine's and the page's
  auto web_started = web::WebServer::Start(wo, sources);
  if (!web_started.ok()) {
    local.Stop();
    engine.Stop();
    throw CliError("web view: " + web_started.error().message + " (choose another --web-port)");
  }
  return std::move(web_started).value();
}

// On a terminal: clears the screen and pins the header; otherwise prints it and a ready line.
void ShowHeader(Console& console, const std::string& header, const std::string& arn) {
  if (console.tty()) {
    std::fputs("\x1b[2J", stdout);
    console.SetHeader(header);
  } else {
    std::fwrite(header.data(), 1, header.size(), stdout);
    std::printf("streamboard up: ready (stream %s)\n", arn.c_str());
    std::fflush(stdout);
  }
}

// Redraws the console until SIGINT or SIGTERM arrives.
void DrawUntilStopped(Console& console, const BoardWatcher& watcher, const sigset_t& stop_signals) {
  timespec tick{0, 200 * 1000 * 1000};
  for (;;) {
    console.Draw(watcher.Boards());
    int sig = sigtimedwait(&stop_signals, nullptr, &tick);
    if (sig == SIGINT || sig == SIGTERM) break;
  }
}

void PrintStopped(const LocalTrigger& local) {
  const auto& stats = local.stats();
  std::printf(
      "streamboard up: stopped (%lld invocation(s), %lld record(s) delivered, %lld failed)\n",
      static_cast<long long>(stats.invocations.load()),
      static_cast<long long>(stats.records_delivered.load()),
      static_cast<long long>(stats.records_failed.load()));
  std::fflush(stdout);
}

void RunUp(const UpArgs& args) {
  ValidateUpArgs(args);
  const trigger::MappingOptions options = UpMappingOptions(args);
  const std::string function = FunctionExecutable(args);
  if (!args.in_memory) {
    std::error_code ec = CreatePrivateDirectories(args.data_dir);  // 0700 when new
    if (ec) throw CliError("cannot create " + args.data_dir + ": " + ec.message());
  }
  const sigset_t stop_signals = BlockStopSignals();

  Console console(StdoutIsTerminal(),
                  "no boards yet: write a score to " + args.board.scores_table + " (see above)");
  // The engine's and the trigger's own log lines join the console (on a terminal they would
  // otherwise scribble over the screen).
  log::SetSink([&console](std::string_view line) { console.Line(std::string(line)); });
  struct ResetLogSink {
    ~ResetLogSink() { log::ResetSink(); }
  } reset_log_sink;

  std::unique_ptr<engine::server::Engine> engine = StartEngine(args);
  const std::string endpoint = engine->endpoint();
  dynamo::ClientConfig config = LocalClientConfig(endpoint, args.region);
  http::CurlClient http;
  RealRandom random;
  dynamo::Transport transport(config, http, RealClock::Instance(), RealSleeper::Instance(), random);
  dynamo::DynamoDbClient db(transport);
  dynamo::StreamsClient streams(transport);

  try {
    EnsureTables(db, args.board, console);
  } catch (...) {
    engine->Stop();
    throw;
  }
  const std::string arn = ScoresStreamArn(db, args.board.scores_table);
  trigger::DynamoStreamSource source(streams, arn);
  // The page's live log and status bar (web_server.h /api/activity), fed by the function's
  // output lines and the trigger's gauges.
  // Declared before the trigger, so they outlive its function processes' last lines.
  web::ActivityFeed activity(200);
  std::atomic<const LocalTrigger*> gauges{nullptr};
  web::PipelineHealth health([&gauges] {
    web::TriggerGauges g;
    const LocalTrigger* local = gauges.load();
    if (local == nullptr) return g;
    const auto& s = local->stats();
    g.invocations = s.invocations.load();
    g.function_errors = s.function_errors.load();
    g.partial_failures = s.partial_failures.load();
    g.records_delivered = s.records_delivered.load();
    g.records_failed = s.records_failed.load();
    g.batches_failed = s.batches_failed.load();
    g.iterator_age_ms = local->iterator_age_ms();
    g.shards = static_cast<int64_t>(local->started_shards());
    return g;
  });
  LocalTriggerConfig tc =
      UpTriggerConfig(args, options, function, endpoint, console, activity, health);
  std::unique_ptr<LocalTrigger> local;
  try {
    local = LocalTrigger::Create(std::move(tc), source);
  } catch (...) {
    engine->Stop();
    throw;
  }

  gauges = local.get();
  web::BoardFeed feed;
  // The read API on the web view (/api/games, /api/windows, /api/top, /api/rank).
  const reads::ReadSettings read_settings = reads::ReadSettingsFrom(args.board);
  reads::DynamoRankIndex rank_index(db, read_settings, RealSleeper::Instance());
  reads::CallerRunsExecutor read_executor(8);
  reads::ReadApi read_api(rank_index, read_executor, read_settings, RealClock::Instance());
  web::WebSources sources{feed, &activity, &health};
  sources.reads = [&read_api](const http::Request& request) {
    std::string_view target = request.target;
    const size_t q = target.find('?');
    reads::ApiAnswer a = read_api.Handle(
        request.method, target.substr(0, q),
        q == std::string_view::npos ? std::string_view() : target.substr(q + 1));
    http::Response r;
    r.status = a.status;
    r.headers.Set("Content-Type", "application/json");
    r.headers.Set("Cache-Control", "no-store");
    r.body = std::move(a.body);
    return r;
  };
  std::unique_ptr<web::WebServer> web = StartWebView(args, sources, *local, *engine);
  BoardWatcher watcher(
      db, args.board.leaderboard_table, feed, std::chrono::milliseconds(args.board_poll_ms),
      BoardWatcher::Callbacks{[&console](const BoardView&, const std::string& line) {
                                console.Line(line);
                                console.MarkDirty();
                              },
                              [&console](const std::string& line) { console.Line(line); }});

  const std::string data = args.in_memory ? std::string("in memory") : engine->data_location();
  ShowHeader(console, Header(args, endpoint, web->url(), data, function), arn);
  watcher.Start();
  local->Start();
  DrawUntilStopped(console, watcher, stop_signals);

  console.Line("streamboard up: stopping");
  local->Stop();
  watcher.Stop();
  web->Stop();
  engine->Stop();
  console.Clear();
  PrintStopped(*local);
}

}  // namespace

void RegisterUp(CLI::App& app) {
  auto a = std::make_shared<UpArgs>();
  CLI::App* cmd = app.add_subcommand(
      "up", "Run the whole pipeline locally: engine, tables, trigger + function, live board");
  cmd->add_option("--host", a->host, "Address to bind the engine and web view (default 127.0.0.1)");
  cmd->add_option("--port", a->port, "Engine port (default 8000; 0 = any free port)");
  auto* data_dir = cmd->add_option("--data-dir", a->data_dir,
                                   "Directory for the durable store and trigger checkpoints "
                                   "(default .streamboard/)");
  auto* in_memory = cmd->add_flag("--in-memory", a->in_memory, "Keep everything in memory");
  data_dir->excludes(in_memory);
  in_memory->excludes(data_dir);
  cmd->add_option("--stream-shards", a->stream_shards, "Shards per stream (default 1)");
  AddEngineHttpFlags(cmd, &a->engine_http);
  cmd->add_option("--web-port", a->web_port, "Web view port (default 8080; 0 = any free port)");
  cmd->add_option("--function", a->function,
                  "The function executable (default: leaderboard-function next to streamboard)");
  cmd->add_option("--poll-interval-ms", a->poll_interval_ms,
                  "GetRecords poll interval per shard (default 50)");
  cmd->add_option("--board-poll-ms", a->board_poll_ms,
                  "How often the live view re-reads the Leaderboard table (default 100)");
  cmd->add_option("--batch-size", a->batch_size, "BatchSize (1..10000, default 100)");
  cmd->add_option("--parallelization-factor", a->parallelization_factor,
                  "ParallelizationFactor (1..10, default 1)");
  cmd->add_option("--maximum-retry-attempts", a->maximum_retry_attempts,
                  "MaximumRetryAttempts (-1 = until the record expires; default -1)");
  cmd->add_option("--timeout", a->timeout_seconds, "Function timeout in seconds (default 3)");
  cmd->add_option("--region", a->region,
                  "The region in the engine's ARNs and the function's AWS_REGION (default "
                  "us-east-1)");
  cmd->add_option("--log-level", a->log_level, "The function's AWS_LAMBDA_LOG_LEVEL (default INFO)")
      ->check(CLI::IsMember({"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"}));
  AddBoardOptions(cmd, &a->board);
  cmd->callback([a] { RunUp(*a); });
}

}  // namespace sb::cli
