// Parsing and validating the table-shape parameters shared by CreateTable and UpdateTable:
// AttributeDefinitions, KeySchema, Projection, ProvisionedThroughput, secondary indexes and
// StreamSpecification, with DynamoDB's messages. Pure; thread-safe.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "engine/model/table.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

using AttributeTypes = std::map<std::string, ScalarType, std::less<>>;

// AttributeDefinitions: [{AttributeName, AttributeType}]. Duplicates are an error.
protocol::ApiResult<std::vector<KeyElement>> ParseAttributeDefinitions(const boost::json::array& a);

// A KeySchema list ([{AttributeName, KeyType}], HASH first, optional RANGE), resolving types
// from `defs`; records every attribute it names in `used`. With `multi_attribute` (GSIs) the
// list holds 1 to 4 HASH elements and then 0 to 4 RANGE elements (multi-attribute keys,
// docs/engine.md); otherwise one HASH and at most one RANGE (tables, LSIs).
protocol::ApiResult<KeySchema> ParseKeySchema(const boost::json::array* a, std::string_view path,
                                              const AttributeTypes& defs,
                                              std::set<std::string>* used,
                                              bool multi_attribute = false);

protocol::ApiResult<Projection> ParseProjection(const boost::json::object* p,
                                                std::string_view index_name,
                                                std::string_view path);

// ProvisionedThroughput {ReadCapacityUnits, WriteCapacityUnits}; nullopt when absent.
protocol::ApiResult<std::optional<Throughput>> ParseThroughput(const boost::json::object* p,
                                                               std::string_view path);

// One GlobalSecondaryIndexes / LocalSecondaryIndexes element (or a GSI Create action).
protocol::ApiResult<IndexDef> ParseIndex(const boost::json::object& o, bool global,
                                         std::string_view path, const AttributeTypes& defs,
                                         std::set<std::string>* used);

// A GSI carries ProvisionedThroughput exactly when the table's billing mode is PROVISIONED.
protocol::ApiStatus CheckIndexThroughput(const IndexDef& index, BillingMode billing);

// StreamSpecification {StreamEnabled, StreamViewType}; nullopt when absent.
protocol::ApiResult<std::optional<StreamSpec>> ParseStreamSpec(const boost::json::object& request);

}  // namespace sb::engine::ops
