#include "engine_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "http/client.h"

namespace sb::engine::testing {

TempDir::TempDir() {
  char tmpl[] = "/tmp/sb-engine-it-XXXXXX";
  char* p = mkdtemp(tmpl);
  path_ = p != nullptr ? p : "/tmp";
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

std::string Binary() {
  const char* dir = std::getenv("SB_BIN_DIR");
  return std::string(dir != nullptr ? dir : "build/bin") + "/streamboard";
}

pid_t Spawn(const std::vector<std::string>& args, int stdout_fd, int stderr_fd) {
  std::vector<std::string> argv_s{Binary()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    if (stdout_fd >= 0) dup2(stdout_fd, 1);
    if (stderr_fd >= 0) dup2(stderr_fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::unique_ptr<EngineProcess> EngineProcess::Start(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe failed";
    return nullptr;
  }
  std::vector<std::string> full{"engine", "--port", "0"};
  full.insert(full.end(), args.begin(), args.end());
  auto proc = std::unique_ptr<EngineProcess>(new EngineProcess());
  proc->pid_ = Spawn(full, fds[1], -1);
  close(fds[1]);
  // Read the first line ("... listening on http://127.0.0.1:PORT ...") within 20 s.
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[256];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);  // later output goes to a closed pipe: the engine ignores SIGPIPE-less writes
  size_t at = line.find("http://");
  if (at == std::string::npos) {
    ADD_FAILURE() << "engine did not start; output: " << line;
    return nullptr;
  }
  size_t end = line.find_first_of(" \n", at);
  proc->endpoint_ = line.substr(at, end - at);
  proc->port_ = std::atoi(proc->endpoint_.substr(proc->endpoint_.rfind(':') + 1).c_str());
  return proc;
}

EngineProcess::~EngineProcess() {
  if (pid_ > 0) StopWith(SIGKILL);
}

int EngineProcess::StopWith(int sig) {
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  int code = WaitExit(pid_);
  pid_ = -1;
  return code;
}

int RunToExit(const std::vector<std::string>& args, std::string* stderr_text) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return -1;
  pid_t pid = Spawn(args, -1, fds[1]);
  close(fds[1]);
  char buf[512];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) stderr_text->append(buf, static_cast<size_t>(n));
  close(fds[0]);
  return WaitExit(pid);
}

RawConnection::RawConnection(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::RoundTrip(const std::string& method,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              const std::string& body, http::Response* out) {
  std::string req = method + " / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [n, v] : headers) req += n + ": " + v + "\r\n";
  req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  size_t sent = 0;
  while (sent < req.size()) {
    ssize_t n = send(fd_, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  auto fill = [&] {
    char buf[4096];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  };
  size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return false;
  }
  std::string head = buffer_.substr(0, head_end);
  *out = http::Response();
  out->status = std::atoi(head.substr(9, 3).c_str());
  size_t pos = head.find("\r\n");
  size_t length = 0;
  while (pos != std::string::npos && pos < head.size()) {
    size_t next = head.find("\r\n", pos + 2);
    std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value[0] == ' ') value.erase(0, 1);
      out->headers.Add(name, value);
      if (http::EqualsIgnoreCase(name, "Content-Length")) length = std::stoul(value);
    }
    pos = next;
  }
  buffer_.erase(0, head_end + 4);
  while (buffer_.size() < length) {
    if (!fill()) return false;
  }
  out->body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return true;
}

http::Response CallDynamo(const std::string& endpoint, const std::string& op,
                          const std::string& body) {
  static http::CurlClient client;
  http::ClientRequest req;
  req.url = endpoint + "/";
  req.headers.Add("Content-Type", "application/x-amz-json-1.0");
  req.headers.Add("X-Amz-Target", "DynamoDB_20120810." + op);
  req.body = body;
  req.timeout = std::chrono::milliseconds(10000);
  auto r = client.Send(req);
  if (!r.ok()) {
    http::Response failed;
    failed.status = -1;
    failed.body = r.error().message;
    return failed;
  }
  return std::move(r).value();
}

}  // namespace sb::engine::testing
