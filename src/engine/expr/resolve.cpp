#include "engine/expr/resolve.h"

#include <optional>
#include <string>
#include <utility>

#include "base/quote.h"
#include "engine/expr/evaluate.h"
#include "engine/expr/parser.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::expr {

using protocol::ApiError;
using protocol::ApiStatus;
using protocol::AttributeValue;
using protocol::AttrType;

std::string DescribeValue(const AttributeValue& v) {
  std::string body;
  switch (v.type()) {
    case AttrType::S:
      body = v.s();
      break;
    case AttrType::N:
      body = v.n().ToString();
      break;
    case AttrType::B:
      body = protocol::Base64Encode(v.b());
      break;
    case AttrType::BOOL:
      body = v.boolean() ? "true" : "false";
      break;
    case AttrType::NUL:
      body = "true";
      break;
    default:
      body = "...";
      break;
  }
  return "AttributeValue: {" + std::string(protocol::AttrTypeName(v.type())) + ":" + body + "}";
}

namespace {

class Resolver {
 public:
  Resolver(std::string_view kind, Placeholders& ph) : kind_(kind), ph_(ph) {}

  // Two-pass mode (updates): names only (false), then values only (true). Unset: both.
  void set_values(bool values) { pass_ = values ? kValues : kNames; }

  ApiStatus ResolvePath(Path& p) {
    if (pass_ == kValues) return {};
    for (PathElem& e : p.elems) {
      if (!e.is_ref) continue;
      const std::string* name = ph_.UseName(e.name);
      if (name == nullptr) {
        return InvalidExpression(kind_,
                                 "An expression attribute name used in the document path "
                                 "is not defined; attribute name: " +
                                     e.name);
      }
      e.name = *name;
      e.is_ref = false;
    }
    return {};
  }

  ApiStatus ResolveOperand(Operand& o) {
    switch (o.kind) {
      case Operand::Kind::kPath:
        return ResolvePath(o.path);
      case Operand::Kind::kValue: {
        if (pass_ == kNames) return {};
        const AttributeValue* v = ph_.UseValue(o.ref);
        if (v == nullptr) {
          return InvalidExpression(kind_,
                                   "An expression attribute value used in expression is "
                                   "not defined; attribute value: " +
                                       o.ref);
        }
        o.value = *v;
        return {};
      }
      default:
        for (Operand& a : o.args) SB_TRY_STATUS(ResolveOperand(a));
        return {};
    }
  }

  ApiStatus ResolveCond(CondNode& n) {
    for (Operand& o : n.operands) SB_TRY_STATUS(ResolveOperand(o));
    for (CondNode& c : n.children) SB_TRY_STATUS(ResolveCond(c));
    return {};
  }

