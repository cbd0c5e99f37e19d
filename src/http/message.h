// HTTP request and response values shared by the server (Beast) and the client (libcurl).
// Plain values; no I/O. Header names compare case-insensitively; order is kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::http {

class Headers {
 public:
  // Appends a header (repeated names are kept, in order).
  void Add(std::string name, std::string value);
  // Replaces every header of that name with one value.
  void Set(std::string name, std::string value);
  // The first value of a header, case-insensitive name match.
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  // Removes every header of that name (case-insensitive). Returns how many were removed.
  size_t Remove(std::string_view name);
  // Removes all headers.
  void Clear() { entries_.clear(); }
  bool empty() const { return entries_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& all() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct Request {
  std::string method = "GET";  // upper case
  std::string target = "/";    // path plus optional "?query", as on the request line
  Headers headers;
  std::string body;
  std::string remote_address;  // server side only: the peer's address
  uint16_t remote_port = 0;    // server side only: the peer's port (tells connections apart)
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace sb::http
