// Unit tests of LocalFunction's pure parts: the environment and the ARN. The process paths are
// covered by tests/integration/trigger with real child processes.
#include "trigger/local_function.h"

#include <gtest/gtest.h>

#include <map>

namespace sb::trigger {
namespace {

std::map<std::string, std::string> AsMap(const std::vector<std::string>& env) {
  std::map<std::string, std::string> m;
  for (const auto& e : env) {
    auto eq = e.find('=');
    m[e.substr(0, eq)] = e.substr(eq + 1);
  }
  return m;
}

TEST(LambdaEnvironmentTest, HasLambdasReservedVariables) {
  FunctionConfig c;
  c.function_name = "board";
  c.memory_mb = 256;
  c.region = "eu-west-1";
  c.handler = "handler.main";
  c.environment = {{"AWS_ACCESS_KEY_ID", "AKID"},
                   {"AWS_SECRET_ACCESS_KEY", "SECRET"},
                   {"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"},
                   {"AWS_REGION", "us-west-2"},    // reserved: overridden
                   {"_X_AMZN_TRACE_ID", "stale"},  // set per invoke by the runtime only
                   {"PATH", "/custom/bin"}};       // unreserved: kept
  auto env = AsMap(BuildLambdaEnvironment(c, "127.0.0.1:9001", "/var/task"));
  EXPECT_EQ(env["AWS_LAMBDA_RUNTIME_API"], "127.0.0.1:9001");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_NAME"], "board");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "256");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_VERSION"], "$LATEST");
  EXPECT_EQ(env["_HANDLER"], "handler.main");
  EXPECT_EQ(env["AWS_REGION"], "eu-west-1");
  EXPECT_EQ(env["AWS_DEFAULT_REGION"], "eu-west-1");
  EXPECT_EQ(env["LAMBDA_TASK_ROOT"], "/var/task");
  EXPECT_EQ(env["AWS_LAMBDA_INITIALIZATION_TYPE"], "on-demand");
  EXPECT_EQ(env["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/board");
  EXPECT_EQ(env["AWS_ACCESS_KEY_ID"], "AKID");
  EXPECT_EQ(env["AWS_SECRET_ACCESS_KEY"], "SECRET");
  EXPECT_EQ(env["AWS_ENDPOINT_URL_DYNAMODB"], "http://127.0.0.1:8000");
  EXPECT_EQ(env["PATH"], "/custom/bin");
  EXPECT_EQ(env["LANG"], "en_US.UTF-8");
  EXPECT_EQ(env.count("_X_AMZN_TRACE_ID"), 0u);
}

TEST(LambdaEnvironmentTest, FunctionArn) {
  FunctionConfig c;
  c.function_name = "board";
  c.region = "eu-west-1";
  c.account_id = "123456789012";
  EXPECT_EQ(FunctionArn(c), "arn:aws:lambda:eu-west-1:123456789012:function:board");
}

TEST(LocalFunctionTest, RejectsAMissingExecutable) {
  FunctionConfig c;
  c.executable = "/nonexistent/bootstrap";
  auto f = LocalFunction::Create(c);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, "config");
}

}  // namespace
}  // namespace sb::trigger
