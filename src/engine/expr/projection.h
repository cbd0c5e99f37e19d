// Stage 3 of 3 for projections: selecting a resolved ProjectionExpression's paths from an item.
// The result keeps the item's shape: a.b[2].c yields {a: {b: [ {c: ...} ]}}; selected list
// elements keep their relative order and close up; missing paths are simply absent, and a map
// or list left with nothing selected is omitted.
// Pure; thread-safe on shared const trees.
#pragma once

#include "engine/expr/ast.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::expr {

protocol::Item ProjectItem(const Projection& projection, const protocol::Item& item);

}  // namespace sb::engine::expr
