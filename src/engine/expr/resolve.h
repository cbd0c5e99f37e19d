// Stage 2 of 3: resolving a parsed tree against a request's placeholders, then the static
// checks that need the resolved values. Placeholders are resolved in text order; the first
// undefined one fails with DynamoDB's message:
//   "Invalid <kind>: An expression attribute name used in the document path is not defined;
//    attribute name: #n"
//   "Invalid <kind>: An expression attribute value used in expression is not defined;
//    attribute value: :v"
// Static checks (all "Invalid <kind>: ..."): operand types of constant operands
// ("Incorrect operand type for operator or function; ..."), attribute_type's type name, BETWEEN
// bounds in order, and, for updates and projections, overlapping or conflicting paths
// ("Two document paths overlap with each other; ..." / "... conflict with each other; ...").
// Mutates the tree in place; records placeholder use in `ph`. Not thread-safe w.r.t. `ph`.
#pragma once

#include <string_view>

#include "engine/expr/ast.h"
#include "engine/expr/placeholders.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::engine::expr {

protocol::ApiStatus ResolveCondition(CondNode& root, std::string_view kind, Placeholders& ph);
protocol::ApiStatus ResolveUpdate(Update& update, Placeholders& ph);
protocol::ApiStatus ResolveProjection(Projection& projection, Placeholders& ph);

// Placeholder resolution alone (no static checks); used by key conditions, which have their
// own rules.
protocol::ApiStatus ResolveConditionPlaceholders(CondNode& root, std::string_view kind,
                                                 Placeholders& ph);

// DynamoDB's rendering of a constant in messages: "AttributeValue: {N:5}".
std::string DescribeValue(const protocol::AttributeValue& v);

}  // namespace sb::engine::expr
