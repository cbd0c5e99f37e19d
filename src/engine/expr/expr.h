// The expression facade of the local engine: DynamoDB's condition / filter, update,
// projection and key condition expressions, each in three stages (parser.h: text -> tree;
// resolve.h: placeholders -> names and values, static checks; then evaluate / apply /
// project / key range). Every failure is a DynamoDB-shaped ValidationException whose message
// names the expression kind, e.g.
//   "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"a = = :v\""
//   "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"
//
// Usage for one request (validate fully, then mutate):
//   Placeholders ph(names_or_null, values_or_null);
//   SB_TRY_STATUS(ph.Validate());
//   auto cond = ParseCondition(text, "ConditionExpression", ph);   // and the other expressions
//   SB_TRY_STATUS(ph.CheckAllUsed());
//   ... then Evaluate / Apply / Project against items.
//
// Parsed trees are immutable and may be shared across threads; Placeholders is per request.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/key_condition.h"
#include "engine/expr/placeholders.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::expr {

struct Condition;   // a resolved ConditionExpression / FilterExpression
struct Update;      // a resolved UpdateExpression
struct Projection;  // a resolved ProjectionExpression

// `kind` is "ConditionExpression" or "FilterExpression" (it names the expression in errors).
protocol::ApiResult<std::shared_ptr<const Condition>> ParseCondition(std::string_view text,
                                                                     std::string_view kind,
                                                                     Placeholders& ph);

// Evaluates against `item` (pass an empty Item when the item does not exist). Never fails for a
// tree from ParseCondition; the Result leaves room for runtime errors.
protocol::ApiResult<bool> Evaluate(const Condition& c, const protocol::Item& item);

protocol::ApiResult<std::shared_ptr<const Update>> ParseUpdate(std::string_view text,
                                                               Placeholders& ph);

// Applies to a copy of `item` (empty Item if the item does not exist) and returns the new item.
// key_names: the table's key attributes; an update touching one fails with KeyUpdateError.
// See apply.h for the semantics.
protocol::ApiResult<protocol::Item> Apply(const Update& u, const protocol::Item& item,
                                          const std::vector<std::string>& key_names);

// The ValidationException of an update (expression, legacy AttributeUpdates or transaction
// Update) that touches key attribute `name`: "One or more parameter values were invalid:
// Cannot update attribute <name>. This attribute is part of the key".
protocol::ApiError KeyUpdateError(std::string_view name);

// The distinct top-level attribute names the update touches (for ReturnValues UPDATED_OLD /
// UPDATED_NEW: return those of them present in the old / new item), in first-use order.
std::vector<std::string> UpdatedTopLevelNames(const Update& u);

// ReturnValues UPDATED_OLD / UPDATED_NEW: `item` (the old or the new one) projected on the
// paths the update's actions name, nested paths as a ProjectionExpression projects them
// (SET m.x = :v returns {"m": {"M": {"x": ...}}}, not all of m), as DynamoDB returns them.
protocol::Item ProjectUpdatedPaths(const Update& u, const protocol::Item& item);

// True when every action is a REMOVE (such an update of a missing item creates nothing).
bool RemovesOnly(const Update& u);

protocol::ApiResult<std::shared_ptr<const Projection>> ParseProjection(std::string_view text,
                                                                       Placeholders& ph);

// The projected item; keeps the item's shape (see projection.h).
protocol::Item Project(const Projection& p, const protocol::Item& item);

// The top-level attribute names a projection reads (a.b[1] reads a), in order, no repeats.
std::vector<std::string> ProjectionTopLevelNames(const Projection& p);

// KeyRange is defined in key_condition.h (fields documented there).
protocol::ApiResult<KeyRange> ParseKeyCondition(std::string_view text, Placeholders& ph,
                                                std::string_view hash_key_name,
                                                std::optional<std::string_view> range_key_name);

}  // namespace sb::engine::expr
