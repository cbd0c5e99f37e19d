#include "engine/streams/retention.h"

#include <vector>

#include "engine/storage/stream_rows.h"

namespace sb::engine::streams {

namespace {

// Trims the prefix of a shard's records created before `cutoff_ms`.
Status TrimShard(storage::WriteTxn& txn, const storage::ShardRow& shard, int64_t cutoff_ms) {
  if (shard.trim_n >= shard.last_n) return {};
  SB_ASSIGN_OR_RETURN(int64_t through,
                      storage::ExpiredThrough(txn, shard.shid, shard.trim_n, cutoff_ms));
  // A closed shard whose last record expired is trimmed through its end.
  if (through == shard.last_n && shard.end_n) through = *shard.end_n;
  if (through <= shard.trim_n) return {};
  return storage::TrimRecords(txn, shard.shid, through);
}

}  // namespace

Status SweepRetention(storage::WriteTxn& txn, RecordStore& records, const StreamsOptions& options,
                      int64_t now_ms) {
  const int64_t cutoff = now_ms - options.retention_millis;
  SB_ASSIGN_OR_RETURN(std::vector<storage::ShardRow> shards, storage::AllShards(txn));
  for (const storage::ShardRow& shard : shards) {
    SB_TRY_STATUS(TrimShard(txn, shard, cutoff));
    if (!shard.end_n && records.AgeRolloverDue(shard, now_ms)) {
      SB_ASSIGN_OR_RETURN(storage::ShardRow child, records.Rollover(txn, shard, now_ms));
      (void)child;
    }
  }
  SB_TRY_STATUS(storage::DropDrainedShards(txn, cutoff));
  return storage::DropDeadStreams(txn, cutoff);
}

}  // namespace sb::engine::streams
