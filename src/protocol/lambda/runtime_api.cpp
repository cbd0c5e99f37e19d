// Lambda Runtime API paths. See runtime_api.h.
#include "protocol/lambda/runtime_api.h"

namespace sb::protocol {
namespace {

constexpr std::string_view kInvocationPrefix = "/2018-06-01/runtime/invocation/";

}  // namespace

std::string RuntimeResponsePath(std::string_view request_id) {
  return std::string(kInvocationPrefix) + std::string(request_id) + "/response";
}

std::string RuntimeErrorPath(std::string_view request_id) {
  return std::string(kInvocationPrefix) + std::string(request_id) + "/error";
}

std::optional<RuntimeRoute> ParseRuntimePath(std::string_view path) {
  if (auto q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);
  if (path == kRuntimeNextPath) return RuntimeRoute{RuntimeRoute::Kind::kNext, ""};
  if (path == kRuntimeInitErrorPath) return RuntimeRoute{RuntimeRoute::Kind::kInitError, ""};
  if (path.substr(0, kInvocationPrefix.size()) != kInvocationPrefix) return std::nullopt;
  std::string_view rest = path.substr(kInvocationPrefix.size());
  size_t slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos) return std::nullopt;
  std::string_view id = rest.substr(0, slash);
  std::string_view action = rest.substr(slash + 1);
  if (action == "response") return RuntimeRoute{RuntimeRoute::Kind::kResponse, std::string(id)};
  if (action == "error") return RuntimeRoute{RuntimeRoute::Kind::kError, std::string(id)};
  return std::nullopt;
}

}  // namespace sb::protocol
