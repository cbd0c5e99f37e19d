// Tests of BatchDeliverer: Lambda's retry, bisect, partial-failure and record-age rules.
#include "trigger/batch_delivery.h"

#include <gtest/gtest.h>

#include <atomic>

#include "base/clock.h"
#include "fakes.h"

namespace sb::trigger {
namespace {
using testing::Call;
using testing::FakeInvoker;
using testing::FunctionError;
using testing::MemoryFailureSink;
using testing::Ok;
using testing::Seq;

constexpr int64_t kNowMs = 1'700'000'100'000;
const std::string kArn = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/L";

std::vector<BatchRecord> Records(int first, int last, double created = 1'700'000'090) {
  std::vector<BatchRecord> out;
  for (int n = first; n <= last; ++n) {
    auto r = testing::MakeRecord(n, "p" + std::to_string(n), created);
    out.push_back(BatchRecord{r.sequence_number, created, boost::json::serialize(r.json)});
  }
  return out;
}

std::vector<std::string> Seqs(std::initializer_list<int> ns) {
  std::vector<std::string> out;
  for (int n : ns) out.push_back(Seq(n));
  return out;
}

bool Contains(const Call& c, int n) {
  for (const auto& s : c.sequence_numbers) {
    if (s == Seq(n)) return true;
  }
  return false;
}

class BatchDeliveryTest : public ::testing::Test {
 protected:
  bool Deliver(FakeInvoker& invoker, const std::vector<BatchRecord>& records) {
    BatchDeliverer d(
        options_, kArn, invoker, &sink_, clock_, sleeper_, [this] { return stopping_.load(); },
        &stats_);
    return d.Deliver("shardId-1", records);
  }
  MappingOptions options_;
  FakeClock clock_{kNowMs};
  FakeSleeper sleeper_{&clock_};
  MemoryFailureSink sink_;
  DeliveryStats stats_;
  std::atomic<bool> stopping_{false};
};

TEST_F(BatchDeliveryTest, SuccessInvokesOnceWithAllRecordsInOrder) {
  FakeInvoker invoker([](const Call&) { return Ok(); });
  EXPECT_TRUE(Deliver(invoker, Records(1, 3)));
  ASSERT_EQ(invoker.calls().size(), 1u);
  EXPECT_EQ(invoker.calls()[0].sequence_numbers, Seqs({1, 2, 3}));
  EXPECT_TRUE(sink_.records().empty());
  EXPECT_EQ(stats_.records_delivered.load(), 3);
}

TEST_F(BatchDeliveryTest, CutsBatchesByBatchSize) {
  options_.batch_size = 2;
  FakeInvoker invoker([](const Call&) { return Ok(); });
  EXPECT_TRUE(Deliver(invoker, Records(1, 5)));
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].sequence_numbers, Seqs({1, 2}));
  EXPECT_EQ(calls[1].sequence_numbers, Seqs({3, 4}));
  EXPECT_EQ(calls[2].sequence_numbers, Seqs({5}));
}

TEST_F(BatchDeliveryTest, CutsBatchesByPayloadCap) {
  auto records = Records(1, 6);
  // Room for two records per payload, not three.
  options_.max_payload_bytes = 14 + 2 * (records[0].event_json.size() + 1) + 5;
  FakeInvoker invoker([](const Call&) { return Ok(); });
  EXPECT_TRUE(Deliver(invoker, records));
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 3u);
  for (const auto& c : calls) {
    EXPECT_EQ(c.sequence_numbers.size(), 2u);
    EXPECT_LE(c.payload.size(), options_.max_payload_bytes);
  }
}

