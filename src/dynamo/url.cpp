#include "dynamo/url.h"

#include <cctype>
#include <charconv>

namespace sb::dynamo {

Result<Url> ParseUrl(std::string_view text) {
  auto fail = [&](std::string why) {
    return MakeError("invalid_url", "'" + std::string(text) + "': " + why);
  };
  Url url;
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) return fail("missing http:// or https://");
  std::string scheme(text.substr(0, sep));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") return fail("scheme must be http or https");
  url.scheme = scheme;
  std::string_view rest = text.substr(sep + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) return fail("query or fragment");
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  url.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return fail("missing or invalid host");
  }
  // Port: after the last ':' unless inside an IPv6 literal "[...]".
  size_t colon = authority.rfind(':');
  size_t bracket = authority.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    std::string_view host = authority.substr(0, colon);
    std::string_view port_text = authority.substr(colon + 1);
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (host.empty()) return fail("missing host");
    if (port_text.empty() || ec != std::errc() || ptr != port_text.data() + port_text.size() ||
        port == 0 || port > 65535) {
      return fail("invalid port");
    }
    bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
    url.authority = default_port ? std::string(host) : std::string(authority);
  } else {
    url.authority = std::string(authority);
  }
  return url;
}

}  // namespace sb::dynamo
