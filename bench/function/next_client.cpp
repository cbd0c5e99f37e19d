// sb-bench-next-client: the floor of a Lambda custom runtime's cold start. It does only what
// any runtime must do before its first invocation: read AWS_LAMBDA_RUNTIME_API (host:port),
// connect, send GET /2018-06-01/runtime/invocation/next, and wait for the answer. Plain POSIX
// sockets, no libraries beyond libc, so bench.py can compare leaderboard-function's
// exec-to-first-/next time with the cost of starting any process that makes that request.
// Exits 0 once a response (or the end of the connection) arrives, 1 on any error.
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main() {
  const char* api = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (api == nullptr) return 1;
  std::string endpoint(api);
  size_t colon = endpoint.rfind(':');
  if (colon == std::string::npos) return 1;
  std::string host = endpoint.substr(0, colon), port = endpoint.substr(colon + 1);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0) return 1;
  int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) return 1;
  freeaddrinfo(res);

  std::string request = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: " + endpoint +
                        "\r\nUser-Agent: sb-bench-next-client\r\nAccept: */*\r\n\r\n";
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, 0);
    if (n <= 0) return 1;
    sent += static_cast<size_t>(n);
  }
  char buf[4096];
  ssize_t n = recv(fd, buf, sizeof buf, 0);
  close(fd);
  return n < 0 ? 1 : 0;
}
