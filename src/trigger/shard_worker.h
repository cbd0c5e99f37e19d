// ShardWorker: reads one shard and feeds its records to the function (docs/lambda-wire.md):
//   iterator from the checkpoint (AFTER_SEQUENCE_NUMBER), else LATEST / TRIM_HORIZON;
//   GetRecords (Limit <= min(remaining batch, 1000)) into a buffer; FilterCriteria applied
//   (records that do not match are skipped and checkpointed past, never delivered);
//   a batch goes out when BatchSize x ParallelizationFactor matching records are buffered,
//   the payload cap is reached, the batching window (from the first buffered record) has
//   passed, the shard is drained, or at once when the window is 0;
//   with ParallelizationFactor P > 1 the batch is split into P lanes by a hash of the item's
//   key (dynamodb.Keys), delivered concurrently, each lane in sequence order, so one item's
//   records are never processed concurrently or out of order (docs/lambda-wire.md §3);
//   after every lane is done, the checkpoint moves to the last record of the batch (so a
//   restart replays at most that batch).
// Expired iterators are refreshed from the checkpoint (the unsent buffer is dropped and read
// again); a trimmed position restarts from TRIM_HORIZON (the trimmed records are gone).
// A closed shard whose last page had no NextShardIterator is marked finished.
//
// Thread-safety: a ShardWorker is driven by one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "trigger/batch_delivery.h"
#include "trigger/checkpoint_store.h"
#include "trigger/filter.h"
#include "trigger/options.h"
#include "trigger/stream_source.h"

namespace sb::trigger {

class ShardWorker {
 public:
  struct Deps {
    StreamSource& source;
    CheckpointStore& checkpoints;
    BatchDeliverer& deliverer;
    const FilterCriteria& filter;
    const MappingOptions& options;
    const Clock& clock;
    std::atomic<int64_t>* records_filtered = nullptr;  // optional counter
    // Optional: Lambda's IteratorAge (docs/lambda-wire.md §8), set after each batch: now minus the
    // creation time of the batch's last record, in ms.
    std::atomic<int64_t>* iterator_age_ms = nullptr;
  };
  // `start_at_latest`: take a LATEST iterator first (the shard was open when a LATEST mapping
  // started); otherwise TRIM_HORIZON unless there is a checkpoint.
  ShardWorker(Deps deps, std::string shard_id, bool start_at_latest);

  enum class Step {
    kIdle,      // nothing to do now: wait a poll interval
    kBusy,      // made progress: go again at once
    kFinished,  // the closed shard is fully processed and marked finished
    kStopped,   // stopping interrupted a delivery
  };
  Step RunOnce();

  // Calls RunOnce until finished or `stopping()`, sleeping poll_interval when idle.
  void Run(Sleeper& sleeper, const std::function<bool()>& stopping);

  const std::string& shard_id() const { return shard_id_; }

 private:
  struct Buffered {
    BatchRecord record;
    bool matched = false;
    size_t lane_hash = 0;
  };
  Status AcquireIterator();
  void Append(const SourceRecord& r);
  void ResetBuffer();
  Step DeliverChunk();
  Status Checkpoint(const std::string& sequence_number);
  Step Finish();

  Deps d_;
  const std::string shard_id_;
  bool use_latest_;
  bool trimmed_ = false;  // the checkpoint position was trimmed: start at TRIM_HORIZON
  std::optional<std::string> iterator_;
  std::optional<int64_t> not_before_seconds_;
  bool drained_ = false;
  std::vector<Buffered> buffer_;
  size_t matched_ = 0;
  size_t matched_bytes_ = 0;
  int64_t window_start_ms_ = 0;
};

// The item identity used for lanes: dynamodb.Keys with attribute names sorted, serialized.
std::string ItemKeyOf(const boost::json::object& record);

}  // namespace sb::trigger
