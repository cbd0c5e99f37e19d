// Which Host header values the server accepts when it checks them (ServerOptions::
// check_host). Browsers send the Host of the page's URL, so refusing names other than
// loopback ones defeats DNS rebinding: a web page whose name an attacker re-points to
// 127.0.0.1 still sends its own name, and is refused. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sb::http {

// The host part of a Host header value: "h:8000" -> "h", "[::1]:8000" -> "::1", "h" -> "h".
// A trailing dot is dropped ("localhost." -> "localhost").
std::string_view HostName(std::string_view host_header);

// True for "localhost" (any case), names ending in ".localhost" (RFC 6761), IPv4 addresses
// in 127.0.0.0/8 and "[::1]", with or without a port.
bool IsLoopbackHost(std::string_view host_header);

// True when the host is a loopback name or its name equals one of `allowed` (case-insensitive,
// ports ignored); "*" in `allowed` accepts every host.
bool HostAllowed(std::string_view host_header, const std::vector<std::string>& allowed);

}  // namespace sb::http
