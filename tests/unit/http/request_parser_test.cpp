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
            Status::kHeaderTooLarge);
  parser.Reset(&r);
  EXPECT_EQ(parser.Feed("GET / HTTP/1.0\r\n\r\n", &used), Status::kComplete);
  EXPECT_FALSE(parser.keep_alive());
  EXPECT_EQ(parser.version(), 10);
}

TEST(RequestParserTest, RequestLineLimitIsSeparateFromTheHeaderLimit) {
  RequestParser::Limits limits;
  limits.line_limit_bytes = 32;
  limits.header_limit_bytes = 1024;
  RequestParser parser(limits);
  Request r;
  size_t used = 0;
  parser.Reset(&r);
  // Caught before the line ends: no need to wait for the rest of a huge line.
  EXPECT_EQ(parser.Feed("GET /" + std::string(100, 'a'), &used), Status::kLineTooLong);
  parser.Reset(&r);
  EXPECT_EQ(parser.Feed("GET /" + std::string(40, 'a') + " HTTP/1.1\r\n\r\n", &used),
            Status::kLineTooLong);
  parser.Reset(&r);
  EXPECT_EQ(parser.Feed("GET /ok HTTP/1.1\r\nX: " + std::string(200, 'b') + "\r\n\r\n", &used),
            Status::kComplete);
}

TEST(RequestParserTest, PausesAfterTheHeaderBeforeTheBody) {
  RequestParser::Limits limits;
  limits.pause_after_header = true;
  RequestParser parser(limits);
  Request r;
  parser.Reset(&r);
  const std::string head =
      "POST /p HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
  std::string wire = head + "body";
  size_t used = 0;
  ASSERT_EQ(parser.Feed(wire, &used), Status::kHeaderComplete);
  EXPECT_EQ(used, head.size());  // not one body byte taken
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(parser.header_done());
  EXPECT_TRUE(parser.expects_body());
  EXPECT_TRUE(parser.expects_continue());
  size_t more = 0;
  ASSERT_EQ(parser.Feed(std::string_view(wire).substr(used), &more), Status::kComplete);
  EXPECT_EQ(r.body, "body");

  // Without a body the header report is followed by completion with no more input.
  parser.Reset(&r);
  ASSERT_EQ(parser.Feed("GET / HTTP/1.1\r\n\r\n", &used), Status::kHeaderComplete);
  EXPECT_FALSE(parser.expects_body());
  EXPECT_FALSE(parser.expects_continue());
  EXPECT_EQ(parser.Feed("", &used), Status::kComplete);
}

}  // namespace
}  // namespace sb::http
