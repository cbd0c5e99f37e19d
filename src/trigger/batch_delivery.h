// BatchDeliverer: delivers one shard's batch to the function with Lambda's error handling for
// stream event sources (docs/lambda-wire.md §4, §5):
//  - success: done (with ReportBatchItemFailures, an empty or null failure list);
//  - partial failure (ReportBatchItemFailures on): the records before the lowest reported
//    sequence number are done; that record and every later one are retried. An identifier
//    that is not a sequence number of the batch makes it a complete failure (LocalStack's
//    rule; Lambda's for empty/null/malformed identifiers);
//  - function error (an /error post, a timeout, a crash, an init failure, or a complete
//    failure response): with BisectBatchOnFunctionError the batch is split in two halves,
//    which are retried in order without consuming retry quota; a batch that cannot be split
//    (or without bisect) is retried, each retry counting against MaximumRetryAttempts;
//  - a failed invocation that never reached the function (kNotInvoked) is retried without
//    counting, until the records are too old;
//  - before every invocation, records older than MaximumRecordAgeInSeconds are given up.
// Giving up writes a failure record (failure_destination.h) and moves on; the shard is
// blocked meanwhile, exactly as on AWS (with the defaults, until the records expire).
//
// Thread-safety: Deliver may be called concurrently (ParallelizationFactor lanes); the
// Invoker, FailureSink, Clock and Sleeper must allow it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "trigger/failure_destination.h"
#include "trigger/invoker.h"
#include "trigger/options.h"

namespace sb::trigger {

// One record ready for delivery.
struct BatchRecord {
  std::string sequence_number;
  double approximate_creation_seconds = 0;
  std::string event_json;  // the record as the function sees it (eventSourceARN added)
};

// Counters for observability (and tests); all monotonic.
struct DeliveryStats {
  std::atomic<int64_t> invocations{0};
  std::atomic<int64_t> function_errors{0};
  std::atomic<int64_t> partial_failures{0};
  std::atomic<int64_t> records_delivered{0};  // records of successful invocations
  std::atomic<int64_t> records_failed{0};     // records given up (sent to on-failure)
  std::atomic<int64_t> batches_failed{0};
};

// {"Records":[<event_json>,...]}
std::string EncodeEventPayload(const std::vector<BatchRecord>& records, size_t begin, size_t end);

class BatchDeliverer {
 public:
  // `failures` may be null (the failure is only logged). References must outlive the object.
  // `stopping` is polled between attempts: once true, Deliver returns false.
  BatchDeliverer(const MappingOptions& options, std::string stream_arn, Invoker& invoker,
                 FailureSink* failures, const Clock& clock, Sleeper& sleeper,
                 std::function<bool()> stopping, DeliveryStats* stats);

  // Delivers `records` (one shard's, in sequence order, already filtered; may exceed
  // BatchSize or the payload cap: they are cut into batches here). Returns true when every
  // record was processed or given up, false if stopping interrupted it (nothing of the
  // unfinished part may be checkpointed).
  bool Deliver(const std::string& shard_id, const std::vector<BatchRecord>& records);

 private:
  struct Pending {
    size_t begin = 0, end = 0;  // [begin, end) of the records
    int retries = 0;            // function errors counted against MaximumRetryAttempts
    int invokes = 0;            // invocations of these records so far
  };
  bool DeliverBatch(const std::string& shard_id, const std::vector<BatchRecord>& records,
                    size_t begin, size_t end);
  void GiveUp(const std::string& shard_id, const std::vector<BatchRecord>& records,
              const Pending& p, const char* condition, const InvokeOutcome* last);

  const MappingOptions& options_;
  const std::string stream_arn_;
  Invoker& invoker_;
  FailureSink* failures_;
  const Clock& clock_;
  Sleeper& sleeper_;
  std::function<bool()> stopping_;
  DeliveryStats* stats_;
};

}  // namespace sb::trigger
