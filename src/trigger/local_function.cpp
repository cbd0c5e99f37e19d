// Function process supervision behind the local Runtime API. See local_function.h.
#include "trigger/local_function.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>

#include "base/log.h"

namespace sb::trigger {

namespace {

std::string DirectoryOf(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string AbsolutePath(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char buf[4096];
  if (::getcwd(buf, sizeof buf) == nullptr) return path;
  return std::string(buf) + "/" + path;
}

// Peak resident set of a process in MB (VmHWM), 0 if unknown.
int64_t PeakMemoryMb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      long long kb = 0;
      if (std::sscanf(line.c_str() + 6, "%lld", &kb) == 1) return (kb + 1023) / 1024;
    }
  }
  return 0;
}

std::string Seconds2(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

InvokeOutcome NotInvoked(std::string error_type, std::string error_message) {
  InvokeOutcome out;
  out.kind = InvokeOutcome::Kind::kNotInvoked;
  out.error_type = std::move(error_type);
  out.error_message = std::move(error_message);
  return out;
}

// Queues the payload as a new invocation on the Runtime API; returns its request id.
std::string EnqueueInvocation(RuntimeApiServer& api, Random& random, const Clock& clock,
                              std::string_view payload, std::chrono::milliseconds timeout) {
  Invocation inv;
  inv.request_id = NewRequestId(random);
  inv.payload = std::string(payload);
  inv.timeout = timeout;
  inv.trace_id = NewTraceId(random, clock.NowUnixMillis() / 1000);
  std::string id = inv.request_id;
  api.Enqueue(std::move(inv));
  return id;
}

// The outcome of a process exit (Runtime.ExitError): a crash once the runtime took the event,
// a failed init before.
void SetExitError(bool dispatched, const std::string& id, int wait_status, InvokeOutcome* out) {
  out->kind = dispatched ? InvokeOutcome::Kind::kCrashed : InvokeOutcome::Kind::kInitError;
  out->error_type = "Runtime.ExitError";
  out->error_message =
      "RequestId: " + id + " Error: Runtime exited with error: " + DescribeWaitStatus(wait_status);
}

// The outcome of an invocation the runtime answered (success or function error).
void SetCompleted(InvocationResult& result, InvokeOutcome* out) {
  out->kind = result.ok ? InvokeOutcome::Kind::kOk : InvokeOutcome::Kind::kFunctionError;
  out->body = std::move(result.body);
  out->error_type = std::move(result.error_type);
  out->error_message = std::move(result.error_message);
}

// The Sandbox.Timedout message: the invocation's own timeout, or the runtime never asking.
std::string TimeoutMessage(bool dispatched, std::chrono::milliseconds timeout,
                           std::chrono::milliseconds init_timeout) {
  return dispatched ? "Task timed out after " + Seconds2(timeout) + " seconds"
                    : "the runtime did not ask for an invocation within " + Seconds2(init_timeout) +
                          " seconds of start";
}

// Lambda's REPORT log line for one invocation.
std::string ReportLine(const std::string& id, std::chrono::milliseconds elapsed, int memory_mb,
                       pid_t pid, InvokeOutcome::Kind kind) {
  int64_t billed = std::max<int64_t>(1, elapsed.count());
  std::string report =
      "REPORT RequestId: " + id + "\tDuration: " + std::to_string(elapsed.count()) +
      " ms\tBilled Duration: " + std::to_string(billed) +
      " ms\tMemory Size: " + std::to_string(memory_mb) +
      " MB\tMax Memory Used: " + std::to_string(pid > 0 ? PeakMemoryMb(pid) : 0) + " MB";
  if (kind == InvokeOutcome::Kind::kTimeout) report += "\tStatus: timeout";
  if (kind == InvokeOutcome::Kind::kCrashed) report += "\tStatus: error";
  return report;
}

}  // namespace

std::string FunctionArn(const FunctionConfig& c) {
  return "arn:aws:lambda:" + c.region + ":" + c.account_id + ":function:" + c.function_name;
}