 private:
  enum Pass : uint8_t { kBoth, kNames, kValues };
  std::string_view kind_;
  Placeholders& ph_;
  Pass pass_ = kBoth;
};

ApiError WrongOperandType(std::string_view kind, std::string_view op, const AttributeValue& v) {
  return InvalidExpression(kind,
                           "Incorrect operand type for operator or function; operator or "
                           "function: " +
                               std::string(op) +
                               ", operand type: " + std::string(protocol::AttrTypeName(v.type())));
}

bool IsOrderable(const AttributeValue& v) {
  return v.is(AttrType::N) || v.is(AttrType::S) || v.is(AttrType::B);
}

ApiStatus CheckOrderableConstants(const CondNode& n, std::string_view kind, std::string_view op) {
  for (const Operand& o : n.operands) {
    if (o.kind == Operand::Kind::kValue && !IsOrderable(o.value)) {
      return WrongOperandType(kind, op, o.value);
    }
  }
  return {};
}

// DynamoDB refuses a comparison or two-operand function whose operands are one path
// ("a = a", "contains(a, a)"): "The first operand must be distinct from the remaining operands".
ApiStatus CheckDistinct(const CondNode& n, std::string_view kind) {
  std::string op;
  switch (n.kind) {
    case CondNode::Kind::kCompare:
      op = std::string(CmpOpText(n.op));
      break;
    case CondNode::Kind::kContains:
      op = "contains";
      break;
    case CondNode::Kind::kBeginsWith:
      op = "begins_with";
      break;
    case CondNode::Kind::kType:
      op = "attribute_type";
      break;
    default:
      return {};
  }
  if (n.operands.size() != 2) return {};
  const Operand& a = n.operands[0];
  const Operand& b = n.operands[1];
  if (a.kind != Operand::Kind::kPath || b.kind != Operand::Kind::kPath) return {};
  if (a.path.elems != b.path.elems) return {};
  return InvalidExpression(kind,
                           "The first operand must be distinct from the remaining operands for "
                           "this operator or function; operator: " +
                               op + ", first operand: " + PathToString(a.path));
}

// size(:v) of a value that has no size (N, BOOL, NULL), anywhere among a node's operands.
ApiStatus CheckSizeOperands(const CondNode& n, std::string_view kind) {
  for (const Operand& o : n.operands) {
    if (o.kind != Operand::Kind::kSize) continue;
    const Operand& arg = o.args[0];
    if (arg.kind == Operand::Kind::kValue &&
        (arg.value.is(AttrType::N) || arg.value.is(AttrType::BOOL) ||
         arg.value.is(AttrType::NUL))) {
      return WrongOperandType(kind, "size", arg.value);
    }
  }
  return {};
}

// One comparison or function, its placeholders resolved: DynamoDB's order within it (dynalite)
// is a wrong operand count, operands that are one path, a size() of the wrong type, the
// parser's other function errors, then operand types.
ApiStatus CheckLeaf(const CondNode& n, std::string_view kind) {
  if (n.operand_error) return *n.operand_error;
  SB_TRY_STATUS(CheckDistinct(n, kind));
  SB_TRY_STATUS(CheckSizeOperands(n, kind));
  if (n.function_error) return *n.function_error;
  switch (n.kind) {
    case CondNode::Kind::kAnd:
    case CondNode::Kind::kOr:
    case CondNode::Kind::kNot:
      return {};
    case CondNode::Kind::kCompare:
      if (n.op == CmpOp::kEq || n.op == CmpOp::kNe) return {};
      return CheckOrderableConstants(n, kind, CmpOpText(n.op));
    case CondNode::Kind::kBetween: {
      SB_TRY_STATUS(CheckOrderableConstants(n, kind, "BETWEEN"));
      const Operand& lo = n.operands[1];
      const Operand& hi = n.operands[2];
      if (lo.kind == Operand::Kind::kValue && hi.kind == Operand::Kind::kValue) {
        if (lo.value.type() != hi.value.type()) {
          return InvalidExpression(kind,
                                   "The BETWEEN operator requires same data type for lower and "
                                   "upper bounds; lower bound operand: " +
                                       DescribeValue(lo.value) +
                                       ", upper bound operand: " + DescribeValue(hi.value));
        }
        auto c = CompareOrdered(lo.value, hi.value);
        if (c && *c > 0) {
          return InvalidExpression(kind,
                                   "The BETWEEN operator requires upper bound to be greater than "
                                   "or equal to lower bound; lower bound operand: " +
                                       DescribeValue(lo.value) +
                                       ", upper bound operand: " + DescribeValue(hi.value));
        }
      }
      return {};
    }
    case CondNode::Kind::kBeginsWith:
      for (const Operand& o : n.operands) {
        if (o.kind == Operand::Kind::kSize) {
          return InvalidExpression(kind,
                                   "Incorrect operand type for operator or function; operator or "
                                   "function: begins_with, operand type: N");
        }
        if (o.kind == Operand::Kind::kValue && !o.value.is(AttrType::S) &&
            !o.value.is(AttrType::B)) {
          return WrongOperandType(kind, "begins_with", o.value);
        }
      }
      return {};
    case CondNode::Kind::kType: {
      const Operand& t = n.operands[1];
      if (t.kind != Operand::Kind::kValue) {
        // The type must be a value; a path (or size()) is refused as DynamoDB words it.
        return InvalidExpression(kind,
                                 "Incorrect operand type for operator or function; operator or "
                                 "function: attribute_type, operand type: " +
                                     std::string(t.kind == Operand::Kind::kSize
                                                     ? "N"
                                                     : "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"));
      }
      if (!t.value.is(AttrType::S)) return WrongOperandType(kind, "attribute_type", t.value);
      static constexpr std::string_view kTypes[] = {"S",  "SS",   "N",    "NS", "B",
                                                    "BS", "BOOL", "NULL", "L",  "M"};
      for (std::string_view ty : kTypes) {
        if (t.value.s() == ty) return {};
      }
      return InvalidExpression(
          kind, "Invalid attribute type name found; type: " + QuotePrefix(t.value.s()) +
                    ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
    }
    default:
      return {};
  }
}

// Type names DynamoDB uses for ADD / DELETE operand errors.
std::string_view LongTypeName(AttrType t) {
  switch (t) {
    case AttrType::S:
      return "STRING";
    case AttrType::N:
      return "NUMBER";
    case AttrType::B:
      return "BINARY";
    case AttrType::BOOL:
      return "BOOLEAN";
    case AttrType::NUL:
      return "NULL";
    case AttrType::M:
      return "MAP";
    case AttrType::L:
      return "LIST";
    case AttrType::SS:
      return "STRING_SET";
    case AttrType::NS:
      return "NUMBER_SET";
    case AttrType::BS:
      return "BINARY_SET";
  }
  return "";
}

bool IsSet(const AttributeValue& v) {
  return v.is(AttrType::SS) || v.is(AttrType::NS) || v.is(AttrType::BS);
}

ApiStatus CheckSetValue(const Operand& o) {
  constexpr std::string_view kKind = "UpdateExpression";
  switch (o.kind) {
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      for (const Operand& a : o.args) {
        if (a.kind == Operand::Kind::kValue && !a.value.is(AttrType::N)) {
          return WrongOperandType(kKind, o.kind == Operand::Kind::kPlus ? "+" : "-", a.value);
        }
        SB_TRY_STATUS(CheckSetValue(a));
      }
      return {};
    case Operand::Kind::kListAppend:
      for (const Operand& a : o.args) {
        if (a.kind == Operand::Kind::kValue && !a.value.is(AttrType::L)) {
          return WrongOperandType(kKind, "list_append", a.value);
        }
        SB_TRY_STATUS(CheckSetValue(a));
      }
      return {};
    case Operand::Kind::kIfNotExists:
      return CheckSetValue(o.args[1]);
    default:
      return {};
  }
}

// The first two paths of `paths` (in text order) where one is a prefix of the other
// ("overlap", conflict == false), or that step into the same parent once by name and once by
// index ("conflict"); null when none.
std::optional<std::pair<const Path*, const Path*>> FindClash(
    const std::vector<const Path*>& paths, bool conflict) {
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const Path& a = *paths[j];
      const Path& b = *paths[i];
      size_t n = std::min(a.elems.size(), b.elems.size());
      size_t k = 0;
      while (k < n && a.elems[k] == b.elems[k]) ++k;
      bool hit = conflict ? (k < n && a.elems[k].is_index != b.elems[k].is_index) : k == n;
      if (hit) return std::make_pair(&a, &b);
    }
  }
  return std::nullopt;
}

