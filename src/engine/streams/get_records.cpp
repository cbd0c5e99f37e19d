// GetRecords: the records after an iterator's position, at most Limit (1..1000) and about
// 1 MB, and the iterator for the next page (absent once a closed shard is read to its end).
// Each record is the text stored at write time, passed through unchanged (ops/raw_json.h).
#include <boost/json.hpp>

#include "base/clock.h"
#include "engine/ops/raw_json.h"
#include "engine/ops/registry.h"
#include "engine/storage/stream_rows.h"
#include "engine/streams/op_support.h"
#include "engine/streams/operations.h"
#include "engine/streams/streams.h"

namespace sb::engine::streams {

namespace json = boost::json;
using protocol::ApiError;

namespace {

// GetRecords returns at most 1 MB of records (always at least one when any is available).
constexpr size_t kMaxRecordBytes = 1024 * 1024;

ApiError Expired(int64_t issued_ms, int64_t now_ms) {
  return ApiError{"ExpiredIteratorException",
                  "Iterator expired. The iterator was created at time " +
                      FormatIso8601Millis(issued_ms) + " while right now it is " +
                      FormatIso8601Millis(now_ms) +
                      " which is further in the future than the tolerated delay of 900000 "
                      "milliseconds.",
                  400,
                  {}};
}

}  // namespace

ops::OpResult GetRecords(ops::Context& ctx, const json::object& request) {
  SB_ASSIGN_OR_RETURN(Streams * streams, Attached(ctx));
  ops::Violations v;
  SB_ASSIGN_OR_RETURN(auto token, BoundedString(request, "ShardIterator", 1, 2048, true, v));
  SB_ASSIGN_OR_RETURN(auto limit, LimitParam(request, 1000, v));
  SB_TRY_STATUS(v.ToStatus());
  auto state = streams->codec().Decode(*token);
  if (!state) return ApiError::Validation("Invalid ShardIterator");
  const int64_t now_ms = streams->options().clock->NowUnixMillis();
  if (now_ms - state->issued_millis > kIteratorLifetimeMillis) {
    return Expired(state->issued_millis, now_ms);
  }

  json::array records;
  std::optional<storage::ShardRow> shard;
  int64_t after = state->after;
  bool trimmed = false;
  Status parsed;
  size_t bytes = 0;
  auto take = [&](int64_t n, std::string_view text) {
    if (!records.empty() && bytes + text.size() > kMaxRecordBytes) return false;
    // Written by the write observer as one JSON object; a row that is not one would break
    // the whole response.
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
      parsed = MakeError("corrupt", "stream record " + std::to_string(n));
      return false;
    }
    records.push_back(json::string(text));
    bytes += text.size();
    after = n;
    return true;
  };
  Status st = streams->store().Read([&](storage::ReadView& view) -> Status {
    SB_ASSIGN_OR_RETURN(shard, storage::FindShardByRow(view, state->shard_row));
    if (!shard || shard->sid != state->stream_id) {
      shard.reset();
      return {};
    }
    trimmed = shard->Trimmed(after);
    if (trimmed) return {};
    return storage::ReadRecords(view, shard->shid, after, limit.value_or(1000), take);
  });
  if (st.ok()) st = parsed;
  if (!st.ok()) return StorageFailure(st.error());
  if (!shard) return ShardNotFound();
  if (trimmed) return TrimmedData();

  // The records go out byte for byte as the write observer serialized them (raw_json.h).
  json::object out{{ops::RawArrayKey("Records"), std::move(records)}};
  // A closed shard read to its end has no next iterator; an open one always has.
  if (!shard->end_n || after < *shard->end_n) {
    IteratorState next = *state;
    next.after = after;
    next.issued_millis = now_ms;
    out["NextShardIterator"] = streams->codec().Encode(next);
  }
  return out;
}

namespace {
const ops::OpRegistration kRegistration{ops::kStreamsService, "GetRecords", &GetRecords};
}  // namespace

}  // namespace sb::engine::streams
