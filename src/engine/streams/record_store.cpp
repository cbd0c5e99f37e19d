#include "engine/streams/record_store.h"

#include <boost/json.hpp>

#include "engine/streams/ids.h"

namespace sb::engine::streams {

namespace json = boost::json;

namespace {

std::string KeySchemaJson(const KeySchema& k) {
  json::array a;
  a.push_back(json::object{{"AttributeName", k.hash.name}, {"KeyType", "HASH"}});
  if (k.range) a.push_back(json::object{{"AttributeName", k.range->name}, {"KeyType", "RANGE"}});
  return json::serialize(a);
}

}  // namespace

Status RecordStore::LoadCounter(storage::WriteTxn& txn) {
  // Every counter ever issued is <= some shard's last_n (records, starts) or end_n.
  SB_ASSIGN_OR_RETURN(int64_t max, storage::MaxStreamCounter(txn));
  next_n_ = max + 1;
  return {};
}

Status RecordStore::CreateStream(storage::WriteTxn& txn, const TableDef& t, int64_t now_ms) {
  storage::StreamRow row;
  row.arn = StreamArn(options_.region, t.name, t.stream.label);
  row.table_name = t.name;
  row.table_id = t.id;
  row.label = t.stream.label;
  row.view_type = t.stream.view_type;
  row.key_schema = KeySchemaJson(t.key);
  row.shard_count = options_.shards;
  row.created_ms = now_ms;
  SB_ASSIGN_OR_RETURN(int64_t sid, storage::InsertStream(txn, row));
  for (int slot = 0; slot < options_.shards; ++slot) {
    SB_ASSIGN_OR_RETURN(storage::ShardRow shard, OpenShard(txn, sid, slot, std::nullopt, now_ms));
    (void)shard;
  }
  return {};
}

Status RecordStore::DisableStream(storage::WriteTxn& txn, const TableDef& table, int64_t now_ms) {
  return storage::DisableStreams(txn, table.id, now_ms);
}

Result<storage::ShardRow> RecordStore::ShardFor(storage::WriteTxn& txn,
                                                const storage::StreamRow& stream,
                                                std::string_view encoded_hash, int64_t now_ms) {
  const int64_t slot = static_cast<int64_t>(storage::PartitionHash(encoded_hash) %
                                            static_cast<uint32_t>(stream.shard_count));
  SB_ASSIGN_OR_RETURN(auto shard, storage::FindOpenShard(txn, stream.sid, slot));
  if (!shard) return MakeError("corrupt", "stream " + stream.arn + " has no open shard");
  if (RolloverDue(*shard, now_ms)) return Rollover(txn, *shard, now_ms);
  return *shard;
}

Status RecordStore::Append(storage::WriteTxn& txn, const storage::ShardRow& shard, int64_t now_ms,
                           const std::function<std::string(int64_t n)>& record_of) {
  const int64_t n = next_n_++;
  return storage::AppendRecord(txn, shard.shid, n, now_ms, record_of(n));
}

bool RecordStore::AgeRolloverDue(const storage::ShardRow& shard, int64_t now_ms) const {
  return options_.rollover_millis > 0 && now_ms - shard.created_ms >= options_.rollover_millis;
}

bool RecordStore::RolloverDue(const storage::ShardRow& shard, int64_t now_ms) const {
  return AgeRolloverDue(shard, now_ms) ||
         (options_.rollover_records > 0 && shard.records >= options_.rollover_records);
}

Result<storage::ShardRow> RecordStore::Rollover(storage::WriteTxn& txn,
                                                const storage::ShardRow& shard, int64_t now_ms) {
  SB_TRY_STATUS(storage::CloseShard(txn, shard.shid, now_ms));
  return OpenShard(txn, shard.sid, shard.slot, shard.shard_id, now_ms);
}

Result<storage::ShardRow> RecordStore::OpenShard(storage::WriteTxn& txn, int64_t sid,
                                                 int64_t slot, std::optional<std::string> parent,
                                                 int64_t now_ms) {
  return storage::InsertShard(txn, sid, slot, next_n_++, std::move(parent), now_ms,
                              [&](int64_t shid) { return FormatShardId(now_ms, shid); });
}

}  // namespace sb::engine::streams
