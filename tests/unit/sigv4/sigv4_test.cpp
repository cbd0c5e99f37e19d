#include "sigv4/sigv4.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sb::sigv4 {
namespace {

namespace fs = std::filesystem;
using std::chrono::minutes;
using std::chrono::seconds;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The AWS signing vectors copied into the repository (tests/data/sigv4/README.md says which);
// CMake passes their absolute path.
fs::path VectorsDir() { return fs::path(SB_SIGV4_VECTORS_DIR); }

// A parsed request.txt / header-signed-request.txt: request line, "Name:value" headers,
// a blank line, the body. Trailing blank lines after the headers mean an empty body.
struct RawRequest {
  std::string method;
  std::string target;
  HeaderList headers;
  std::string body;
};

RawRequest ParseRaw(const std::string& text) {
  RawRequest r;
  size_t pos = 0;
  auto next_line = [&](std::string* line) {
    if (pos > text.size()) return false;
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    *line = text.substr(pos, nl - pos);
    if (!line->empty() && line->back() == '\r') line->pop_back();
    pos = nl + 1;
    return true;
  };
  std::string line;
  next_line(&line);
  std::istringstream request_line(line);
  std::string version;
  request_line >> r.method >> r.target >> version;
  while (next_line(&line) && !line.empty()) {
    size_t colon = line.find(':');
    r.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  if (pos < text.size()) r.body = text.substr(pos);
  return r;
}

struct Vector {
  std::string name;
  fs::path dir;
};

std::vector<Vector> AllVectors() {
  std::vector<Vector> out;
  fs::path dir = VectorsDir();
  if (!fs::is_directory(dir)) {
    ADD_FAILURE() << "SigV4 vectors not found at " << dir;
    return out;
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory()) out.push_back({entry.path().filename().string(), entry.path()});
  }
  std::sort(out.begin(), out.end(),
            [](const Vector& a, const Vector& b) { return a.name < b.name; });
  return out;
}

TEST(SigV4VectorsTest, EveryHeaderSigningVectorIsReproduced) {
  std::vector<Vector> vectors = AllVectors();
  // The README lists 10 POST cases; all of them must be present and checked.
  ASSERT_EQ(vectors.size(), 10u);
  for (const Vector& v : vectors) {
    SCOPED_TRACE(v.name);
    boost::json::object context = boost::json::parse(ReadFile(v.dir / "context.json")).as_object();
    const auto& creds = context.at("credentials").as_object();
    Credentials credentials{
        std::string(creds.at("access_key_id").as_string()),
        std::string(creds.at("secret_access_key").as_string()),
        creds.contains("token") ? std::string(creds.at("token").as_string()) : ""};
    SignParams params;
    params.region = std::string(context.at("region").as_string());
    params.service = std::string(context.at("service").as_string());
    auto time = ParseAmzDate("20150830T123600Z");
    ASSERT_TRUE(time.has_value());
    ASSERT_EQ(context.at("timestamp").as_string(), "2015-08-30T12:36:00Z");
    params.time = *time;
    params.add_content_sha256 = context.at("sign_body").as_bool();
    params.sign_session_token =
        !(context.contains("omit_session_token") && context.at("omit_session_token").as_bool());

    RawRequest raw = ParseRaw(ReadFile(v.dir / "request.txt"));
    Request request{raw.method, raw.target, raw.headers, raw.body};
    ASSERT_TRUE(Sign(request, credentials, params).ok());

    // Intermediate steps, recomputed from the signed request.
    std::vector<std::string> signed_names = SignedHeaderNames(request.headers);
    signed_names.erase(std::remove(signed_names.begin(), signed_names.end(), "authorization"),
                       signed_names.end());
    if (!params.sign_session_token) {
      signed_names.erase(
          std::remove(signed_names.begin(), signed_names.end(), "x-amz-security-token"),
          signed_names.end());
    }
    const std::string canonical = CanonicalRequest(request, signed_names, Sha256Hex(raw.body));
    EXPECT_EQ(canonical, ReadFile(v.dir / "header-canonical-request.txt"));
    const std::string sts = StringToSign(
        "20150830T123600Z", CredentialScope("20150830", params.region, params.service), canonical);
    EXPECT_EQ(sts, ReadFile(v.dir / "header-string-to-sign.txt"));
    const std::string key =
        SigningKey(credentials.secret_access_key, "20150830", params.region, params.service);
    EXPECT_EQ(SignatureHex(key, sts), ReadFile(v.dir / "header-signature.txt"));

    // The signed request, header by header and in order.
    RawRequest expected = ParseRaw(ReadFile(v.dir / "header-signed-request.txt"));
    EXPECT_EQ(request.method, expected.method);
    EXPECT_EQ(request.target, expected.target);
    EXPECT_EQ(request.headers, expected.headers);
    // Trailing newlines after the header block are the file's, not the body's.
    while (!expected.body.empty() && expected.body.back() == '\n') expected.body.pop_back();
    EXPECT_EQ(std::string(request.body), expected.body);

    // And the engine side accepts exactly what the vector says is correctly signed.
    SecretLookup lookup = [&](std::string_view id) -> std::optional<std::string> {
      if (id == credentials.access_key_id) return credentials.secret_access_key;
      return std::nullopt;
    };
    Request as_received{expected.method, expected.target, expected.headers, raw.body};
    EXPECT_EQ(Verify(as_received, lookup, *time + minutes(3)), std::nullopt);
  }
}

TEST(SigV4Test, SigningKeyMatchesDocumentedDerivation) {
  // post-vanilla's key chain, checked by hand in the vectors' README.
  std::string key =
      SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service");
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(
      SignatureHex(key,
                   "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                   "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"),
      "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4Test, AmzDateRoundTripsAndRejectsJunk) {
  auto t = ParseAmzDate("20240229T235959Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatAmzDate(*t), "20240229T235959Z");
  EXPECT_FALSE(ParseAmzDate("2024-02-29T23:59:59Z").has_value());
  EXPECT_FALSE(ParseAmzDate("20241329T235959Z").has_value());
  EXPECT_FALSE(ParseAmzDate("20240229T235959").has_value());
  EXPECT_FALSE(ParseAmzDate("").has_value());
}

TEST(SigV4Test, CanonicalQueryIsSortedAndReencoded) {
  Request r{"GET", "/a/./b/../c?b=2&a=x%20y&a=1&flag", {{"Host", "h"}}, ""};
  std::string canonical = CanonicalRequest(r, {"host"}, Sha256Hex(""));
  EXPECT_EQ(canonical.substr(0, canonical.find("host:")), "GET\n/a/c\na=1&a=x%20y&b=2&flag=\n");
}

TEST(SigV4Test, HeaderValuesAreTrimmedCollapsedAndJoined) {
  Request r{"POST", "/", {{"Host", "h"}, {"My-Header", "  a   b  "}, {"my-header", "c"}}, ""};
  std::string canonical = CanonicalRequest(r, {"host", "my-header"}, Sha256Hex(""));
  EXPECT_NE(canonical.find("\nmy-header:a b,c\n"), std::string::npos) << canonical;
}

// --- Sign/Verify round trips and each Verify error ---

class VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    now_ = *ParseAmzDate("20240501T120000Z");
    creds_ = {"AKIDLOCAL", "local-secret", ""};
    lookup_ = [this](std::string_view id) -> std::optional<std::string> {
      if (id == creds_.access_key_id) return creds_.secret_access_key;
      return std::nullopt;
    };
  }
  Request Signed(TimePoint at, const Credentials& creds) {
    Request r{"POST",
              "/",
              {{"Host", "127.0.0.1:8000"},
               {"Content-Type", "application/x-amz-json-1.0"},
               {"X-Amz-Target", "DynamoDB_20120810.GetItem"}},
              body_};
    SignParams p{"us-east-1", "dynamodb", at};
    EXPECT_TRUE(Sign(r, creds, p).ok());
    return r;
  }
  static void SetHeader(Request& r, std::string_view name, std::string value) {
    for (auto& [n, v] : r.headers) {
      if (n == name) v = std::move(value);
    }
  }

  std::string body_ = R"({"TableName":"GameScores","Key":{"PlayerId":{"S":"p1"}}})";
  TimePoint now_;
  Credentials creds_;
  SecretLookup lookup_;
};

TEST_F(VerifyTest, SignedRequestVerifies) {
  Request r = Signed(now_, creds_);
  EXPECT_EQ(Verify(r, lookup_, now_), std::nullopt);
  EXPECT_EQ(Verify(r, lookup_, now_ + minutes(14)), std::nullopt);
}

TEST_F(VerifyTest, SessionTokenIsSignedAndVerifies) {
  Credentials with_token = creds_;
  with_token.session_token = "TOKEN/abc==";
  Request r = Signed(now_, with_token);
  ASSERT_EQ(r.headers[3].first, "X-Amz-Security-Token");
  const std::string& auth = r.headers.back().second;
  EXPECT_NE(
      auth.find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"),
      std::string::npos)
      << auth;
  EXPECT_EQ(Verify(r, lookup_, now_), std::nullopt);
  SetHeader(r, "X-Amz-Security-Token", "TOKEN/other");
  ASSERT_TRUE(Verify(r, lookup_, now_).has_value());
}

TEST_F(VerifyTest, ResigningReplacesPreviousSignature) {
  Request r = Signed(now_, creds_);
  SignParams p{"us-east-1", "dynamodb", now_ + seconds(5)};
  ASSERT_TRUE(Sign(r, creds_, p).ok());
  int auth_count = 0;
  int date_count = 0;
  for (const auto& [n, v] : r.headers) {
    auth_count += n == "Authorization";
    date_count += n == "X-Amz-Date";
  }
  EXPECT_EQ(auth_count, 1);
  EXPECT_EQ(date_count, 1);
  EXPECT_EQ(Verify(r, lookup_, now_), std::nullopt);
}

TEST_F(VerifyTest, SignWithoutHostFails) {
  Request r{"POST", "/", {}, ""};
  EXPECT_FALSE(Sign(r, creds_, SignParams{"us-east-1", "dynamodb", now_}).ok());
}

TEST_F(VerifyTest, MissingAuthorization) {
  Request r{"POST", "/", {{"Host", "h"}}, body_};
  EXPECT_EQ(Verify(r, lookup_, now_), (VerifyError{"MissingAuthenticationTokenException",
                                                   "Request is missing Authentication Token"}));
}

TEST_F(VerifyTest, IncompleteSignatureListsMissingParts) {
  Request r{"POST",
            "/",
            {{"Host", "h"},
             {"Authorization",
              "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20240501/us-east-1/dynamodb/aws4_request"}},
            body_};
  auto err = Verify(r, lookup_, now_);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->type, "IncompleteSignatureException");
  EXPECT_EQ(err->message,
            "Authorization header requires 'Signature' parameter. Authorization header requires "
            "'SignedHeaders' "
            "parameter. Authorization header requires existence of either a 'X-Amz-Date' or a "
            "'Date' header. "
            "Authorization=AWS4-HMAC-SHA256 "
            "Credential=AKIDLOCAL/20240501/us-east-1/dynamodb/aws4_request");
}

TEST_F(VerifyTest, MalformedCredentialScopeAndUnsignedHostAreIncomplete) {
  Request r = Signed(now_, creds_);
  Request bad_scope = r;
  std::string& auth = bad_scope.headers.back().second;
  auth.replace(auth.find("/aws4_request"), 13, "/aws5_request");
  auto err = Verify(bad_scope, lookup_, now_);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->type, "IncompleteSignatureException");

