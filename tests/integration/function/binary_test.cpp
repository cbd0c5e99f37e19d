// The real `leaderboard-function` process under a test Runtime API, against the real engine;
// and the packaged zip's `bootstrap` run with nothing but Lambda's environment (docs/runtime-api.md
// §5).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>

#include "protocol/lambda/stream_event.h"
#include "runtime_api_server.h"
#include "support.h"

namespace sb::function::itest {
namespace {

constexpr auto kWait = std::chrono::seconds(30);

class FunctionBinaryTest : public EngineTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(EngineTest::SetUp());
    ASSERT_TRUE(api_.ok());
  }

  // Lambda's variables for a custom runtime (docs/runtime-api.md §5), plus the endpoint override
  // that points the function at the local engine.
  std::vector<std::string> LambdaEnvironment(const std::string& task_root) {
    return {"AWS_LAMBDA_RUNTIME_API=" + api_.address(),
            "_HANDLER=leaderboard",
            "AWS_REGION=us-east-1",
            "AWS_DEFAULT_REGION=us-east-1",
            "AWS_LAMBDA_FUNCTION_NAME=leaderboard",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
            "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
            "AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
            "AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/leaderboard",
            "AWS_LAMBDA_LOG_STREAM_NAME=2026/11/25/[$LATEST]0123456789abcdef",
            "AWS_LAMBDA_LOG_FORMAT=JSON",
            "AWS_LAMBDA_LOG_LEVEL=INFO",
            "AWS_ACCESS_KEY_ID=AKIDTEST",
            "AWS_SECRET_ACCESS_KEY=test-secret",
            "AWS_SESSION_TOKEN=test-token",
            "LAMBDA_TASK_ROOT=" + task_root,
            "LAMBDA_RUNTIME_DIR=/var/runtime",
            "LANG=en_US.UTF-8",
            "TZ=UTC",
            "PATH=/usr/local/bin:/usr/bin/:/bin:/opt/bin",
            "LD_LIBRARY_PATH=/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:" + task_root + ":" +
                task_root + "/lib:/opt/lib",
            "AWS_ENDPOINT_URL_DYNAMODB=" + engine_->endpoint,
            "BOARD_SIZE=3"};
  }

  // Queues one batch, runs `argv` as the function, checks the response and the board.
  void RunOneBatch(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    StreamBuilder s(client_->db);
    std::string event = protocol::EncodeDynamoDbStreamEvent(
        {s.Put("ann", "chess", "1500", 100, "Ann"), s.Put("bob", "chess", "900", 101),
         s.Put("cat", "chess", "1200", 102), s.Put("dan", "chess", "300", 103)});
    std::string id = api_.AddEvent(event);
    auto child = Child::Start(argv, env, dir_ + "/function.log");
    ASSERT_NE(child, nullptr);
    std::optional<Posted> posted = api_.WaitForPost(0, kWait);
    ASSERT_TRUE(posted.has_value()) << child->Log();
    EXPECT_EQ(posted->kind, "response") << posted->body;
    EXPECT_EQ(posted->request_id, id);
    EXPECT_EQ(boost::json::parse(posted->body), boost::json::parse(R"({"batchItemFailures":[]})"));
    auto item = ReadBoardItem(client_->db, "chess");
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ(item->at("Version").n().ToString(), "1");
    EXPECT_EQ(BoardPlayers(client_->db, "chess"), (std::vector<std::string>{"ann", "cat", "bob"}));
    api_.Finish();  // the next /next answers 500: the runtime exits
    EXPECT_TRUE(child->WaitExit(kWait).has_value());
    std::string log = child->Log();
    EXPECT_NE(log.find(R"("requestId":")" + id + "\""), std::string::npos) << log;
    EXPECT_NE(log.find(R"("player":"ann")"), std::string::npos) << log;
    EXPECT_NE(log.find(R"("Namespace":"Streamboard")"), std::string::npos) << log;
  }

  RuntimeApiServer api_;
};

TEST_F(FunctionBinaryTest, ServesAnEventThroughTheRuntimeApi) {
  RunOneBatch({BinDir() + "/leaderboard-function"}, LambdaEnvironment(dir_));
}

TEST_F(FunctionBinaryTest, BadConfigurationIsAnInitErrorNamingTheVariable) {
  std::vector<std::string> env = LambdaEnvironment(dir_);
  env.push_back("BOARD_SIZE=zero");  // later entries are ignored by getenv: replace
  std::erase(env, "BOARD_SIZE=3");
  auto child = Child::Start({BinDir() + "/leaderboard-function"}, env, dir_ + "/function.log");
  ASSERT_NE(child, nullptr);
  std::optional<Posted> posted = api_.WaitForPost(0, kWait);
  ASSERT_TRUE(posted.has_value()) << child->Log();
  EXPECT_EQ(posted->kind, "init_error");
  boost::json::value body = boost::json::parse(posted->body);
  std::string message(body.at("errorMessage").as_string());
  EXPECT_NE(message.find("BOARD_SIZE"), std::string::npos) << message;
  EXPECT_EQ(body.at("errorType").as_string(), "Runtime.InvalidConfiguration");
  EXPECT_EQ(child->WaitExit(kWait), std::optional<int>(1));
}

TEST_F(FunctionBinaryTest, PackagedBootstrapRunsWithOnlyLambdasEnvironment) {
  const std::string zip = dir_ + "/leaderboard-function.zip";
  const std::string build_dir = BinDir() + "/..";
  auto packager =
      Child::Start({"/bin/bash", SourceDir() + "/tools/package-function", build_dir, zip},
                   CurrentEnvironment(), dir_ + "/package.log");
  ASSERT_NE(packager, nullptr);
  ASSERT_EQ(packager->WaitExit(std::chrono::seconds(120)), std::optional<int>(0))
      << packager->Log();
  const std::string task = dir_ + "/task";
  auto unzip = Child::Start({"/usr/bin/unzip", "-q", zip, "-d", task}, CurrentEnvironment(),
                            dir_ + "/unzip.log");
  ASSERT_NE(unzip, nullptr);
  ASSERT_EQ(unzip->WaitExit(kWait), std::optional<int>(0)) << unzip->Log();
  // The loader and the C library come from the package, not the host.
  EXPECT_EQ(::access((task + "/lib/ld-linux-x86-64.so.2").c_str(), X_OK) == 0 ||
                ::access((task + "/lib/ld-linux-aarch64.so.1").c_str(), X_OK) == 0,
            true);
  EXPECT_EQ(::access((task + "/lib/libc.so.6").c_str(), R_OK), 0);
  EXPECT_EQ(::access((task + "/lib/libnss_dns.so.2").c_str(), R_OK), 0);
  EXPECT_EQ(::access((task + "/bin/leaderboard-function").c_str(), X_OK), 0);
  // Like `env -i`: exactly Lambda's variables, run as Lambda runs it.
  RunOneBatch({task + "/bootstrap"}, LambdaEnvironment(task));
}

}  // namespace
}  // namespace sb::function::itest
