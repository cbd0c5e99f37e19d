// Integration tests of LocalFunction / FunctionPool with REAL child processes
// (trigger-test-function, built on src/lambda's runtime loop) over the local Runtime API:
// success, function error, timeout kill + restart, crash + restart, init errors, log
// forwarding, Lambda's environment, and concurrent environments.
#include "trigger/local_function.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <future>
#include <mutex>
#include <thread>

namespace sb::trigger {
namespace {

std::string TestFunctionPath() {
  const char* dir = std::getenv("SB_BIN_DIR");
  return std::string(dir != nullptr ? dir : "bin") + "/trigger-test-function";
}

bool ProcessAlive(pid_t pid) { return pid > 0 && ::kill(pid, 0) == 0; }

class LocalFunctionTest : public ::testing::Test {
 protected:
  FunctionConfig Config() {
    FunctionConfig c;
    c.executable = TestFunctionPath();
    c.function_name = "test-fn";
    c.memory_mb = 256;
    c.region = "eu-west-1";
    c.environment = {{"AWS_ACCESS_KEY_ID", "AKIDTEST"},
                     {"AWS_SECRET_ACCESS_KEY", "secret"},
                     {"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1"}};
    c.log_sink = [this](std::string_view line) {
      std::lock_guard lock(mu_);
      lines_.emplace_back(line);
    };
    return c;
  }
  std::unique_ptr<LocalFunction> Make(FunctionConfig c) {
    auto f = LocalFunction::Create(std::move(c));
    EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().message);
    return f.ok() ? std::move(f).value() : nullptr;
  }
  // Whether a line containing `needle` has been logged, waiting up to 10 s: the function's
  // output is read from its pipes asynchronously, so it may trail the invocation's result.
  bool Logged(std::string_view needle) {
    for (int i = 0; i < 1000; ++i) {
      {
        std::lock_guard lock(mu_);
        for (const auto& l : lines_) {
          if (l.find(needle) != std::string::npos) return true;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  static constexpr std::chrono::milliseconds kTimeout{5000};
  std::mutex mu_;
  std::vector<std::string> lines_;
};

TEST_F(LocalFunctionTest, SuccessRunsTheProcessWithLambdasEnvironment) {
  auto f = Make(Config());
  ASSERT_TRUE(f);
  InvokeOutcome out = f->Invoke(R"({"action":"echo"})", kTimeout);
  ASSERT_EQ(out.kind, InvokeOutcome::Kind::kOk) << out.error_type << " " << out.error_message;
  auto reply = boost::json::parse(out.body).as_object();
  const auto& env = reply.at("env").as_object();
  EXPECT_EQ(env.at("AWS_LAMBDA_RUNTIME_API").as_string(), f->runtime_api_address());
  EXPECT_EQ(env.at("AWS_LAMBDA_FUNCTION_NAME").as_string(), "test-fn");
  EXPECT_EQ(env.at("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").as_string(), "256");
  EXPECT_EQ(env.at("AWS_LAMBDA_FUNCTION_VERSION").as_string(), "$LATEST");
  EXPECT_EQ(env.at("AWS_REGION").as_string(), "eu-west-1");
  EXPECT_EQ(env.at("_HANDLER").as_string(), "bootstrap");
  EXPECT_EQ(env.at("AWS_ACCESS_KEY_ID").as_string(), "AKIDTEST");
  EXPECT_EQ(env.at("AWS_ENDPOINT_URL_DYNAMODB").as_string(), "http://127.0.0.1:1");
  std::string task_root(env.at("LAMBDA_TASK_ROOT").as_string());
  EXPECT_EQ(task_root + "/trigger-test-function", TestFunctionPath());  // SB_BIN_DIR is absolute
  EXPECT_EQ(reply.at("cwd").as_string(), task_root);
  EXPECT_EQ(reply.at("request_id").as_string(), out.request_id);
  EXPECT_EQ(reply.at("function_arn").as_string(),
            "arn:aws:lambda:eu-west-1:000000000000:function:test-fn");
  EXPECT_FALSE(reply.at("trace_id").as_string().empty());
  int64_t remaining = reply.at("remaining_ms").as_int64();
  EXPECT_GT(remaining, 0);
  EXPECT_LE(remaining, kTimeout.count());
  EXPECT_TRUE(Logged("START RequestId: " + out.request_id));
  EXPECT_TRUE(Logged("\"message\":\"invoked with"));  // the function's own stdout line
  EXPECT_TRUE(Logged("END RequestId: " + out.request_id));
  EXPECT_TRUE(Logged("REPORT RequestId: " + out.request_id));
}

TEST_F(LocalFunctionTest, ProcessStaysWarmBetweenInvocations) {
  auto f = Make(Config());
  ASSERT_TRUE(f);
  auto a = f->Invoke(R"({"action":"echo"})", kTimeout);
  auto b = f->Invoke(R"({"action":"echo"})", kTimeout);
  ASSERT_EQ(a.kind, InvokeOutcome::Kind::kOk);
  ASSERT_EQ(b.kind, InvokeOutcome::Kind::kOk);
  EXPECT_EQ(boost::json::parse(a.body).at("pid"), boost::json::parse(b.body).at("pid"));
  EXPECT_NE(a.request_id, b.request_id);
  EXPECT_EQ(f->starts(), 1);
}

TEST_F(LocalFunctionTest, FunctionErrorIsReported) {
  auto f = Make(Config());
  ASSERT_TRUE(f);
  InvokeOutcome out = f->Invoke(R"({"action":"error"})", kTimeout);
  EXPECT_EQ(out.kind, InvokeOutcome::Kind::kFunctionError);
  EXPECT_EQ(out.error_type, "TestError");
  EXPECT_EQ(out.error_message, "intentional failure");
  EXPECT_EQ(f->Invoke(R"({"action":"echo"})", kTimeout).kind, InvokeOutcome::Kind::kOk);
  EXPECT_EQ(f->starts(), 1);  // an error does not cost the environment
}

TEST_F(LocalFunctionTest, TimeoutKillsAndRestartsTheProcess) {
  auto f = Make(Config());
  ASSERT_TRUE(f);
  ASSERT_EQ(f->Invoke(R"({"action":"echo"})", kTimeout).kind, InvokeOutcome::Kind::kOk);
  pid_t before = f->pid();
  ASSERT_TRUE(ProcessAlive(before));
  InvokeOutcome out = f->Invoke(R"({"action":"sleep","ms":60000})", std::chrono::milliseconds(300));
  EXPECT_EQ(out.kind, InvokeOutcome::Kind::kTimeout);
  EXPECT_EQ(out.error_message, "Task timed out after 0.30 seconds");
  EXPECT_FALSE(ProcessAlive(before));  // killed and reaped
  EXPECT_EQ(f->starts(), 2);           // restarted at once
  InvokeOutcome next = f->Invoke(R"({"action":"echo"})", kTimeout);
  ASSERT_EQ(next.kind, InvokeOutcome::Kind::kOk);
  EXPECT_NE(boost::json::parse(next.body).at("pid").as_int64(), before);
  EXPECT_TRUE(Logged("Status: timeout"));
}

TEST_F(LocalFunctionTest, CrashIsReportedAndTheProcessRestarted) {
  auto f = Make(Config());
  ASSERT_TRUE(f);
  InvokeOutcome out = f->Invoke(R"({"action":"crash"})", kTimeout);
  EXPECT_EQ(out.kind, InvokeOutcome::Kind::kCrashed);
  EXPECT_EQ(out.error_type, "Runtime.ExitError");
  EXPECT_NE(out.error_message.find("exit status 3"), std::string::npos) << out.error_message;
  EXPECT_EQ(f->Invoke(R"({"action":"echo"})", kTimeout).kind, InvokeOutcome::Kind::kOk);
  EXPECT_EQ(f->starts(), 2);
}

TEST_F(LocalFunctionTest, OversizeResponseFailsTheInvocation) {
  auto f = Make(Config());
  ASSERT_TRUE(f);
  InvokeOutcome out = f->Invoke(R"({"action":"big","bytes":6291557})", kTimeout);  // 6 MB + 101
  EXPECT_EQ(out.kind, InvokeOutcome::Kind::kFunctionError);
  EXPECT_EQ(out.error_type, "Function.ResponseSizeTooLarge");
  EXPECT_EQ(f->Invoke(R"({"action":"big","bytes":1000})", kTimeout).kind, InvokeOutcome::Kind::kOk);
}

TEST_F(LocalFunctionTest, InitErrorIsReported) {
  FunctionConfig c = Config();
  c.environment["TEST_FUNCTION_INIT"] = "error";
  auto f = Make(c);
  ASSERT_TRUE(f);
  InvokeOutcome out = f->Invoke(R"({"action":"echo"})", kTimeout);
  EXPECT_EQ(out.kind, InvokeOutcome::Kind::kInitError);
  EXPECT_EQ(out.error_type, "Runtime.TestInit");
  EXPECT_EQ(out.error_message, "init failed on purpose");
  EXPECT_TRUE(Logged("failing init on purpose"));  // stderr is forwarded too
  EXPECT_EQ(f->pid(), -1);
  // The next invocation tries a fresh process (which fails the same way).
  EXPECT_EQ(f->Invoke(R"({"action":"echo"})", kTimeout).kind, InvokeOutcome::Kind::kInitError);
  EXPECT_EQ(f->starts(), 2);
}

TEST_F(LocalFunctionTest, ExitBeforeTheFirstPollIsAnInitError) {
  FunctionConfig c = Config();
  c.environment["TEST_FUNCTION_INIT"] = "exit";
  auto f = Make(c);
  ASSERT_TRUE(f);
  InvokeOutcome out = f->Invoke(R"({"action":"echo"})", kTimeout);
  EXPECT_EQ(out.kind, InvokeOutcome::Kind::kInitError);
  EXPECT_EQ(out.error_type, "Runtime.ExitError");
  EXPECT_NE(out.error_message.find("exit status 2"), std::string::npos) << out.error_message;
}

TEST_F(LocalFunctionTest, ShutdownKillsTheProcess) {
  auto f = Make(Config());
  ASSERT_TRUE(f);
  ASSERT_EQ(f->Invoke(R"({"action":"echo"})", kTimeout).kind, InvokeOutcome::Kind::kOk);
  pid_t pid = f->pid();
  f->Shutdown();
  EXPECT_FALSE(ProcessAlive(pid));
  EXPECT_EQ(f->Invoke(R"({"action":"echo"})", kTimeout).kind, InvokeOutcome::Kind::kNotInvoked);
}

TEST_F(LocalFunctionTest, ShutdownInterruptsARunningInvocation) {
  auto f = Make(Config());
  ASSERT_TRUE(f);
  auto running = std::async(std::launch::async, [&] {
    return f->Invoke(R"({"action":"sleep","ms":60000})", std::chrono::seconds(120));
  });
  ASSERT_TRUE(Logged("START RequestId"));  // the invocation is running
  f->Shutdown();
  EXPECT_EQ(running.get().kind, InvokeOutcome::Kind::kNotInvoked);
}

TEST_F(LocalFunctionTest, PoolRunsInvocationsConcurrentlyInSeparateProcesses) {
  auto pool = FunctionPool::Create(Config(), 2);
  ASSERT_TRUE(pool.ok());
  auto a = std::async(std::launch::async,
                      [&] { return (*pool)->Invoke(R"({"action":"sleep","ms":300})", kTimeout); });
  auto b = std::async(std::launch::async,
                      [&] { return (*pool)->Invoke(R"({"action":"sleep","ms":300})", kTimeout); });
  EXPECT_EQ(a.get().kind, InvokeOutcome::Kind::kOk);
  EXPECT_EQ(b.get().kind, InvokeOutcome::Kind::kOk);
  EXPECT_EQ((*pool)->function(0).starts() + (*pool)->function(1).starts(), 2);
  (*pool)->Shutdown();
}

}  // namespace
}  // namespace sb::trigger
