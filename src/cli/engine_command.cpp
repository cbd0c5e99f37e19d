// `streamboard engine`: runs the local DynamoDB-compatible engine in the foreground until
// SIGINT or SIGTERM, then shuts down cleanly (exit 0).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <pthread.h>

#include "base/clock.h"
#include "cli/commands.h"
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
  bool verify_signatures = false;
  int stream_shards = 1;
  double stream_rollover_seconds = 0;
  int64_t stream_rollover_records = 0;
};

void RunEngine(const EngineArgs& args) {
  if (args.port < 0 || args.port > 65535) throw CliError("--port must be 0..65535");
  engine::server::EngineOptions options;
  options.host = args.host;
  options.port = static_cast<uint16_t>(args.port);
  options.data_dir = args.data_dir;
  options.in_memory = args.in_memory;
  options.region = args.region;
  options.threads = args.threads;
  if (args.stream_shards < 1 || args.stream_shards > 1000) {
    throw CliError("--stream-shards must be 1..1000");
  }
  if (args.stream_rollover_seconds < 0) throw CliError("--stream-rollover-seconds must be >= 0");
  if (args.stream_rollover_records < 0) throw CliError("--stream-rollover-records must be >= 0");
  options.streams.shards = args.stream_shards;
  options.streams.rollover_millis = static_cast<int64_t>(args.stream_rollover_seconds * 1000);
  options.streams.rollover_records = args.stream_rollover_records;
  if (args.verify_signatures) {
    // Credentials come from the standard environment variables, as for any AWS tool.
    const char* id = std::getenv("AWS_ACCESS_KEY_ID");
    const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
    if (id == nullptr || secret == nullptr || *id == '\0' || *secret == '\0') {
      throw CliError(
          "--verify-signatures needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the "
          "environment");
    }
    std::string key_id = id, key_secret = secret;
    options.dispatch.verify_signatures = true;
    options.dispatch.secrets = [key_id, key_secret](std::string_view access_key)
        -> std::optional<std::string> {
      if (access_key == key_id) return key_secret;
      return std::nullopt;
    };
  }

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
  cmd->add_option("--threads", args->threads, "HTTP worker threads (default: one per core)");
  cmd->add_flag("--verify-signatures", args->verify_signatures,
                "Reject requests not SigV4-signed with AWS_ACCESS_KEY_ID / "
                "AWS_SECRET_ACCESS_KEY from the environment");
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
