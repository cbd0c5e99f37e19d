// Tests for protocol/lambda/batch_response.h: Lambda's partial-batch-response rules
// (docs/lambda-wire.md §5).
#include "protocol/lambda/batch_response.h"

#include <gtest/gtest.h>

namespace sb::protocol {
namespace {

using Kind = BatchResponse::Kind;

TEST(BatchResponse, Encode) {
  EXPECT_EQ(EncodeBatchItemFailures({}), R"({"batchItemFailures":[]})");
  EXPECT_EQ(EncodeBatchItemFailures({"111", "222"}),
            R"({"batchItemFailures":[{"itemIdentifier":"111"},{"itemIdentifier":"222"}]})");
}

TEST(BatchResponse, CompleteSuccessShapes) {
  for (std::string_view body : {R"({"batchItemFailures":[]})", R"({"batchItemFailures":null})",
                                "{}", "null", "", R"("done")", "not json", "[]"}) {
    EXPECT_EQ(DecodeBatchResponse(body).kind, Kind::kSuccess) << body;
    EXPECT_TRUE(DecodeBatchResponse(body).item_identifiers.empty());
  }
}

TEST(BatchResponse, PartialFailure) {
  BatchResponse r = DecodeBatchResponse(EncodeBatchItemFailures({"300", "100"}));
  EXPECT_EQ(r.kind, Kind::kPartialFailure);
  EXPECT_EQ(r.item_identifiers, (std::vector<std::string>{"300", "100"}));
}

TEST(BatchResponse, CompleteFailureShapes) {
  for (std::string_view body : {
           R"({"batchItemFailures":[{"itemIdentifier":""}]})",
           R"({"batchItemFailures":[{"itemIdentifier":null}]})",
           R"({"batchItemFailures":[{"itemId":"100"}]})",  // a bad key name
           R"({"batchItemFailures":[{"itemIdentifier":"100"},{}]})",
           R"({"batchItemFailures":[{"itemIdentifier":100}]})",
           R"({"batchItemFailures":["100"]})",
           R"({"batchItemFailures":"100"})",
       }) {
    BatchResponse r = DecodeBatchResponse(body);
    EXPECT_EQ(r.kind, Kind::kFailure) << body;
    EXPECT_TRUE(r.item_identifiers.empty());
  }
}

}  // namespace
}  // namespace sb::protocol
