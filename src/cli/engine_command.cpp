// `streamboard engine`: runs the local DynamoDB-compatible engine in the foreground until
// SIGINT or SIGTERM, then shuts down cleanly (exit 0).
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/engine_flags.h"
#include "engine/server/engine.h"

namespace sb::cli {

namespace {

struct EngineArgs {
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string data_dir = ".streamboard";
  bool in_memory = false;
  std::string region = "us-east-1";
  int threads = 0;
  int64_t item_cache_mb =
      static_cast<int64_t>(engine::server::EngineOptions{}.item_cache_bytes >> 20);
  EngineHttpFlags http;
  int stream_shards = 1;
  double stream_rollover_seconds = 0;
  int64_t stream_rollover_records = 0;
};

void RunEngine(const EngineArgs& args) {
  if (args.port < 0 || args.port > 65535) throw CliError("--port must be 0..65535", 2);
  engine::server::EngineOptions options;
  options.host = args.host;
  options.port = static_cast<uint16_t>(args.port);
  options.data_dir = args.data_dir;
  options.in_memory = args.in_memory;
  options.region = args.region;
  options.threads = args.threads;
  if (args.item_cache_mb < 0 || args.item_cache_mb > 1024 * 1024) {
    throw CliError("--item-cache-mb must be 0..1048576", 2);
  }
  options.item_cache_bytes = static_cast<size_t>(args.item_cache_mb) << 20;
  if (args.stream_shards < 1 || args.stream_shards > 1000) {
    throw CliError("--stream-shards must be 1..1000", 2);
  }
  if (args.stream_rollover_seconds < 0) {
    throw CliError("--stream-rollover-seconds must be >= 0", 2);
  }
  if (args.stream_rollover_records < 0) {
    throw CliError("--stream-rollover-records must be >= 0", 2);
  }
  options.streams.shards = args.stream_shards;
  options.streams.rollover_millis = static_cast<int64_t>(args.stream_rollover_seconds * 1000);
  options.streams.rollover_records = args.stream_rollover_records;
  ApplyEngineHttpFlags(args.http, {}, &options);

  // A closed stdout or a vanished peer must not kill the engine.
  std::signal(SIGPIPE, SIG_IGN);
  // Block the stop signals in every thread (worker threads inherit this mask) and wait for
  // them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto started = engine::server::Engine::Start(options, RealClock::Instance());
  if (!started.ok()) throw CliError(started.error().message);
  auto engine = std::move(started).value();
  std::printf("streamboard engine listening on %s (data: %s, region %s)\n",
              engine->endpoint().c_str(), engine->data_location().c_str(), args.region.c_str());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::printf("streamboard engine: stopping\n");
  std::fflush(stdout);
  engine->Stop();
}

}  // namespace

void AddEngineHttpFlags(CLI::App* cmd, EngineHttpFlags* flags) {
  cmd->add_option("--max-connections", flags->max_connections,
                  "Open connections above which new ones get 503 (default 16384)");
  cmd->add_option("--max-body-bytes", flags->max_body_bytes,
                  "Largest request body; larger ones get 413 unread (default 16777216)");
  cmd->add_option("--header-timeout", flags->header_timeout_seconds,
                  "Seconds to receive a request's head before 408 (default 10)");
  cmd->add_option("--body-timeout", flags->body_timeout_seconds,
                  "Seconds to receive a request's body after its head before 408 (default 60)");
  cmd->add_option("--idle-timeout", flags->idle_timeout_seconds,
                  "Seconds a kept-alive connection may stay idle (default 60)");
  cmd->add_option("--allow-host", flags->allow_hosts,
                  "Host name accepted besides loopback ones when signatures are not verified "
                  "(repeatable; '*' accepts any)");
  cmd->add_flag("--verify-signatures", flags->verify_signatures,
                "Reject requests not SigV4-signed with AWS_ACCESS_KEY_ID / "
                "AWS_SECRET_ACCESS_KEY from the environment");
}

void ApplyEngineHttpFlags(const EngineHttpFlags& flags,
                          const std::vector<std::pair<std::string, std::string>>& own_keys,
                          engine::server::EngineOptions* options) {
  auto millis = [](double seconds, const char* flag) {
    if (!(seconds > 0) || seconds > 86400) {
      throw CliError(std::string(flag) + " must be more than 0 and at most 86400 seconds", 2);
    }
    return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000 + 0.5));
  };
  if (flags.max_connections < 1) throw CliError("--max-connections must be at least 1", 2);
  if (flags.max_body_bytes < 1) throw CliError("--max-body-bytes must be at least 1", 2);
  options->http.max_connections = flags.max_connections;
  options->http.max_body_bytes = flags.max_body_bytes;
  options->http.header_timeout = millis(flags.header_timeout_seconds, "--header-timeout");
  options->http.body_timeout = millis(flags.body_timeout_seconds, "--body-timeout");
  options->http.idle_timeout = millis(flags.idle_timeout_seconds, "--idle-timeout");
  options->http.allowed_hosts = flags.allow_hosts;
  if (!flags.verify_signatures) return;
  // Credentials come from the standard environment variables, as for any AWS tool.
  std::vector<std::pair<std::string, std::string>> keys = own_keys;
  const char* id = std::getenv("AWS_ACCESS_KEY_ID");
  const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
  if (id != nullptr && secret != nullptr && *id != '\0' && *secret != '\0') {
    keys.emplace_back(id, secret);
  } else if (own_keys.empty()) {
    throw CliError(
        "--verify-signatures needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the "
        "environment");
  }
  options->dispatch.verify_signatures = true;
  options->dispatch.secrets =
      [keys = std::move(keys)](std::string_view access_key) -> std::optional<std::string> {
    for (const auto& [key_id, key_secret] : keys) {
      if (access_key == key_id) return key_secret;
    }
    return std::nullopt;
  };
}

void RegisterEngine(CLI::App& app) {
  auto args = std::make_shared<EngineArgs>();
  CLI::App* cmd = app.add_subcommand("engine", "Run the local DynamoDB-compatible engine");
  cmd->add_option("--host", args->host, "Address to bind (default 127.0.0.1)");
  cmd->add_option("--port", args->port, "Port to listen on (default 8000; 0 = any free port)");
  auto* data_dir = cmd->add_option("--data-dir", args->data_dir,
                                   "Directory for the durable store (default .streamboard/)");
  auto* in_memory = cmd->add_flag("--in-memory", args->in_memory, "Keep all data in memory");
  data_dir->excludes(in_memory);
  in_memory->excludes(data_dir);
  cmd->add_option("--region", args->region, "Region shown in ARNs (default us-east-1)");
  cmd->add_option("--threads", args->threads, "HTTP I/O threads (default: one per core)");
  cmd->add_option("--item-cache-mb", args->item_cache_mb,
                  "Memory for recently read items, in MiB (default " +
                      std::to_string(args->item_cache_mb) + "; 0 = no item cache)");
  AddEngineHttpFlags(cmd, &args->http);
  cmd->add_option("--stream-shards", args->stream_shards,
                  "Shards per stream, by partition-key hash (default 1)");
  cmd->add_option("--stream-rollover-seconds", args->stream_rollover_seconds,
                  "Close a stream shard and open its child after this age (default 0: never)");
  cmd->add_option("--stream-rollover-records", args->stream_rollover_records,
                  "Close a stream shard and open its child at this many records (default 0: "
                  "never)");
  cmd->callback([args] { RunEngine(*args); });
}

}  // namespace sb::cli
