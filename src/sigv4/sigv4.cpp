#include "sigv4/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <ctime>

#include "sigv4/detail.h"

namespace sb::sigv4 {

using detail::FindHeader;
using detail::IEquals;
using detail::Lower;

namespace {

char LowerChar(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }


std::string Hex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '\0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xf];
  }
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

bool Unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// RFC 3986 percent-encoding of everything but unreserved characters, upper-case hex.
void UriEncode(std::string_view in, std::string& out) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (char c : in) {
    if (Unreserved(c)) {
      out.push_back(c);
    } else {
      auto b = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kDigits[b >> 4]);
      out.push_back(kDigits[b & 0xf]);
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string UriDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

// Canonical URI: dot segments removed and empty segments collapsed (SigV4 "normalize"),
// then each segment URI-encoded. The path is taken as it appears on the wire, so an
// already-encoded "%20" is encoded again ("%2520"): SigV4's double encoding for non-S3.
std::string CanonicalUri(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(pos, slash - pos);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    pos = slash + 1;
  }
  const bool trailing_slash = !path.empty() && path.back() == '/' && !segments.empty();
  std::string out;
  for (std::string_view seg : segments) {
    out.push_back('/');
    UriEncode(seg, out);
  }
  if (out.empty() || trailing_slash) out.push_back('/');
  return out;
}

// Canonical query: each name=value decoded then strictly re-encoded, sorted by name then value.
std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view item = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    std::string name;
    std::string value;
    UriEncode(UriDecode(item.substr(0, eq)), name);
    if (eq != std::string_view::npos) UriEncode(UriDecode(item.substr(eq + 1)), value);
    params.emplace_back(std::move(name), std::move(value));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out.append(name).append("=").append(value);
  }
  return out;
}

// Trims the value and collapses runs of spaces into one.
void AppendCanonicalValue(std::string_view value, std::string& out) {
  size_t b = 0;
  size_t e = value.size();
  while (b < e && (value[b] == ' ' || value[b] == '\t')) ++b;
  while (e > b && (value[e - 1] == ' ' || value[e - 1] == '\t')) --e;
  bool in_space = false;
  for (size_t i = b; i < e; ++i) {
    char c = value[i] == '\t' ? ' ' : value[i];
    if (c == ' ') {
      if (in_space) continue;
      in_space = true;
    } else {
      in_space = false;
    }
    out.push_back(c);
  }
}

bool Unsignable(std::string_view lower_name) {
  return lower_name == "authorization" || lower_name == "user-agent" ||
         lower_name == "x-amzn-trace-id" || lower_name == "expect";
}

void RemoveHeader(HeaderList& headers, std::string_view name) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const auto& h) { return IEquals(h.first, name); }),
                headers.end());
}

std::string Join(const std::vector<std::string>& names, char sep) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out.push_back(sep);
    out.append(n);
  }
  return out;
}

}  // namespace

namespace detail {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerChar(c);
  return out;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerChar(a[i]) != LowerChar(b[i])) return false;
  }
  return true;
}

const std::string* FindHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (IEquals(n, name)) return &v;
  }
  return nullptr;
}

}  // namespace detail

std::string FormatAmzDate(TimePoint time) {
  std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::optional<TimePoint> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  auto num = [&](size_t pos, size_t len, int* out) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  int year, month, day, hour, minute, second;
  if (!num(0, 4, &year) || !num(4, 2, &month) || !num(6, 2, &day) || !num(9, 2, &hour) ||
      !num(11, 2, &minute) || !num(13, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return Hex(digest, sizeof digest);
}

std::vector<std::string> SignedHeaderNames(const HeaderList& headers) {
  std::vector<std::string> names;
  names.reserve(headers.size());
  for (const auto& h : headers) names.push_back(Lower(h.first));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string CanonicalRequest(const Request& request, const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash) {
  std::string_view target = request.target;
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  std::string out;
  out.reserve(256 + request.headers.size() * 48);
  out.append(request.method).push_back('\n');
  out.append(CanonicalUri(path)).push_back('\n');
  out.append(CanonicalQuery(query)).push_back('\n');
  for (const auto& name : signed_headers) {
    out.append(name).push_back(':');
    bool first = true;
    for (const auto& [n, v] : request.headers) {
      if (!IEquals(n, name)) continue;
      if (!first) out.push_back(',');
      AppendCanonicalValue(v, out);
      first = false;
    }
    out.push_back('\n');
  }
  out.push_back('\n');
  out.append(Join(signed_headers, ';')).push_back('\n');
  out.append(payload_hash);
  return out;
}

std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service) {
  std::string out;
  out.append(date).append("/").append(region).append("/").append(service).append("/aws4_request");
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  std::string out;
  out.append(kAlgorithm).append("\n").append(amz_date).append("\n").append(scope).append("\n");
  out.append(Sha256Hex(canonical_request));
  return out;
}

std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  std::string k = Hmac("AWS4" + std::string(secret), date);
  k = Hmac(k, region);
  k = Hmac(k, service);
  return Hmac(k, "aws4_request");
}

std::string SignatureHex(std::string_view signing_key, std::string_view string_to_sign) {
  std::string mac = Hmac(signing_key, string_to_sign);
  return Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

Status Sign(Request& request, const Credentials& credentials, const SignParams& params) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return MakeError("sigv4", "cannot sign: empty access key id or secret access key");
  }
  if (FindHeader(request.headers, "host") == nullptr)
    return MakeError("sigv4", "cannot sign: no Host header");
  for (std::string_view name :
       {"authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"}) {
    RemoveHeader(request.headers, name);
  }
  const std::string amz_date = FormatAmzDate(params.time);
  const std::string date = amz_date.substr(0, 8);
  const std::string payload_hash = Sha256Hex(request.body);
  const bool has_token = !credentials.session_token.empty();

  if (has_token && params.sign_session_token)
    request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  request.headers.emplace_back("X-Amz-Date", amz_date);
  if (params.add_content_sha256) request.headers.emplace_back("x-amz-content-sha256", payload_hash);

  std::vector<std::string> names = SignedHeaderNames(request.headers);
  names.erase(std::remove_if(names.begin(), names.end(),
                             [](const std::string& n) { return Unsignable(n); }),
              names.end());
  const std::string scope = CredentialScope(date, params.region, params.service);
  const std::string canonical = CanonicalRequest(request, names, payload_hash);
  const std::string key =
      SigningKey(credentials.secret_access_key, date, params.region, params.service);
  const std::string signature = SignatureHex(key, StringToSign(amz_date, scope, canonical));

  if (has_token && !params.sign_session_token) {
    // Insert where a signed token would have gone, so header order does not depend on it.
    auto date_it = std::find_if(request.headers.begin(), request.headers.end(),
                                [](const auto& h) { return h.first == "X-Amz-Date"; });
    request.headers.emplace(date_it, "X-Amz-Security-Token", credentials.session_token);
  }
  std::string auth;
  auth.append(kAlgorithm)
      .append(" Credential=")
      .append(credentials.access_key_id)
      .append("/")
      .append(scope);
  auth.append(", SignedHeaders=").append(Join(names, ';')).append(", Signature=").append(signature);
  request.headers.emplace_back("Authorization", std::move(auth));
  return {};
}

}  // namespace sb::sigv4
