#include "http/host_check.h"

#include "http/message.h"

namespace sb::http {

namespace {

// Strict dotted quad whose first octet is 127.
bool IsLoopbackIpv4(std::string_view name) {
  int parts = 0;
  size_t pos = 0;
  std::string_view first;
  while (pos <= name.size()) {
    size_t dot = name.find('.', pos);
    if (dot == std::string_view::npos) dot = name.size();
    std::string_view part = name.substr(pos, dot - pos);
    if (part.empty() || part.size() > 3) return false;
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    if (parts == 0) first = part;
    ++parts;
    pos = dot + 1;
  }
  return parts == 4 && first == "127";
}

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && EqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace

std::string_view HostName(std::string_view host) {
  std::string_view name = host;
  if (!name.empty() && name.front() == '[') {
    size_t close = name.find(']');
    if (close == std::string_view::npos) return name;  // malformed: matches nothing
    name = name.substr(1, close - 1);
  } else if (size_t colon = name.rfind(':'); colon != std::string_view::npos) {
    name = name.substr(0, colon);
  }
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return name;
}

bool IsLoopbackHost(std::string_view host_header) {
  const bool bracketed = !host_header.empty() && host_header.front() == '[';
  std::string_view name = HostName(host_header);
  if (bracketed) return name == "::1";
  return EqualsIgnoreCase(name, "localhost") || EndsWithIgnoreCase(name, ".localhost") ||
         IsLoopbackIpv4(name);
}

bool HostAllowed(std::string_view host_header, const std::vector<std::string>& allowed) {
  if (IsLoopbackHost(host_header)) return true;
  std::string_view name = HostName(host_header);
  for (const std::string& entry : allowed) {
    if (entry == "*") return true;
    if (!name.empty() && EqualsIgnoreCase(HostName(entry), name)) return true;
  }
  return false;
}

}  // namespace sb::http
