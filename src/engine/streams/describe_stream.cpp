// DescribeStream: a stream's description and its shards in creation order, paged by
// ExclusiveStartShardId / LastEvaluatedShardId (Limit 1..100), optionally only the children
// of one shard (ShardFilter CHILD_SHARDS).
#include <boost/json.hpp>

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

struct DescribeRequest {
  std::string arn;
  int64_t limit = 100;
  std::optional<std::string> start;
  std::optional<std::string> child_of;
};

// ShardFilter: {Type: CHILD_SHARDS, ShardId}; the parent whose children are asked for.
ApiResult<std::optional<std::string>> ReadShardFilter(const json::object& req, ops::Violations& v) {
  SB_ASSIGN_OR_RETURN(const json::object* f, ops::OptObject(req, "ShardFilter"));
  if (f == nullptr) return std::optional<std::string>();
  SB_ASSIGN_OR_RETURN(auto type, ops::OptEnum(*f, "Type", {"CHILD_SHARDS"}, v, "shardFilter.type"));
  SB_ASSIGN_OR_RETURN(auto parent, BoundedString(*f, "ShardId", 28, 65, false, v));
  if (type && !parent) {
    return ApiError::Validation("ShardFilter of type CHILD_SHARDS requires a ShardId");
  }
  return type ? parent : std::optional<std::string>();
}

ApiResult<DescribeRequest> ReadRequest(const json::object& req) {
  ops::Violations v;
  DescribeRequest r;
  SB_ASSIGN_OR_RETURN(auto arn, BoundedString(req, "StreamArn", 37, 1024, true, v));
  SB_ASSIGN_OR_RETURN(auto limit, LimitParam(req, 100, v));
  SB_ASSIGN_OR_RETURN(r.start, BoundedString(req, "ExclusiveStartShardId", 28, 65, false, v));
  SB_ASSIGN_OR_RETURN(r.child_of, ReadShardFilter(req, v));
  SB_TRY_STATUS(v.ToStatus());
  if (!ParseStreamArn(*arn)) return InvalidStreamArn();
  r.arn = std::move(*arn);
  r.limit = limit.value_or(100);
  return r;
}

json::object ShardJson(const storage::ShardRow& r) {
  json::object range{{"StartingSequenceNumber", FormatSequenceNumber(r.start_n)}};
  if (r.end_n) range["EndingSequenceNumber"] = FormatSequenceNumber(*r.end_n);
  json::object o{{"ShardId", r.shard_id}, {"SequenceNumberRange", std::move(range)}};
  if (r.parent) o["ParentShardId"] = *r.parent;
  return o;
}

json::object StreamJson(const storage::StreamRow& stream) {
  json::object desc;
  desc["StreamArn"] = stream.arn;
  desc["StreamLabel"] = stream.label;
  desc["StreamStatus"] = stream.enabled ? "ENABLED" : "DISABLED";
  desc["StreamViewType"] = stream.view_type;
  desc["CreationRequestDateTime"] = static_cast<double>(stream.created_ms) / 1000.0;
  desc["TableName"] = stream.table_name;
  desc["KeySchema"] = json::parse(stream.key_schema);
  return desc;
}

}  // namespace

ops::OpResult DescribeStream(ops::Context& ctx, const json::object& request) {
  SB_ASSIGN_OR_RETURN(Streams * streams, Attached(ctx));
  SB_ASSIGN_OR_RETURN(DescribeRequest req, ReadRequest(request));
  std::optional<storage::StreamRow> stream;
  std::vector<storage::ShardRow> shards;
  Status st = streams->store().Read([&](storage::ReadView& view) -> Status {
    SB_ASSIGN_OR_RETURN(stream, storage::FindStream(view, req.arn));
    if (!stream) return {};
    int64_t after_shid = 0;
    if (req.start) {
      SB_ASSIGN_OR_RETURN(auto shard, storage::FindShard(view, stream->sid, *req.start));
      // DynamoDB answers an unknown ExclusiveStartShardId with an empty page.
      after_shid = shard ? shard->shid : INT64_MAX;
    }
    SB_ASSIGN_OR_RETURN(shards,
                        storage::ListShards(view, stream->sid, after_shid, req.child_of,
                                            req.limit + 1));
    return {};
  });
  if (!st.ok()) return StorageFailure(st.error());
  if (!stream) return StreamNotFound(req.arn);
  const bool more = static_cast<int64_t>(shards.size()) > req.limit;
  if (more) shards.resize(static_cast<size_t>(req.limit));
  json::array list;
  for (const storage::ShardRow& r : shards) list.push_back(ShardJson(r));
  json::object desc = StreamJson(*stream);
  desc["Shards"] = std::move(list);
  if (more) desc["LastEvaluatedShardId"] = shards.back().shard_id;
  return json::object{{"StreamDescription", std::move(desc)}};
}

namespace {
const ops::OpRegistration kRegistration{ops::kStreamsService, "DescribeStream", &DescribeStream};
}  // namespace

}  // namespace sb::engine::streams
