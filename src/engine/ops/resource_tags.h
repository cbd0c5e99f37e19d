// What the tagging operations (TagResource, UntagResource, ListTagsOfResource) share: tables
// are the taggable resources, named by their ARN. Thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "engine/model/table.h"
#include "engine/ops/context.h"

namespace sb::engine::ops {

// The name of the existing table that the request's ResourceArn names. Errors, in DynamoDB's
// words (including its "ResourcArn" spelling): a missing ResourceArn or one that names no
// table is a ValidationException; an unknown table is ResourceNotFoundException.
protocol::ApiResult<std::string> ResourceTable(Context& ctx, const boost::json::object& req);

// Applies `change` to the table's definition (its tags) in one write transaction.
protocol::ApiStatus ChangeTags(Context& ctx, const std::string& name,
                               const std::function<void(TableDef&)>& change);

}  // namespace sb::engine::ops
