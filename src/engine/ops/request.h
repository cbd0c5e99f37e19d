// Reading request parameters the way DynamoDB validates them. Shared by every operation.
//
// Type errors in the JSON itself (a string where a number belongs...) are
// SerializationExceptions, as DynamoDB's JSON deserializer reports them. Constraint errors are
// ValidationExceptions in DynamoDB's aggregated form:
//   "1 validation error detected: Value null at 'tableName' failed to satisfy constraint:
//    Member must not be null"
//   "2 validation errors detected: <error>; <error>"
// Pure (apart from LookupTable's catalog read); thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/table.h"
#include "engine/ops/context.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::ops {

// Collects constraint violations and renders DynamoDB's "N validation error(s) detected".
class Violations {
 public:
  // "Value <shown> at '<path>' failed to satisfy constraint: <constraint>"; shown is `null`
  // or '<value>'.
  void Add(std::string_view path, std::optional<std::string_view> value,
           std::string_view constraint);
  bool empty() const { return list_.empty(); }
  protocol::ApiStatus ToStatus() const;

 private:
  std::vector<std::string> list_;
};

// "TableName" -> "tableName" (DynamoDB's member path spelling).
std::string MemberPath(std::string_view key);

// The member's value; nullptr when it is absent or JSON null.
const boost::json::value* FindMember(const boost::json::object& o, std::string_view key);

// SerializationException "Unexpected value type for <key>: expected <expected>".
protocol::ApiError MemberTypeError(std::string_view key, std::string_view expected);

// Typed optional members. Absent or JSON null -> nullopt. Wrong JSON type ->
// SerializationException.
protocol::ApiResult<std::optional<std::string>> OptString(const boost::json::object& o,
                                                          std::string_view key);
protocol::ApiResult<std::optional<bool>> OptBool(const boost::json::object& o,
                                                 std::string_view key);
protocol::ApiResult<std::optional<int64_t>> OptInt(const boost::json::object& o,
                                                   std::string_view key);
protocol::ApiResult<const boost::json::object*> OptObject(const boost::json::object& o,
                                                          std::string_view key);
protocol::ApiResult<const boost::json::array*> OptArray(const boost::json::object& o,
                                                        std::string_view key);
// A DynamoDB item (map of AttributeValues) member, decoded and validated by the codec.
protocol::ApiResult<std::optional<protocol::Item>> OptItem(const boost::json::object& o,
                                                           std::string_view key);

// Checks a table/index name value: length 3..255, pattern [a-zA-Z0-9_.-]+.
void CheckName(std::string_view path, const std::optional<std::string>& name, Violations& v,
               bool required = true);

// Checks a table name used as a map key (BatchGetItem / BatchWriteItem RequestItems): one
// violation naming every constraint, as DynamoDB words it, when the name breaks any of them.
void CheckMapKeyName(std::string_view path, std::string_view name, Violations& v);

// The TableName member, validated (null, length, pattern).
protocol::ApiResult<std::string> TableNameParam(const boost::json::object& o);

// An enum member: nullopt if absent; a value outside `allowed` is a violation
// ("Member must satisfy enum value set: [A, B]"), reported at `path` (default: the member's
// own path, e.g. "returnValues").
protocol::ApiResult<std::optional<std::string>> OptEnum(const boost::json::object& o,
                                                        std::string_view key,
                                                        std::initializer_list<std::string_view> allowed,
                                                        Violations& v,
                                                        std::string_view path = {});

// DynamoDB's message for a table operation on a table that does not exist:
// "Requested resource not found: Table: <name> not found".
std::string TableNotFoundMessage(std::string_view name);

// The published table, or ResourceNotFoundException with `message`.
protocol::ApiResult<std::shared_ptr<const TableDef>> LookupTable(
    Context& ctx, std::string_view name,
    std::string_view message = "Requested resource not found");

// The expression placeholder maps of a request.
struct ExpressionMaps {
  std::optional<std::map<std::string, std::string>> names;
  std::optional<protocol::AttributeMap> values;
  const std::map<std::string, std::string>* names_ptr() const { return names ? &*names : nullptr; }
  const protocol::AttributeMap* values_ptr() const { return values ? &*values : nullptr; }
};
protocol::ApiResult<ExpressionMaps> ReadExpressionMaps(const boost::json::object& o);

}  // namespace sb::engine::ops
