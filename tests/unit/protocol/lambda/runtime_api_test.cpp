// Tests for protocol/lambda/runtime_api.h: Runtime API paths both ways.
#include "protocol/lambda/runtime_api.h"

#include <gtest/gtest.h>

namespace sb::protocol {
namespace {

using Kind = RuntimeRoute::Kind;

TEST(RuntimeApi, Paths) {
  EXPECT_EQ(kRuntimeNextPath, "/2018-06-01/runtime/invocation/next");
  EXPECT_EQ(kRuntimeInitErrorPath, "/2018-06-01/runtime/init/error");
  EXPECT_EQ(RuntimeResponsePath("8476a536-e9f4-11e8-9739-2dfe598c3fcd"),
            "/2018-06-01/runtime/invocation/8476a536-e9f4-11e8-9739-2dfe598c3fcd/response");
  EXPECT_EQ(RuntimeErrorPath("abc"), "/2018-06-01/runtime/invocation/abc/error");
  EXPECT_EQ(kHeaderRequestId, "Lambda-Runtime-Aws-Request-Id");
  EXPECT_EQ(kHeaderDeadlineMs, "Lambda-Runtime-Deadline-Ms");
  EXPECT_EQ(kHeaderFunctionErrorType, "Lambda-Runtime-Function-Error-Type");
}

TEST(RuntimeApi, ParsePathRoundTrips) {
  EXPECT_EQ(ParseRuntimePath(kRuntimeNextPath), (RuntimeRoute{Kind::kNext, ""}));
  EXPECT_EQ(ParseRuntimePath(kRuntimeInitErrorPath), (RuntimeRoute{Kind::kInitError, ""}));
  EXPECT_EQ(ParseRuntimePath(RuntimeResponsePath("id-1")), (RuntimeRoute{Kind::kResponse, "id-1"}));
  EXPECT_EQ(ParseRuntimePath(RuntimeErrorPath("id-2")), (RuntimeRoute{Kind::kError, "id-2"}));
  EXPECT_EQ(ParseRuntimePath("/2018-06-01/runtime/invocation/next?x=1"),
            (RuntimeRoute{Kind::kNext, ""}));
}

TEST(RuntimeApi, ParsePathRejectsOthers) {
  for (std::string_view bad :
       {"", "/", "/2018-06-01/runtime/invocation/", "/2018-06-01/runtime/invocation//response",
        "/2018-06-01/runtime/invocation/id", "/2018-06-01/runtime/invocation/id/other",
        "/2018-06-01/runtime/invocation/id/response/extra", "/2020-01-01/runtime/invocation/next",
        "/runtime/invocation/next"}) {
    EXPECT_FALSE(ParseRuntimePath(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace sb::protocol