// DynamoDB rejects two paths of one update (or projection) that overlap or conflict (above);
// an overlap anywhere is reported before a conflict. O(n^2) in the number of paths, which the
// 4 KB limit keeps small.
ApiStatus CheckPathsDisjoint(const std::vector<const Path*>& paths, std::string_view kind) {
  for (bool conflict : {false, true}) {
    if (auto clash = FindClash(paths, conflict)) {
      return InvalidExpression(kind, std::string("Two document paths ") +
                                         (conflict ? "conflict" : "overlap") +
                                         " with each other; must remove or rewrite one of "
                                         "these paths; path one: " +
                                         PathToString(*clash->first) +
                                         ", path two: " + PathToString(*clash->second));
    }
  }
  return {};
}

}  // namespace

ApiStatus ResolveConditionPlaceholders(CondNode& root, std::string_view kind, Placeholders& ph) {
  Resolver r(kind, ph);
  return r.ResolveCond(root);
}

// Leaf by leaf in text order, each resolved then checked: the first leaf with an error
// decides the message (dynalite's reproduction of AWS).
ApiStatus ResolveCondition(CondNode& root, std::string_view kind, Placeholders& ph) {
  if (root.kind == CondNode::Kind::kAnd || root.kind == CondNode::Kind::kOr ||
      root.kind == CondNode::Kind::kNot) {
    for (CondNode& c : root.children) SB_TRY_STATUS(ResolveCondition(c, kind, ph));
    return {};
  }
  Resolver r(kind, ph);
  for (Operand& o : root.operands) SB_TRY_STATUS(r.ResolveOperand(o));
  return CheckLeaf(root, kind);
}

// Errors come in DynamoDB's order of precedence: undefined names, then undefined values
// (each anywhere in the expression), overlapping or conflicting paths, ADD / DELETE operand
// types, the parser's function errors (Update::late_error), and last the operand types of
// +, - and list_append.
ApiStatus ResolveUpdate(Update& update, Placeholders& ph) {
  constexpr std::string_view kKind = "UpdateExpression";
  Resolver r(kKind, ph);
  for (bool values : {false, true}) {
    r.set_values(values);
    for (UpdateAction& a : update.actions) {
      SB_TRY_STATUS(r.ResolvePath(a.path));
      if (a.kind != UpdateAction::Kind::kRemove) SB_TRY_STATUS(r.ResolveOperand(a.value));
    }
  }
  std::vector<const Path*> paths;
  for (const UpdateAction& a : update.actions) paths.push_back(&a.path);
  SB_TRY_STATUS(CheckPathsDisjoint(paths, kKind));
  for (const UpdateAction& a : update.actions) {
    if (a.kind == UpdateAction::Kind::kAdd && !a.value.value.is(AttrType::N) &&
        !IsSet(a.value.value)) {
      return InvalidExpression(kKind,
                               "Incorrect operand type for operator or function; "
                               "operator: ADD, operand type: " +
                                   std::string(LongTypeName(a.value.value.type())));
    }
    if (a.kind == UpdateAction::Kind::kDelete && !IsSet(a.value.value)) {
      return InvalidExpression(kKind,
                               "Incorrect operand type for operator or function; "
                               "operator: DELETE, operand type: " +
                                   std::string(LongTypeName(a.value.value.type())));
    }
  }
  if (update.late_error) return *std::exchange(update.late_error, std::nullopt);
  for (const UpdateAction& a : update.actions) {
    if (a.kind == UpdateAction::Kind::kSet) SB_TRY_STATUS(CheckSetValue(a.value));
  }
  return {};
}

ApiStatus ResolveProjection(Projection& projection, Placeholders& ph) {
  constexpr std::string_view kKind = "ProjectionExpression";
  Resolver r(kKind, ph);
  std::vector<const Path*> paths;
  for (Path& p : projection.paths) {
    SB_TRY_STATUS(r.ResolvePath(p));
    paths.push_back(&p);
  }
  return CheckPathsDisjoint(paths, kKind);
}

}  // namespace sb::engine::expr
