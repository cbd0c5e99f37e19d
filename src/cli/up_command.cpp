// `streamboard up`: the whole local pipeline in one process, in the foreground:
//  - the engine (as `streamboard engine`; durable in --data-dir, default .streamboard/, or
//    --in-memory), serving DynamoDB and DynamoDB Streams on --host:--port;
//  - the tables, created if missing: GameScores (PlayerId S HASH, GameId S RANGE, stream
//    NEW_IMAGE, GSI ByGameScore GameId S / Score N, projection ALL) and Leaderboard (GameId S);
//  - the trigger (as `streamboard trigger`) on GameScores' newest stream, running the
//    leaderboard function binary (--function; default: leaderboard-function next to this
//    binary) with BisectBatchOnFunctionError and ReportBatchItemFailures on; checkpoints in
//    <data-dir>/trigger-checkpoints.json (in memory with --in-memory), so a restart resumes
//    after the last handled record; failure records in <data-dir>/failures.jsonl;
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
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/log.h"
#include "base/random.h"
#include "cli/cli_board_view.h"
#include "cli/cli_terminal.h"
#include "cli/cli_local_trigger.h"
#include "cli/commands.h"
#include "cli/engine_flags.h"
#include "cli/up_board_watcher.h"
#include "dynamo/config.h"
#include "dynamo/dynamodb_client.h"
#include "dynamo/streams_client.h"
#include "dynamo/transport.h"
#include "engine/server/engine.h"
#include "http/client.h"
#include "trigger/checkpoint_store.h"
#include "trigger/dynamo_stream_source.h"
#include "trigger/event_source_mapping.h"
#include "trigger/failure_destination.h"
#include "trigger/local_function.h"
#include "web/board_feed.h"
#include "web/web_server.h"

extern char** environ;

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
};

// The console: a live screen on a terminal, plain lines otherwise. Thread-safe.
class Console {
 public:
  explicit Console(bool tty) : tty_(tty) {}

  void Line(const std::string& line) {
    std::lock_guard lock(mu_);
    if (!tty_) {
      std::string out = line + "\n";
      std::fwrite(out.data(), 1, out.size(), stdout);
      std::fflush(stdout);
      return;
    }
    recent_.push_back(FormatIso8601Millis(RealClock::Instance().NowUnixMillis()).substr(11, 12) +
                      "  " + line);
    while (recent_.size() > 10) recent_.pop_front();
    dirty_ = true;
  }

  void SetHeader(std::string header) {
    std::lock_guard lock(mu_);
    header_ = std::move(header);
    dirty_ = true;
  }

  void MarkDirty() {
    std::lock_guard lock(mu_);
    dirty_ = true;
  }

  // Terminal mode: redraws the screen if anything changed.
  void Draw(const std::vector<BoardView>& boards) {
    std::lock_guard lock(mu_);
    if (!tty_ || !dirty_) return;
    dirty_ = false;
    std::string screen = "\x1b[H" + header_ + "\n";
    if (boards.empty()) screen += "no boards yet: write a score to GameScores (see above)\n";
    for (const auto& view : boards) screen += FormatBoardTable(view) + "\n";
    screen += "recent:\n";
    for (const auto& l : recent_)
      screen += "  " + (l.size() > 150 ? l.substr(0, 150) + "…" : l) + "\n";
    std::string framed;
    for (size_t start = 0; start < screen.size();) {
      size_t nl = screen.find('\n', start);
      if (nl == std::string::npos) nl = screen.size();
      framed += screen.substr(start, nl - start) + "\x1b[K\n";
      start = nl + 1;
    }
    framed += "\x1b[J";
    std::fwrite(framed.data(), 1, framed.size(), stdout);
    std::fflush(stdout);
  }

  void Clear() {
    if (!tty_) return;
    std::lock_guard lock(mu_);
    std::fputs("\x1b[H\x1b[J", stdout);
    std::fflush(stdout);
  }

  bool tty() const { return tty_; }