std::vector<std::string> BuildLambdaEnvironment(const FunctionConfig& c,
                                                std::string_view runtime_api,
                                                std::string_view task_root) {
  std::map<std::string, std::string> env = c.environment;
  // Unreserved defaults (docs/runtime-api.md §5), kept if the caller set them.
  env.emplace("LANG", "en_US.UTF-8");
  env.emplace("TZ", ":UTC");
  env.emplace("PATH", "/usr/local/bin:/usr/bin:/bin");
  env.emplace("LD_LIBRARY_PATH", std::string(task_root) + ":" + std::string(task_root) + "/lib");
  // Reserved: Lambda sets these whatever the configuration says.
  env["AWS_LAMBDA_RUNTIME_API"] = std::string(runtime_api);
  env["_HANDLER"] = c.handler;
  env["AWS_REGION"] = c.region;
  env["AWS_DEFAULT_REGION"] = c.region;
  env["AWS_LAMBDA_FUNCTION_NAME"] = c.function_name;
  env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = std::to_string(c.memory_mb);
  env["AWS_LAMBDA_FUNCTION_VERSION"] = c.function_version;
  env["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
  env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + c.function_name;
  env["AWS_LAMBDA_LOG_STREAM_NAME"] = "local/[" + c.function_version + "]streamboard";
  env["LAMBDA_TASK_ROOT"] = std::string(task_root);
  env["LAMBDA_RUNTIME_DIR"] = std::string(task_root);
  env.erase("_X_AMZN_TRACE_ID");  // set by the runtime per invocation, not by Lambda
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

Result<std::unique_ptr<LocalFunction>> LocalFunction::Create(FunctionConfig config,
                                                             const Clock* clock) {
  config.executable = AbsolutePath(config.executable);
  struct stat st {};
  if (::stat(config.executable.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
      ::access(config.executable.c_str(), X_OK) != 0) {
    return MakeError("config", "not an executable file: " + config.executable);
  }
  if (config.task_root.empty()) config.task_root = DirectoryOf(config.executable);
  std::unique_ptr<LocalFunction> f(
      new LocalFunction(std::move(config), clock != nullptr ? *clock : RealClock::Instance()));
  RuntimeApiServer::Options options;
  options.function_arn = f->arn_;
  options.clock = &f->clock_;
  SB_ASSIGN_OR_RETURN(f->api_, RuntimeApiServer::Start(options));
  return f;
}

LocalFunction::LocalFunction(FunctionConfig config, const Clock& clock)
    : config_(std::move(config)), arn_(FunctionArn(config_)), clock_(clock) {}

LocalFunction::~LocalFunction() { Shutdown(); }

void LocalFunction::Emit(std::string_view line) {
  if (config_.log_sink) {
    config_.log_sink(line);
  } else {
    log::Emit(line);
  }
}

pid_t LocalFunction::pid() const {
  std::lock_guard lock(process_mu_);
  return process_ && !process_->exited() ? process_->pid() : -1;
}

void LocalFunction::Shutdown() {
  if (shutdown_.exchange(true)) return;
  if (api_) api_->Stop();  // wakes a waiting Invoke
  std::lock_guard lock(invoke_mu_);
  StopProcess();
}

void LocalFunction::StopProcess() {
  std::unique_ptr<ChildProcess> old;
  {
    std::lock_guard lock(process_mu_);
    old = std::move(process_);
  }
  if (old) {
    old->Kill();
    old->WaitExit();
  }
  // `old` is destroyed here, outside process_mu_ (its exit callback never takes it).
}

Status LocalFunction::EnsureProcess() {
  {
    std::lock_guard lock(process_mu_);
    if (process_ && !process_->exited()) return {};
  }
  StopProcess();
  uint64_t generation = api_->ResetForNewProcess();
  ProcessSpec spec;
  spec.executable = config_.executable;
  spec.args = config_.args;
  spec.env = BuildLambdaEnvironment(config_, api_->address(), config_.task_root);
  spec.working_directory = config_.task_root;
  RuntimeApiServer* api = api_.get();
  auto child = ChildProcess::Spawn(
      spec, [this](std::string_view line, bool) { Emit(line); },
      [api, generation](int) { api->SignalProcessExit(generation); });
  if (!child.ok()) return child.error();
  ++starts_;
  std::lock_guard lock(process_mu_);
  process_ = std::move(child).value();
  return {};
}

InvokeOutcome LocalFunction::Invoke(std::string_view payload, std::chrono::milliseconds timeout) {
  std::lock_guard invoke_lock(invoke_mu_);
  if (shutdown_) return NotInvoked("", "the function is shut down");
  if (Status s = EnsureProcess(); !s.ok()) {
    return NotInvoked("Runtime.InvalidEntrypoint", s.error().message);
  }
  InvokeOutcome out;
  const std::string id = EnqueueInvocation(*api_, random_, clock_, payload, timeout);
  out.request_id = id;

  using SteadyClock = std::chrono::steady_clock;
  RuntimeApiServer::Wait w = api_->WaitDispatched(id, SteadyClock::now() + config_.init_timeout);
  auto started = SteadyClock::now();
  InvocationResult result;
  const bool dispatched = w == RuntimeApiServer::Wait::kDispatched;
  if (dispatched) {
    Emit("START RequestId: " + id + " Version: " + config_.function_version);
    w = api_->WaitCompleted(id, started + timeout, &result);
  }
  auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
  pid_t pid = this->pid();
  bool restart = false;
  switch (w) {
    case RuntimeApiServer::Wait::kCompleted:
      SetCompleted(result, &out);
      break;
    case RuntimeApiServer::Wait::kInitError: {
      auto e = api_->init_error();
      out.kind = InvokeOutcome::Kind::kInitError;
      out.error_type = e ? e->error_type : "Runtime.Unknown";
      out.error_message = e ? e->error_message : "";
      Emit("INIT_REPORT Status: error Error Type: " + out.error_type);
      StopProcess();  // the runtime exits after init/error; make sure
      break;
    }
    case RuntimeApiServer::Wait::kProcessExited: {
      int status = 0;
      {
        std::lock_guard lock(process_mu_);
        if (process_) {
          process_->WaitExit();
          status = process_->wait_status();
        }
      }
      SetExitError(dispatched, id, status, &out);
      restart = true;
      break;
    }
    case RuntimeApiServer::Wait::kDeadline:
      out.kind = InvokeOutcome::Kind::kTimeout;
      out.error_type = "Sandbox.Timedout";
      out.error_message = TimeoutMessage(dispatched, timeout, config_.init_timeout);
      StopProcess();
      restart = true;
      break;
    case RuntimeApiServer::Wait::kStopped:
    case RuntimeApiServer::Wait::kDispatched:
      out.kind = InvokeOutcome::Kind::kNotInvoked;
      out.error_message = "the function is shut down";
      return out;  // keeps the request id
  }
  if (dispatched) Emit("END RequestId: " + id);
  Emit(ReportLine(id, elapsed, config_.memory_mb, pid, out.kind));
  if (restart && !shutdown_) {
    // Keep the environment warm for the next invocation, as Lambda starts a fresh one.
    if (Status s = EnsureProcess(); !s.ok()) {
      log::Warn("trigger", "restarting the function: " + s.error().message);
    }
  }
  return out;
}

Result<std::unique_ptr<FunctionPool>> FunctionPool::Create(const FunctionConfig& config, int size,
                                                           const Clock* clock) {
  if (size < 1) return MakeError("config", "the pool needs at least one function instance");
  std::unique_ptr<FunctionPool> pool(new FunctionPool());
  for (int i = 0; i < size; ++i) {
    SB_ASSIGN_OR_RETURN(auto f, LocalFunction::Create(config, clock));
    pool->functions_.push_back(std::move(f));
    pool->idle_.push_back(static_cast<size_t>(size - 1 - i));
  }
  return pool;
}

InvokeOutcome FunctionPool::Invoke(std::string_view payload, std::chrono::milliseconds timeout) {
  size_t index;
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return shutdown_ || !idle_.empty(); });
    if (shutdown_) {
      InvokeOutcome out;
      out.kind = InvokeOutcome::Kind::kNotInvoked;
      out.error_message = "the function is shut down";
      return out;
    }
    index = idle_.back();
    idle_.pop_back();
  }
  InvokeOutcome out = functions_[index]->Invoke(payload, timeout);
  {
    std::lock_guard lock(mu_);
    idle_.push_back(index);
  }
  cv_.notify_one();
  return out;
}

void FunctionPool::Shutdown() {
  {
    std::lock_guard lock(mu_);
    shutdown_ = true;
  }
  cv_.notify_all();
  for (auto& f : functions_) f->Shutdown();
}

}  // namespace sb::trigger
