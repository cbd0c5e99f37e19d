#include "dynamo/config.h"

#include <gtest/gtest.h>

#include <map>

namespace sb::dynamo {
namespace {

GetEnv FromMap(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(DynamoConfigTest, DefaultsWithEmptyEnvironment) {
  ClientConfig c = FromEnvironment(FromMap({}));
  EXPECT_EQ(c.region, "us-east-1");
  EXPECT_EQ(c.endpoint, "https://dynamodb.us-east-1.amazonaws.com");
  EXPECT_EQ(c.streams_endpoint, "https://streams.dynamodb.us-east-1.amazonaws.com");
  EXPECT_TRUE(c.credentials.access_key_id.empty());
  EXPECT_EQ(c.retry.max_attempts, 10);
  EXPECT_EQ(c.retry.base.count(), 50);
}

TEST(DynamoConfigTest, CredentialsAndRegion) {
  ClientConfig c = FromEnvironment(FromMap({{"AWS_ACCESS_KEY_ID", "AKID"},
                                            {"AWS_SECRET_ACCESS_KEY", "secret"},
                                            {"AWS_SESSION_TOKEN", "token"},
                                            {"AWS_REGION", "eu-west-1"},
                                            {"AWS_DEFAULT_REGION", "us-west-2"}}));
  EXPECT_EQ(c.credentials.access_key_id, "AKID");
  EXPECT_EQ(c.credentials.secret_access_key, "secret");
  EXPECT_EQ(c.credentials.session_token, "token");
  EXPECT_EQ(c.region, "eu-west-1");  // AWS_REGION wins over AWS_DEFAULT_REGION
  EXPECT_EQ(c.endpoint, "https://dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(c.streams_endpoint, "https://streams.dynamodb.eu-west-1.amazonaws.com");
}

TEST(DynamoConfigTest, DefaultRegionIsTheFallback) {
  ClientConfig c =
      FromEnvironment(FromMap({{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", "ap-south-1"}}));
  EXPECT_EQ(c.region, "ap-south-1");
}

TEST(DynamoConfigTest, ServiceSpecificEndpointWinsOverGeneric) {
  ClientConfig c =
      FromEnvironment(FromMap({{"AWS_ENDPOINT_URL", "http://generic:1"},
                               {"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000/"}}));
  EXPECT_EQ(c.endpoint, "http://127.0.0.1:8000");
  EXPECT_EQ(c.streams_endpoint, "http://127.0.0.1:8000");
}

TEST(DynamoConfigTest, GenericEndpointAppliesToBoth) {
  ClientConfig c = FromEnvironment(FromMap({{"AWS_ENDPOINT_URL", "http://localhost:4566"}}));
  EXPECT_EQ(c.endpoint, "http://localhost:4566");
  EXPECT_EQ(c.streams_endpoint, "http://localhost:4566");
}

TEST(DynamoConfigTest, StreamsSpecificEndpoint) {
  ClientConfig c = FromEnvironment(FromMap({{"AWS_ENDPOINT_URL_DYNAMODB", "http://a:1"},
                                            {"AWS_ENDPOINT_URL_DYNAMODB_STREAMS", "http://b:2"}}));
  EXPECT_EQ(c.endpoint, "http://a:1");
  EXPECT_EQ(c.streams_endpoint, "http://b:2");
}

TEST(DynamoConfigTest, EmptyValuesCountAsUnset) {
  ClientConfig c = FromEnvironment(
      FromMap({{"AWS_ENDPOINT_URL_DYNAMODB", ""}, {"AWS_ACCESS_KEY_ID", ""}, {"AWS_REGION", ""}}));
  EXPECT_EQ(c.endpoint, "https://dynamodb.us-east-1.amazonaws.com");
  EXPECT_TRUE(c.credentials.access_key_id.empty());
}

}  // namespace
}  // namespace sb::dynamo
