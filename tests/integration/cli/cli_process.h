// Test support for the CLI's integration tests: `streamboard` child processes (started and
// ended by PID only), the engine on a free loopback port, and a DynamoDB client to set up and
// inspect tables.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "dynamo/dynamodb_client.h"
#include "dynamo/transport.h"
#include "http/client.h"

namespace sb::cli::itest {

// $SB_BIN_DIR/streamboard (fails the test when SB_BIN_DIR is unset).
std::string StreamboardPath();

// A child process whose stdout and stderr go to files; ended by PID (SIGKILL) if still
// running when destroyed.
class Process {
 public:
  // `extra_env` ("K=V") is added to (and overrides) this process's environment.
  static std::unique_ptr<Process> Start(const std::vector<std::string>& args,
                                        const std::vector<std::string>& extra_env = {});
  ~Process();
  pid_t pid() const { return pid_; }
  // The exit code (128 + signal if killed), or nullopt if it is still running after `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  void Signal(int sig);
  std::string Stdout() const;
  std::string Stderr() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string out_path_, err_path_;
};

struct RunResult {
  int code = -1;  // -1: did not finish within the limit (then it was killed)
  std::string out, err;
};
// Runs `streamboard args...` to completion (killed after 60 s as a hang guard).
RunResult RunCli(const std::vector<std::string>& args,
                 const std::vector<std::string>& extra_env = {});

// `streamboard engine --in-memory --port 0` (the engine picks a free port), ready to serve.
class Engine {
 public:
  static std::unique_ptr<Engine> Start();
  const std::string& endpoint() const { return endpoint_; }

 private:
  std::unique_ptr<Process> process_;
  std::string endpoint_;
};

// A DynamoDB client for test setup and inspection (libcurl, fake credentials).
class TestClient {
 public:
  explicit TestClient(const std::string& endpoint);
  dynamo::DynamoDbClient& db() { return db_; }
  // GameScores, Leaderboard and Ranks as `streamboard up` creates them (cli/up_tables.h).
  void CreateTables();
  std::optional<protocol::Item> GetScore(const std::string& player, const std::string& game);

 private:
  http::CurlClient http_;
  RealRandom random_;
  dynamo::Transport transport_;
  dynamo::DynamoDbClient db_;
};

// An unused loopback port (nothing listens on it right now).
int UnusedPort();

}  // namespace sb::cli::itest
