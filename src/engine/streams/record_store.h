// RecordStore: the stream rows of the engine over storage's typed operations (stream_rows.h)
// — streams per table, shards per slot with their lineage, records with their sequence
// counters. Every method runs inside the caller's write transaction.
//
// Counters: every record and every shard start takes the next value of one store-wide
// counter n (SequenceNumber = FormatSequenceNumber(n), ids.h), so numbers increase strictly
// within a shard and from a parent to its children.
// Sharding: a stream has `shards` slots; an item's records go to slot
// PartitionHash(partition key) % slots, so one item's records stay in order in one shard
// lineage. A slot's open shard rolls over (is closed at its last record, and a child with
// ParentShardId = it opens) once it is older than `rollover_millis` or holds
// `rollover_records` records.
// Thread-compatible: used under the store's write lock (the counter lives here).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "engine/model/table.h"
#include "engine/storage/store.h"
#include "engine/storage/stream_rows.h"
#include "engine/streams/options.h"

namespace sb::engine::streams {

class RecordStore {
 public:
  explicit RecordStore(const StreamsOptions& options) : options_(options) {}

  // Continues the counter after the greatest value the store has used.
  Status LoadCounter(storage::WriteTxn& txn);

  // Opens a new stream (a new ARN) for `table` with options.shards open shards.
  Status CreateStream(storage::WriteTxn& txn, const TableDef& table, int64_t now_ms);
  // Disables the table's stream, closing its open shards; their records stay readable.
  Status DisableStream(storage::WriteTxn& txn, const TableDef& table, int64_t now_ms);

  // The open shard that takes the next record of an item whose encoded partition key is
  // `encoded_hash`, rolled over first when it is due.
  Result<storage::ShardRow> ShardFor(storage::WriteTxn& txn, const storage::StreamRow& stream,
                                     std::string_view encoded_hash, int64_t now_ms);
  // Appends the record record_of(n) to `shard`, n being the next counter.
  Status Append(storage::WriteTxn& txn, const storage::ShardRow& shard, int64_t now_ms,
                const std::function<std::string(int64_t n)>& record_of);

  // True when the open `shard` has reached its age or record limit.
  bool RolloverDue(const storage::ShardRow& shard, int64_t now_ms) const;
  bool AgeRolloverDue(const storage::ShardRow& shard, int64_t now_ms) const;
  // Closes the open `shard` and opens its child in the same slot.
  Result<storage::ShardRow> Rollover(storage::WriteTxn& txn, const storage::ShardRow& shard,
                                     int64_t now_ms);

 private:
  Result<storage::ShardRow> OpenShard(storage::WriteTxn& txn, int64_t sid, int64_t slot,
                                      std::optional<std::string> parent, int64_t now_ms);

  const StreamsOptions& options_;
  int64_t next_n_ = 1;
};

}  // namespace sb::engine::streams
