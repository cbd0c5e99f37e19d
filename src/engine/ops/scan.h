// Scan: DynamoDB's Scan over a table or a secondary index, with parallel scans
// (Segment / TotalSegments). Rows are ordered by a hash of the partition key, and segment i of
// n is a contiguous range of that hash (storage::SegmentParts), so the segments of one scan
// partition the items: every item is in exactly one segment, and one partition's items never
// straddle two. Paging, Limit, Select, the 1 MB page and consumed capacity follow read_page.h.
// Thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "engine/ops/context.h"

namespace sb::engine::ops {

// DynamoDB_20120810.Scan: `request` is the decoded JSON body; returns the response body.
OpResult Scan(Context& ctx, const boost::json::object& request);

}  // namespace sb::engine::ops
