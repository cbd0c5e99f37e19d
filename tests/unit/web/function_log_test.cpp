#include "web/function_log.h"

#include <gtest/gtest.h>

#include "web/pipeline_health.h"

namespace sb::web {
namespace {

TEST(FunctionLogTest, ALogLineBecomesAnActivityEntryOfItsKnownMembers) {
  FunctionLine f = ReadFunctionLine(
      R"({"timestamp":"2026-12-06T15:00:00.000Z","level":"INFO","requestId":"r1",)"
      R"("message":"score changed","game":"chess","player":"ann","score":"1500",)"
      R"("eventName":"MODIFY","sequenceNumber":"42","extra":{"x":1}})");
  ASSERT_EQ(f.kind, FunctionLine::Kind::kActivity);
  EXPECT_EQ(f.level, "INFO");
  EXPECT_EQ(f.activity_json,
            R"({"at":"2026-12-06T15:00:00.000Z","level":"INFO","message":"score changed",)"
            R"("game":"chess","player":"ann","score":"1500","event":"MODIFY"})");
  f = ReadFunctionLine(R"({"level":"WARN","message":"record rejected: skipped","reason":"r"})");
  ASSERT_EQ(f.kind, FunctionLine::Kind::kActivity);
  EXPECT_EQ(f.activity_json, R"({"level":"WARN","message":"record rejected: skipped","reason":"r"})");
}

TEST(FunctionLogTest, AnEmfLineBecomesItsCounts) {
  FunctionLine f = ReadFunctionLine(
      R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"FunctionName":"f","Records":3,)"
      R"("Rejected":1,"RanksWrites":2,"RanksNoops":0,"BoardWrites":1,"BoardCovers":0,)"
      R"("WriteConflicts":4,"BoardRejected":0,"RanksRejected":5,"message":"not a log line"})");
  ASSERT_EQ(f.kind, FunctionLine::Kind::kMetrics);
  EXPECT_EQ(f.counts.records, 3);
  EXPECT_EQ(f.counts.rejected, 1);
  EXPECT_EQ(f.counts.ranks_writes, 2);
  EXPECT_EQ(f.counts.board_writes, 1);
  EXPECT_EQ(f.counts.write_conflicts, 4);
  EXPECT_EQ(f.counts.ranks_rejected, 5);
  f = ReadFunctionLine(R"({"_aws":{},"Records":"3","Rejected":-2.5})");
  ASSERT_EQ(f.kind, FunctionLine::Kind::kMetrics);
  EXPECT_EQ(f.counts.records, 0);
  EXPECT_EQ(f.counts.rejected, 0);
}

TEST(FunctionLogTest, EverythingElseIsOther) {
  for (const char* line :
       {"", "START RequestId: r1 Version: $LATEST", "REPORT RequestId: r1 Duration: 1 ms", "{",
        "[1,2]", R"({"message":7})", R"({"level":"INFO"})", R"({"_aws":3,"Records":1})",
        "{\"message\":\"a\"} trailing"}) {
    EXPECT_EQ(ReadFunctionLine(line).kind, FunctionLine::Kind::kOther) << line;
  }
}

TEST(PipelineHealthTest, SumsTheFunctionLinesAndReadsTheTrigger) {
  int64_t invocations = 0;
  PipelineHealth health([&] {
    TriggerGauges g;
    g.invocations = invocations;
    g.iterator_age_ms = 250;
    g.shards = 2;
    return g;
  });
  health.Observe(ReadFunctionLine(R"({"_aws":{},"Records":3,"BoardWrites":1})"));
  health.Observe(ReadFunctionLine(R"({"_aws":{},"Records":2,"WriteConflicts":1})"));
  health.Observe(ReadFunctionLine(R"({"level":"WARN","message":"record rejected: skipped"})"));
  health.Observe(ReadFunctionLine(R"({"level":"ERROR","message":"board write failed"})"));
  health.Observe(ReadFunctionLine(R"({"level":"INFO","message":"score changed"})"));
  health.Observe(ReadFunctionLine("END RequestId: r1"));
  invocations = 7;
  EXPECT_EQ(health.Json(),
            R"({"invocations":7,"functionErrors":0,"partialFailures":0,"recordsDelivered":0,)"
            R"("recordsFailed":0,"batchesFailed":0,"iteratorAgeMs":250,"shards":2,"batches":2,)"
            R"("records":5,"rejected":0,"ranksWrites":0,"boardWrites":1,"writeConflicts":1,)"
            R"("boardRejected":0,"ranksRejected":0,"warnings":1,"errors":1})");
  EXPECT_EQ(PipelineHealth().Json().rfind(R"({"invocations":0,)", 0), 0u);
}

}  // namespace
}  // namespace sb::web
