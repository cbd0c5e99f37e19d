#include "dynamo/transport.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <limits>

#include "dynamo/retry.h"

namespace sb::dynamo {
namespace {

using http::ClientRequest;
using http::Response;

class MaxRandom final : public Random {
 public:
  uint64_t Next() override { return std::numeric_limits<uint64_t>::max(); }
};

// Records every requested delay.
class RecordingSleeper final : public Sleeper {
 public:
  void SleepFor(std::chrono::milliseconds d) override { delays.push_back(d.count()); }
  std::vector<int64_t> delays;
};

Response Json(int status, std::string body, bool with_crc = true) {
  Response r;
  r.status = status;
  r.headers.Set("Content-Type", "application/x-amz-json-1.0");
  if (with_crc) r.headers.Set("x-amz-crc32", std::to_string(Crc32(body)));
  r.body = std::move(body);
  return r;
}

Response Error(int status, std::string_view type, std::string_view message = "m") {
  return Json(status, std::string(R"({"__type":"com.amazonaws.dynamodb.v20120810#)") +
                          std::string(type) + R"(","message":")" + std::string(message) + "\"}");
}

ClientConfig Config() {
  ClientConfig c;
  c.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
  c.region = "us-west-2";
  c.endpoint = "http://127.0.0.1:8000";
  c.streams_endpoint = c.endpoint;
  c.retry.max_attempts = 4;
  c.retry.base = std::chrono::milliseconds(50);
  c.retry.cap = std::chrono::milliseconds(150);
  return c;
}

struct Fixture {
  explicit Fixture(http::FakeClient::Script script, ClientConfig config = Config())
      : http(std::move(script)), transport(std::move(config), http, clock, sleeper, random) {}
  protocol::ApiResult<boost::json::object> Call() {
    return transport.Call(transport.config().endpoint, "DynamoDB_20120810.GetItem",
                          boost::json::object{{"TableName", "T"}});
  }
  FakeClock clock{1'440'938'160'000};  // 2015-08-30T12:36:00Z
  RecordingSleeper sleeper;
  MaxRandom random;
  http::FakeClient http;
  Transport transport;
};

TEST(DynamoTransportTest, SendsASignedJson10Request) {
  Fixture f([](const ClientRequest&) { return Json(200, R"({"Item":{}})"); });
  ASSERT_TRUE(f.Call().ok());
  ASSERT_EQ(f.http.requests().size(), 1u);
  const std::vector<ClientRequest> sent = f.http.requests();
  const ClientRequest& r = sent[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "http://127.0.0.1:8000/");
  EXPECT_EQ(r.headers.Get("Host").value_or(""), "127.0.0.1:8000");
  EXPECT_EQ(r.headers.Get("Content-Type").value_or(""), "application/x-amz-json-1.0");
  EXPECT_EQ(r.headers.Get("X-Amz-Target").value_or(""), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(r.headers.Get("X-Amz-Date").value_or(""), "20150830T123600Z");
  EXPECT_FALSE(r.headers.Has("X-Amz-Security-Token"));
  std::string auth(r.headers.Get("Authorization").value_or(""));
  EXPECT_EQ(auth.rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/dynamodb/"
                       "aws4_request, SignedHeaders=",
                       0),
            0u)
      << auth;
  EXPECT_NE(auth.find("host"), std::string::npos);
  EXPECT_NE(auth.find("x-amz-target"), std::string::npos);
  EXPECT_NE(auth.find("Signature="), std::string::npos);
  EXPECT_EQ(boost::json::parse(r.body), boost::json::parse(R"({"TableName":"T"})"));
}

TEST(DynamoTransportTest, SessionTokenIsSent) {
  ClientConfig c = Config();
  c.credentials.session_token = "TOKEN";
  Fixture f([](const ClientRequest&) { return Json(200, "{}"); }, c);
  ASSERT_TRUE(f.Call().ok());
  const std::vector<ClientRequest> sent = f.http.requests();
  const ClientRequest& r = sent[0];
  EXPECT_EQ(r.headers.Get("X-Amz-Security-Token").value_or(""), "TOKEN");
  EXPECT_NE(std::string(r.headers.Get("Authorization").value_or("")).find("x-amz-security-token"),
            std::string::npos);
}

TEST(DynamoTransportTest, NoCredentialsMeansUnsigned) {
  ClientConfig c = Config();
  c.credentials = {};
  Fixture f([](const ClientRequest&) { return Json(200, "{}"); }, c);
  ASSERT_TRUE(f.Call().ok());
  EXPECT_FALSE(f.http.requests()[0].headers.Has("Authorization"));
}

TEST(DynamoTransportTest, RetriesServerErrorsThenSucceeds) {
  int n = 0;
  Fixture f([&](const ClientRequest&) {
    return ++n < 3 ? Error(500, "InternalServerError") : Json(200, R"({"ok":true})");
  });
  auto r = f.Call();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->at("ok").as_bool(), true);
  EXPECT_EQ(f.http.requests().size(), 3u);
  EXPECT_EQ(f.sleeper.delays, (std::vector<int64_t>{50, 100}));
}

TEST(DynamoTransportTest, EachAttemptIsSignedAfresh) {
  FakeClock* clock = nullptr;
  int n = 0;
  Fixture f([&](const ClientRequest&) {
    clock->Advance(std::chrono::hours(1));  // time passes while the first attempt fails
    return ++n < 2 ? Error(400, "ThrottlingException") : Json(200, "{}");
  });
  clock = &f.clock;
  ASSERT_TRUE(f.Call().ok());
  ASSERT_EQ(f.http.requests().size(), 2u);
  EXPECT_EQ(f.http.requests()[0].headers.Get("X-Amz-Date").value_or(""), "20150830T123600Z");
  EXPECT_EQ(f.http.requests()[1].headers.Get("X-Amz-Date").value_or(""), "20150830T133600Z");
}

TEST(DynamoTransportTest, GivesUpAfterMaxAttemptsWithTheLastError) {
  Fixture f([](const ClientRequest&) {
    return Error(400, "ProvisionedThroughputExceededException", "slow down");
  });
  auto r = f.Call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, "ProvisionedThroughputExceededException");
  EXPECT_EQ(r.error().message, "slow down");
  EXPECT_EQ(f.http.requests().size(), 4u);
  EXPECT_EQ(f.sleeper.delays, (std::vector<int64_t>{50, 100, 150}));  // capped at 150
}

TEST(DynamoTransportTest, NoRetryOnOtherClientErrors) {
  Fixture f([](const ClientRequest&) {
    return Error(400, "ConditionalCheckFailedException", "The conditional request failed");
  });
  auto r = f.Call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, "ConditionalCheckFailedException");
  EXPECT_EQ(r.error().message, "The conditional request failed");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_EQ(f.http.requests().size(), 1u);
  EXPECT_TRUE(f.sleeper.delays.empty());
}

