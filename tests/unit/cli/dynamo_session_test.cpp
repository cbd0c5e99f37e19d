#include "cli/dynamo_session.h"

#include <gtest/gtest.h>

#include "cli/commands.h"
#include "dynamo/retry.h"

namespace sb::cli {
namespace {

TEST(DescribeApiErrorTest, WordsTheCommonFailures) {
  protocol::ApiError transport{std::string(dynamo::kTransportError), "connect: refused", 0, ""};
  EXPECT_EQ(DescribeApiError(transport, "GameScores", "http://127.0.0.1:9"),
            "cannot reach http://127.0.0.1:9 (connect: refused)");
  EXPECT_EQ(DescribeApiError(protocol::ApiError::ResourceNotFound("Cannot do operations on a "
                                                                  "non-existent table"),
                             "GameScores", "http://e"),
            "table 'GameScores' does not exist at http://e (Cannot do operations on a "
            "non-existent table)");
  EXPECT_EQ(DescribeApiError(protocol::ApiError::Validation("bad\nthing"), "T", "http://e"),
            "ValidationException: bad thing");
}

TEST(DynamoSessionTest, RejectsBadNamesAndEndpointsAsUsageErrors) {
  DynamoOptions options;
  options.endpoint_url = "http://127.0.0.1:8000";
  options.board.scores_table = "x";
  try {
    DynamoSession session(options);
    FAIL() << "accepted a 1-character table name";
  } catch (const CliError& e) {
    EXPECT_EQ(e.code, 2);
  }
  options.board.scores_table = "GameScores";
  options.endpoint_url = "ftp://example.com";
  try {
    DynamoSession session(options);
    FAIL() << "accepted an ftp endpoint";
  } catch (const CliError& e) {
    EXPECT_EQ(e.code, 2);
  }
  options.endpoint_url = "http://127.0.0.1:8000/";
  DynamoSession session(options);
  EXPECT_EQ(session.endpoint(), "http://127.0.0.1:8000");
}

}  // namespace
}  // namespace sb::cli
