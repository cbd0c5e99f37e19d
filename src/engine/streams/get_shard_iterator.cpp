// GetShardIterator: an iterator (iterator.h) positioned in one shard: at its trim horizon,
// after its latest record, or at / after a sequence number of the shard.
#include <algorithm>
#include <boost/json.hpp>

#include "base/quote.h"
#include "engine/ops/registry.h"
#include "engine/storage/stream_rows.h"
#include "engine/streams/ids.h"
#include "engine/streams/op_support.h"
#include "engine/streams/operations.h"
#include "engine/streams/streams.h"

namespace sb::engine::streams {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;

namespace {

struct IteratorRequest {
  std::string arn;
  std::string shard_id;
  std::string type;
  std::optional<std::string> seq_text;
  std::optional<SequencePosition> seq;
};

ApiResult<IteratorRequest> ReadRequest(const json::object& req) {
  ops::Violations v;
  IteratorRequest r;
  SB_ASSIGN_OR_RETURN(auto arn, BoundedString(req, "StreamArn", 37, 1024, true, v));
  SB_ASSIGN_OR_RETURN(auto shard_id, BoundedString(req, "ShardId", 28, 65, true, v));
  SB_ASSIGN_OR_RETURN(r.seq_text, BoundedString(req, "SequenceNumber", 21, 40, false, v));
  SB_ASSIGN_OR_RETURN(auto type, ops::OptEnum(req, "ShardIteratorType",
                                              {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER",
                                               "AFTER_SEQUENCE_NUMBER"},
                                              v));
  if (!type) v.Add("shardIteratorType", std::nullopt, "Member must not be null");
  SB_TRY_STATUS(v.ToStatus());
  r.type = *type;
  const bool by_seq = r.type == "AT_SEQUENCE_NUMBER" || r.type == "AFTER_SEQUENCE_NUMBER";
  if (by_seq && !r.seq_text) {
    return ApiError::Validation("Must specify a SequenceNumber for ShardIteratorType " +
                                QuotePrefix(r.type));
  }
  if (!by_seq && r.seq_text) {
    return ApiError::Validation("Must not specify a SequenceNumber for ShardIteratorType " +
                                QuotePrefix(r.type));
  }
  if (r.seq_text) {
    r.seq = ParseSequenceNumber(*r.seq_text);
    if (!r.seq) return ApiError::Validation("Invalid SequenceNumber: " + QuotePrefix(*r.seq_text));
  }
  if (!ParseStreamArn(*arn)) return InvalidStreamArn();
  r.arn = std::move(*arn);
  r.shard_id = std::move(*shard_id);
  return r;
}

// The iterator's position: it reads the records whose counter is greater.
ApiResult<int64_t> PositionIn(const storage::ShardRow& shard, const IteratorRequest& r) {
  if (r.type == "TRIM_HORIZON") return shard.trim_n;
  if (r.type == "LATEST") return shard.last_n;
  // The number must name a position inside this shard: its start, or a record's counter.
  const int64_t top = shard.end_n.value_or(shard.last_n);
  if (r.seq->kind != SequencePosition::kExact || r.seq->n < shard.start_n || r.seq->n > top) {
    return ApiError::Validation("Invalid SequenceNumber " + QuotePrefix(*r.seq_text) +
                                " for shard " + shard.shard_id);
  }
  const int64_t after =
      r.type == "AT_SEQUENCE_NUMBER" ? std::max(r.seq->n - 1, shard.start_n) : r.seq->n;
  if (shard.Trimmed(after)) return TrimmedData();
  return after;
}

}  // namespace

ops::OpResult GetShardIterator(ops::Context& ctx, const json::object& request) {
  SB_ASSIGN_OR_RETURN(Streams * streams, Attached(ctx));
  SB_ASSIGN_OR_RETURN(IteratorRequest req, ReadRequest(request));
  std::optional<storage::StreamRow> stream;
  std::optional<storage::ShardRow> shard;
  Status st = streams->store().Read([&](storage::ReadView& view) -> Status {
    SB_ASSIGN_OR_RETURN(stream, storage::FindStream(view, req.arn));
    if (!stream) return {};
    SB_ASSIGN_OR_RETURN(shard, storage::FindShard(view, stream->sid, req.shard_id));
    return {};
  });
  if (!st.ok()) return StorageFailure(st.error());
  if (!stream) return StreamNotFound(req.arn);
  if (!shard) return ShardNotFound();
  SB_ASSIGN_OR_RETURN(int64_t after, PositionIn(*shard, req));
  IteratorState state{stream->arn, stream->sid, shard->shid, after,
                      streams->options().clock->NowUnixMillis()};
  return json::object{{"ShardIterator", streams->codec().Encode(state)}};
}

namespace {
const ops::OpRegistration kRegistration{ops::kStreamsService, "GetShardIterator",
                                        &GetShardIterator};
}  // namespace

}  // namespace sb::engine::streams
