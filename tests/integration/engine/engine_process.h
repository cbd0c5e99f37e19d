// Test support: the real `streamboard engine` binary as a child process, and a minimal raw
// HTTP/1.1 client (one TCP connection, sequential requests) for wire-level checks.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "http/message.h"

namespace sb::engine::testing {

// A temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class EngineProcess {
 public:
  // Starts `streamboard engine --port 0 <args...>` and waits for its "listening on" line.
  // Returns null (and records a test failure) if it does not come up.
  static std::unique_ptr<EngineProcess> Start(const std::vector<std::string>& args);
  ~EngineProcess();  // SIGKILL if still running

  const std::string& endpoint() const { return endpoint_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Sends `sig` and waits; returns the exit code (or 128 + signal number).
  int StopWith(int sig);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string endpoint_;
};

// Runs the binary to completion; returns the exit code and captures stderr.
int RunToExit(const std::vector<std::string>& args, std::string* stderr_text);

// One keep-alive TCP connection to 127.0.0.1:port.
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  bool ok() const { return fd_ >= 0; }
  // Sends a request (Content-Length added) and reads one response. False on a broken
  // connection or a malformed response.
  bool RoundTrip(const std::string& method, const std::vector<std::pair<std::string, std::string>>& headers,
                 const std::string& body, http::Response* out);

 private:
  int fd_ = -1;
  std::string buffer_;
};

// POSTs a DynamoDB JSON 1.0 request over a fresh CurlClient call.
http::Response CallDynamo(const std::string& endpoint, const std::string& op,
                          const std::string& body);

}  // namespace sb::engine::testing
