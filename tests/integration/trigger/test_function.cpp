// trigger-test-function: a tiny Lambda function for the trigger's integration tests, built on
// our own runtime loop (src/lambda), so the Runtime API server is exercised by a real client.
//
// Start-up (environment):
//   TEST_FUNCTION_INIT=error  post /runtime/init/error (type Runtime.TestInit) and exit 1
//   TEST_FUNCTION_INIT=exit   exit 2 before talking to the Runtime API
// Per invocation, if the payload has "action":
//   {"action":"echo"}             respond {"env":{...},"cwd":..,"request_id":..,"remaining_ms":..}
//   {"action":"error"}            function error TestError / "intentional failure"
//   {"action":"sleep","ms":N}     sleep N ms, then respond {"slept":N}
//   {"action":"crash"}            exit 3 in the middle of the invocation
//   {"action":"big","bytes":N}    respond with N bytes
// Otherwise the payload is a DynamoDB stream event ("stream" mode): every record's sequence
// number is appended as a line to $TEST_FUNCTION_OUT, except that a record whose
// Keys.PlayerId.S is "poison" fails the whole invocation, "slow" sleeps 10 s and "crash"
// exits the process (the file is written only when the whole batch succeeded). A record whose
// PlayerId is "partial" is, the first time only (marker file $TEST_FUNCTION_OUT.partial), a
// partial batch failure: the records before it are written and the response names it in
// batchItemFailures.
// Every invocation prints one JSON log line to stdout.
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "base/clock.h"
#include "http/client.h"
#include "lambda/runtime.h"

namespace {
namespace json = boost::json;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

sb::lambda::InvocationResult HandleStream(const json::object& event) {
  const json::array* records = event.contains("Records") ? event.at("Records").if_array() : nullptr;
  if (records == nullptr) return sb::lambda::InvocationResult::Failure("BadEvent", "no Records");
  std::string out;
  for (const auto& r : *records) {
    const auto& d = r.at("dynamodb").as_object();
    std::string player(d.at("Keys").at("PlayerId").at("S").as_string());
    if (player == "poison") {
      return sb::lambda::InvocationResult::Failure("PoisonRecord", "cannot handle " + player);
    }
    if (player == "slow") std::this_thread::sleep_for(std::chrono::seconds(10));
    if (player == "crash") std::_Exit(3);
    const std::string marker = Env("TEST_FUNCTION_OUT") + ".partial";
    if (player == "partial" && !std::ifstream(marker).good()) {
      std::ofstream(marker) << "seen\n";
      std::ofstream(Env("TEST_FUNCTION_OUT"), std::ios::app) << out;
      json::object failure{{"itemIdentifier", d.at("SequenceNumber")}};
      return sb::lambda::InvocationResult::Success(
          json::serialize(json::object{{"batchItemFailures", json::array{failure}}}));
    }
    out += std::string(d.at("SequenceNumber").as_string()) + "\n";
  }
  std::ofstream(Env("TEST_FUNCTION_OUT"), std::ios::app) << out;
  return sb::lambda::InvocationResult::Success(R"({"batchItemFailures":[]})");
}

sb::lambda::InvocationResult Handle(std::string_view payload,
                                    const sb::lambda::InvocationContext& context) {
  json::value v = json::parse(payload);
  const json::object& o = v.as_object();
  std::printf("{\"level\":\"INFO\",\"requestId\":\"%s\",\"message\":\"invoked with %zu bytes\"}\n",
              context.request_id.c_str(), payload.size());
  std::fflush(stdout);
  if (!o.contains("action")) return HandleStream(o);
  std::string action(o.at("action").as_string());
  if (action == "error")
    return sb::lambda::InvocationResult::Failure("TestError", "intentional failure");
  if (action == "crash") std::_Exit(3);
  if (action == "sleep") {
    int64_t ms = o.at("ms").as_int64();
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return sb::lambda::InvocationResult::Success("{\"slept\":" + std::to_string(ms) + "}");
  }
  if (action == "big") {
    return sb::lambda::InvocationResult::Success(
        std::string(static_cast<size_t>(o.at("bytes").as_int64()), 'x'));
  }
  json::object env;
  for (const char* name :
       {"AWS_LAMBDA_RUNTIME_API", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION", "_HANDLER", "AWS_REGION", "LAMBDA_TASK_ROOT",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_DYNAMODB", "TZ"}) {
    env[name] = Env(name);
  }
  char cwd[4096] = {0};
  if (::getcwd(cwd, sizeof cwd) == nullptr) cwd[0] = 0;
  json::object reply{{"env", env},
                     {"cwd", cwd},
                     {"pid", static_cast<int64_t>(::getpid())},
                     {"request_id", context.request_id},
                     {"function_arn", context.function_arn},
                     {"trace_id", context.trace_id},
                     {"remaining_ms", context.RemainingMillis()}};
  return sb::lambda::InvocationResult::Success(json::serialize(reply));
}

}  // namespace

int main() {
  std::string init = Env("TEST_FUNCTION_INIT");
  if (init == "exit") return 2;
  sb::http::CurlClient http;
  sb::lambda::RuntimeOptions options;
  options.endpoint = Env("AWS_LAMBDA_RUNTIME_API");
  sb::lambda::Runtime runtime(http, sb::RealSleeper::Instance(), sb::RealClock::Instance(),
                              options);
  if (init == "error") {
    std::fprintf(stderr, "test function: failing init on purpose\n");
    (void)runtime.ReportInitError("Runtime.TestInit", "init failed on purpose");
    return 1;
  }
  sb::Status s = runtime.Run(Handle);
  return s.ok() ? 0 : 1;
}
