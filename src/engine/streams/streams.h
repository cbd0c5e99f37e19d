// Streams: the engine's DynamoDB Streams — stream metadata, shards and records kept in the
// store's own SQLite database, written inside each write transaction (as the store's
// ChangeObserver), and read through the four DynamoDB Streams operations.
//
// Tables (created by Attach; see ids.h for the identifier grammars):
//   stream_meta(key PRIMARY KEY, value)        "iterator_secret": the ShardIterator MAC key
//   streams(sid, arn UNIQUE, table_name, table_id, label, view_type, key_schema JSON,
//           shard_count, enabled, created_ms, disabled_ms)
//   stream_shards(shid, sid, shard_id, slot, parent, start_n, end_n, trim_n, last_n,
//                 records, created_ms, closed_ms)
//   stream_records(shid, n, created_ms, record JSON)   PRIMARY KEY(shid, n)
// `n` is the sequence counter of a record (SequenceNumber = "1" + 20 digits of n). A shard
// covers counters start_n < n <= end_n (end_n null while open); start_n itself is the shard's
// StartingSequenceNumber and belongs to no record. last_n is the newest record's n (start_n
// when empty); records with n <= trim_n have been trimmed. Records are read by primary-key
// range, so GetRecords at the tail of a huge shard costs the same as at its head.
//
// Sharding: a stream has `shards` slots; an item's records go to slot
// PartitionHash(partition key) % slots, so one item's records stay in order in one shard
// lineage. A slot's open shard rolls over (is closed at its last record, and a child with
// ParentShardId = it opens) once it is older than `rollover_millis` or holds
// `rollover_records` records. Disabling a stream (or deleting its table) closes its shards;
// its records stay readable until retention trims them.
//
// Retention: records older than `retention_millis` (24 h) are trimmed by a sweep that runs at
// most every `sweep_interval_millis`, from the write path and from the read operations;
// closed shards whose records are all trimmed, and disabled streams without shards, are then
// dropped. Thread-safe.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "engine/storage/store.h"
#include "engine/streams/iterator.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::engine::streams {

struct StreamsOptions {
  std::string region = "us-east-1";
  int shards = 1;                // slots per new stream (--stream-shards); >= 1
  int64_t rollover_millis = 0;   // close a shard after this age; 0: never
  int64_t rollover_records = 0;  // close a shard at this many records; 0: never
  int64_t retention_millis = 24LL * 3600 * 1000;
  int64_t sweep_interval_millis = 10'000;
  const Clock* clock = nullptr;  // not owned; REQUIRES: non-null
  Random* random = nullptr;      // not owned; event ids; REQUIRES: non-null, thread-safe
};

class Streams final : public storage::ChangeObserver {
 public:
  explicit Streams(StreamsOptions options);
  ~Streams() override;

  // Creates the stream tables if needed and loads the iterator secret and the sequence
  // counter. REQUIRES: called once, before any write, with the store opened with
  // options.observer == this. Errors: storage failures.
  Status Attach(storage::Store* store);

  // storage::ChangeObserver: appends the record of an item change to the table's enabled
  // stream (nothing for a change that changes nothing); creates, closes the stream when the
  // table's StreamSpecification changes.
  Status OnItemChange(storage::WriteTxn& txn, const TableDef& table,
                      const std::optional<protocol::Item>& old,
                      const std::optional<protocol::Item>& now,
                      storage::ChangeCause cause) override;
  Status OnTableChange(storage::WriteTxn& txn, const TableDef* before,
                       const TableDef* after) override;

  // True iff `operation` is one of ListStreams, DescribeStream, GetShardIterator, GetRecords.
  static bool HasOperation(std::string_view operation);
  // Runs a Streams operation (the X-Amz-Target suffix after "DynamoDBStreams_20120810.") on
  // its request object; returns the serialized response body or a DynamoDB-shaped error.
  // REQUIRES: Attach succeeded.
  protocol::ApiResult<std::string> Handle(std::string_view operation,
                                          const boost::json::object& request);

  // Trims expired records, drops fully trimmed closed shards and empty disabled streams, and
  // rolls over aged shards, in one write transaction. Also runs by itself (see above).
  Status Sweep();

  const StreamsOptions& options() const { return options_; }

 private:
  Status SweepIn(storage::WriteTxn& txn);
  void MaybeSweep();
  protocol::ApiResult<std::string> ListStreams(const boost::json::object& request);
  protocol::ApiResult<std::string> DescribeStream(const boost::json::object& request);
  protocol::ApiResult<std::string> GetShardIterator(const boost::json::object& request);
  protocol::ApiResult<std::string> GetRecords(const boost::json::object& request);

  StreamsOptions options_;
  storage::Store* store_ = nullptr;
  std::unique_ptr<IteratorCodec> codec_;
  int64_t next_n_ = 1;  // guarded by the store's write lock
  std::atomic<int64_t> last_sweep_millis_{0};
};

}  // namespace sb::engine::streams
