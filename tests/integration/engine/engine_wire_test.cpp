// The real `streamboard engine` binary over real HTTP: wire details, errors, keep-alive,
// restart durability and the command's exit behaviour.
#include <gtest/gtest.h>
#include <signal.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <algorithm>
#include <cstdlib>

#include "engine_process.h"

namespace sb::engine::testing {
namespace {

namespace json = boost::json;

const std::vector<std::pair<std::string, std::string>> Target(const std::string& op) {
  return {{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", "DynamoDB_20120810." + op}};
}

std::string TypeOf(const http::Response& r) {
  return std::string(json::parse(r.body).at("__type").as_string());
}

constexpr const char* kTable = R"({"TableName": "Wire", "BillingMode": "PAY_PER_REQUEST",
  "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}]})";

TEST(EngineWireTest, HeadersErrorsAndKeepAlive) {
  TempDir dir;
  auto engine = EngineProcess::Start({"--data-dir", dir.path() + "/data"});
  ASSERT_TRUE(engine);
  RawConnection conn(engine->port());
  ASSERT_TRUE(conn.ok());
  http::Response r;
  // Several requests on one connection: keep-alive.
  ASSERT_TRUE(conn.RoundTrip("POST", Target("CreateTable"), kTable, &r));
  EXPECT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(conn.RoundTrip("POST", Target("PutItem"),
                             R"({"TableName":"Wire","Item":{"k":{"S":"a"},"v":{"N":"1.50"}}})", &r));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{}");
  ASSERT_TRUE(conn.RoundTrip("POST", Target("GetItem"),
                             R"({"TableName":"Wire","Key":{"k":{"S":"a"}}})", &r));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"Item":{"k":{"S":"a"},"v":{"N":"1.5"}}})");
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/x-amz-json-1.0");
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(r.body.data()), static_cast<uInt>(r.body.size()));
  EXPECT_EQ(r.headers.Get("x-amz-crc32"), std::to_string(crc));
  ASSERT_TRUE(r.headers.Get("x-amzn-RequestId"));
  EXPECT_EQ(r.headers.Get("x-amzn-RequestId")->size(), 52u);

  // Error shapes, and the connection keeps serving after each.
  ASSERT_TRUE(conn.RoundTrip("POST", Target("NoSuchOp"), "{}", &r));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(TypeOf(r), "com.amazon.coral.service#UnknownOperationException");
  ASSERT_TRUE(conn.RoundTrip("POST", Target("PutItem"), "{\"TableName\":", &r));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(TypeOf(r), "com.amazon.coral.service#SerializationException");
  ASSERT_TRUE(conn.RoundTrip("POST", Target("GetItem"), R"({"TableName":"Nope","Key":{"k":{"S":"a"}}})", &r));
  EXPECT_EQ(TypeOf(r), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(json::parse(r.body).at("message"), "Requested resource not found");
  ASSERT_TRUE(conn.RoundTrip("POST", Target("PutItem"),
                             R"({"TableName":"Wire","Item":{"k":{"S":"a"},"v":{"N":"1"}},
                                 "ConditionExpression":"attribute_not_exists(k) "})",
                             &r));
  EXPECT_EQ(TypeOf(r), "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
  ASSERT_TRUE(conn.RoundTrip("POST", Target("PutItem"), R"({"TableName":"Wire","Item":{"x":{"S":"a"}}})", &r));
  EXPECT_EQ(TypeOf(r), "com.amazon.coral.validate#ValidationException");
  EXPECT_EQ(json::parse(r.body).at("message"),
            "One or more parameter values were invalid: Missing the key k in the item");
  // Nesting deeper than DynamoDB's 32 levels.
  std::string value = R"({"S":"x"})";
  for (int i = 0; i < 40; ++i) value = R"({"L":[)" + value + "]}";
  ASSERT_TRUE(conn.RoundTrip("POST", Target("PutItem"),
                             R"({"TableName":"Wire","Item":{"k":{"S":"d"},"v":)" + value + "}}", &r));
  EXPECT_EQ(r.status, 400);
  ASSERT_TRUE(conn.RoundTrip("POST", Target("ListTables"), "{}", &r));
  EXPECT_EQ(r.body, R"({"TableNames":["Wire"]})");
  EXPECT_EQ(engine->StopWith(SIGTERM), 0);
}

TEST(EngineWireTest, DataSurvivesRestartAndInMemoryDoesNot) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  {
    auto engine = EngineProcess::Start({"--data-dir", data});
    ASSERT_TRUE(engine);
    EXPECT_EQ(CallDynamo(engine->endpoint(), "CreateTable", kTable).status, 200);
    EXPECT_EQ(CallDynamo(engine->endpoint(), "PutItem",
                         R"({"TableName":"Wire","Item":{"k":{"S":"kept"}}})")
                  .status,
              200);
    EXPECT_EQ(engine->StopWith(SIGINT), 0);
  }
  {
    auto engine = EngineProcess::Start({"--data-dir", data});
    ASSERT_TRUE(engine);
    http::Response r = CallDynamo(engine->endpoint(), "GetItem",
                                  R"({"TableName":"Wire","Key":{"k":{"S":"kept"}}})");
    EXPECT_EQ(r.body, R"({"Item":{"k":{"S":"kept"}}})");
    // A second engine on the same data dir is refused with a one-line error.
    std::string err;
    EXPECT_NE(RunToExit({"engine", "--port", "0", "--data-dir", data}, &err), 0);
    EXPECT_NE(err.find("in use"), std::string::npos) << err;
  }
  auto mem = EngineProcess::Start({"--in-memory"});
  ASSERT_TRUE(mem);
  EXPECT_EQ(CallDynamo(mem->endpoint(), "ListTables", "{}").body, R"({"TableNames":[]})");
}

TEST(EngineWireTest, StartupErrorsAreOneLineAndNonZero) {
  auto engine = EngineProcess::Start({"--in-memory"});
  ASSERT_TRUE(engine);
  std::string err;
  EXPECT_NE(RunToExit({"engine", "--port", std::to_string(engine->port()), "--in-memory"}, &err), 0);
  EXPECT_NE(err.find("streamboard: "), std::string::npos);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  err.clear();
  EXPECT_NE(RunToExit({"engine", "--port", "0", "--data-dir", "/proc/no-such-dir/x"}, &err), 0);
  EXPECT_NE(err.find("data dir"), std::string::npos) << err;
  err.clear();
  EXPECT_NE(RunToExit({"engine", "--in-memory", "--data-dir", "x"}, &err), 0);
}

}  // namespace
}  // namespace sb::engine::testing
