// ClientConfig: where and as whom the DynamoDB and DynamoDB Streams clients talk, and how hard
// they retry. Built once by main() from the environment (FromEnvironment) or by tests by hand.
//
// Environment, as the official AWS SDKs read it:
//   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   credentials
//   AWS_REGION, else AWS_DEFAULT_REGION, else "us-east-1"         region
//   AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL              DynamoDB endpoint override
//   AWS_ENDPOINT_URL_DYNAMODB_STREAMS, else AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL
//                                                                  Streams endpoint override
//       (the SDKs' service-specific variable for Streams is ..._DYNAMODB_STREAMS; falling back
//       to ..._DYNAMODB is our choice, because a local engine serves both APIs on one port,
//       routed by X-Amz-Target, so one variable is enough to point everything at it)
//   default endpoints: https://dynamodb.<region>.amazonaws.com and
//                      https://streams.dynamodb.<region>.amazonaws.com
// Value type; thread-compatible.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sb::dynamo {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: long-term credentials, no X-Amz-Security-Token
};

// Exponential backoff with full jitter: before retry number r (r = 0 for the first retry) the
// client sleeps a uniformly random time in [0, min(cap, base * 2^r)].
struct RetryPolicy {
  int max_attempts = 10;  // total tries including the first; >= 1 (botocore's dynamodb value)
  std::chrono::milliseconds base{50};
  std::chrono::milliseconds cap{5000};
};

struct ClientConfig {
  Credentials credentials;
  std::string region = "us-east-1";
  std::string endpoint;          // e.g. "https://dynamodb.us-east-1.amazonaws.com"
  std::string streams_endpoint;  // e.g. "https://streams.dynamodb.us-east-1.amazonaws.com"
  RetryPolicy retry;
  // Per-request timeout (0 = none) and connect timeout of the HTTP transport.
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds connect_timeout{2000};
};

using GetEnv = std::function<std::optional<std::string>(std::string_view name)>;

// Reads the variables listed above through `getenv` (which returns nullopt for an unset
// variable; an empty value counts as unset, as in the SDKs). Never fails: missing
// credentials stay empty (a local engine accepts any signature), a missing region is
// "us-east-1".
ClientConfig FromEnvironment(const GetEnv& getenv);

// The default endpoints for a region.
std::string DefaultEndpoint(std::string_view region);
std::string DefaultStreamsEndpoint(std::string_view region);

}  // namespace sb::dynamo
