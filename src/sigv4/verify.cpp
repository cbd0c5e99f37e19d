// Verification of a SigV4-signed request (sigv4.h: VerifyHead and Verify): the head checks
// that need no body, then the body hash and the signature. Error types and wording follow
// DynamoDB's (docs/dynamodb-wire.md §3.3).
#include <openssl/crypto.h>

#include <algorithm>
#include <ctime>

#include "base/quote.h"
#include "sigv4/detail.h"
#include "sigv4/sigv4.h"

namespace sb::sigv4 {
namespace {

using detail::FindHeader;
using detail::Lower;

constexpr std::string_view kSignatureMismatch =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

// Messages quote header values whole up to this size (a normal Authorization header fits),
// and only a prefix of anything longer.
constexpr size_t kQuoteHeaderBytes = 512;

VerifyError Incomplete(std::string message) {
  return {"IncompleteSignatureException", std::move(message)};
}

// RFC 1123 "Sun, 30 Aug 2015 12:36:00 GMT" (the Date header form).
std::optional<TimePoint> ParseHttpDate(std::string_view text) {
  std::string s(text);
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// `text` split at every `sep` (empty pieces kept).
std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (true) {
    size_t at = text.find(sep, pos);
    parts.push_back(text.substr(pos, at == std::string_view::npos ? std::string_view::npos
                                                                  : at - pos));
    if (at == std::string_view::npos) return parts;
    pos = at + 1;
  }
}

// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." (separators ',' and ' ').
struct Authorization {
  std::string_view algorithm;
  std::string credential;
  std::string signed_list;
  std::string signature;
};

Authorization ParseAuthorization(std::string_view auth) {
  Authorization a;
  a.algorithm = auth.substr(0, auth.find(' '));
  std::string_view rest = auth.substr(a.algorithm.size());
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(", ");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    std::string_view item = rest.substr(0, rest.find_first_of(", "));
    rest.remove_prefix(item.size());
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = item.substr(0, eq);
    std::string value(item.substr(eq + 1));
    if (name == "Credential") a.credential = std::move(value);
    if (name == "SignedHeaders") a.signed_list = std::move(value);
    if (name == "Signature") a.signature = std::move(value);
  }
  return a;
}

// The Authorization header's parameters and algorithm, and a date header, are present.
std::optional<VerifyError> CheckComplete(const Authorization& a, std::string_view auth,
                                         bool has_date) {
  std::string missing;
  if (a.credential.empty()) missing += "Authorization header requires 'Credential' parameter. ";
  if (a.signature.empty()) missing += "Authorization header requires 'Signature' parameter. ";
  if (a.signed_list.empty()) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!has_date) {
    missing +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (!missing.empty()) {
    return Incomplete(missing + "Authorization=" + QuotePrefix(auth, kQuoteHeaderBytes));
  }
  if (a.algorithm != kAlgorithm) {
    return Incomplete("Unsupported AWS 'algorithm': '" + QuotePrefix(a.algorithm) + "'");
  }
  return std::nullopt;
}

// The signing time from X-Amz-Date (or Date), within kMaxSkew of `now`; sets *amz_date.
std::optional<VerifyError> CheckSignedAt(const Request& request, TimePoint now,
                                         std::string* amz_date) {
  const std::string* amz_date_header = FindHeader(request.headers, "x-amz-date");
  const std::string* date_header = FindHeader(request.headers, "date");
  std::optional<TimePoint> signed_at;
  if (amz_date_header != nullptr) {
    *amz_date = *amz_date_header;
    signed_at = ParseAmzDate(*amz_date);
  } else {
    signed_at = ParseHttpDate(*date_header);
    if (signed_at) *amz_date = FormatAmzDate(*signed_at);
  }
  if (!signed_at) {
    return Incomplete("Date must be in ISO-8601 'basic format'. Got '" +
                      QuotePrefix(amz_date_header != nullptr ? *amz_date_header : *date_header) +
                      "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  const TimePoint now_s = std::chrono::time_point_cast<std::chrono::seconds>(now);
  if (*signed_at < now_s - kMaxSkew) {
    return VerifyError{"InvalidSignatureException", "Signature expired: " + *amz_date +
                                                        " is now earlier than " +
                                                        FormatAmzDate(now_s - kMaxSkew) + " (" +
                                                        FormatAmzDate(now_s) + " - 15 min.)"};
  }
  if (*signed_at > now_s + kMaxSkew) {
    return VerifyError{"InvalidSignatureException", "Signature not yet current: " + *amz_date +
                                                        " is still later than " +
                                                        FormatAmzDate(now_s + kMaxSkew) + " (" +
                                                        FormatAmzDate(now_s) + " + 15 min.)"};
  }
  return std::nullopt;
}

// What CheckHead() read from a request's head for the signature check.
struct SignedHead {
  std::string amz_date;
  std::string signature;
  std::string secret;
  std::vector<std::string> scope;  // date, region, service
  std::vector<std::string> signed_headers;
};

// Steps 1-4 of Verify() plus the credential scope's date: everything that needs no body.
std::optional<VerifyError> CheckHead(const Request& request, const SecretLookup& lookup,
                                     TimePoint now, SignedHead* out) {
  const std::string* auth = FindHeader(request.headers, "authorization");
  if (auth == nullptr) {
    return VerifyError{"MissingAuthenticationTokenException",
                       "Request is missing Authentication Token"};
  }
  Authorization a = ParseAuthorization(*auth);
  const bool has_date = FindHeader(request.headers, "x-amz-date") != nullptr ||
                        FindHeader(request.headers, "date") != nullptr;
  if (auto failure = CheckComplete(a, *auth, has_date)) return failure;

  // Credential = <access key>/<YYYYMMDD>/<region>/<service>/aws4_request
  std::vector<std::string_view> parts = Split(a.credential, '/');
  if (parts.size() != 5 || parts[0].empty() || parts[1].size() != 8 || parts[2].empty() ||
      parts[3].empty() || parts[4] != "aws4_request") {
    return Incomplete(
        "Credential should be scoped to a valid region, service and date, and end with "
        "'aws4_request'. Credential=" +
        QuotePrefix(a.credential, kQuoteHeaderBytes));
  }
  std::vector<std::string> signed_headers;
  for (std::string_view name : Split(a.signed_list, ';')) {
    if (!name.empty()) signed_headers.push_back(Lower(name));
  }
  if (std::find(signed_headers.begin(), signed_headers.end(), "host") == signed_headers.end()) {
    return Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  std::string amz_date;
  if (auto failure = CheckSignedAt(request, now, &amz_date)) return failure;

  std::optional<std::string> secret = lookup ? lookup(parts[0]) : std::nullopt;
  if (!secret) {
    return VerifyError{"UnrecognizedClientException",
                       "The security token included in the request is invalid."};
  }
  if (parts[1] != std::string_view(amz_date).substr(0, 8)) {
    return VerifyError{"InvalidSignatureException",
                       "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                       "version of date from HTTP: '" +
                           std::string(parts[1]) + "' != '" + amz_date.substr(0, 8) + "', from '" +
                           amz_date + "'."};
  }
  out->amz_date = std::move(amz_date);
  out->signature = std::move(a.signature);
  out->secret = std::move(*secret);
  out->scope = {std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
  out->signed_headers = std::move(signed_headers);
  return std::nullopt;
}

}  // namespace

std::optional<VerifyError> VerifyHead(const Request& request, const SecretLookup& lookup,
                                      TimePoint now) {
  SignedHead head;
  return CheckHead(request, lookup, now, &head);
}

std::optional<VerifyError> Verify(const Request& request, const SecretLookup& lookup,
                                  TimePoint now) {
  SignedHead head;
  if (auto failure = CheckHead(request, lookup, now, &head)) return failure;
  std::string payload_hash = Sha256Hex(request.body);
  if (const std::string* declared = FindHeader(request.headers, "x-amz-content-sha256");
      declared != nullptr && *declared != payload_hash) {
    return VerifyError{
        "InvalidSignatureException",
        "The provided 'x-amz-content-sha256' header does not match what was computed."};
  }

  // Canonicalise signed headers in sorted order, as the signer did.
  std::vector<std::string> sorted = head.signed_headers;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  const std::string canonical = CanonicalRequest(request, sorted, payload_hash);
  const std::string scope = CredentialScope(head.scope[0], head.scope[1], head.scope[2]);
  const std::string key = SigningKey(head.secret, head.scope[0], head.scope[1], head.scope[2]);
  const std::string expected = SignatureHex(key, StringToSign(head.amz_date, scope, canonical));
  if (expected.size() != head.signature.size() ||
      CRYPTO_memcmp(expected.data(), head.signature.data(), expected.size()) != 0) {
    return VerifyError{"InvalidSignatureException", std::string(kSignatureMismatch)};
  }
  return std::nullopt;
}

}  // namespace sb::sigv4
