// EventSourceMapping: the local stand-in for one Lambda event source mapping on a DynamoDB
// stream (docs/lambda-wire.md). A coordinator thread describes the stream (at start, every
// describe_interval, and whenever a shard finishes), applies StartingPosition on the first
// run, and starts one ShardWorker thread per shard once its parent has finished
// (docs/streams-wire.md §3: parents before children; a parent no longer listed is treated as
// finished). State that must survive a restart lives in the CheckpointStore.
//
// StartingPosition on the first run (no "initialized" checkpoint): TRIM_HORIZON reads every
// shard from its start. LATEST skips closed shards and starts the open ones at LATEST,
// recording the start time so a restart before their first record skips nothing. Shards that
// appear later (children) are always read from TRIM_HORIZON.
//
// Thread-safety: Start/Stop from one controlling thread; stats() and the accessors from any.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "base/clock.h"
#include "base/result.h"
#include "trigger/batch_delivery.h"
#include "trigger/checkpoint_store.h"
#include "trigger/failure_destination.h"
#include "trigger/filter.h"
#include "trigger/invoker.h"
#include "trigger/options.h"
#include "trigger/stream_source.h"

namespace sb::trigger {

class EventSourceMapping {
 public:
  struct Deps {
    StreamSource& source;
    Invoker& invoker;
    CheckpointStore& checkpoints;
    FailureSink* failures = nullptr;  // null: failures are only logged
    const Clock& clock;
    Sleeper& sleeper;  // poll and retry pauses
  };
  // Errors: ValidateOptions' errors. References in `deps` must outlive the mapping.
  static Result<std::unique_ptr<EventSourceMapping>> Create(MappingOptions options, Deps deps);
  ~EventSourceMapping();

  // Starts the coordinator thread. REQUIRES: not started.
  void Start();
  // Asks every thread to stop without waiting (safe from any thread; then shut the invoker
  // down so in-flight invocations end at once, then call Stop()).
  void RequestStop();
  // Stops polling, lets in-flight invocations end (or be interrupted by the invoker), joins
  // every thread. Idempotent.
  void Stop();

  // One discovery pass (what the coordinator does periodically): exposed for tests.
  void DiscoverOnce();

  const DeliveryStats& stats() const { return stats_; }
  int64_t records_filtered() const { return records_filtered_.load(); }
  // Lambda's IteratorAge metric of the most recent batch (any shard), in ms.
  int64_t iterator_age_ms() const { return iterator_age_ms_.load(); }
  // Shards whose worker has run to completion (closed and fully processed) in this run.
  size_t finished_shards() const;
  size_t started_shards() const;
  const MappingOptions& options() const { return options_; }

 private:
  EventSourceMapping(MappingOptions options, FilterCriteria filter, Deps deps);
  void CoordinatorLoop();
  void StartWorker(const std::string& shard_id, bool start_at_latest);

  const MappingOptions options_;
  const FilterCriteria filter_;
  Deps deps_;
  DeliveryStats stats_;
  std::atomic<int64_t> records_filtered_{0};
  std::atomic<int64_t> iterator_age_ms_{0};
  std::atomic<bool> stop_{false};
  std::unique_ptr<BatchDeliverer> deliverer_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  std::set<std::string> latest_shards_;  // open at a first LATEST start: begin at LATEST
  std::map<std::string, std::thread> workers_;
  std::set<std::string> finished_;
  std::thread coordinator_;
};

}  // namespace sb::trigger
