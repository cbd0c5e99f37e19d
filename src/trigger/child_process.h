// ChildProcess: one function process (the Lambda `bootstrap`), started with posix_spawn with
// an explicit environment and working directory, stdin from /dev/null and stdout/stderr on
// pipes whose lines go to a sink (the trigger's log). A waiter thread notices the exit without
// reaping first (waitid WNOWAIT), so Kill() can never signal a recycled PID. The child leads its
// own process group; Kill() sends SIGKILL to that group (the child and whatever it started).
//
// Thread-safety: all methods are thread-safe. The sink and exit callback run on the
// process's own reader / waiter threads.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/result.h"

namespace sb::trigger {

struct ProcessSpec {
  std::string executable;         // path; run as given (no PATH search)
  std::vector<std::string> args;  // argv[1..]
  std::vector<std::string> env;   // "NAME=value", the whole environment
  std::string working_directory;  // empty: inherit
};

class ChildProcess {
 public:
  using LineSink = std::function<void(std::string_view line, bool from_stderr)>;
  using ExitCallback = std::function<void(int wait_status)>;

  // Errors: code "spawn" (pipe or posix_spawn failure, e.g. a missing executable).
  static Result<std::unique_ptr<ChildProcess>> Spawn(const ProcessSpec& spec, LineSink sink,
                                                     ExitCallback on_exit);
  // Kills (SIGKILL) if still running, waits for it and joins the threads.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // SIGKILL by PID if the process has not exited yet. Idempotent.
  void Kill();
  // Waits until the process has exited (and been reaped). Its last output lines may still
  // be on their way to the sink: see WaitOutputClosed().
  void WaitExit();
  // Waits until both output pipes reached end of file and every line went to the sink: when
  // the process and anything that inherited its pipes have exited.
  void WaitOutputClosed();
  bool exited() const;
  // The waitpid status. REQUIRES: exited().
  int wait_status() const;

 private:
  ChildProcess() = default;
  void ReadLoop(int fd, bool from_stderr);
  void WaitLoop();

  pid_t pid_ = -1;
  LineSink sink_;
  ExitCallback on_exit_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool exited_ = false;  // exit observed; kill no longer allowed
  bool reaped_ = false;
  int pipes_open_ = 2;  // stdout and stderr readers not yet at end of file
  int status_ = 0;
  std::thread out_reader_, err_reader_, waiter_;
};

// "exit status 3", "killed by signal 9 (Killed)".
std::string DescribeWaitStatus(int wait_status);

}  // namespace sb::trigger
