#include "http/request_parser.h"

#include <gtest/gtest.h>

namespace sb::http {
namespace {

using Status = RequestParser::Status;

TEST(RequestParserTest, ParsesByteByByte) {
  const std::string wire = "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
  RequestParser parser(1024);
  Request r;
  parser.Reset(&r);
  std::string pending;
  Status s = Status::kNeedMore;
  for (char c : wire) {
    pending.push_back(c);
    size_t used = 0;
    s = parser.Feed(pending, &used);
    pending.erase(0, used);
    if (s != Status::kNeedMore) break;
  }
  ASSERT_EQ(s, Status::kComplete);
  EXPECT_TRUE(pending.empty());
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/x");
  EXPECT_EQ(r.body, "abc");
  EXPECT_EQ(r.headers.Get("host"), "h");
  EXPECT_TRUE(parser.keep_alive());
  EXPECT_EQ(parser.version(), 11);
}

TEST(RequestParserTest, LeavesThePipelinedRestUnconsumed) {
  const std::string wire = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n";
  RequestParser parser(1024);
  Request r;
  parser.Reset(&r);
  size_t used = 0;
  ASSERT_EQ(parser.Feed(wire, &used), Status::kComplete);
  EXPECT_EQ(r.target, "/a");
  parser.Reset(&r);
  size_t used2 = 0;
  ASSERT_EQ(parser.Feed(std::string_view(wire).substr(used), &used2), Status::kComplete);
  EXPECT_EQ(r.target, "/b");
  EXPECT_EQ(used + used2, wire.size());
}

TEST(RequestParserTest, LimitsAndErrors) {
  Request r;
  RequestParser parser(4, 256);
  size_t used = 0;
  parser.Reset(&r);
  EXPECT_EQ(parser.Feed("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n", &used),
            Status::kBodyTooLarge);
  parser.Reset(&r);
  EXPECT_EQ(parser.Feed("BAD\r\n\r\n", &used), Status::kBadRequest);
  parser.Reset(&r);
  EXPECT_EQ(parser.Feed("GET / HTTP/1.1\r\nX: " + std::string(300, 'a') + "\r\n\r\n", &used),
            Status::kBadRequest);
  parser.Reset(&r);
  EXPECT_EQ(parser.Feed("GET / HTTP/1.0\r\n\r\n", &used), Status::kComplete);
  EXPECT_FALSE(parser.keep_alive());
  EXPECT_EQ(parser.version(), 10);
}

}  // namespace
}  // namespace sb::http
