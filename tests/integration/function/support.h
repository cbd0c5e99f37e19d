// Helpers for the function's integration tests: child processes (started and ended by PID),
// free loopback ports, the local engine binary, the two tables, and stream records built
// from real items the way DynamoDB builds them for a NEW_IMAGE stream.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "dynamo/dynamodb_client.h"
#include "dynamo/transport.h"
#include "http/client.h"
#include "protocol/streams/stream_record.h"

namespace sb::function::itest {

// SB_BIN_DIR / SB_SOURCE_DIR as set by CTest (sb_add_test); fails the test when unset.
std::string BinDir();
std::string SourceDir();

// A loopback port nobody listens on right now.
uint16_t FreePort();
// True once something accepts TCP connections on 127.0.0.1:port (polls up to `timeout`).
bool WaitForPort(uint16_t port, std::chrono::milliseconds timeout);

// A child process, ended (SIGTERM, then SIGKILL) by its PID when destroyed.
class Child {
 public:
  // Starts argv[0] (a path) with exactly `env` as its environment ("K=V" strings); stdout and
  // stderr go to `log_path`. Returns nullptr (and logs) if the spawn fails.
  static std::unique_ptr<Child> Start(const std::vector<std::string>& argv,
                                      const std::vector<std::string>& env,
                                      const std::string& log_path);
  ~Child();
  pid_t pid() const { return pid_; }
  // Waits up to `timeout` for the process to exit; its exit code, or nullopt if still running
  // (or -signal if killed by a signal).
  std::optional<int> WaitExit(std::chrono::milliseconds timeout);
  void Stop();
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string log_path_;
};

// The environment of this process as "K=V" strings.
std::vector<std::string> CurrentEnvironment();

// `streamboard engine --port P --in-memory` on 127.0.0.1, ready to serve.
struct EngineProcess {
  std::unique_ptr<Child> child;
  uint16_t port = 0;
  std::string endpoint;  // http://127.0.0.1:P
};
std::unique_ptr<EngineProcess> StartEngine(const std::string& log_dir);

// A DynamoDB client on real HTTP (libcurl) to `endpoint`, with test credentials.
struct Client {
  explicit Client(const std::string& endpoint, int max_attempts = 3);
  RealSleeper& sleeper = RealSleeper::Instance();
  RealRandom random;
  http::CurlClient http;
  dynamo::Transport transport;
  dynamo::DynamoDbClient db;
};

// GameScores (PlayerId HASH, GameId RANGE, GSI ByGameScore = GameId HASH + Score RANGE,
// stream NEW_IMAGE), Leaderboard (GameId HASH) and Ranks (Board HASH, PlayerId RANGE, LSI
// ByRank = Board + RankKey (B), TTL on ExpiresAt). Fails the test on error.
void CreateTables(dynamo::DynamoDbClient& db);

// Builds stream records for writes to GameScores, as DynamoDB would: increasing sequence
// numbers (one shard), NEW_IMAGE images read back from the table, REMOVE with keys only.
class StreamBuilder {
 public:
  explicit StreamBuilder(dynamo::DynamoDbClient& db, int64_t first_seq = 1)
      : db_(db), next_(first_seq) {}
  // PutItem {PlayerId, GameId, Score, PlayerName?, UpdatedAt} at `at_seconds`, then a
  // MODIFY/INSERT record carrying the item as stored.
  protocol::StreamRecord Put(const std::string& player, const std::string& game,
                             const std::string& score, int64_t at_seconds,
                             const std::string& name = "");
  // PutItem of an arbitrary item (must hold PlayerId and GameId) and its record.
  protocol::StreamRecord PutItem(protocol::Item item, int64_t at_seconds);
  // DeleteItem, then a REMOVE record with Keys only.
  protocol::StreamRecord Delete(const std::string& player, const std::string& game,
                                int64_t at_seconds);
  static std::string Seq(int64_t n);

 private:
  dynamo::DynamoDbClient& db_;
  int64_t next_;
  std::map<std::pair<std::string, std::string>, bool> exists_;
};

// The Leaderboard item of `game`, or nullopt.
std::optional<protocol::Item> ReadBoardItem(dynamo::DynamoDbClient& db, const std::string& game);
// Player ids on the board, in rank order (empty if no board).
std::vector<std::string> BoardPlayers(dynamo::DynamoDbClient& db, const std::string& game);

std::string TempDir();

// A test with its own engine process (its log in a fresh temporary directory), a client for
// it and the tables of CreateTables. The directory is kept when the test failed, for
// post-mortems; the engine is ended by its PID.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  std::string dir_;
  std::unique_ptr<EngineProcess> engine_;
  std::unique_ptr<Client> client_;
};

}  // namespace sb::function::itest