TEST(DynamoTransportTest, DecodesErrorTypeAfterHashAndCapitalMessage) {
  Fixture f([](const ClientRequest&) {
    return Json(400,
                R"({"__type":"com.amazon.coral.service#SerializationException","Message":"bad"})");
  });
  auto r = f.Call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, "SerializationException");
  EXPECT_EQ(r.error().message, "bad");
}

TEST(DynamoTransportTest, CrcMismatchIsRetried) {
  int n = 0;
  Fixture f([&](const ClientRequest&) {
    Response r = Json(200, R"({"Item":{"a":{"S":"x"}}})");
    if (++n == 1) r.body = R"({"Item":{"a":{"S":"y"}}})";  // corrupted in transit
    return r;
  });
  auto r = f.Call();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(f.http.requests().size(), 2u);
  EXPECT_EQ(boost::json::value(*r), boost::json::parse(R"({"Item":{"a":{"S":"x"}}})"));
}

TEST(DynamoTransportTest, PersistentCrcMismatchFails) {
  Fixture f([](const ClientRequest&) {
    Response r = Json(200, "{}");
    r.headers.Set("x-amz-crc32", "12345");
    return r;
  });
  auto r = f.Call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, kCrc32MismatchError);
  EXPECT_EQ(f.http.requests().size(), 4u);
}

TEST(DynamoTransportTest, MissingCrcHeaderIsAccepted) {
  Fixture f([](const ClientRequest&) { return Json(200, "{}", /*with_crc=*/false); });
  EXPECT_TRUE(f.Call().ok());
}

TEST(DynamoTransportTest, TransportErrorsAreRetried) {
  int n = 0;
  Fixture f([&](const ClientRequest&) -> Result<Response> {
    if (++n < 2) return MakeError("connect", "Connection refused");
    return Json(200, "{}");
  });
  EXPECT_TRUE(f.Call().ok());
  EXPECT_EQ(f.http.requests().size(), 2u);
}

TEST(DynamoTransportTest, UnreachableGivesTransportError) {
  Fixture f([](const ClientRequest&) -> Result<Response> {
    return MakeError("connect", "Connection refused");
  });
  auto r = f.Call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, kTransportError);
  EXPECT_EQ(r.error().http_status, 0);
  EXPECT_NE(r.error().message.find("Connection refused"), std::string::npos);
}

TEST(DynamoTransportTest, NonObjectSuccessBodyIsInvalidAndNotRetried) {
  Fixture f([](const ClientRequest&) { return Json(200, "[1,2]"); });
  auto r = f.Call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, kInvalidResponseError);
  EXPECT_EQ(f.http.requests().size(), 1u);
}

TEST(DynamoTransportTest, Crc32MatchesZlib) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the CRC-32 check value
}

}  // namespace
}  // namespace sb::dynamo
