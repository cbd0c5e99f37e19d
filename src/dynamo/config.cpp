#include "dynamo/config.h"

namespace sb::dynamo {
namespace {

std::optional<std::string> NonEmpty(const GetEnv& getenv, std::string_view name) {
  std::optional<std::string> v = getenv(name);
  if (v.has_value() && v->empty()) return std::nullopt;
  return v;
}

std::string StripTrailingSlashes(std::string url) {
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::string DefaultEndpoint(std::string_view region) {
  return "https://dynamodb." + std::string(region) + ".amazonaws.com";
}

std::string DefaultStreamsEndpoint(std::string_view region) {
  return "https://streams.dynamodb." + std::string(region) + ".amazonaws.com";
}

ClientConfig FromEnvironment(const GetEnv& getenv) {
  ClientConfig config;
  config.credentials.access_key_id = NonEmpty(getenv, "AWS_ACCESS_KEY_ID").value_or("");
  config.credentials.secret_access_key = NonEmpty(getenv, "AWS_SECRET_ACCESS_KEY").value_or("");
  config.credentials.session_token = NonEmpty(getenv, "AWS_SESSION_TOKEN").value_or("");
  if (auto r = NonEmpty(getenv, "AWS_REGION")) {
    config.region = *r;
  } else if (auto d = NonEmpty(getenv, "AWS_DEFAULT_REGION")) {
    config.region = *d;
  }
  std::optional<std::string> generic = NonEmpty(getenv, "AWS_ENDPOINT_URL");
  std::optional<std::string> dynamodb = NonEmpty(getenv, "AWS_ENDPOINT_URL_DYNAMODB");
  std::optional<std::string> streams = NonEmpty(getenv, "AWS_ENDPOINT_URL_DYNAMODB_STREAMS");
  if (!dynamodb) dynamodb = generic;
  if (!streams) streams = dynamodb;
  config.endpoint = dynamodb ? StripTrailingSlashes(*dynamodb) : DefaultEndpoint(config.region);
  config.streams_endpoint =
      streams ? StripTrailingSlashes(*streams) : DefaultStreamsEndpoint(config.region);
  return config;
}

}  // namespace sb::dynamo
