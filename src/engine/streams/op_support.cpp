#include "engine/streams/op_support.h"

#include "base/quote.h"
#include "engine/streams/streams.h"

namespace sb::engine::streams {

using protocol::ApiError;
using protocol::ApiResult;

ApiResult<Streams*> Attached(ops::Context& ctx) {
  if (ctx.streams == nullptr) return ApiError::Internal("streams are not enabled");
  ctx.streams->MaybeSweep();
  return ctx.streams;
}

ApiResult<std::optional<std::string>> BoundedString(const boost::json::object& o,
                                                    std::string_view key, size_t min, size_t max,
                                                    bool required, ops::Violations& v) {
  SB_ASSIGN_OR_RETURN(auto s, ops::OptString(o, key));
  if (!s) {
    if (required) v.Add(ops::MemberPath(key), std::nullopt, "Member must not be null");
  } else if (s->size() < min || s->size() > max) {
    v.Add(ops::MemberPath(key), *s,
          "Member must have length " +
              std::string(s->size() < min ? "greater than or equal to " + std::to_string(min)
                                          : "less than or equal to " + std::to_string(max)));
  }
  return s;
}

ApiResult<std::optional<int64_t>> LimitParam(const boost::json::object& o, int64_t max,
                                             ops::Violations& v) {
  SB_ASSIGN_OR_RETURN(auto limit, ops::OptInt(o, "Limit"));
  if (limit && *limit < 1) {
    v.Add("limit", std::to_string(*limit), "Member must have value greater than or equal to 1");
  } else if (limit && *limit > max) {
    v.Add("limit", std::to_string(*limit),
          "Member must have value less than or equal to " + std::to_string(max));
  }
  return limit;
}

ApiError StorageFailure(const Error& e) { return ApiError::Internal("storage: " + e.message); }

ApiError StreamNotFound(std::string_view arn) {
  return ApiError::ResourceNotFound("Requested resource not found: Stream: " + QuotePrefix(arn) +
                                    " not found");
}

ApiError ShardNotFound() {
  return ApiError::ResourceNotFound("Requested resource not found: Shard does not exist");
}

ApiError TrimmedData() {
  return ApiError{
      "TrimmedDataAccessException", "The data you are trying to access has been trimmed", 400, {}};
}

ApiError InvalidStreamArn() { return ApiError::Validation("Invalid StreamArn"); }

}  // namespace sb::engine::streams
