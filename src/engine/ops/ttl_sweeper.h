// Time to Live expiry: deletes items whose TTL attribute (a Number of epoch seconds) is in the
// past, on tables with TTL enabled. DynamoDB deletes expired items in the background "within
// a few days" and keeps returning them until then; we do the same, only sooner: the engine
// server runs SweepExpiredItems periodically. DynamoDB's rules copied: a TTL attribute that
// is not a Number is ignored, and so is a value more than five years in the past.
// Thread-safe (each deletion is its own write transaction that re-checks expiry).
#pragma once

#include <cstdint>

#include "engine/ops/context.h"

namespace sb::engine::ops {

// Deletes up to `max_items` expired items; returns how many were deleted.
protocol::ApiResult<int64_t> SweepExpiredItems(Context& ctx, int64_t now_unix_seconds,
                                               int64_t max_items);

}  // namespace sb::engine::ops
