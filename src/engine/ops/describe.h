// DynamoDB's TableDescription JSON for a TableDef (CreateTable, DescribeTable, DeleteTable,
// UpdateTable responses). Thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "engine/model/table.h"
#include "engine/ops/context.h"

namespace sb::engine::ops {

// The description with live counts read from the store (ItemCount, TableSizeBytes and the
// indexes' counts). `status` is TableStatus ("ACTIVE", or "DELETING" for DeleteTable).
protocol::ApiResult<boost::json::object> DescribeTableJson(Context& ctx, const TableDef& table,
                                                           std::string_view status = "ACTIVE");

// A new StreamLabel: the current time as ISO-8601 with milliseconds, no zone suffix.
std::string StreamLabelNow(const Clock& clock);

// "arn:...:table/<name>/stream/<label>"
std::string StreamArn(std::string_view region, const TableDef& table);

}  // namespace sb::engine::ops
