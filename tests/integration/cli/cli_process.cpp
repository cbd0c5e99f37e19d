#include "cli_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "cli/up_tables.h"

extern char** environ;

namespace sb::cli::itest {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string TempPath(const std::string& suffix) {
  static int counter = 0;
  return "/tmp/sb-cli-itest-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) +
         suffix;
}

}  // namespace

std::string StreamboardPath() {
  const char* d = std::getenv("SB_BIN_DIR");
  EXPECT_NE(d, nullptr) << "SB_BIN_DIR is not set (run through ctest)";
  return std::string(d == nullptr ? "" : d) + "/streamboard";
}

std::unique_ptr<Process> Process::Start(const std::vector<std::string>& args,
                                        const std::vector<std::string>& extra_env) {
  auto p = std::unique_ptr<Process>(new Process());
  p->out_path_ = TempPath(".out");
  p->err_path_ = TempPath(".err");
  std::vector<std::string> argv = {StreamboardPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv(*e);
    env[kv.substr(0, kv.find('='))] = kv;
  }
  // Test credentials and region; no endpoint from the outside world unless a test sets one.
  for (const char* k : {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"}) {
    env.erase(k);
  }
  env["AWS_ACCESS_KEY_ID"] = "AWS_ACCESS_KEY_ID=test";
  env["AWS_SECRET_ACCESS_KEY"] = "AWS_SECRET_ACCESS_KEY=test";
  env["AWS_REGION"] = "AWS_REGION=us-east-1";
  for (const std::string& kv : extra_env) env[kv.substr(0, kv.find('='))] = kv;

  std::vector<char*> cargv, cenv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (auto& [k, v] : env) env_strings.push_back(v);
  for (auto& e : env_strings) cenv.push_back(e.data());
  cenv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, p->out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, p->err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  const int rc = posix_spawn(&p->pid_, cargv[0], &actions, nullptr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "cannot start " << argv[0];
  if (rc != 0) return nullptr;
  return p;
}

Process::~Process() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  ::unlink(out_path_.c_str());
  ::unlink(err_path_.c_str());
}

std::optional<int> Process::Wait(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void Process::Signal(int sig) {
  if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
}

std::string Process::Stdout() const { return ReadFile(out_path_); }
std::string Process::Stderr() const { return ReadFile(err_path_); }

RunResult RunCli(const std::vector<std::string>& args, const std::vector<std::string>& extra_env) {
  RunResult result;
  auto p = Process::Start(args, extra_env);
  if (p == nullptr) return result;
  std::optional<int> code = p->Wait(std::chrono::seconds(60));
  result.code = code.value_or(-1);
  result.out = p->Stdout();
  result.err = p->Stderr();
  return result;
}

std::unique_ptr<Engine> Engine::Start() {
  auto engine = std::unique_ptr<Engine>(new Engine());
  engine->process_ = Process::Start({"engine", "--in-memory", "--port", "0"});
  if (engine->process_ == nullptr) return nullptr;
  const std::string marker = "listening on ";
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    const std::string out = engine->process_->Stdout();
    const size_t at = out.find(marker);
    if (at != std::string::npos) {
      const size_t start = at + marker.size();
      const size_t end = out.find_first_of(" \n", start);
      if (end != std::string::npos) {
        engine->endpoint_ = out.substr(start, end - start);
        return engine;
      }
    }
    if (engine->process_->Wait(std::chrono::milliseconds(0)).has_value()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "the engine did not start: " << engine->process_->Stderr();
  return nullptr;
}

namespace {
dynamo::ClientConfig TestConfig(const std::string& endpoint) {
  dynamo::ClientConfig config;
  config.credentials = {"test", "test", ""};
  config.endpoint = endpoint;
  config.streams_endpoint = endpoint;
  config.retry.max_attempts = 3;
  return config;
}
}  // namespace

TestClient::TestClient(const std::string& endpoint)
    : transport_(TestConfig(endpoint), http_, RealClock::Instance(), RealSleeper::Instance(),
                 random_),
      db_(transport_) {}

void TestClient::CreateTables() {
  // The tables `streamboard up` creates, with the default board settings.
  const function::BoardConfig config;
  for (const dynamo::CreateTableRequest& request :
       {ScoresTableRequest(config), LeaderboardTableRequest(config), RanksTableRequest(config),
        RankCountsTableRequest(config)}) {
    auto created = db_.CreateTable(request);
    ASSERT_TRUE(created.ok()) << created.error().type << ": " << created.error().message;
  }
}

std::optional<protocol::Item> TestClient::GetScore(const std::string& player,
                                                   const std::string& game) {
  dynamo::GetItemRequest get;
  get.table_name = "GameScores";
  get.key = {{"PlayerId", protocol::AttributeValue::S(player)},
             {"GameId", protocol::AttributeValue::S(game)}};
  get.consistent_read = true;
  auto r = db_.GetItem(get);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return std::nullopt;
  return r->item;
}

int UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace sb::cli::itest
