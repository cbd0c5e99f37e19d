// The syntax trees of DynamoDB's expression languages, shared by the three stages:
//   parse    (parser.h)   text -> tree; placeholders still raw ("#n", ":v"), positions kept;
//   resolve  (resolve.h)  placeholders -> attribute names and AttributeValues, static checks;
//   evaluate (evaluate.h, apply.h, projection.h, key_condition.h) against an Item.
// Internal to sb_engine_expr; the facade (expr.h) hands these out as opaque const objects.
// Plain values; thread-compatible (a resolved tree is read-only and may be shared).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::expr {

// One step of a document path: an attribute / map key name, or a list index.
struct PathElem {
  std::string name;    // after resolve: the real name; before: the bare name or "#ref"
  uint32_t index = 0;  // list index when is_index
  bool is_index = false;
  bool is_ref = false;  // before resolve: `name` is a "#placeholder"

  friend bool operator==(const PathElem& a, const PathElem& b) {
    return a.is_index == b.is_index && (a.is_index ? a.index == b.index : a.name == b.name);
  }
};

// A document path such as a.b[2].c. Never empty; the first element is a name.
struct Path {
  std::vector<PathElem> elems;
  uint32_t pos = 0;  // byte offset of the path in the expression text
};

// DynamoDB's rendering of a path in messages: "[a, b, [2], c]".
std::string PathToString(const Path& p);

// An operand (conditions) or value (update SET right-hand sides).
struct Operand {
  enum class Kind : uint8_t {
    kPath,         // path
    kValue,        // ":v" -> value
    kSize,         // size(path); args[0] is the path operand
    kIfNotExists,  // if_not_exists(path, operand)           (update only)
    kListAppend,   // list_append(operand, operand)          (update only)
    kPlus,         // operand + operand                      (update SET only, top level)
    kMinus,        // operand - operand
  };
  Kind kind = Kind::kPath;
  Path path;                       // kPath
  std::string ref;                 // kValue: the ":placeholder"
  protocol::AttributeValue value;  // kValue, after resolve
  std::vector<Operand> args;       // functions and + / -
  uint32_t pos = 0;
};

enum class CmpOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
std::string_view CmpOpText(CmpOp op);  // "=", "<>", ...

// A condition / filter / key condition tree. AND and OR are n-ary (chains flatten), so depth
// comes only from parentheses and NOT, which the parser caps.
struct CondNode {
  enum class Kind : uint8_t {
    kCompare,     // operands[0] op operands[1]
    kBetween,     // operands[0] BETWEEN operands[1] AND operands[2]
    kIn,          // operands[0] IN (operands[1..])
    kAnd,         // children (>= 2)
    kOr,          // children (>= 2)
    kNot,         // children[0]
    kExists,      // attribute_exists(operands[0].path)
    kNotExists,   // attribute_not_exists(operands[0].path)
    kType,        // attribute_type(operands[0].path, operands[1])
    kBeginsWith,  // begins_with(operands[0], operands[1])
    kContains,    // contains(operands[0], operands[1])
  };
  Kind kind = Kind::kCompare;
  CmpOp op = CmpOp::kEq;
  std::vector<Operand> operands;
  std::vector<CondNode> children;
  uint32_t pos = 0;
  // Function errors the parser left to this comparison or function (ParseConditionText with
  // leaf_errors): a wrong operand count, then a non-path or wrongly typed operand. resolve.h
  // reports them in their turn among this node's own errors.
  std::optional<protocol::ApiError> operand_error;
  std::optional<protocol::ApiError> function_error;
};

struct UpdateAction {
  enum class Kind : uint8_t { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;
  Operand value;  // kSet: the right-hand side; kAdd / kDelete: a kValue operand; kRemove: unused
};

// The opaque types of the facade (expr.h).
struct Condition {
  CondNode root;
};
struct Update {
  std::vector<UpdateAction> actions;  // in expression order
  // A function error found by the parser that DynamoDB reports after the checks of
  // resolve.h (ResolveUpdate returns it in its turn); unset once resolved.
  std::optional<protocol::ApiError> late_error;
};
struct Projection {
  std::vector<Path> paths;  // in expression order; pairwise non-overlapping
};

}  // namespace sb::engine::expr