  Request no_host = r;
  std::string& auth2 = no_host.headers.back().second;
  auth2.replace(auth2.find("host;"), 5, "");
  err = Verify(no_host, lookup_, now_);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->type, "IncompleteSignatureException");

  Request bad_algorithm = r;
  bad_algorithm.headers.back().second.replace(0, 16, "AWS4-HMAC-SHA512");
  err = Verify(bad_algorithm, lookup_, now_);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->type, "IncompleteSignatureException");

  Request bad_date = r;
  SetHeader(bad_date, "X-Amz-Date", "yesterday");
  err = Verify(bad_date, lookup_, now_);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->type, "IncompleteSignatureException");
}

TEST_F(VerifyTest, UnknownAccessKeyIsUnrecognized) {
  Request r = Signed(now_, Credentials{"AKIDOTHER", "other", ""});
  EXPECT_EQ(Verify(r, lookup_, now_),
            (VerifyError{"UnrecognizedClientException",
                         "The security token included in the request is invalid."}));
}

TEST_F(VerifyTest, WrongSecretOrTamperedRequestIsInvalidSignature) {
  const VerifyError mismatch{
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. "
      "Check your AWS Secret Access Key and signing method. Consult the service "
      "documentation for details."};
  Request wrong_secret = Signed(now_, Credentials{"AKIDLOCAL", "not-the-secret", ""});
  EXPECT_EQ(Verify(wrong_secret, lookup_, now_), mismatch);

  Request r = Signed(now_, creds_);
  std::string tampered_body = body_ + " ";
  Request body_changed = r;
  body_changed.body = tampered_body;
  EXPECT_EQ(Verify(body_changed, lookup_, now_), mismatch);

  Request header_changed = r;
  SetHeader(header_changed, "X-Amz-Target", "DynamoDB_20120810.DeleteItem");
  EXPECT_EQ(Verify(header_changed, lookup_, now_), mismatch);
}

TEST_F(VerifyTest, ExpiredAndFutureSignatures) {
  Request r = Signed(now_, creds_);
  auto err = Verify(r, lookup_, now_ + minutes(16));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->type, "InvalidSignatureException");
  EXPECT_EQ(err->message,
            "Signature expired: 20240501T120000Z is now earlier than 20240501T120100Z "
            "(20240501T121600Z - 15 min.)");
  err = Verify(r, lookup_, now_ - minutes(16));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->type, "InvalidSignatureException");
  EXPECT_EQ(err->message.rfind("Signature not yet current: 20240501T120000Z", 0), 0u)
      << err->message;
  // Expiry is checked before the key lookup.
  Request unknown = Signed(now_, Credentials{"AKIDOTHER", "other", ""});
  err = Verify(unknown, lookup_, now_ + minutes(20));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->type, "InvalidSignatureException");
}

}  // namespace
}  // namespace sb::sigv4
