#include "engine/streams/write_observer.h"

#include "engine/streams/ids.h"
#include "engine/streams/record_builder.h"
#include "protocol/streams/stream_record.h"

namespace sb::engine::streams {

namespace {

std::string RandomHex(Random& random, int bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  uint64_t bits = 0;
  int left = 0;
  for (int i = 0; i < bytes * 2; ++i) {
    if (left == 0) {
      bits = random.Next();
      left = 16;
    }
    out.push_back(kHex[bits & 0xF]);
    bits >>= 4;
    --left;
  }
  return out;
}

// The record as GetRecords returns it, serialized once, here.
std::string RecordText(const protocol::StreamRecord& record) {
  return protocol::StreamRecordToJson(record, protocol::IdentitySpelling::kStreamsApi);
}

}  // namespace

Result<bool> WriteObserver::OnItemChange(storage::WriteTxn& txn, const TableDef& table,
                                   const std::optional<protocol::Item>& old,
                                   const std::optional<protocol::Item>& now,
                                   storage::ChangeCause cause, int64_t now_ms) {
  if (!table.stream.enabled) return false;
  ItemChange change{&table.key, &old, &now, cause == storage::ChangeCause::kTimeToLive};
  if (!ChangesItem(change)) return false;
  SB_ASSIGN_OR_RETURN(auto stream, storage::FindEnabledStream(txn, table.id));
  if (!stream) return MakeError("streams", "no enabled stream for table " + table.name);
  auto view = protocol::ParseStreamViewType(stream->view_type);
  if (!view) return MakeError("corrupt", "stream view type " + stream->view_type);
  auto key = storage::EncodeItemKey(table.key, now ? *now : *old);
  if (!key) return MakeError("storage", "item lacks its table key");
  SB_ASSIGN_OR_RETURN(storage::ShardRow shard, records_.ShardFor(txn, *stream, key->hash, now_ms));
  SB_TRY_STATUS(records_.Append(txn, shard, now_ms, [&](int64_t n) {
    return RecordText(BuildRecord(change, *view, RandomHex(*options_.random, 16),
                                  FormatSequenceNumber(n), now_ms, options_.region));
  }));
  return true;
}

Status WriteObserver::OnTableChange(storage::WriteTxn& txn, const TableDef* before,
                                    const TableDef* after, int64_t now_ms) {
  const bool was = before != nullptr && before->stream.enabled;
  const bool is = after != nullptr && after->stream.enabled;
  if (was == is) return {};
  // Disabling (or deleting the table) closes every open shard; records stay readable.
  if (was) return records_.DisableStream(txn, *before, now_ms);
  // Enabling: a new stream (a new ARN, even for a table that had one before).
  return records_.CreateStream(txn, *after, now_ms);
}

}  // namespace sb::engine::streams