TEST_F(BatchDeliveryTest, FunctionErrorRetriesThenWritesFailureRecord) {
  options_.maximum_retry_attempts = 2;
  FakeInvoker invoker([](const Call&) { return FunctionError(); });
  EXPECT_TRUE(Deliver(invoker, Records(1, 3)));
  EXPECT_EQ(invoker.calls().size(), 3u);  // the first try and two retries
  auto failures = sink_.records();
  ASSERT_EQ(failures.size(), 1u);
  const FailureRecord& f = failures[0];
  EXPECT_EQ(f.condition, "RetryAttemptsExhausted");
  EXPECT_EQ(f.approximate_invoke_count, 3);
  EXPECT_EQ(f.function_error, "Unhandled");
  EXPECT_EQ(f.shard_id, "shardId-1");
  EXPECT_EQ(f.start_sequence_number, Seq(1));
  EXPECT_EQ(f.end_sequence_number, Seq(3));
  EXPECT_EQ(f.batch_size, 3);
  EXPECT_EQ(f.stream_arn, kArn);
  EXPECT_EQ(f.request_id, "req-3");
  EXPECT_EQ(f.first_arrival_seconds, 1'700'000'090);
  EXPECT_EQ(stats_.records_failed.load(), 3);
  EXPECT_EQ(sleeper_.calls(), 2);  // a pause before each retry
}

TEST_F(BatchDeliveryTest, ZeroRetriesGivesUpAfterOneInvocation) {
  options_.maximum_retry_attempts = 0;
  FakeInvoker invoker([](const Call&) { return FunctionError(); });
  EXPECT_TRUE(Deliver(invoker, Records(1, 2)));
  EXPECT_EQ(invoker.calls().size(), 1u);
  ASSERT_EQ(sink_.records().size(), 1u);
}

TEST_F(BatchDeliveryTest, UnlimitedRetriesKeepGoingUntilSuccess) {
  int failures_left = 7;
  FakeInvoker invoker([&](const Call&) { return failures_left-- > 0 ? FunctionError() : Ok(); });
  EXPECT_TRUE(Deliver(invoker, Records(1, 2)));
  EXPECT_EQ(invoker.calls().size(), 8u);
  EXPECT_TRUE(sink_.records().empty());
}

TEST_F(BatchDeliveryTest, TimeoutsAndCrashesAreFunctionErrors) {
  options_.maximum_retry_attempts = 1;
  int n = 0;
  FakeInvoker invoker([&](const Call&) {
    InvokeOutcome o;
    o.kind = n++ == 0 ? InvokeOutcome::Kind::kTimeout : InvokeOutcome::Kind::kCrashed;
    return o;
  });
  EXPECT_TRUE(Deliver(invoker, Records(1, 1)));
  EXPECT_EQ(invoker.calls().size(), 2u);
  ASSERT_EQ(sink_.records().size(), 1u);
  EXPECT_EQ(sink_.records()[0].function_error, "Unhandled");
}

TEST_F(BatchDeliveryTest, BisectIsolatesThePoisonRecord) {
  options_.bisect_batch_on_function_error = true;
  options_.maximum_retry_attempts = 0;
  FakeInvoker invoker([](const Call& c) { return Contains(c, 3) ? FunctionError() : Ok(); });
  EXPECT_TRUE(Deliver(invoker, Records(1, 4)));
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[0].sequence_numbers, Seqs({1, 2, 3, 4}));
  EXPECT_EQ(calls[1].sequence_numbers, Seqs({1, 2}));
  EXPECT_EQ(calls[2].sequence_numbers, Seqs({3, 4}));
  EXPECT_EQ(calls[3].sequence_numbers, Seqs({3}));
  EXPECT_EQ(calls[4].sequence_numbers, Seqs({4}));
  auto failures = sink_.records();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].start_sequence_number, Seq(3));
  EXPECT_EQ(failures[0].end_sequence_number, Seq(3));
  EXPECT_EQ(failures[0].batch_size, 1);
  EXPECT_EQ(failures[0].approximate_invoke_count, 3);  // [1..4], [3,4], [3]
}

TEST_F(BatchDeliveryTest, BisectDoesNotConsumeRetryQuota) {
  options_.bisect_batch_on_function_error = true;
  options_.maximum_retry_attempts = 1;
  FakeInvoker invoker([](const Call& c) { return Contains(c, 2) ? FunctionError() : Ok(); });
  EXPECT_TRUE(Deliver(invoker, Records(1, 2)));
  // [1,2] fails -> split; [1] ok; [2] fails, is retried once, then given up.
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[3].sequence_numbers, Seqs({2}));
  ASSERT_EQ(sink_.records().size(), 1u);
  EXPECT_EQ(sink_.records()[0].start_sequence_number, Seq(2));
}

TEST_F(BatchDeliveryTest, PartialFailureResumesFromLowestReportedRecord) {
  options_.report_batch_item_failures = true;
  int n = 0;
  FakeInvoker invoker([&](const Call&) {
    if (n++ > 0) return Ok(R"({"batchItemFailures":[]})");
    return Ok(R"({"batchItemFailures":[{"itemIdentifier":")" + Seq(4) +
              R"("},{"itemIdentifier":")" + Seq(3) + R"("}]})");
  });
  EXPECT_TRUE(Deliver(invoker, Records(1, 5)));
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].sequence_numbers, Seqs({3, 4, 5}));
  EXPECT_EQ(stats_.partial_failures.load(), 1);
  EXPECT_TRUE(sink_.records().empty());
}

TEST_F(BatchDeliveryTest, PartialFailuresCountAsRetriesAndEndInOnFailure) {
  options_.report_batch_item_failures = true;
  options_.maximum_retry_attempts = 1;
  FakeInvoker invoker([](const Call&) {
    return Ok(R"({"batchItemFailures":[{"itemIdentifier":")" + Seq(2) + R"("}]})");
  });
  EXPECT_TRUE(Deliver(invoker, Records(1, 3)));
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].sequence_numbers, Seqs({2, 3}));
  auto failures = sink_.records();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].start_sequence_number, Seq(2));
  EXPECT_EQ(failures[0].end_sequence_number, Seq(3));
  EXPECT_EQ(failures[0].condition, "RetryAttemptsExhausted");
  EXPECT_EQ(failures[0].function_error, "");  // the function returned normally
}

