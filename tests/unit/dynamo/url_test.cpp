#include "dynamo/url.h"

#include <gtest/gtest.h>

namespace sb::dynamo {
namespace {

TEST(DynamoUrlTest, HostAndPort) {
  Result<Url> u = ParseUrl("http://127.0.0.1:8000");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->authority, "127.0.0.1:8000");
  EXPECT_EQ(u->path, "/");
}

TEST(DynamoUrlTest, DefaultPortsAreDropped) {
  EXPECT_EQ(ParseUrl("https://dynamodb.us-east-1.amazonaws.com:443")->authority,
            "dynamodb.us-east-1.amazonaws.com");
  EXPECT_EQ(ParseUrl("http://h:80/")->authority, "h");
  EXPECT_EQ(ParseUrl("http://h:443")->authority, "h:443");
}

TEST(DynamoUrlTest, PathIsKept) {
  Result<Url> u = ParseUrl("HTTPS://example.com/prefix/");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->path, "/prefix/");
}

TEST(DynamoUrlTest, Ipv6Literal) {
  Result<Url> u = ParseUrl("http://[::1]:9000");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->authority, "[::1]:9000");
  EXPECT_EQ(ParseUrl("http://[::1]")->authority, "[::1]");
}

TEST(DynamoUrlTest, Rejects) {
  for (const char* bad : {"127.0.0.1:8000", "ftp://h", "http://", "http://:80", "http://h:x",
                          "http://h:0", "http://h:70000", "http://h/?q=1", "http://u@h"}) {
    EXPECT_FALSE(ParseUrl(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace sb::dynamo
