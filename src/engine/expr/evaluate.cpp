#include "engine/expr/evaluate.h"

#include <algorithm>
#include <string_view>

namespace sb::engine::expr {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Item;

const AttributeValue* FindPath(const Item& item, const Path& path) {
  if (path.elems.empty() || path.elems[0].is_index) return nullptr;
  auto it = item.find(path.elems[0].name);
  if (it == item.end()) return nullptr;
  const AttributeValue* cur = &it->second;
  for (size_t i = 1; i < path.elems.size(); ++i) {
    const PathElem& e = path.elems[i];
    if (e.is_index) {
      if (!cur->is(AttrType::L) || e.index >= cur->l().size()) return nullptr;
      cur = &cur->l()[e.index];
    } else {
      if (!cur->is(AttrType::M)) return nullptr;
      auto mit = cur->m().find(e.name);
      if (mit == cur->m().end()) return nullptr;
      cur = &mit->second;
    }
  }
  return cur;
}

std::optional<int> CompareOrdered(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case AttrType::N: {
      auto c = a.n() <=> b.n();
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case AttrType::S:
      // std::string compares as unsigned bytes, which is UTF-8 byte order.
      return a.s().compare(b.s()) < 0 ? -1 : (a.s() == b.s() ? 0 : 1);
    case AttrType::B:
      return a.b().compare(b.b()) < 0 ? -1 : (a.b() == b.b() ? 0 : 1);
    default:
      return std::nullopt;
  }
}

namespace {

// An operand's value: a pointer into the item or the tree, or a computed size.
struct Val {
  const AttributeValue* p = nullptr;
  AttributeValue computed;
  bool present() const { return p != nullptr; }
};

std::optional<size_t> SizeOf(const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::S:
      return v.s().size();
    case AttrType::B:
      return v.b().size();
    case AttrType::SS:
      return v.ss().size();
    case AttrType::BS:
      return v.bs().size();
    case AttrType::NS:
      return v.ns().size();
    case AttrType::L:
      return v.l().size();
    case AttrType::M:
      return v.m().size();
    default:
      return std::nullopt;
  }
}

void EvalOperand(const Operand& o, const Item& item, Val* out) {
  switch (o.kind) {
    case Operand::Kind::kPath:
      out->p = FindPath(item, o.path);
      return;
    case Operand::Kind::kValue:
      out->p = &o.value;
      return;
    case Operand::Kind::kSize: {
      Val arg;
      EvalOperand(o.args[0], item, &arg);  // a path or a value
      if (!arg.present()) return;
      auto n = SizeOf(*arg.p);
      if (!n) return;
      out->computed = AttributeValue::N(protocol::Number::FromInt(static_cast<int64_t>(*n)));
      out->p = &out->computed;
      return;
    }
    default:
      // Update-only operand kinds never reach a resolved condition.
      return;
  }
}

bool Compare(CmpOp op, const Val& a, const Val& b) {
  if (op == CmpOp::kEq) return a.present() && b.present() && *a.p == *b.p;
  if (op == CmpOp::kNe) return !(a.present() && b.present() && *a.p == *b.p);
  if (!a.present() || !b.present()) return false;
  auto c = CompareOrdered(*a.p, *b.p);
  if (!c) return false;
  switch (op) {
    case CmpOp::kLt:
      return *c < 0;
    case CmpOp::kLe:
      return *c <= 0;
    case CmpOp::kGt:
      return *c > 0;
    case CmpOp::kGe:
      return *c >= 0;
    default:
      return false;
  }
}

bool Contains(const AttributeValue& hay, const AttributeValue& needle) {
  switch (hay.type()) {
    case AttrType::S:
      return needle.is(AttrType::S) && hay.s().find(needle.s()) != std::string::npos;
    case AttrType::B:
      return needle.is(AttrType::B) && hay.b().find(needle.b()) != std::string::npos;
    case AttrType::SS:
      return needle.is(AttrType::S) && hay.ss().count(needle.s()) != 0;
    case AttrType::BS:
      return needle.is(AttrType::B) && hay.bs().count(needle.b()) != 0;
    case AttrType::NS:
      return needle.is(AttrType::N) && hay.ns().count(needle.n()) != 0;
    case AttrType::L:
      return std::find(hay.l().begin(), hay.l().end(), needle) != hay.l().end();
    default:
      return false;
  }
}

bool TypeMatches(const AttributeValue& v, std::string_view type) {
  return protocol::AttrTypeName(v.type()) == type;
}

}  // namespace

bool EvaluateCondition(const CondNode& node, const Item& item) {
  switch (node.kind) {
    case CondNode::Kind::kAnd:
      for (const CondNode& c : node.children) {
        if (!EvaluateCondition(c, item)) return false;
      }
      return true;
    case CondNode::Kind::kOr:
      for (const CondNode& c : node.children) {
        if (EvaluateCondition(c, item)) return true;
      }
      return false;
    case CondNode::Kind::kNot:
      return !EvaluateCondition(node.children[0], item);
    case CondNode::Kind::kCompare: {
      Val a, b;
      EvalOperand(node.operands[0], item, &a);
      EvalOperand(node.operands[1], item, &b);
      return Compare(node.op, a, b);
    }
    case CondNode::Kind::kBetween: {
      Val v, lo, hi;
      EvalOperand(node.operands[0], item, &v);
      EvalOperand(node.operands[1], item, &lo);
      EvalOperand(node.operands[2], item, &hi);
      return Compare(CmpOp::kGe, v, lo) && Compare(CmpOp::kLe, v, hi);
    }
    case CondNode::Kind::kIn: {
      Val v;
      EvalOperand(node.operands[0], item, &v);
      if (!v.present()) return false;
      for (size_t i = 1; i < node.operands.size(); ++i) {
        Val c;
        EvalOperand(node.operands[i], item, &c);
        if (Compare(CmpOp::kEq, v, c)) return true;
      }
      return false;
    }
    case CondNode::Kind::kExists:
      return FindPath(item, node.operands[0].path) != nullptr;
    case CondNode::Kind::kNotExists:
      return FindPath(item, node.operands[0].path) == nullptr;
    case CondNode::Kind::kType: {
      Val v, t;
      EvalOperand(node.operands[0], item, &v);  // a path or a value
      EvalOperand(node.operands[1], item, &t);
      return v.present() && t.present() && t.p->is(AttrType::S) && TypeMatches(*v.p, t.p->s());
    }
    case CondNode::Kind::kBeginsWith: {
      Val a, b;
      EvalOperand(node.operands[0], item, &a);
      EvalOperand(node.operands[1], item, &b);
      if (!a.present() || !b.present() || a.p->type() != b.p->type()) return false;
      if (a.p->is(AttrType::S)) return a.p->s().starts_with(b.p->s());
      if (a.p->is(AttrType::B)) return a.p->b().starts_with(b.p->b());
      return false;
    }
    case CondNode::Kind::kContains: {
      Val a, b;
      EvalOperand(node.operands[0], item, &a);
      EvalOperand(node.operands[1], item, &b);
      return a.present() && b.present() && Contains(*a.p, *b.p);
    }
  }
  return false;
}

}  // namespace sb::engine::expr
