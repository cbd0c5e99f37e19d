#include "engine/server/dispatcher.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/clock.h"
#include "engine/ops/raw_json.h"
#include "engine/storage/store.h"

namespace sb::engine::server {
namespace {

namespace json = boost::json;

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions o;
    o.in_memory = true;
    store_ = std::move(storage::Store::Open(o)).value();
    ctx_.store = store_.get();
    ctx_.clock = &clock_;
  }
  http::Request Post(std::string target, std::string body) {
    http::Request r;
    r.method = "POST";
    r.target = "/";
    r.headers.Add("Host", "localhost");
    r.headers.Add("Content-Type", "application/x-amz-json-1.0");
    if (!target.empty()) r.headers.Add("X-Amz-Target", std::move(target));
    r.body = std::move(body);
    return r;
  }
  static std::string ErrorType(const http::Response& r) {
    return std::string(json::parse(r.body).at("__type").as_string());
  }

  FakeClock clock_;
  std::unique_ptr<storage::Store> store_;
  ops::Context ctx_;
};

TEST_F(DispatcherTest, SuccessHasDynamoDbHeaders) {
  Dispatcher d(&ctx_, {});
  http::Response r = d.Handle(Post("DynamoDB_20120810.ListTables", "{}"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"TableNames":[]})");
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/x-amz-json-1.0");
  std::string id(*r.headers.Get("x-amzn-RequestId"));
  EXPECT_EQ(id.size(), 52u);
  for (char c : id) EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) << id;
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(r.body.data()),
                    static_cast<uInt>(r.body.size()));
  EXPECT_EQ(r.headers.Get("x-amz-crc32"), std::to_string(crc));
  EXPECT_NE(NewRequestId(), NewRequestId());
}

// Request ids pack several characters per random draw: every position still takes every
// character of the alphabet.
TEST(RequestIdTest, EveryPositionUsesTheWholeAlphabet) {
  std::vector<std::map<char, int>> seen(52);
  size_t repeats = 0;  // a character equal to the one before it: 1 in 36 when independent
  for (int i = 0; i < 4000; ++i) {
    std::string id = NewRequestId();
    ASSERT_EQ(id.size(), 52u);
    for (size_t p = 0; p < id.size(); ++p) {
      ++seen[p][id[p]];
      if (p > 0 && id[p] == id[p - 1]) ++repeats;
    }
  }
  for (size_t p = 0; p < seen.size(); ++p) {
    EXPECT_EQ(seen[p].size(), 36u) << "position " << p;
    // About 111 each; a skewed digit (say the last ones of a draw) would fall outside.
    for (const auto& [c, n] : seen[p]) {
      EXPECT_TRUE(n > 55 && n < 175) << "position " << p << " '" << c << "' " << n;
    }
  }
  EXPECT_LT(repeats, 4000u * 51 / 12);
}

// A body without Content-Encoding, with an empty one or with "identity" in any case is parsed
// as sent (without a copy); gzip is inflated; an unknown coding is a SerializationException.
TEST_F(DispatcherTest, ContentEncodings) {
  Dispatcher d(&ctx_, {});
  for (std::string coding : {"", "identity", "IDENTITY", "Identity"}) {
    http::Request r = Post("DynamoDB_20120810.ListTables", "{} ");
    r.headers.Add("Content-Encoding", coding);
    http::Response out = d.Handle(r);
    EXPECT_EQ(out.status, 200) << coding;
    EXPECT_EQ(out.body, R"({"TableNames":[]})") << coding;
  }
  for (std::string coding : {"identityx", "br", "identit"}) {
    http::Request r = Post("DynamoDB_20120810.ListTables", "{}");
    r.headers.Add("Content-Encoding", coding);
    EXPECT_EQ(ErrorType(d.Handle(r)), "com.amazon.coral.service#SerializationException")
        << coding;
  }
  // gzip of "{}".
  std::string gz(128, '\0');
  z_stream zs{};
  ASSERT_EQ(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string plain = "{}";
  zs.next_in = reinterpret_cast<Bytef*>(plain.data());
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = static_cast<uInt>(gz.size());
  ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  http::Request r = Post("DynamoDB_20120810.ListTables", gz);
  r.headers.Add("Content-Encoding", "GZIP");
  http::Response out = d.Handle(r);
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.body, R"({"TableNames":[]})");
}

