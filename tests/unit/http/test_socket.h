// A raw loopback TCP connection for server tests: send exact bytes, read exact responses.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace sb::http::testing {

class RawConnection {
 public:
  explicit RawConnection(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{};
    tv.tv_sec = 10;  // a hung server fails the test instead of hanging it
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }

  bool Send(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }

  // Half-closes: the server reads EOF after what was sent.
  bool ShutdownWrite() { return ::shutdown(fd_, SHUT_WR) == 0; }

  // Reads one response (head + Content-Length body). Empty string on EOF/error/timeout.
  std::string ReadResponse() {
    for (;;) {
      size_t head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t length = 0;
        size_t cl = Lower(buffer_.substr(0, head_end)).find("\r\ncontent-length:");
        if (cl != std::string::npos) length = std::strtoul(buffer_.c_str() + cl + 17, nullptr, 10);
        size_t total = head_end + 4 + length;
        if (buffer_.size() >= total) {
          std::string out = buffer_.substr(0, total);
          buffer_.erase(0, total);
          return out;
        }
      }
      if (!ReadMore()) return {};
    }
  }

  // Reads raw bytes until `needle` appears; returns everything read so far (empty on EOF).
  std::string ReadUntil(const std::string& needle) {
    while (buffer_.find(needle) == std::string::npos) {
      if (!ReadMore()) return {};
    }
    std::string out;
    out.swap(buffer_);
    return out;
  }

  // True if the server closed the connection (EOF) with no further bytes.
  bool ClosedByPeer() {
    if (!buffer_.empty()) return false;
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0;
  }

  // True if the connection is gone: clean EOF or a reset (a connection still in the listen
  // backlog when the server stops is reset by the kernel).
  bool ClosedOrReset() {
    if (!buffer_.empty()) return false;
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

 private:
  bool ReadMore() {
    char buf[8192];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

inline std::string BodyOf(const std::string& response) {
  size_t p = response.find("\r\n\r\n");
  return p == std::string::npos ? std::string() : response.substr(p + 4);
}

}  // namespace sb::http::testing
