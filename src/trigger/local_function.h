// LocalFunction: runs a Lambda function binary (the same `bootstrap` that is deployed) as a
// child process behind its own local Runtime API server, the way Lambda runs one execution
// environment (docs/runtime-api.md §5-§6):
//  - the process gets Lambda's environment (BuildLambdaEnvironment) and LAMBDA_TASK_ROOT as
//    its working directory; it is started on the first Invoke and kept warm;
//  - Invoke queues the event, waits for the runtime to take it (start-up counts against
//    init_timeout, as Lambda's separate init phase), then for the answer within the timeout;
//  - timeout: the process (group) is killed with SIGKILL by PID and a new one started;
//    outcome kTimeout ("Task timed out after N.NN seconds", Lambda's text);
//  - crash (exit during an invocation): outcome kCrashed (Runtime.ExitError), restarted;
//  - /runtime/init/error, or an exit before the first /next: outcome kInitError; the process
//    is stopped and started again on the next Invoke;
//  - the process's stdout/stderr lines go to the log sink as they come, framed by Lambda's
//    platform lines "START RequestId: ...", "END RequestId: ...", "REPORT RequestId: ...".
// FunctionPool holds N LocalFunctions (N concurrent execution environments) for concurrent
// shards and ParallelizationFactor > 1.
//
// Thread-safety: Invoke may be called from several threads; a LocalFunction serves one
// invocation at a time (others wait), a FunctionPool up to N at once.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "trigger/child_process.h"
#include "trigger/invoker.h"
#include "trigger/runtime_api_server.h"

namespace sb::trigger {

struct FunctionConfig {
  std::string executable;         // the bootstrap binary or script
  std::vector<std::string> args;  // extra argv
  std::string function_name = "streamboard-leaderboard";
  std::string function_version = "$LATEST";
  int memory_mb = 128;
  std::string handler = "bootstrap";  // _HANDLER
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Passed through to the process first (credentials, AWS_ENDPOINT_URL_DYNAMODB, PATH, the
  // function's own settings); Lambda's reserved variables then override (main() reads the
  // real environment; the library never does).
  std::map<std::string, std::string> environment;
  std::string task_root;  // LAMBDA_TASK_ROOT and working directory; empty: the binary's folder
  std::chrono::milliseconds init_timeout{10000};  // Lambda's init phase limit is 10 s
  // Receives each output line of the function and the platform lines. Null: log::Emit.
  std::function<void(std::string_view line)> log_sink;
};

// arn:aws:lambda:<region>:<account>:function:<name>
std::string FunctionArn(const FunctionConfig& config);

// The process environment, "NAME=value" sorted by name: `config.environment`, then Lambda's
// reserved variables (docs/runtime-api.md §5): AWS_LAMBDA_RUNTIME_API, _HANDLER, AWS_REGION,
// AWS_DEFAULT_REGION, AWS_LAMBDA_FUNCTION_NAME / _MEMORY_SIZE / _VERSION,
// AWS_LAMBDA_INITIALIZATION_TYPE, AWS_LAMBDA_LOG_GROUP_NAME / _STREAM_NAME, LAMBDA_TASK_ROOT,
// LAMBDA_RUNTIME_DIR, and the unreserved defaults LANG, TZ, PATH, LD_LIBRARY_PATH unless given.
std::vector<std::string> BuildLambdaEnvironment(const FunctionConfig& config,
                                                std::string_view runtime_api,
                                                std::string_view task_root);

class LocalFunction final : public Invoker {
 public:
  // Starts the Runtime API server (the process starts on the first Invoke). Errors: the
  // server's bind error; code "config" if the executable is not an executable file.
  static Result<std::unique_ptr<LocalFunction>> Create(FunctionConfig config,
                                                       const Clock* clock = nullptr);
  ~LocalFunction() override;

  InvokeOutcome Invoke(std::string_view payload, std::chrono::milliseconds timeout) override;

  // Kills the process and stops the server; later (and waiting) Invokes return kNotInvoked.
  void Shutdown();

  std::string runtime_api_address() const { return api_->address(); }
  // The current process's PID, or -1 if none is running.
  pid_t pid() const;
  // Processes started so far (1 after the first Invoke; +1 per restart).
  int starts() const { return starts_.load(); }

 private:
  LocalFunction(FunctionConfig config, const Clock& clock);
  Status EnsureProcess();  // REQUIRES: invoke_mu_ held
  void StopProcess();      // kill and wait; REQUIRES: invoke_mu_ held
  void Emit(std::string_view line);

  const FunctionConfig config_;
  const std::string arn_;
  const Clock& clock_;
  std::unique_ptr<RuntimeApiServer> api_;
  RealRandom random_;
  std::atomic<bool> shutdown_{false};
  std::atomic<int> starts_{0};

  std::mutex invoke_mu_;           // one invocation at a time; guards process_
  mutable std::mutex process_mu_;  // guards the process_ pointer for pid()
  std::unique_ptr<ChildProcess> process_;
};

class FunctionPool final : public Invoker {
 public:
  // `size` >= 1 LocalFunctions sharing `config`. Errors: as LocalFunction::Create.
  static Result<std::unique_ptr<FunctionPool>> Create(const FunctionConfig& config, int size,
                                                      const Clock* clock = nullptr);
  InvokeOutcome Invoke(std::string_view payload, std::chrono::milliseconds timeout) override;
  void Shutdown();
  int size() const { return static_cast<int>(functions_.size()); }
  LocalFunction& function(int i) { return *functions_[static_cast<size_t>(i)]; }

 private:
  std::vector<std::unique_ptr<LocalFunction>> functions_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<size_t> idle_;
  bool shutdown_ = false;
};

}  // namespace sb::trigger