TEST_F(BatchDeliveryTest, UnknownItemIdentifierIsCompleteFailure) {
  options_.report_batch_item_failures = true;
  options_.maximum_retry_attempts = 1;
  FakeInvoker invoker([](const Call&) {
    return Ok(R"({"batchItemFailures":[{"itemIdentifier":"999999999999999999999"}]})");
  });
  EXPECT_TRUE(Deliver(invoker, Records(1, 3)));
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].sequence_numbers, Seqs({1, 2, 3}));  // the whole batch again
  ASSERT_EQ(sink_.records().size(), 1u);
  EXPECT_EQ(sink_.records()[0].batch_size, 3);
}

TEST_F(BatchDeliveryTest, EmptyIdentifierIsCompleteFailureAndBisects) {
  options_.report_batch_item_failures = true;
  options_.bisect_batch_on_function_error = true;
  int n = 0;
  FakeInvoker invoker([&](const Call&) {
    return n++ == 0 ? Ok(R"({"batchItemFailures":[{"itemIdentifier":""}]})") : Ok("{}");
  });
  EXPECT_TRUE(Deliver(invoker, Records(1, 4)));
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[1].sequence_numbers, Seqs({1, 2}));
  EXPECT_EQ(calls[2].sequence_numbers, Seqs({3, 4}));
}

TEST_F(BatchDeliveryTest, BatchItemFailuresIgnoredWithoutReportBatchItemFailures) {
  FakeInvoker invoker([](const Call&) {
    return Ok(R"({"batchItemFailures":[{"itemIdentifier":")" + Seq(1) + R"("}]})");
  });
  EXPECT_TRUE(Deliver(invoker, Records(1, 2)));
  EXPECT_EQ(invoker.calls().size(), 1u);
}

TEST_F(BatchDeliveryTest, RecordsOlderThanMaximumAgeAreGivenUpWithoutInvoking) {
  options_.maximum_record_age_seconds = 60;
  FakeInvoker invoker([](const Call&) { return Ok(); });
  // Created 100 s before "now".
  EXPECT_TRUE(Deliver(invoker, Records(1, 2, kNowMs / 1000 - 100)));
  EXPECT_TRUE(invoker.calls().empty());
  auto failures = sink_.records();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].condition, "RecordAgeExpired");
  EXPECT_EQ(failures[0].approximate_invoke_count, 0);
  EXPECT_EQ(failures[0].batch_size, 2);
}

TEST_F(BatchDeliveryTest, RecordsExpireWhileBeingRetried) {
  options_.maximum_record_age_seconds = 60;
  options_.retry_delay = std::chrono::milliseconds(20'000);  // FakeSleeper advances the clock
  auto old = Records(1, 1, kNowMs / 1000 - 30);
  auto young = Records(2, 2, kNowMs / 1000 + 10);
  std::vector<BatchRecord> records{old[0], young[0]};
  FakeInvoker invoker([](const Call& c) { return Contains(c, 1) ? FunctionError() : Ok(); });
  EXPECT_TRUE(Deliver(invoker, records));
  // Failing tries at 0 and 20 s (record 1 is 30 and 50 s old); at 40 s it is 70 s old and
  // is given up; record 2 then goes through on its own.
  auto calls = invoker.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].sequence_numbers, Seqs({1, 2}));
  EXPECT_EQ(calls.back().sequence_numbers, Seqs({2}));
  auto failures = sink_.records();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].condition, "RecordAgeExpired");
  EXPECT_EQ(failures[0].start_sequence_number, Seq(1));
  EXPECT_EQ(failures[0].end_sequence_number, Seq(1));
}

TEST_F(BatchDeliveryTest, NotInvokedIsRetriedWithoutConsumingRetries) {
  options_.maximum_retry_attempts = 0;
  int n = 0;
  FakeInvoker invoker([&](const Call&) {
    InvokeOutcome o;
    if (n++ < 3) o.kind = InvokeOutcome::Kind::kNotInvoked;
    return o;
  });
  EXPECT_TRUE(Deliver(invoker, Records(1, 1)));
  EXPECT_EQ(invoker.calls().size(), 4u);
  EXPECT_TRUE(sink_.records().empty());
  EXPECT_EQ(stats_.invocations.load(), 1);
}

TEST_F(BatchDeliveryTest, StoppingInterruptsRetries) {
  FakeInvoker invoker([&](const Call&) {
    stopping_ = true;
    return FunctionError();
  });
  EXPECT_FALSE(Deliver(invoker, Records(1, 2)));
  EXPECT_EQ(invoker.calls().size(), 1u);
  EXPECT_TRUE(sink_.records().empty());
}

TEST(EncodeEventPayloadTest, WrapsRecordsInOrder) {
  std::vector<BatchRecord> r{{"1", 0, R"({"a":1})"}, {"2", 0, R"({"b":2})"}, {"3", 0, "{}"}};
  EXPECT_EQ(EncodeEventPayload(r, 0, 2), R"({"Records":[{"a":1},{"b":2}]})");
  EXPECT_EQ(EncodeEventPayload(r, 2, 2), R"({"Records":[]})");
}

}  // namespace
}  // namespace sb::trigger
