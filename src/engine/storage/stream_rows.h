// The rows engine/streams keeps in the store: stream metadata, streams, their shards and
// their records, as typed operations run inside the caller's read view or write transaction
// (so a change and its stream record commit or roll back together). Thread-compatible like
// ReadView and WriteTxn. Errors: code "storage" with SQLite's message.
//
// Tables (created by schema.h's migrations):
//   stream_meta(key PRIMARY KEY, value)        e.g. "iterator_secret"
//   streams(sid, arn UNIQUE, table_name, table_id, label, view_type, key_schema JSON,
//           shard_count, enabled, created_ms, disabled_ms)
//   stream_shards(shid, sid, shard_id, slot, parent, start_n, end_n, trim_n, last_n,
//                 records, created_ms, closed_ms)
//   stream_records(shid, n, created_ms, record JSON)   PRIMARY KEY(shid, n)
// `n` is a record's sequence counter. A shard covers counters start_n < n <= end_n (end_n
// null while open); last_n is its newest record's n (start_n when empty); records with
// n <= trim_n have been trimmed. Records are read by primary-key range, so reading the tail
// of a huge shard costs the same as reading its head.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "engine/storage/store.h"

namespace sb::engine::storage {

struct StreamRow {
  int64_t sid = 0;
  std::string arn;
  std::string table_name;
  int64_t table_id = 0;
  std::string label;
  std::string view_type;
  std::string key_schema;  // JSON array, DescribeStream's KeySchema
  int64_t shard_count = 1;
  bool enabled = false;
  int64_t created_ms = 0;
};

struct ShardRow {
  int64_t shid = 0;
  int64_t sid = 0;
  std::string shard_id;
  int64_t slot = 0;
  std::optional<std::string> parent;
  int64_t start_n = 0;
  std::optional<int64_t> end_n;
  int64_t trim_n = 0;
  int64_t last_n = 0;
  int64_t records = 0;
  int64_t created_ms = 0;
  // True when records below the shard's start were trimmed: positions before trim_n are gone.
  bool Trimmed(int64_t after) const { return trim_n > start_n && after < trim_n; }
};

// ---- metadata
Result<std::optional<std::string>> GetStreamMeta(ReadView& view, std::string_view key);
Status PutStreamMeta(WriteTxn& txn, std::string_view key, std::string_view value);
// The greatest counter any shard has used (a record, a start or an end); 0 when none.
Result<int64_t> MaxStreamCounter(ReadView& view);

// ---- streams
Result<std::optional<StreamRow>> FindStream(ReadView& view, std::string_view arn);
// The enabled stream of a table (at most one), if any.
Result<std::optional<StreamRow>> FindEnabledStream(ReadView& view, int64_t table_id);
// Streams with sid > after_sid (of `table_name` when given), in sid order, at most `limit`.
Result<std::vector<StreamRow>> ListStreams(ReadView& view, int64_t after_sid,
                                           const std::optional<std::string>& table_name,
                                           int64_t limit);
// Inserts an enabled stream (row.sid and row.enabled are ignored); returns its sid.
Result<int64_t> InsertStream(WriteTxn& txn, const StreamRow& row);
// Disables every enabled stream of a table, closing each open shard at its last record.
Status DisableStreams(WriteTxn& txn, int64_t table_id, int64_t now_ms);
// Drops disabled streams that were disabled before `before_ms` and have no shard left.
Status DropDeadStreams(WriteTxn& txn, int64_t before_ms);

// ---- shards
Result<std::optional<ShardRow>> FindShard(ReadView& view, int64_t sid, std::string_view shard_id);
Result<std::optional<ShardRow>> FindShardByRow(ReadView& view, int64_t shid);
// The open shard of a stream's slot, if any.
Result<std::optional<ShardRow>> FindOpenShard(ReadView& view, int64_t sid, int64_t slot);
// A stream's shards with shid > after_shid (children of `parent` when given), in shid order,
// at most `limit`.
Result<std::vector<ShardRow>> ListShards(ReadView& view, int64_t sid, int64_t after_shid,
                                         const std::optional<std::string>& parent, int64_t limit);
// Every shard of every stream.
Result<std::vector<ShardRow>> AllShards(ReadView& view);
// Inserts an open, empty shard starting at `start_n`; its shard id is shard_id_of(row id).
Result<ShardRow> InsertShard(WriteTxn& txn, int64_t sid, int64_t slot, int64_t start_n,
                             std::optional<std::string> parent, int64_t now_ms,
                             const std::function<std::string(int64_t shid)>& shard_id_of);
// Closes a shard at its last record (end_n = last_n).
Status CloseShard(WriteTxn& txn, int64_t shid, int64_t now_ms);
// Drops closed shards that were closed before `before_ms` and hold no record any more.
Status DropDrainedShards(WriteTxn& txn, int64_t before_ms);

// ---- records
// Appends record `n` (REQUIRES: n > the shard's last_n) and makes it the shard's last.
Status AppendRecord(WriteTxn& txn, int64_t shid, int64_t n, int64_t created_ms,
                    std::string_view record);
// Calls fn(n, record) for the shard's records with n > after_n in order, at most `limit`,
// until fn returns false. `record` is valid only during the call.
Status ReadRecords(ReadView& view, int64_t shid, int64_t after_n, int64_t limit,
                   const std::function<bool(int64_t n, std::string_view record)>& fn);
// The greatest n of the run of records after `after_n` created before `cutoff_ms` (the
// records retention may trim); after_n when there is none.
Result<int64_t> ExpiredThrough(ReadView& view, int64_t shid, int64_t after_n, int64_t cutoff_ms);
// Deletes the shard's records with n <= through_n and sets its trim_n to through_n.
Status TrimRecords(WriteTxn& txn, int64_t shid, int64_t through_n);

namespace detail {
// The statement ReadRecords runs (tests check its query plan).
extern const char kReadRecordsSql[];
}  // namespace detail

}  // namespace sb::engine::storage
