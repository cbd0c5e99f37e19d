// Streams: the engine's DynamoDB Streams. Composes the record store (streams, shards,
// records and their lineage: record_store.h), the write observer that records every change
// inside its write transaction (write_observer.h), retention (retention.h) and the iterator
// codec (iterator.h). The four Streams operations (list_streams.cpp, describe_stream.cpp,
// get_shard_iterator.cpp, get_records.cpp) read it through ops::Context::streams.
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "base/result.h"
#include "engine/storage/store.h"
#include "engine/streams/iterator.h"
#include "engine/streams/options.h"
#include "engine/streams/record_store.h"
#include "engine/streams/write_observer.h"

namespace sb::engine::streams {

class Streams final : public storage::ChangeObserver {
 public:
  explicit Streams(StreamsOptions options);
  ~Streams() override;

  // Loads the iterator secret (creating it on first use) and the sequence counter.
  // REQUIRES: called once, before any write, with the store opened with
  // options.observer == this. Errors: storage failures.
  Status Attach(storage::Store* store);

  // storage::ChangeObserver: see WriteObserver. Also runs a due retention sweep, so the
  // database stays bounded for writers that nobody reads.
  Status OnItemChange(storage::WriteTxn& txn, const TableDef& table,
                      const std::optional<protocol::Item>& old,
                      const std::optional<protocol::Item>& now,
                      storage::ChangeCause cause) override;
  Status OnTableChange(storage::WriteTxn& txn, const TableDef* before,
                       const TableDef* after) override;

  // Runs the retention sweep (retention.h) in one write transaction now.
  Status Sweep();
  // Runs it when sweep_interval_millis has passed since the last one (a failed sweep is
  // retried at the next interval). The Streams operations call this before they read.
  void MaybeSweep();

  // For the Streams operations. REQUIRES: Attach succeeded.
  storage::Store& store() const { return *store_; }
  const IteratorCodec& codec() const { return *codec_; }
  const StreamsOptions& options() const { return options_; }

 private:
  StreamsOptions options_;
  storage::Store* store_ = nullptr;
  std::unique_ptr<IteratorCodec> codec_;
  RecordStore records_{options_};
  WriteObserver observer_{options_, records_};
  std::atomic<int64_t> last_sweep_millis_{0};
};

}  // namespace sb::engine::streams
