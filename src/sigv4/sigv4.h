// AWS Signature Version 4 (header signing, "AWS4-HMAC-SHA256"): the canonical request, the
// string to sign, the signing key, Sign() for clients and Verify() for the engine's
// --verify-signatures. Pure: no I/O, and time is always passed in.
//
// Pinned by tests/unit/sigv4/sigv4_test.cpp against every header-signing vector of the AWS
// SigV4 test suite (tests/data/sigv4/v4/post-*), plus Sign/Verify round trips.
//
// Thread-safety: all functions are reentrant.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace sb::sigv4 {

using HeaderList = std::vector<std::pair<std::string, std::string>>;
using TimePoint = std::chrono::system_clock::time_point;

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
// Maximum clock skew Verify() accepts either way (DynamoDB: 15 minutes).
inline constexpr std::chrono::minutes kMaxSkew{15};

// The parts of an HTTP request that signing reads. method, target and body are views: the
// strings they point to must outlive the Request. Sign() adds to `headers`.
struct Request {
  std::string_view method = "POST";
  std::string_view target = "/";  // path plus optional "?query", as on the request line
  HeaderList headers;             // names in any case; repeated names allowed
  std::string_view body;
};

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: none
};

struct SignParams {
  std::string region;   // e.g. "us-east-1"
  std::string service;  // "dynamodb" for DynamoDB and DynamoDB Streams
  TimePoint time;
  // Adds and signs "x-amz-content-sha256: <hex sha256(body)>" (S3 style; DynamoDB SDKs don't).
  bool add_content_sha256 = false;
  // False: X-Amz-Security-Token is added after signing and not signed (some STS flows).
  bool sign_session_token = true;
};

// "YYYYMMDDTHHMMSSZ" (UTC) and back. Parse fails on any other shape.
std::string FormatAmzDate(TimePoint time);
std::optional<TimePoint> ParseAmzDate(std::string_view text);

// Lower-case hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);

// The canonical request over the headers named in `signed_headers` (lower-case, sorted,
// unique). A header named there but absent from the request contributes an empty value.
std::string CanonicalRequest(const Request& request, const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash);
// The sorted, lower-cased, unique names of `headers`.
std::vector<std::string> SignedHeaderNames(const HeaderList& headers);
// "<date>/<region>/<service>/aws4_request"; date is YYYYMMDD.
std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service);
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);
// The raw (binary) 32-byte signing key.
std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service);
// Lower-case hex HMAC-SHA256(key, string_to_sign).
std::string SignatureHex(std::string_view signing_key, std::string_view string_to_sign);

// Signs `request` in place. Removes any previous X-Amz-Date, Authorization,
// X-Amz-Security-Token and X-Amz-Content-Sha256, then appends, in this order:
// X-Amz-Security-Token (if credentials carry one), X-Amz-Date, x-amz-content-sha256 (if asked)
// and Authorization. Every header present is signed, except Authorization, User-Agent,
// X-Amzn-Trace-Id and Expect (which proxies and transports may change).
// Errors: "sigv4" when the request has no Host header or the credentials are empty.
Status Sign(Request& request, const Credentials& credentials, const SignParams& params);

// Why Verify() rejected a request, in DynamoDB's terms: `type` is the error name without a
// namespace (e.g. "InvalidSignatureException"); the engine maps it to its ApiError (all 400s).
struct VerifyError {
  std::string type;
  std::string message;

  friend bool operator==(const VerifyError&, const VerifyError&) = default;
};

// Returns the secret access key of a known access key id, or nullopt.
using SecretLookup = std::function<std::optional<std::string>(std::string_view access_key_id)>;

// Checks a header-signed request, in DynamoDB's order (docs/dynamodb-wire.md §3.3):
//  1. no Authorization header -> MissingAuthenticationTokenException
//     "Request is missing Authentication Token"
//  2. malformed Authorization (not AWS4-HMAC-SHA256, no Credential / SignedHeaders /
//     Signature, no X-Amz-Date or Date, bad credential scope, bad date, host not signed)
//     -> IncompleteSignatureException
//  3. date more than 15 minutes from `now` -> InvalidSignatureException
//     "Signature expired: ..." (or "Signature not yet current: ..." when in the future)
//  4. unknown access key -> UnrecognizedClientException
//     "The security token included in the request is invalid."
//  5. signature mismatch -> InvalidSignatureException "The request signature we calculated
//     does not match the signature you provided. ..."
// Any region and service in the credential scope are accepted (like DynamoDB Local).
// Returns nullopt when the request is correctly signed.
std::optional<VerifyError> Verify(const Request& request, const SecretLookup& lookup,
                                  TimePoint now);

// The part of Verify() that needs no body (steps 1-4 and the credential scope's date): the
// engine runs it on a request's head, before reading the body, so an unsigned or wrongly
// scoped upload is refused without being buffered. Verify() then checks the body hash and
// the signature. Returns nullopt when the head is acceptable.
std::optional<VerifyError> VerifyHead(const Request& request, const SecretLookup& lookup,
                                      TimePoint now);

}  // namespace sb::sigv4
