#include "engine/streams/api.h"

#include <boost/json.hpp>

#include "engine/streams/streams.h"

namespace sb::engine::streams {

namespace {

template <const char* kName>
ops::OpResult Run(ops::Context& ctx, const boost::json::object& request) {
  if (ctx.streams == nullptr) return protocol::ApiError::Internal("streams are not enabled");
  auto body = ctx.streams->Handle(kName, request);
  if (!body.ok()) return Fail(body.error());
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body.value(), ec);
  if (ec || !v.is_object()) return protocol::ApiError::Internal("streams: bad response");
  return std::move(v.get_object());
}

constexpr char kListStreams[] = "ListStreams";
constexpr char kDescribeStream[] = "DescribeStream";
constexpr char kGetShardIterator[] = "GetShardIterator";
constexpr char kGetRecords[] = "GetRecords";

}  // namespace

ops::OpFn FindStreamsOperation(std::string_view operation) {
  if (operation == kListStreams) return &Run<kListStreams>;
  if (operation == kDescribeStream) return &Run<kDescribeStream>;
  if (operation == kGetShardIterator) return &Run<kGetShardIterator>;
  if (operation == kGetRecords) return &Run<kGetRecords>;
  return nullptr;
}

}  // namespace sb::engine::streams