TEST_F(DispatcherTest, ProtocolErrors) {
  Dispatcher d(&ctx_, {});
  http::Response r = d.Handle(Post("DynamoDB_20120810.Frobnicate", "{}"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorType(r), "com.amazon.coral.service#UnknownOperationException");
  EXPECT_EQ(ErrorType(d.Handle(Post("", "{}"))), "com.amazon.coral.service#UnknownOperationException");
  EXPECT_EQ(ErrorType(d.Handle(Post("Other_2012.ListTables", "{}"))),
            "com.amazon.coral.service#UnknownOperationException");
  r = d.Handle(Post("DynamoDB_20120810.ListTables", "{not json"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorType(r), "com.amazon.coral.service#SerializationException");
  // The body is parsed before the operation is looked up (DynamoDB's order).
  EXPECT_EQ(ErrorType(d.Handle(Post("DynamoDB_20120810.Frobnicate", "{not json"))),
            "com.amazon.coral.service#SerializationException");
  EXPECT_EQ(ErrorType(d.Handle(Post("DynamoDB_20120810.ListTables", "[1]"))),
            "com.amazon.coral.service#SerializationException");
  EXPECT_EQ(ErrorType(d.Handle(Post("DynamoDB_20120810.ListTables", "\"\xff\""))),
            "com.amazon.coral.service#SerializationException");
  r = d.Handle(Post("DynamoDB_20120810.DescribeTable", R"({"TableName":"Nope"})"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorType(r), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_TRUE(r.headers.Has("x-amz-crc32"));
  r = d.Handle(Post("DynamoDB_20120810.DescribeTable", R"({})"));
  EXPECT_EQ(ErrorType(r), "com.amazon.coral.validate#ValidationException");

  http::Request get;
  get.method = "GET";
  get.target = "/";
  r = d.Handle(get);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "healthy: dynamodb.us-east-1.amazonaws.com ");
  get.method = "PUT";
  EXPECT_EQ(d.Handle(get).status, 404);
  http::Request other = Post("DynamoDB_20120810.ListTables", "{}");
  other.target = "/other";
  EXPECT_EQ(d.Handle(other).status, 404);
}

TEST_F(DispatcherTest, ThrowingOperationIsA500AndServiceHookWorks) {
  ops::OpRegistry registry;
  registry.Add(ops::kStreamsService, "Boom",
               [](ops::Context&, const json::object&) -> ops::OpResult {
                 throw std::runtime_error("boom");
               });
  registry.Add(ops::kStreamsService, "ListStreams",
               [](ops::Context&, const json::object&) -> ops::OpResult {
                 return json::object{{"Streams", json::array{}}};
               });
  DispatcherOptions options;
  options.registry = &registry;
  Dispatcher d(&ctx_, options);
  http::Response r = d.Handle(Post("DynamoDBStreams_20120810.Boom", "{}"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(ErrorType(r), "com.amazonaws.dynamodb.v20120810#InternalServerError");
  r = d.Handle(Post("DynamoDBStreams_20120810.ListStreams", "{}"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"Streams":[]})");
  // Only what this registry holds is served.
  EXPECT_EQ(ErrorType(d.Handle(Post("DynamoDB_20120810.ListTables", "{}"))),
            "com.amazon.coral.service#UnknownOperationException");
}

// Raw arrays and raw values (engine/ops/raw_json.h) are spliced into the response text
// unchanged, members keep their order, and the CRC covers the bytes sent.
TEST_F(DispatcherTest, RawArraysAreSplicedByteForByte) {
  ops::OpRegistry registry;
  registry.Add(ops::kStreamsService, "Raw",
               [](ops::Context&, const json::object&) -> ops::OpResult {
                 json::object out;
                 out["Before"] = 1;
                 out[ops::RawArrayKey("Records")] = json::array{R"({ "n" : 1.50E2 })", "[]"};
                 out[ops::RawArrayKey("Empty")] = json::array{};
                 out[ops::RawValueKey("Item")] = R"({"a" : {"S":"b"}})";
                 out["After"] = "x\"";
                 return out;
               });
  DispatcherOptions options;
  options.registry = &registry;
  Dispatcher d(&ctx_, options);
  http::Response r = d.Handle(Post("DynamoDBStreams_20120810.Raw", "{}"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            R"({"Before":1,"Records":[{ "n" : 1.50E2 },[]],"Empty":[],"Item":{"a" : {"S":"b"}},)"
            R"("After":"x\""})");
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(r.body.data()),
                    static_cast<uInt>(r.body.size()));
  EXPECT_EQ(r.headers.Get("x-amz-crc32").value_or(""), std::to_string(crc));
}

// Every DynamoDB and Streams operation the engine serves is in the global registry: each
// registers itself, and the archives holding them are linked whole.
TEST(OpRegistryTest, GlobalHoldsEveryOperation) {
  std::vector<std::string> expected = {
      "DynamoDBStreams_20120810.DescribeStream",
      "DynamoDBStreams_20120810.GetRecords",
      "DynamoDBStreams_20120810.GetShardIterator",
      "DynamoDBStreams_20120810.ListStreams",
      "DynamoDB_20120810.BatchGetItem",
      "DynamoDB_20120810.BatchWriteItem",
      "DynamoDB_20120810.CreateTable",
      "DynamoDB_20120810.DeleteItem",
      "DynamoDB_20120810.DeleteTable",
      "DynamoDB_20120810.DescribeEndpoints",
      "DynamoDB_20120810.DescribeLimits",
      "DynamoDB_20120810.DescribeTable",
      "DynamoDB_20120810.DescribeTimeToLive",
      "DynamoDB_20120810.GetItem",
      "DynamoDB_20120810.ListTables",
      "DynamoDB_20120810.ListTagsOfResource",
      "DynamoDB_20120810.PutItem",
      "DynamoDB_20120810.Query",
      "DynamoDB_20120810.Scan",
      "DynamoDB_20120810.TagResource",
      "DynamoDB_20120810.TransactGetItems",
      "DynamoDB_20120810.TransactWriteItems",
      "DynamoDB_20120810.UntagResource",
      "DynamoDB_20120810.UpdateItem",
      "DynamoDB_20120810.UpdateTable",
      "DynamoDB_20120810.UpdateTimeToLive",
  };
  EXPECT_EQ(ops::OpRegistry::Global().Targets(), expected);
  EXPECT_EQ(ops::OpRegistry::Global().Find("DynamoDB_20120810"), nullptr);
  EXPECT_EQ(ops::OpRegistry::Global().Find("DynamoDB_20120810."), nullptr);
  EXPECT_EQ(ops::OpRegistry::Global().Find("PutItem"), nullptr);
}

TEST(OpRegistryTest, SecondRegistrationOfOneTargetAborts) {
  auto fn = [](ops::Context&, const json::object&) -> ops::OpResult { return json::object{}; };
  ops::OpRegistry registry;
  registry.Add(ops::kDynamoDbService, "PutItem", fn);
  EXPECT_DEATH(registry.Add(ops::kDynamoDbService, "PutItem", fn), "registered twice");
}

TEST_F(DispatcherTest, VerifySignatures) {
  DispatcherOptions opts;
  opts.verify_signatures = true;
  opts.secrets = [](std::string_view id) -> std::optional<std::string> {
    if (id == "AKIDEXAMPLE") return std::string("secret");
    return std::nullopt;
  };
  Dispatcher d(&ctx_, opts);
  http::Request unsigned_req = Post("DynamoDB_20120810.ListTables", "{}");
  http::Response r = d.Handle(unsigned_req);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(ErrorType(r).find("MissingAuthenticationTokenException"), std::string::npos);

  auto sign = [&](const std::string& secret) {
    http::Request req = Post("DynamoDB_20120810.ListTables", "{}");
    sigv4::Request s;
    s.method = req.method;
    s.target = req.target;
    s.body = req.body;
    for (const auto& [n, v] : req.headers.all()) s.headers.emplace_back(n, v);
    sigv4::SignParams p{"us-east-1", "dynamodb", std::chrono::system_clock::now()};
    EXPECT_TRUE(sigv4::Sign(s, {"AKIDEXAMPLE", secret, ""}, p).ok());
    http::Request out = req;
    out.headers = http::Headers();
    for (const auto& [n, v] : s.headers) out.headers.Add(n, v);
    return out;
  };
  EXPECT_EQ(d.Handle(sign("secret")).status, 200);
  r = d.Handle(sign("wrong"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(ErrorType(r).find("InvalidSignatureException"), std::string::npos);
}

}  // namespace
}  // namespace sb::engine::server
