// Stage 3 of 3 for conditions: evaluating a resolved condition tree (ast.h) against an item,
// with DynamoDB's semantics:
//  - a missing attribute makes every comparison false, except "<>" which is true;
//  - values of different types are never equal and never ordered ("<>" is true);
//  - ordering (<, <=, >, >=, BETWEEN) exists only between two N, two S (UTF-8 bytes) or two B
//    (unsigned bytes); any other pair compares false;
//  - begins_with on S and B; contains on S (substring), B (byte substring), SS/NS/BS (member
//    of the matching scalar type) and L (an element equal to the operand);
//  - size of S and B (bytes), of sets, L and M (elements); of any other type it is undefined,
//    and a comparison with an undefined size is false.
// Pure; thread-safe on shared const trees.
#pragma once

#include <optional>

#include "engine/expr/ast.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::expr {

// The value at `path` inside `item`, or null when any step is missing or of the wrong type.
const protocol::AttributeValue* FindPath(const protocol::Item& item, const Path& path);

// Three-way comparison when a and b are both N, both S or both B: <0, 0, >0. Otherwise nullopt.
std::optional<int> CompareOrdered(const protocol::AttributeValue& a,
                                  const protocol::AttributeValue& b);

// Evaluates a resolved condition against `item` (an empty item when the item does not exist).
bool EvaluateCondition(const CondNode& node, const protocol::Item& item);

}  // namespace sb::engine::expr