 private:
  const bool tty_;
  std::mutex mu_;
  std::string header_;
  std::deque<std::string> recent_;
  bool dirty_ = true;
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

// Creates `request`'s table unless it exists. Errors as CliError.
void EnsureTable(dynamo::DynamoDbClient& db, const dynamo::CreateTableRequest& request,
                 Console& console) {
  auto described = db.DescribeTable(request.table_name);
  if (described.ok()) return;
  if (described.error().type != "ResourceNotFoundException") {
    throw CliError("DescribeTable " + request.table_name + ": " + described.error().message);
  }
  auto created = db.CreateTable(request);
  if (!created.ok() && created.error().type != "ResourceInUseException") {
    throw CliError("CreateTable " + request.table_name + ": " + created.error().type + ": " +
                   created.error().message);
  }
  console.Line("created table " + request.table_name);
}

dynamo::CreateTableRequest ScoresTable() {
  dynamo::CreateTableRequest r;
  r.table_name = "GameScores";
  r.attribute_definitions = {{"PlayerId", "S"}, {"GameId", "S"}, {"Score", "N"}};
  r.key_schema = {{"PlayerId", "HASH"}, {"GameId", "RANGE"}};
  dynamo::GlobalSecondaryIndex gsi;
  gsi.index_name = "ByGameScore";
  gsi.key_schema = {{"GameId", "HASH"}, {"Score", "RANGE"}};
  gsi.projection_type = "ALL";
  r.global_secondary_indexes = {gsi};
  r.stream_specification = dynamo::StreamSpecification{true, "NEW_IMAGE"};
  return r;
}

dynamo::CreateTableRequest LeaderboardTable() {
  dynamo::CreateTableRequest r;
  r.table_name = "Leaderboard";
  r.attribute_definitions = {{"GameId", "S"}};
  r.key_schema = {{"GameId", "HASH"}};
  return r;
}

// GameScores' newest stream ARN, waiting for the table to be ACTIVE.
std::string ScoresStreamArn(dynamo::DynamoDbClient& db) {
  for (int i = 0; i < 100; ++i) {
    auto d = db.DescribeTable("GameScores");
    if (!d.ok()) throw CliError("DescribeTable GameScores: " + d.error().message);
    if (d->table_status == "ACTIVE") {
      if (!d->latest_stream_arn || !d->stream_specification ||
          !d->stream_specification->stream_enabled) {
        throw CliError(
            "table GameScores exists without a stream: enable NEW_IMAGE (or use another "
            "--data-dir)");
      }
      return *d->latest_stream_arn;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw CliError("table GameScores did not become ACTIVE");
}

std::string Header(const std::string& endpoint, const std::string& web_url, const std::string& data,
                   const std::string& function, int shards) {
  const std::string self = SelfPath();
  std::string h;
  h += "streamboard up · engine " + endpoint + " · data " + data + " · " + std::to_string(shards) +
       " stream shard(s)\n";
  h += "web view: " + web_url + "\n";
  h += "function: " + function + "\n";
  h += "\nTry it from another terminal:\n";
  h += "  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1\n";
  h += "  aws dynamodb put-item --endpoint-url " + endpoint +
       " --table-name GameScores --item "
       "'{\"PlayerId\":{\"S\":\"ann\"},\"GameId\":{\"S\":\"chess\"},\"Score\":{\"N\":\"1500\"},"
       "\"PlayerName\":{\"S\":\"Ann\"}}'\n";
  h += "  aws dynamodb delete-item --endpoint-url " + endpoint +
       " --table-name GameScores --key "
       "'{\"PlayerId\":{\"S\":\"ann\"},\"GameId\":{\"S\":\"chess\"}}'\n";
  h += "  aws dynamodb get-item --endpoint-url " + endpoint +
       " --table-name Leaderboard --key '{\"GameId\":{\"S\":\"chess\"}}'\n";
  h +=
      "  " + self + " score put bob 1700 --game chess --name Bob --endpoint-url " + endpoint + "\n";
  h += "  " + self + " top --game chess --watch --endpoint-url " + endpoint + "\n";
  h += "Ctrl-C stops everything.\n";
  return h;
}

void RunUp(const UpArgs& args) {
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

  std::string function =
      args.function.empty() ? SelfDirectory() + "/leaderboard-function" : args.function;
  if (::access(function.c_str(), X_OK) != 0) {
    throw CliError("the function " + function + " is not an executable file (see --function)", 2);
  }
  if (!args.in_memory) {
    std::error_code ec;
    fs::create_directories(args.data_dir, ec);
    if (ec) throw CliError("cannot create " + args.data_dir + ": " + ec.message());
  }

  // Block the stop signals in every thread (all threads started below inherit the mask); the
  // main loop takes them with sigtimedwait.
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Console console(StdoutIsTerminal());
  // The engine's and the trigger's own log lines join the console (on a terminal they would
  // otherwise scribble over the screen).
  log::SetSink([&console](std::string_view line) { console.Line(std::string(line)); });
  struct ResetLogSink {
    ~ResetLogSink() { log::ResetSink(); }
  } reset_log_sink;

  engine::server::EngineOptions eo;
  eo.host = args.host;
  eo.port = static_cast<uint16_t>(args.port);
  eo.data_dir = args.data_dir;
  eo.in_memory = args.in_memory;
  eo.streams.shards = args.stream_shards;
  // up's own clients and the function sign with local/local (below); with
  // --verify-signatures those keys are accepted along with the environment's.
  ApplyEngineHttpFlags(args.engine_http, {{"local", "local"}}, &eo);
  auto started = engine::server::Engine::Start(eo, RealClock::Instance());
  if (!started.ok()) throw CliError(started.error().message);
  std::unique_ptr<engine::server::Engine> engine = std::move(started).value();
  const std::string endpoint = engine->endpoint();

  std::map<std::string, std::string> env = ProcessEnvironment();
  env["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint;
  // The local engine accepts any signature; the SDK-style clients still want credentials.
  if (env["AWS_ACCESS_KEY_ID"].empty()) env["AWS_ACCESS_KEY_ID"] = "local";
  if (env["AWS_SECRET_ACCESS_KEY"].empty()) env["AWS_SECRET_ACCESS_KEY"] = "local";
  dynamo::ClientConfig config = dynamo::FromEnvironment([&](std::string_view name) {
    auto it = env.find(std::string(name));
    return it == env.end() || it->second.empty() ? std::nullopt
                                                 : std::optional<std::string>(it->second);
  });
  config.endpoint = endpoint;
  config.streams_endpoint = endpoint;

  http::CurlClient http;
  RealRandom random;
  dynamo::Transport transport(config, http, RealClock::Instance(), RealSleeper::Instance(), random);
  dynamo::DynamoDbClient db(transport);
  dynamo::StreamsClient streams(transport);

  try {
    EnsureTable(db, ScoresTable(), console);
    EnsureTable(db, LeaderboardTable(), console);
  } catch (...) {
    engine->Stop();
    throw;
  }
  const std::string arn = ScoresStreamArn(db);
  trigger::DynamoStreamSource source(streams, arn);

  LocalTriggerConfig tc;
  tc.options = options;
  tc.function.executable = function;
  tc.function.function_name = "streamboard-leaderboard";
  tc.function.region = config.region;
  tc.function.environment = env;
  tc.function.log_sink = [&console](std::string_view line) {
    console.Line("function: " + std::string(line));
  };
  tc.concurrency = 2 * args.parallelization_factor * std::min(args.stream_shards, 4);
  if (!args.in_memory) {
    tc.checkpoint_file = (fs::path(args.data_dir) / "trigger-checkpoints.json").string();
    tc.failure_file = (fs::path(args.data_dir) / "failures.jsonl").string();
  }
  std::unique_ptr<LocalTrigger> local;
  try {
    local = LocalTrigger::Create(std::move(tc), source);
  } catch (...) {
    engine->Stop();
    throw;
  }

  web::BoardFeed feed;
  web::WebOptions wo;
  wo.host = args.host;
  wo.port = static_cast<uint16_t>(args.web_port);
  auto web_started = web::WebServer::Start(wo, feed);
  if (!web_started.ok()) {
    local->Stop();
    engine->Stop();
    throw CliError("web view: " + web_started.error().message + " (choose another --web-port)");
  }
  std::unique_ptr<web::WebServer> web = std::move(web_started).value();

  BoardWatcher watcher(
      db, "Leaderboard", feed, std::chrono::milliseconds(args.board_poll_ms),
      BoardWatcher::Callbacks{[&console](const BoardView&, const std::string& line) {
                                console.Line(line);
                                console.MarkDirty();
                              },
                              [&console](const std::string& line) { console.Line(line); }});

  const std::string data = args.in_memory ? std::string("in memory") : engine->data_location();
  const std::string header = Header(endpoint, web->url(), data, function, args.stream_shards);
  if (console.tty()) {
    std::fputs("\x1b[2J", stdout);
    console.SetHeader(header);
  } else {
    std::fwrite(header.data(), 1, header.size(), stdout);
    std::printf("streamboard up: ready (stream %s)\n", arn.c_str());
    std::fflush(stdout);
  }

  watcher.Start();
  local->Start();

  timespec tick{0, 200 * 1000 * 1000};
  for (;;) {
    console.Draw(watcher.Boards());
    int sig = sigtimedwait(&stop_signals, nullptr, &tick);
    if (sig == SIGINT || sig == SIGTERM) break;
  }

  console.Line("streamboard up: stopping");
  local->Stop();
  watcher.Stop();
  web->Stop();
  engine->Stop();
  const auto& stats = local->stats();
  console.Clear();
  std::printf(
      "streamboard up: stopped (%lld invocation(s), %lld record(s) delivered, %lld failed)\n",
      static_cast<long long>(stats.invocations.load()),
      static_cast<long long>(stats.records_delivered.load()),
      static_cast<long long>(stats.records_failed.load()));
  std::fflush(stdout);
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
  cmd->callback([a] { RunUp(*a); });
}

}  // namespace sb::cli
