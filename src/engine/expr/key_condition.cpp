#include "engine/expr/key_condition.h"

#include <vector>

#include "engine/expr/ast.h"
#include "engine/expr/parser.h"
#include "engine/expr/resolve.h"

namespace sb::engine::expr {

using protocol::ApiError;
using protocol::ApiResult;
using protocol::ApiStatus;

namespace {

constexpr std::string_view kKind = "KeyConditionExpression";

ApiError BadOperator(std::string_view op) {
  return InvalidExpression(kKind,
                           "Invalid operator used in KeyConditionExpression: " + std::string(op));
}
ApiError NotSupported() { return ApiError::Validation("Query key condition not supported"); }
ApiError Missed(std::string_view name) {
  return ApiError::Validation("Query condition missed key schema element: " + std::string(name));
}

// Rejects operators a key condition may not use, in text order, and collects the leaf
// conditions of the AND tree.
ApiStatus Collect(const CondNode& n, std::vector<const CondNode*>* out) {
  for (const Operand& o : n.operands) {
    if (o.kind == Operand::Kind::kSize) return BadOperator("size");
  }
  switch (n.kind) {
    case CondNode::Kind::kAnd:
      for (const CondNode& c : n.children) SB_TRY_STATUS(Collect(c, out));
      return {};
    case CondNode::Kind::kOr:
      return BadOperator("OR");
    case CondNode::Kind::kNot:
      return BadOperator("NOT");
    case CondNode::Kind::kIn:
      return BadOperator("IN");
    case CondNode::Kind::kExists:
      return BadOperator("attribute_exists");
    case CondNode::Kind::kNotExists:
      return BadOperator("attribute_not_exists");
    case CondNode::Kind::kType:
      return BadOperator("attribute_type");
    case CondNode::Kind::kContains:
      return BadOperator("contains");
    case CondNode::Kind::kCompare:
      if (n.op == CmpOp::kNe) return BadOperator("<>");
      break;
    case CondNode::Kind::kBetween:
    case CondNode::Kind::kBeginsWith:
      break;
  }
  out->push_back(&n);
  return {};
}

// One leaf condition in key-range terms.
struct KeyCond {
  std::string name;
  KeyRange::SortOp op = KeyRange::SortOp::kEq;
  protocol::AttributeValue v1, v2;
};

KeyRange::SortOp FromCmp(CmpOp op, bool flipped) {
  switch (op) {
    case CmpOp::kLt:
      return flipped ? KeyRange::SortOp::kGt : KeyRange::SortOp::kLt;
    case CmpOp::kLe:
      return flipped ? KeyRange::SortOp::kGe : KeyRange::SortOp::kLe;
    case CmpOp::kGt:
      return flipped ? KeyRange::SortOp::kLt : KeyRange::SortOp::kGt;
    case CmpOp::kGe:
      return flipped ? KeyRange::SortOp::kLe : KeyRange::SortOp::kGe;
    default:
      return KeyRange::SortOp::kEq;
  }
}

bool IsTopLevelPath(const Operand& o) {
  return o.kind == Operand::Kind::kPath && o.path.elems.size() == 1;
}

ApiResult<KeyCond> ToKeyCond(const CondNode& n) {
  KeyCond kc;
  const auto& ops = n.operands;
  if (n.kind == CondNode::Kind::kCompare) {
    bool left_path = ops[0].kind == Operand::Kind::kPath;
    bool right_path = ops[1].kind == Operand::Kind::kPath;
    if (left_path == right_path) return NotSupported();
    const Operand& path = left_path ? ops[0] : ops[1];
    const Operand& value = left_path ? ops[1] : ops[0];
    if (!IsTopLevelPath(path) || value.kind != Operand::Kind::kValue) return NotSupported();
    kc.name = path.path.elems[0].name;
    kc.op = FromCmp(n.op, /*flipped=*/!left_path);
    kc.v1 = value.value;
    return kc;
  }
  // BETWEEN and begins_with: the key first, then values.
  if (!IsTopLevelPath(ops[0])) return NotSupported();
  for (size_t i = 1; i < ops.size(); ++i) {
    if (ops[i].kind != Operand::Kind::kValue) return NotSupported();
  }
  kc.name = ops[0].path.elems[0].name;
  kc.v1 = ops[1].value;
  if (n.kind == CondNode::Kind::kBetween) {
    kc.op = KeyRange::SortOp::kBetween;
    kc.v2 = ops[2].value;
  } else {
    kc.op = KeyRange::SortOp::kBeginsWith;
  }
  return kc;
}

}  // namespace

ApiStatus CheckKeyConditionText(std::string_view text, Placeholders& ph) {
  SB_ASSIGN_OR_RETURN(CondNode root, ParseConditionText(text, kKind));
  std::vector<const CondNode*> leaves;
  SB_TRY_STATUS(Collect(root, &leaves));
  return ResolveCondition(root, kKind, ph);
}

ApiResult<KeyRange> ParseKeyConditionText(std::string_view text, Placeholders& ph,
                                          std::string_view hash_key_name,
                                          std::optional<std::string_view> range_key_name) {
  SB_ASSIGN_OR_RETURN(CondNode root, ParseConditionText(text, kKind));
  std::vector<const CondNode*> leaves;
  SB_TRY_STATUS(Collect(root, &leaves));
  SB_TRY_STATUS(ResolveCondition(root, kKind, ph));
  if (leaves.size() > 2) {
    return InvalidExpression(kKind, "Conditions can be of length 1 or 2 only");
  }
  std::vector<KeyCond> conds;
  for (const CondNode* leaf : leaves) {
    SB_ASSIGN_OR_RETURN(KeyCond kc, ToKeyCond(*leaf));
    conds.push_back(std::move(kc));
  }
  if (conds.size() == 2 && conds[0].name == conds[1].name) {
    return InvalidExpression(kKind,
                             "KeyConditionExpressions must only contain one condition per key");
  }
  KeyRange range;
  range.hash_name = std::string(hash_key_name);
  const KeyCond* hash = nullptr;
  const KeyCond* sort = nullptr;
  for (const KeyCond& kc : conds) {
    if (kc.name == hash_key_name) {
      hash = &kc;
    } else if (range_key_name && kc.name == *range_key_name) {
      sort = &kc;
    } else if (range_key_name) {
      return Missed(*range_key_name);
    } else {
      return NotSupported();
    }
  }
  if (hash == nullptr) return Missed(hash_key_name);
  if (hash->op != KeyRange::SortOp::kEq) return NotSupported();
  range.hash_value = hash->v1;
  if (sort != nullptr) {
    range.sort_op = sort->op;
    range.sort_name = sort->name;
    range.sort_value = sort->v1;
    range.sort_value2 = sort->v2;
  }
  return range;
}

ApiResult<MultiKeyRange> ParseMultiKeyConditionText(std::string_view text, Placeholders& ph,
                                                    const std::vector<std::string>& hash_names,
                                                    const std::vector<std::string>& range_names) {
  SB_ASSIGN_OR_RETURN(CondNode root, ParseConditionText(text, kKind));
  std::vector<const CondNode*> leaves;
  SB_TRY_STATUS(Collect(root, &leaves));
  SB_TRY_STATUS(ResolveCondition(root, kKind, ph));
  std::vector<KeyCond> conds;
  for (const CondNode* leaf : leaves) {
    SB_ASSIGN_OR_RETURN(KeyCond kc, ToKeyCond(*leaf));
    conds.push_back(std::move(kc));
  }
  for (size_t i = 0; i < conds.size(); ++i) {
    for (size_t j = i + 1; j < conds.size(); ++j) {
      if (conds[i].name == conds[j].name) {
        return InvalidExpression(
            kKind, "KeyConditionExpressions must only contain one condition per key");
      }
    }
  }
  std::vector<const KeyCond*> on_hash(hash_names.size(), nullptr);
  std::vector<const KeyCond*> on_range(range_names.size(), nullptr);
  auto index_of = [](const std::vector<std::string>& names, const std::string& n) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == n) return static_cast<int>(i);
    }
    return -1;
  };
  for (const KeyCond& kc : conds) {
    if (int h = index_of(hash_names, kc.name); h >= 0) {
      on_hash[static_cast<size_t>(h)] = &kc;
    } else if (int r = index_of(range_names, kc.name); r >= 0) {
      on_range[static_cast<size_t>(r)] = &kc;
    } else {
      // As with a single sort key: a condition on another attribute stands where a sort key
      // attribute's would.
      for (size_t i = 0; i < range_names.size(); ++i) {
        if (on_range[i] == nullptr) return Missed(range_names[i]);
      }
      return NotSupported();
    }
  }
  MultiKeyRange out;
  for (size_t i = 0; i < hash_names.size(); ++i) {
    if (on_hash[i] == nullptr) return Missed(hash_names[i]);
  }
  for (const KeyCond* kc : on_hash) {
    if (kc->op != KeyRange::SortOp::kEq) return NotSupported();
    out.hash_values.push_back(kc->v1);
  }
  size_t last = 0;  // one past the last sort attribute with a condition
  for (size_t i = 0; i < on_range.size(); ++i) {
    if (on_range[i] != nullptr) last = i + 1;
  }
  for (size_t i = 0; i < last; ++i) {
    const KeyCond* kc = on_range[i];
    if (kc == nullptr) return Missed(range_names[i]);
    if (kc->op == KeyRange::SortOp::kEq) {
      out.sort_prefix.push_back(kc->v1);
      continue;
    }
    if (i + 1 != last) {
      return InvalidExpression(kKind,
                               "Only the last sort key attribute in a key condition may use a "
                               "range condition; " +
                                   range_names[i] + " has one");
    }
    out.sort_op = kc->op;
    out.sort_name = kc->name;
    out.sort_value = kc->v1;
    out.sort_value2 = kc->v2;
  }
  return out;
}

}  // namespace sb::engine::expr
