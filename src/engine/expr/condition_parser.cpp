// The condition grammar of parser.h (ConditionExpression, FilterExpression,
// KeyConditionExpression): OR, AND, NOT, comparisons, BETWEEN, IN and the boolean functions.
#include <optional>
#include <string>

#include "engine/expr/parser_impl.h"

namespace sb::engine::expr::detail {

bool Parser::ParseOr(CondNode* out) {
  CondNode first;
  if (!ParseAnd(&first)) return false;
  if (!IsKeyword(Peek(), "OR")) {
    *out = std::move(first);
    return true;
  }
  out->kind = CondNode::Kind::kOr;
  out->pos = first.pos;
  out->children.push_back(std::move(first));
  while (IsKeyword(Peek(), "OR")) {
    ++i_;
    CondNode next;
    if (!ParseAnd(&next)) return false;
    out->children.push_back(std::move(next));
  }
  return true;
}

bool Parser::ParseAnd(CondNode* out) {
  CondNode first;
  if (!ParseNot(&first)) return false;
  if (!IsKeyword(Peek(), "AND")) {
    *out = std::move(first);
    return true;
  }
  out->kind = CondNode::Kind::kAnd;
  out->pos = first.pos;
  out->children.push_back(std::move(first));
  while (IsKeyword(Peek(), "AND")) {
    ++i_;
    CondNode next;
    if (!ParseNot(&next)) return false;
    out->children.push_back(std::move(next));
  }
  return true;
}

bool Parser::ParseNot(CondNode* out) {
  if (!IsKeyword(Peek(), "NOT")) return ParsePrimary(out);
  out->kind = CondNode::Kind::kNot;
  out->pos = Peek().begin;
  ++i_;
  if (!Enter()) return false;
  CondNode child;
  if (!ParseNot(&child)) return false;
  Leave();
  out->children.push_back(std::move(child));
  return true;
}

size_t Parser::MatchingParen(size_t open) const {
  int depth = 0;
  for (size_t k = open; k < toks_.size(); ++k) {
    if (toks_[k].kind == Tok::kLParen) ++depth;
    if (toks_[k].kind == Tok::kRParen && --depth == 0) return k;
  }
  return toks_.size();
}

std::optional<CmpOp> Parser::ComparatorOf(Tok k) {
  switch (k) {
    case Tok::kEq:
      return CmpOp::kEq;
    case Tok::kNe:
      return CmpOp::kNe;
    case Tok::kLt:
      return CmpOp::kLt;
    case Tok::kLe:
      return CmpOp::kLe;
    case Tok::kGt:
      return CmpOp::kGt;
    case Tok::kGe:
      return CmpOp::kGe;
    default:
      return std::nullopt;
  }
}

bool Parser::AtComparisonTail() const {
  return ComparatorOf(Peek().kind).has_value() || IsKeyword(Peek(), "BETWEEN") ||
         IsKeyword(Peek(), "IN");
}

bool Parser::EnclosesOperand(size_t open) const {
  size_t close = MatchingParen(open);
  if (close + 1 >= toks_.size()) return false;
  const Token& next = toks_[close + 1];
  return ComparatorOf(next.kind).has_value() || IsKeyword(next, "BETWEEN") ||
         IsKeyword(next, "IN") || next.kind == Tok::kDot || next.kind == Tok::kLBracket;
}

bool Parser::ParseParenthesizedOperand(Operand* out) {
  const size_t open = i_;
  ++i_;
  if (Peek().kind == Tok::kLParen) {
    // "((a)) = :v": parse it through for syntax errors, then refuse it as DynamoDB does.
    if (!Enter() || !ParseParenthesizedOperand(out) || !Expect(Tok::kRParen)) return false;
    Leave();
    Defer(Deferred::kParens, InvalidExpression(kind_, "The expression has redundant parentheses;"));
  } else {
    if (!ParseOperand(out)) return false;
    if (!Expect(Tok::kRParen)) return false;
  }
  out->pos = toks_[open].begin;
  if (Peek().kind != Tok::kDot && Peek().kind != Tok::kLBracket) return true;
  if (out->kind != Operand::Kind::kPath) return SyntaxError();
  return ParsePathTail(&out->path);
}

bool Parser::ParsePrimary(CondNode* out) {
  const Token& t = Peek();
  out->pos = t.begin;
  if (t.kind == Tok::kLParen && !EnclosesOperand(i_)) {
    const size_t open = i_;
    ++i_;
    if (!Enter()) return false;
    if (!ParseOr(out)) return false;
    if (!Expect(Tok::kRParen)) return false;
    Leave();
    // "((a = :v))": DynamoDB refuses a group that is nothing but another group.
    if (toks_[open + 1].kind == Tok::kLParen && toks_[i_ - 2].kind == Tok::kRParen &&
        MatchingParen(open + 1) == i_ - 2) {
      Defer(Deferred::kParens,
            InvalidExpression(kind_, "The expression has redundant parentheses;"));
    }
    return true;
  }
  leaf_ = leaf_errors_ ? out : nullptr;
  Operand lhs;
  if (t.kind == Tok::kLParen) {
    if (!ParseParenthesizedOperand(&lhs)) return false;
  } else if (t.kind == Tok::kName && Peek(1).kind == Tok::kLParen) {
    Call call;
    if (!ParseCall(&call)) return false;
    if (!AtComparisonTail()) {
      if (IsBoolFunc(call.func) && !call.broken) return BoolFuncNode(call, out);
      // size(...) is an operand: a comparison must follow.
      if (call.func == Func::kSize) NotAllowedHere(call);
      out->kind = CondNode::Kind::kExists;  // a stand-in: the parse fails in the end
      out->operands = std::move(call.args);
      return true;
    }
    // "attribute_exists(a) = :v" is refused by CallToOperand, and the comparison still parsed.
    if (!CallToOperand(call, &lhs)) return false;
  } else {
    if (!ParseOperand(&lhs)) return false;
  }
  out->operands.push_back(std::move(lhs));
  if (auto op = ComparatorOf(Peek().kind)) {
    ++i_;
    out->kind = CondNode::Kind::kCompare;
    out->op = *op;
    return ParseComparisonOperand(out);
  }
  if (IsKeyword(Peek(), "BETWEEN")) {
    ++i_;
    out->kind = CondNode::Kind::kBetween;
    if (!ParseComparisonOperand(out)) return false;
    if (!IsKeyword(Peek(), "AND")) return SyntaxError();
    ++i_;
    return ParseComparisonOperand(out);
  }
  if (IsKeyword(Peek(), "IN")) {
    ++i_;
    out->kind = CondNode::Kind::kIn;
    if (!Expect(Tok::kLParen)) return false;
    do {
      if (!ParseComparisonOperand(out)) return false;
      if (out->operands.size() - 1 > kMaxInOperands) {
        return Fail(InvalidExpression(kind_,
                                      "The IN operator is provided with too many operands; "
                                      "number of operands: " +
                                          std::to_string(out->operands.size() - 1)));
      }
    } while (Accept(Tok::kComma));
    return Expect(Tok::kRParen);
  }
  return SyntaxError();
}

bool Parser::ParseComparisonOperand(CondNode* node) {
  Operand o;
  if (Peek().kind == Tok::kLParen) {
    if (!ParseParenthesizedOperand(&o)) return false;
  } else if (Peek().kind == Tok::kName && Peek(1).kind == Tok::kLParen) {
    Call call;
    if (!ParseCall(&call)) return false;
    if (!CallToOperand(call, &o)) return false;
  } else if (!ParseOperand(&o)) {
    return false;
  }
  node->operands.push_back(std::move(o));
  return true;
}

bool Parser::BoolFuncNode(Call& call, CondNode* out) {
  out->pos = call.pos;
  switch (call.func) {
    case Func::kAttributeExists:
      out->kind = CondNode::Kind::kExists;
      RequirePath(call, call.args[0]);
      break;
    case Func::kAttributeNotExists:
      out->kind = CondNode::Kind::kNotExists;
      RequirePath(call, call.args[0]);
      break;
    case Func::kAttributeType:
      // attribute_type(:v, :t) is valid: the value's own type is tested.
      out->kind = CondNode::Kind::kType;
      if (call.args[0].kind != Operand::Kind::kValue) RequirePath(call, call.args[0]);
      break;
    case Func::kBeginsWith:
      out->kind = CondNode::Kind::kBeginsWith;
      break;
    case Func::kContains:
      out->kind = CondNode::Kind::kContains;
      break;
    default:
      return NotAllowedHere(call);
  }
  out->operands = std::move(call.args);
  return true;
}

}  // namespace sb::engine::expr::detail
