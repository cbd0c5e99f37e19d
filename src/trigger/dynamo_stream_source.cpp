// StreamSource over the Streams API. See dynamo_stream_source.h.
#include "trigger/dynamo_stream_source.h"

namespace sb::trigger {
namespace {
Error ToError(const protocol::ApiError& e) { return MakeError(e.type, e.message); }
}  // namespace

Result<std::vector<ShardInfo>> DynamoStreamSource::ListShards() {
  std::vector<ShardInfo> out;
  dynamo::DescribeStreamRequest request;
  request.stream_arn = stream_arn_;
  request.limit = 100;
  for (;;) {
    auto r = client_.DescribeStream(request);
    if (!r.ok()) return ToError(r.error());
    for (const auto& s : r->shards) {
      out.push_back(ShardInfo{s.shard_id, s.parent_shard_id, s.ending_sequence_number.has_value()});
    }
    if (!r->last_evaluated_shard_id) break;
    request.exclusive_start_shard_id = r->last_evaluated_shard_id;
  }
  return out;
}

Result<std::string> DynamoStreamSource::GetIterator(
    const std::string& shard_id, IteratorType type,
    const std::optional<std::string>& sequence_number) {
  dynamo::GetShardIteratorRequest request;
  request.stream_arn = stream_arn_;
  request.shard_id = shard_id;
  request.shard_iterator_type = IteratorTypeName(type);
  if (type == IteratorType::kAtSequenceNumber || type == IteratorType::kAfterSequenceNumber) {
    request.sequence_number = sequence_number;
  }
  auto r = client_.GetShardIterator(request);
  if (!r.ok()) return ToError(r.error());
  return std::move(r).value();
}

Result<RecordsPage> DynamoStreamSource::GetRecords(const std::string& iterator, int limit) {
  dynamo::GetRecordsRequest request;
  request.shard_iterator = iterator;
  request.limit = limit;
  auto r = client_.GetRecords(request);
  if (!r.ok()) return ToError(r.error());
  RecordsPage page;
  page.records.reserve(r->records.size());
  for (auto& rec : r->records) {
    page.records.push_back(SourceRecord{std::move(rec.sequence_number),
                                        rec.approximate_creation_date_time, std::move(rec.json),
                                        std::move(rec.text)});
  }
  page.next_iterator = std::move(r->next_shard_iterator);
  return page;
}

}  // namespace sb::trigger
