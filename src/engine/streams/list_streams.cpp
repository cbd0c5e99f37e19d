// ListStreams: the streams of the store (of one table when TableName is given), oldest
// first, paged by ExclusiveStartStreamArn / LastEvaluatedStreamArn (Limit 1..100).
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

ops::OpResult ListStreams(ops::Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(Streams * streams, Attached(ctx));
  ops::Violations v;
  SB_ASSIGN_OR_RETURN(auto table, ops::OptString(req, "TableName"));
  ops::CheckName("tableName", table, v, /*required=*/false);
  SB_ASSIGN_OR_RETURN(auto limit, LimitParam(req, 100, v));
  SB_ASSIGN_OR_RETURN(auto start, BoundedString(req, "ExclusiveStartStreamArn", 37, 1024, false, v));
  SB_TRY_STATUS(v.ToStatus());
  if (start && !ParseStreamArn(*start)) return InvalidStreamArn();
  const int64_t max = limit.value_or(100);

  std::vector<storage::StreamRow> rows;
  bool start_found = true;
  Status st = streams->store().Read([&](storage::ReadView& view) -> Status {
    int64_t after_sid = 0;
    if (start) {
      SB_ASSIGN_OR_RETURN(auto s, storage::FindStream(view, *start));
      if (!s) {
        start_found = false;
        return {};
      }
      after_sid = s->sid;
    }
    SB_ASSIGN_OR_RETURN(rows, storage::ListStreams(view, after_sid, table, max + 1));
    return {};
  });
  if (!st.ok()) return StorageFailure(st.error());
  if (!start_found) return StreamNotFound(*start);
  if (table && rows.empty() && !start && streams->store().FindTable(*table) == nullptr) {
    return ApiError::ResourceNotFound(
        "Requested resource not found: Table: " + QuotePrefix(*table) + " not found");
  }
  const bool more = static_cast<int64_t>(rows.size()) > max;
  if (more) rows.resize(static_cast<size_t>(max));
  json::array list;
  for (const storage::StreamRow& r : rows) {
    list.push_back(json::object{
        {"StreamArn", r.arn}, {"TableName", r.table_name}, {"StreamLabel", r.label}});
  }
  json::object out{{"Streams", std::move(list)}};
  if (more) out["LastEvaluatedStreamArn"] = rows.back().arn;
  return out;
}

namespace {
const ops::OpRegistration kRegistration{ops::kStreamsService, "ListStreams", &ListStreams};
}  // namespace

}  // namespace sb::engine::streams
