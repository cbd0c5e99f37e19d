#include "support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "function/board_item.h"

extern char** environ;

namespace sb::function::itest {

using protocol::AttributeValue;

std::string BinDir() {
  const char* d = std::getenv("SB_BIN_DIR");
  EXPECT_NE(d, nullptr) << "SB_BIN_DIR is not set (run through ctest)";
  return d == nullptr ? "" : d;
}

std::string SourceDir() {
  const char* d = std::getenv("SB_SOURCE_DIR");
  EXPECT_NE(d, nullptr) << "SB_SOURCE_DIR is not set (run through ctest)";
  return d == nullptr ? "" : d;
}

std::string TempDir() {
  std::string tmpl = "/tmp/sb-function-itest-XXXXXX";
  char* dir = ::mkdtemp(tmpl.data());
  EXPECT_NE(dir, nullptr);
  return tmpl;
}

uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

bool WaitForPort(uint16_t port, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::vector<std::string> CurrentEnvironment() {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  return env;
}

std::unique_ptr<Child> Child::Start(const std::vector<std::string>& argv,
                                    const std::vector<std::string>& env,
                                    const std::string& log_path) {
  std::vector<char*> args, envp;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "cannot start " << argv[0] << ": " << std::strerror(rc);
    return nullptr;
  }
  auto child = std::unique_ptr<Child>(new Child());
  child->pid_ = pid;
  child->log_path_ = log_path;
  return child;
}

Child::~Child() { Stop(); }

std::optional<int> Child::WaitExit(std::chrono::milliseconds timeout) {
  if (exited_) return std::nullopt;
  auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return -WTERMSIG(status);
      return -1;
    }
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void Child::Stop() {
  if (exited_ || pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (!WaitExit(std::chrono::seconds(5)).has_value() && !exited_) {
    ::kill(pid_, SIGKILL);
    WaitExit(std::chrono::seconds(5));
  }
}

std::string Child::Log() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::unique_ptr<EngineProcess> StartEngine(const std::string& log_dir) {
  auto engine = std::make_unique<EngineProcess>();
  for (int attempt = 0; attempt < 3; ++attempt) {
    engine->port = FreePort();
    engine->child = Child::Start({BinDir() + "/streamboard", "engine", "--port",
                                  std::to_string(engine->port), "--in-memory"},
                                 CurrentEnvironment(), log_dir + "/engine.log");
    if (engine->child == nullptr) return nullptr;
    if (WaitForPort(engine->port, std::chrono::seconds(10))) {
      engine->endpoint = "http://127.0.0.1:" + std::to_string(engine->port);
      return engine;
    }
    engine->child->Stop();  // lost the port to someone else: try another
  }
  ADD_FAILURE() << "engine did not start: " << engine->child->Log();
  return nullptr;
}

namespace {
dynamo::ClientConfig TestConfig(const std::string& endpoint, int max_attempts) {
  dynamo::ClientConfig c;
  c.credentials = {"AKIDTEST", "test-secret", ""};
  c.region = "us-east-1";
  c.endpoint = endpoint;
  c.streams_endpoint = endpoint;
  c.retry.max_attempts = max_attempts;
  c.retry.base = std::chrono::milliseconds(5);
  c.retry.cap = std::chrono::milliseconds(20);
  c.request_timeout = std::chrono::milliseconds(5000);
  c.connect_timeout = std::chrono::milliseconds(1000);
  return c;
}
}  // namespace

Client::Client(const std::string& endpoint, int max_attempts)
    : transport(TestConfig(endpoint, max_attempts), http, RealClock::Instance(), sleeper, random),
      db(transport) {}

void CreateTables(dynamo::DynamoDbClient& db) {
  dynamo::CreateTableRequest scores;
  scores.table_name = "GameScores";
  scores.attribute_definitions = {{"PlayerId", "S"}, {"GameId", "S"}, {"Score", "N"}};
  scores.key_schema = {{"PlayerId", "HASH"}, {"GameId", "RANGE"}};
  scores.global_secondary_indexes = {
      {"ByGameScore", {{"GameId", "HASH"}, {"Score", "RANGE"}}, "ALL", {}}};
  scores.stream_specification = dynamo::StreamSpecification{true, "NEW_IMAGE"};
  auto s = db.CreateTable(scores);
  ASSERT_TRUE(s.ok()) << s.error().type << ": " << s.error().message;
  dynamo::CreateTableRequest board;
  board.table_name = "Leaderboard";
  board.attribute_definitions = {{"GameId", "S"}};
  board.key_schema = {{"GameId", "HASH"}};
  auto b = db.CreateTable(board);
  ASSERT_TRUE(b.ok()) << b.error().type << ": " << b.error().message;
  dynamo::CreateTableRequest ranks;
  ranks.table_name = "Ranks";
  ranks.attribute_definitions = {{"Board", "S"}, {"PlayerId", "S"}, {"RankKey", "B"}};
  ranks.key_schema = {{"Board", "HASH"}, {"PlayerId", "RANGE"}};
  ranks.local_secondary_indexes = {
      {"ByRank", {{"Board", "HASH"}, {"RankKey", "RANGE"}}, "ALL", {}}};
  auto r = db.CreateTable(ranks);
  ASSERT_TRUE(r.ok()) << r.error().type << ": " << r.error().message;
  auto ttl = db.UpdateTimeToLive("Ranks", {true, "ExpiresAt"});
  ASSERT_TRUE(ttl.ok()) << ttl.error().type << ": " << ttl.error().message;
  dynamo::CreateTableRequest counts;
  counts.table_name = "RankCounts";
  counts.attribute_definitions = {{"Node", "B"}};
  counts.key_schema = {{"Node", "HASH"}};
  auto c = db.CreateTable(counts);
  ASSERT_TRUE(c.ok()) << c.error().type << ": " << c.error().message;
  auto cttl = db.UpdateTimeToLive("RankCounts", {true, "ExpiresAt"});
  ASSERT_TRUE(cttl.ok()) << cttl.error().type << ": " << cttl.error().message;
}

std::string StreamBuilder::Seq(int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "4%020lld", static_cast<long long>(n));
  return buf;
}

protocol::StreamRecord StreamBuilder::Put(const std::string& player, const std::string& game,
                                          const std::string& score, int64_t at_seconds,
                                          const std::string& name) {
  protocol::Item item{{"PlayerId", AttributeValue::S(player)}, {"GameId", AttributeValue::S(game)}};
  Result<protocol::Number> n = protocol::Number::Parse(score);
  EXPECT_TRUE(n.ok()) << score;
  item["Score"] = AttributeValue::N(n.ok() ? *n : protocol::Number());
  if (!name.empty()) item["PlayerName"] = AttributeValue::S(name);
  return PutItem(std::move(item), at_seconds);
}

protocol::StreamRecord StreamBuilder::PutItem(protocol::Item item, int64_t at_seconds) {
  item["UpdatedAt"] = AttributeValue::S(FormatIso8601Millis(at_seconds * 1000));
  protocol::Item keys{{"PlayerId", item.at("PlayerId")}, {"GameId", item.at("GameId")}};
  auto put = db_.PutItem({.table_name = "GameScores", .item = item});
  EXPECT_TRUE(put.ok()) << put.error().type << ": " << put.error().message;
  auto read = db_.GetItem({.table_name = "GameScores", .key = keys, .consistent_read = true});
  EXPECT_TRUE(read.ok() && read->item.has_value());
  auto key = std::make_pair(keys.at("PlayerId").s(), keys.at("GameId").s());
  protocol::StreamRecord r;
  r.event_id = "e" + std::to_string(next_);
  r.event_name =
      exists_[key] ? protocol::StreamEventName::kModify : protocol::StreamEventName::kInsert;
  exists_[key] = true;
  r.aws_region = "us-east-1";
  r.approximate_creation_date_time = at_seconds;
  r.keys = keys;
  r.new_image = read.ok() && read->item.has_value() ? *read->item : item;
  r.sequence_number = Seq(next_++);
  r.stream_view_type = protocol::StreamViewType::kNewImage;
  r.size_bytes = protocol::StreamRecordSizeBytes(r);
  r.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/GameScores/stream/test";
  return r;
}

protocol::StreamRecord StreamBuilder::Delete(const std::string& player, const std::string& game,
                                             int64_t at_seconds) {
  protocol::Item keys{{"PlayerId", AttributeValue::S(player)}, {"GameId", AttributeValue::S(game)}};
  auto del = db_.DeleteItem({.table_name = "GameScores", .key = keys});
  EXPECT_TRUE(del.ok()) << del.error().type << ": " << del.error().message;
  exists_[{player, game}] = false;
  protocol::StreamRecord r;
  r.event_id = "e" + std::to_string(next_);
  r.event_name = protocol::StreamEventName::kRemove;
  r.aws_region = "us-east-1";
  r.approximate_creation_date_time = at_seconds;
  r.keys = keys;
  r.sequence_number = Seq(next_++);
  r.stream_view_type = protocol::StreamViewType::kNewImage;
  r.size_bytes = protocol::StreamRecordSizeBytes(r);
  r.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/GameScores/stream/test";
  return r;
}

std::optional<protocol::Item> ReadBoardItem(dynamo::DynamoDbClient& db, const std::string& game) {
  auto r = db.GetItem({.table_name = "Leaderboard",
                       .key = {{"GameId", AttributeValue::S(game)}},
                       .consistent_read = true});
  EXPECT_TRUE(r.ok()) << r.error().type << ": " << r.error().message;
  if (!r.ok()) return std::nullopt;
  return r->item;
}

std::vector<std::string> BoardPlayers(dynamo::DynamoDbClient& db, const std::string& game) {
  std::vector<std::string> out;
  std::optional<protocol::Item> item = ReadBoardItem(db, game);
  if (!item.has_value()) return out;
  Result<leaderboard::Board> board = DecodeBoardItem(*item);
  EXPECT_TRUE(board.ok()) << board.error().message;
  if (!board.ok()) return out;
  for (const leaderboard::Entry& e : board->entries) out.push_back(e.player_id);
  return out;
}

void EngineTest::SetUp() {
  dir_ = TempDir();
  engine_ = StartEngine(dir_);
  ASSERT_NE(engine_, nullptr);
  client_ = std::make_unique<Client>(engine_->endpoint);
  ASSERT_NO_FATAL_FAILURE(CreateTables(client_->db));
}

void EngineTest::TearDown() {
  client_.reset();
  engine_.reset();
  if (!dir_.empty() && !HasFailure()) std::filesystem::remove_all(dir_);
}

}  // namespace sb::function::itest
