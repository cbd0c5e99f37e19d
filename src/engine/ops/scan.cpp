#include "engine/ops/scan.h"

#include <boost/json.hpp>
#include <string>

#include "engine/ops/legacy_params.h"
#include "engine/ops/read_page.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiStatus;
using read::ReadParams;
using read::ReadTarget;

constexpr int64_t kMaxTotalSegments = 1000000;  // DynamoDB's TotalSegments maximum

// Segment and TotalSegments: both or neither, 0 <= Segment < TotalSegments <= 1000000.
ApiStatus CheckSegments(const ReadParams& p) {
  const auto& segment = p.segment;
  const auto& total = p.total_segments;
  if (segment && !total) {
    return Fail(ApiError::Validation(
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present"));
  }
  if (total && !segment) {
    return Fail(ApiError::Validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present"));
  }
  if (total && (*total < 1 || *total > kMaxTotalSegments)) {
    return Fail(ApiError::Validation(
        "1 validation error detected: Value '" + std::to_string(*total) +
        "' at 'totalSegments' failed to satisfy constraint: Member must have value " +
        (*total < 1 ? "greater than or equal to 1" : "less than or equal to 1000000")));
  }
  if (segment && *segment < 0) {
    return Fail(ApiError::Validation(
        "1 validation error detected: Value '" + std::to_string(*segment) +
        "' at 'segment' failed to satisfy constraint: Member must have value greater than or "
        "equal to 0"));
  }
  if (segment && *segment >= *total) {
    return Fail(ApiError::Validation(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: " + std::to_string(*segment) + " is not less than TotalSegments: " +
        std::to_string(*total)));
  }
  return {};
}

}  // namespace

OpResult Scan(Context& ctx, const json::object& request) {
  // Validate everything first (read_page.h gives the order), then read one page.
  SB_ASSIGN_OR_RETURN(std::string table_name, TableNameParam(request));
  SB_TRY_STATUS(CheckNotMixed(request, {"ScanFilter", "AttributesToGet"},
                              {"FilterExpression", "ProjectionExpression"}));
  SB_ASSIGN_OR_RETURN(ReadParams p, ReadParams::Parse(request, table_name, "ScanFilter"));
  SB_TRY_STATUS(CheckSegments(p));
  expr::Placeholders ph(p.maps.names_ptr(), p.maps.values_ptr());
  SB_TRY_STATUS(ph.Validate());
  if (p.key_text) {
    return Fail(ApiError::Validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "KeyConditionExpression is not a Scan parameter"));
  }
  SB_ASSIGN_OR_RETURN(read::ReadExpressions e, read::ParseReadExpressions(p, ph));
  // The expressions need no table: their errors come before ResourceNotFound, as DynamoDB's.
  SB_ASSIGN_OR_RETURN(ReadTarget target, read::ResolveTarget(ctx, p));
  storage::ReadSpec spec = read::SpecFor(target);
  if (p.segment) {
    storage::SegmentParts(static_cast<int>(*p.segment), static_cast<int>(*p.total_segments),
                          &spec.part_lo, &spec.part_hi);
  }
  SB_TRY_STATUS(read::SetStartKey(target, p.start_key, spec));
  return read::ReadPage(ctx, target, p, e, spec);
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "Scan", &Scan};
}  // namespace

}  // namespace sb::engine::ops
