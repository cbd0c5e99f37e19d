// Child process supervision. See child_process.h.
#include "trigger/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sb::trigger {

namespace {
Error SpawnError(const std::string& what, int err) {
  return MakeError("spawn", what + ": " + std::strerror(err));
}
}  // namespace

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "status " + std::to_string(status);
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const ProcessSpec& spec, LineSink sink,
                                                          ExitCallback on_exit) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return SpawnError("pipe", errno);
  if (::pipe2(err, O_CLOEXEC) != 0) {
    int e = errno;
    ::close(out[0]);
    ::close(out[1]);
    return SpawnError("pipe", e);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (!spec.working_directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, spec.working_directory.c_str());
  }
  // The child gets default signal dispositions and an empty mask, whatever the trigger uses.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  // Its own process group, so a kill also reaches helpers it started (a script's curl).
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(spec.executable.c_str()));
  for (const auto& a : spec.args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, spec.executable.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    ::close(out[0]);
    ::close(err[0]);
    return SpawnError("cannot start " + spec.executable, rc);
  }
  std::unique_ptr<ChildProcess> p(new ChildProcess());
  p->pid_ = pid;
  p->sink_ = std::move(sink);
  p->on_exit_ = std::move(on_exit);
  ChildProcess* self = p.get();
  p->out_reader_ = std::thread([self, fd = out[0]] { self->ReadLoop(fd, false); });
  p->err_reader_ = std::thread([self, fd = err[0]] { self->ReadLoop(fd, true); });
  p->waiter_ = std::thread([self] { self->WaitLoop(); });
  return p;
}

ChildProcess::~ChildProcess() {
  Kill();
  if (waiter_.joinable()) waiter_.join();
  // The readers end at EOF: when every holder of the pipes' write ends has exited (a
  // grandchild that kept them open would hold them; the function's own children die with it
  // on Lambda, and here they are not expected).
  if (out_reader_.joinable()) out_reader_.join();
  if (err_reader_.joinable()) err_reader_.join();
}

void ChildProcess::ReadLoop(int fd, bool from_stderr) {
  std::string pending;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      if (sink_) sink_(std::string_view(pending).substr(start, nl - start), from_stderr);
    }
    pending.erase(0, start);
  }
  if (!pending.empty() && sink_) sink_(pending, from_stderr);
  ::close(fd);
  {
    std::lock_guard lock(mu_);
    --pipes_open_;
  }
  cv_.notify_all();
}

void ChildProcess::WaitLoop() {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT) != 0 &&
         errno == EINTR) {
  }
  int status = 0;
  {
    // Mark exited before reaping, under the lock Kill() takes: once reaped the PID may be
    // reused, and Kill() must not signal it.
    std::lock_guard lock(mu_);
    exited_ = true;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    status_ = status;
    reaped_ = true;
  }
  cv_.notify_all();
  if (on_exit_) on_exit_(status);
}

void ChildProcess::Kill() {
  std::lock_guard lock(mu_);
  if (!exited_ && pid_ > 0) {
    ::kill(-pid_, SIGKILL);  // the group this process leads (see Spawn)
    ::kill(pid_, SIGKILL);
  }
}

void ChildProcess::WaitExit() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return reaped_; });
}

void ChildProcess::WaitOutputClosed() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return pipes_open_ == 0; });
}

bool ChildProcess::exited() const {
  std::lock_guard lock(mu_);
  return reaped_;
}

int ChildProcess::wait_status() const {
  std::lock_guard lock(mu_);
  return status_;
}

}  // namespace sb::trigger
