// PipelineHealth: the state of the pipeline for the page's status bar: the trigger's gauges
// (read through a callback at each Json()) and the function's counts summed from its output
// lines (function_log.h).
//
// Json() is one object, every member an integer:
//   {"invocations","functionErrors","partialFailures","recordsDelivered","recordsFailed",
//    "batchesFailed","iteratorAgeMs","shards"     <- the trigger (0 without a callback)
//    "batches","records","rejected","ranksWrites","boardWrites","writeConflicts",
//    "boardRejected","ranksRejected"              <- the function's EMF lines ("batches": lines)
//    "warnings","errors"}                         <- the function's WARN / ERROR+ log lines
//
// Thread-safety: every method is thread-safe; the callback runs on the caller of Json().
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "web/function_log.h"

namespace sb::web {

struct TriggerGauges {
  int64_t invocations = 0;
  int64_t function_errors = 0;
  int64_t partial_failures = 0;
  int64_t records_delivered = 0;
  int64_t records_failed = 0;
  int64_t batches_failed = 0;
  int64_t iterator_age_ms = 0;  // Lambda's IteratorAge of the latest batch: the stream lag
  int64_t shards = 0;
};

class PipelineHealth {
 public:
  // `trigger` may be null (no trigger: its members read 0).
  explicit PipelineHealth(std::function<TriggerGauges()> trigger = nullptr)
      : trigger_(std::move(trigger)) {}

  // Counts a function output line: an EMF line adds its counts and one batch; a log line at
  // WARN counts a warning, at ERROR or FATAL an error; other lines count nothing.
  void Observe(const FunctionLine& line);

  std::string Json() const;

 private:
  const std::function<TriggerGauges()> trigger_;
  mutable std::mutex mu_;
  FunctionCounts counts_;
  int64_t batches_ = 0;
  int64_t warnings_ = 0;
  int64_t errors_ = 0;
};

}  // namespace sb::web
