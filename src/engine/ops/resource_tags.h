// What the tagging operations (TagResource, UntagResource, ListTagsOfResource) share: tables
// are the taggable resources, named by their ARN. Thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "engine/model/table.h"
#include "engine/ops/context.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

// The name of the existing table that the request's ResourceArn names. Errors, in DynamoDB's
// words (including its "ResourcArn" spelling): a missing ResourceArn or one that names no
// table is a ValidationException; an unknown table, or an ARN naming an index or stream of a
// table (".../table/T/index/I"), is ResourceNotFoundException.
protocol::ApiResult<std::string> ResourceTable(Context& ctx, const boost::json::object& req);

// Adds to `v` what is wrong with the tag at `path` ("tags.1.member"), by the API reference's
// Tag rules: Key 1..128 and Value 0..256 characters, both of letters, digits, spaces and
// _.:/=+-@ (any non-ASCII character counts as a letter).
void CheckTag(const std::string& path, const std::string& key, const std::string& value,
              Violations& v);

// DynamoDB's limit of tags on one table.
inline constexpr size_t kMaxTagsPerTable = 50;

// The error for a table that would carry more than kMaxTagsPerTable tags.
protocol::ApiError TooManyTags();

// Applies `change` to the table's definition (its tags) in one write transaction; refuses
// (TooManyTags, writing nothing) a change that leaves more than kMaxTagsPerTable tags.
protocol::ApiStatus ChangeTags(Context& ctx, const std::string& name,
                               const std::function<void(TableDef&)>& change);

}  // namespace sb::engine::ops
