// Stage 3 of 3 for updates: applying a resolved UpdateExpression tree to an item, with
// DynamoDB's semantics:
//  - every right-hand side is evaluated against the item as it was BEFORE the update;
//  - SET on a list index past the end appends (several appends land in index order);
//  - REMOVE of list elements uses the original indexes, then the list closes up;
//  - ADD adds to a number or unions a set (creating it when missing); DELETE subtracts from a
//    set and removes the attribute when the set becomes empty;
//  - a path through a missing or wrongly typed parent is an error.
// Errors are ValidationExceptions with DynamoDB's messages:
//   KeyUpdateError (expr.h) for a path that starts at a key attribute
//   "The provided expression refers to an attribute that does not exist in the item"
//   "An operand in the update expression has an incorrect data type"
//   "The document path provided in the update expression is invalid for update"
//   and Number's overflow / underflow / precision messages for + and ADD.
// Pure; thread-safe on shared const trees.
#pragma once

#include <string>
#include <vector>

#include "engine/expr/ast.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::expr {

// Returns the updated copy of `item`. `key_names`: the table's key attribute names.
protocol::ApiResult<protocol::Item> ApplyUpdate(const Update& update, const protocol::Item& item,
                                                const std::vector<std::string>& key_names);

// The distinct top-level attribute names the update's actions touch, in first-use order.
std::vector<std::string> TopLevelNames(const Update& update);

}  // namespace sb::engine::expr
