#include "engine/ops/scan.h"

#include "engine/ops/query.h"

namespace sb::engine::ops {

OpResult Scan(Context& ctx, const boost::json::object& request) {
  return detail::ExecuteRead(ctx, request, /*is_query=*/false);
}

}  // namespace sb::engine::ops
