#include "engine/expr/legacy.h"

#include "base/quote.h"
#include "engine/expr/ast.h"
#include "engine/expr/evaluate.h"

namespace sb::engine::expr {

using protocol::ApiError;
using protocol::ApiResult;
using protocol::AttributeValue;
using protocol::AttrType;

namespace {

ApiError Invalid(const std::string& detail) {
  return ApiError::Validation("One or more parameter values were invalid: " + detail);
}

Operand PathOperand(const std::string& name) {
  Operand o;
  o.kind = Operand::Kind::kPath;
  PathElem e;
  e.name = name;
  o.path.elems.push_back(std::move(e));
  return o;
}

Operand ValueOperand(const AttributeValue& v) {
  Operand o;
  o.kind = Operand::Kind::kValue;
  o.value = v;
  return o;
}

bool IsScalarOrderable(const AttributeValue& v) {
  return v.is(AttrType::N) || v.is(AttrType::S) || v.is(AttrType::B);
}

ApiError BadType(const std::string& op, const AttributeValue& v) {
  return Invalid("ComparisonOperator " + QuotePrefix(op) + " is not valid for " +
                 std::string(protocol::AttrTypeName(v.type())) + " AttributeValue type");
}

// Builds the node for one legacy comparison on top-level attribute `name`.
ApiResult<CondNode> ConditionNode(const std::string& name, const std::string& op,
                                  const std::vector<AttributeValue>& values) {
  auto arity = [&](size_t n) -> bool { return values.size() == n; };
  auto wrong_count = [&]() {
    return Invalid("Invalid number of argument(s) for the " + QuotePrefix(op) +
                   " ComparisonOperator");
  };
  CondNode n;
  n.operands.push_back(PathOperand(name));
  static const std::map<std::string, CmpOp, std::less<>> kCompare = {
      {"EQ", CmpOp::kEq}, {"NE", CmpOp::kNe}, {"LT", CmpOp::kLt},
      {"LE", CmpOp::kLe}, {"GT", CmpOp::kGt}, {"GE", CmpOp::kGe}};
  if (auto it = kCompare.find(op); it != kCompare.end()) {
    if (!arity(1)) return wrong_count();
    bool ordered = it->second != CmpOp::kEq && it->second != CmpOp::kNe;
    if (ordered && !IsScalarOrderable(values[0])) return BadType(op, values[0]);
    n.kind = CondNode::Kind::kCompare;
    n.op = it->second;
    n.operands.push_back(ValueOperand(values[0]));
    return n;
  }
  if (op == "NOT_NULL" || op == "NULL") {
    if (!arity(0)) return wrong_count();
    n.kind = op == "NULL" ? CondNode::Kind::kNotExists : CondNode::Kind::kExists;
    return n;
  }
  if (op == "CONTAINS" || op == "NOT_CONTAINS" || op == "BEGINS_WITH") {
    if (!arity(1)) return wrong_count();
    bool begins = op == "BEGINS_WITH";
    const AttributeValue& v = values[0];
    if (begins ? !(v.is(AttrType::S) || v.is(AttrType::B)) : !IsScalarOrderable(v)) {
      return BadType(op, v);
    }
    n.kind = begins ? CondNode::Kind::kBeginsWith : CondNode::Kind::kContains;
    n.operands.push_back(ValueOperand(v));
    if (op != "NOT_CONTAINS") return n;
    // NOT_CONTAINS holds only for an existing attribute without the value.
    CondNode negated;
    negated.kind = CondNode::Kind::kNot;
    negated.children.push_back(std::move(n));
    CondNode exists;
    exists.kind = CondNode::Kind::kExists;
    exists.operands.push_back(PathOperand(name));
    CondNode both;
    both.kind = CondNode::Kind::kAnd;
    both.children.push_back(std::move(exists));
    both.children.push_back(std::move(negated));
    return both;
  }
  if (op == "IN") {
    if (values.empty()) return wrong_count();
    for (const AttributeValue& v : values) {
      if (!IsScalarOrderable(v)) return BadType(op, v);
      if (v.type() != values[0].type()) {
        return Invalid("AttributeValues inside AttributeValueList must be of same type");
      }
      n.operands.push_back(ValueOperand(v));
    }
    n.kind = CondNode::Kind::kIn;
    return n;
  }
  if (op == "BETWEEN") {
    if (!arity(2)) return wrong_count();
    for (const AttributeValue& v : values) {
      if (!IsScalarOrderable(v)) return BadType(op, v);
    }
    if (values[0].type() != values[1].type()) {
      return Invalid("AttributeValues inside AttributeValueList must be of same type");
    }
    if (*CompareOrdered(values[0], values[1]) > 0) {
      return ApiError::Validation(
          "The BETWEEN condition was provided a range where the lower bound is greater than the "
          "upper bound");
    }
    n.kind = CondNode::Kind::kBetween;
    n.operands.push_back(ValueOperand(values[0]));
    n.operands.push_back(ValueOperand(values[1]));
    return n;
  }
  return ApiError::Validation("1 validation error detected: Value '" + QuotePrefix(op) +
                              "' at 'comparisonOperator' failed to satisfy constraint: Member "
                              "must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, "
                              "EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
}

ApiResult<std::shared_ptr<const Condition>> Combine(std::vector<CondNode> nodes,
                                                    std::optional<std::string_view> op) {
  bool is_or = false;
  if (op) {
    if (*op == "OR") {
      is_or = true;
    } else if (*op != "AND") {
      return ApiError::Validation(
          "1 validation error detected: Value '" + std::string(*op) +
          "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum "
          "value set: [AND, OR]");
    }
  }
  auto c = std::make_shared<Condition>();
  if (nodes.size() == 1) {
    c->root = std::move(nodes[0]);
  } else {
    // An empty AND is true: no conditions, nothing to check.
    c->root.kind = is_or ? CondNode::Kind::kOr : CondNode::Kind::kAnd;
    c->root.children = std::move(nodes);
  }
  return std::shared_ptr<const Condition>(std::move(c));
}

}  // namespace

ApiResult<std::shared_ptr<const Condition>> ConvertExpected(
    const std::map<std::string, LegacyExpected>& expected,
    std::optional<std::string_view> conditional_operator) {
  std::vector<CondNode> nodes;
  for (const auto& [name, e] : expected) {
    // DynamoDB's checks, in its order (DynamoDB Local's validateExpectedAttribute; dynalite
    // reproduces the same messages from AWS). The API reference calls Value / Exists and
    // AttributeValueList / ComparisonOperator incompatible, but DynamoDB accepts Value as the
    // single operand of a ComparisonOperator and refuses only Value with AttributeValueList.
    const std::string quoted = QuotePrefix(name);
    if (e.exists && e.comparison_operator) {
      return Invalid("Exists and ComparisonOperator cannot be used together for Attribute: " +
                     quoted);
    }
    if (e.value && e.attribute_value_list) {
      return Invalid("Value and AttributeValueList cannot be used together for Attribute: " +
                     quoted);
    }
    if (!e.comparison_operator && e.attribute_value_list) {
      return Invalid("AttributeValueList can only be used with a ComparisonOperator for Attribute: " +
                     quoted);
    }
    if (e.exists && !*e.exists && e.value) {
      return Invalid("Value cannot be used when Exists is false for Attribute: " + quoted);
    }
    if (!e.value && !e.attribute_value_list) {
      if (e.comparison_operator) {
        if (*e.comparison_operator != "NULL" && *e.comparison_operator != "NOT_NULL") {
          return Invalid("Value or AttributeValueList must be used with ComparisonOperator: " +
                         QuotePrefix(*e.comparison_operator) + " for Attribute: " + quoted);
        }
      } else if (!e.exists) {
        return Invalid("Value must be provided when Exists is null for Attribute: " + quoted);
      } else if (*e.exists) {
        return Invalid("Value must be provided when Exists is true for Attribute: " + quoted);
      }
    }
    if (e.comparison_operator) {
      std::vector<AttributeValue> operands;
      if (e.attribute_value_list) {
        operands = *e.attribute_value_list;
      } else if (e.value) {
        operands.push_back(*e.value);
      }
      SB_ASSIGN_OR_RETURN(CondNode n, ConditionNode(name, *e.comparison_operator, operands));
      nodes.push_back(std::move(n));
      continue;
    }
    bool exists = e.exists.value_or(true);
    CondNode n;
    n.operands.push_back(PathOperand(name));
    if (exists) {
      n.kind = CondNode::Kind::kCompare;
      n.op = CmpOp::kEq;
      n.operands.push_back(ValueOperand(*e.value));
    } else {
      n.kind = CondNode::Kind::kNotExists;
    }
    nodes.push_back(std::move(n));
  }
  return Combine(std::move(nodes), conditional_operator);
}

ApiResult<std::shared_ptr<const Condition>> ConvertFilter(
    const std::map<std::string, LegacyCondition>& filter,
    std::optional<std::string_view> conditional_operator) {
  std::vector<CondNode> nodes;
  for (const auto& [name, c] : filter) {
    SB_ASSIGN_OR_RETURN(CondNode n, ConditionNode(name, c.comparison_operator, c.values));
    nodes.push_back(std::move(n));
  }
  return Combine(std::move(nodes), conditional_operator);
}

ApiResult<std::shared_ptr<const Update>> ConvertAttributeUpdates(
    const std::map<std::string, LegacyAttributeUpdate>& updates) {
  auto u = std::make_shared<Update>();
  for (const auto& [name, a] : updates) {
    UpdateAction action;
    PathElem e;
    e.name = name;
    action.path.elems.push_back(std::move(e));
    auto set_type = [](const AttributeValue& v) {
      return v.is(AttrType::SS) || v.is(AttrType::NS) || v.is(AttrType::BS);
    };
    if (a.action == "PUT") {
      if (!a.value)
        return Invalid("Only DELETE action is allowed when no attribute value is specified");
      action.kind = UpdateAction::Kind::kSet;
      action.value = ValueOperand(*a.value);
    } else if (a.action == "DELETE") {
      if (!a.value) {
        action.kind = UpdateAction::Kind::kRemove;
      } else {
        if (!set_type(*a.value)) {
          return Invalid("Action DELETE is not supported for the type " +
                         std::string(protocol::AttrTypeName(a.value->type())));
        }
        action.kind = UpdateAction::Kind::kDelete;
        action.value = ValueOperand(*a.value);
      }
    } else if (a.action == "ADD") {
      if (!a.value)
        return Invalid("Only DELETE action is allowed when no attribute value is specified");
      if (a.value->is(AttrType::L)) {
        // DynamoDB appends a list to a list attribute (a missing attribute counts as an empty
        // list); the API reference names only numbers and sets, but AWS does this, as
        // ScyllaDB's tests against it record. Another existing type is the usual "incorrect
        // data type" error of list_append.
        Operand current = PathOperand(name);
        Operand if_missing;
        if_missing.kind = Operand::Kind::kIfNotExists;
        if_missing.args.push_back(std::move(current));
        if_missing.args.push_back(ValueOperand(AttributeValue::L({})));
        Operand append;
        append.kind = Operand::Kind::kListAppend;
        append.args.push_back(std::move(if_missing));
        append.args.push_back(ValueOperand(*a.value));
        action.kind = UpdateAction::Kind::kSet;
        action.value = std::move(append);
        u->actions.push_back(std::move(action));
        continue;
      }
      if (!a.value->is(AttrType::N) && !set_type(*a.value)) {
        return Invalid("Action ADD is not supported for the type " +
                       std::string(protocol::AttrTypeName(a.value->type())));
      }
      action.kind = UpdateAction::Kind::kAdd;
      action.value = ValueOperand(*a.value);
    } else {
      return ApiError::Validation("1 validation error detected: Value '" + QuotePrefix(a.action) +
                                  "' at 'attributeUpdates." + QuotePrefix(name) +
                                  ".member.action' failed to satisfy constraint: Member must "
                                  "satisfy enum value set: [ADD, PUT, DELETE]");
    }
    u->actions.push_back(std::move(action));
  }
  return std::shared_ptr<const Update>(std::move(u));
}

ApiResult<KeyRange> ConvertKeyConditions(const std::map<std::string, LegacyCondition>& conds,
                                         std::string_view hash_key_name,
                                         std::optional<std::string_view> range_key_name) {
  if (conds.size() > 2) {
    return ApiError::Validation("Conditions can be of length 1 or 2 only");
  }
  KeyRange range;
  range.hash_name = std::string(hash_key_name);
  bool have_hash = false;
  for (const auto& [name, c] : conds) {
    bool is_hash = name == hash_key_name;
    bool is_range = range_key_name && name == *range_key_name;
    if (!is_hash && !is_range) {
      return ApiError::Validation("Query condition missed key schema element: " +
                                  std::string(range_key_name ? *range_key_name : hash_key_name));
    }
    const std::string& op = c.comparison_operator;
    SB_ASSIGN_OR_RETURN(CondNode checked, ConditionNode(name, op, c.values));
    (void)checked;  // validates the operator's arity and operand types
    if (is_hash) {
      if (op != "EQ") {
        return ApiError::Validation(
            "Attempted conditional constraint is not an indexable operation");
      }
      range.hash_value = c.values[0];
      have_hash = true;
      continue;
    }
    static const std::map<std::string, KeyRange::SortOp, std::less<>> kOps = {
        {"EQ", KeyRange::SortOp::kEq},
        {"LT", KeyRange::SortOp::kLt},
        {"LE", KeyRange::SortOp::kLe},
        {"GT", KeyRange::SortOp::kGt},
        {"GE", KeyRange::SortOp::kGe},
        {"BETWEEN", KeyRange::SortOp::kBetween},
        {"BEGINS_WITH", KeyRange::SortOp::kBeginsWith}};
    auto it = kOps.find(op);
    if (it == kOps.end()) {
      return ApiError::Validation("Attempted conditional constraint is not an indexable operation");
    }
    range.sort_op = it->second;
    range.sort_name = name;
    range.sort_value = c.values[0];
    if (it->second == KeyRange::SortOp::kBetween) range.sort_value2 = c.values[1];
  }
  if (!have_hash) {
    return ApiError::Validation("Query condition missed key schema element: " +
                                std::string(hash_key_name));
  }
  return range;
}

std::shared_ptr<const Projection> ConvertAttributesToGet(const std::vector<std::string>& names) {
  auto p = std::make_shared<Projection>();
  for (const std::string& name : names) {
    Path path;
    PathElem e;
    e.name = name;
    path.elems.push_back(std::move(e));
    p->paths.push_back(std::move(path));
  }
  return p;
}

}  // namespace sb::engine::expr
