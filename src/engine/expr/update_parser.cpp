// The update grammar of parser.h (UpdateExpression): the SET, REMOVE, ADD and DELETE
// clauses, and SET values with their parentheses and + / -.
#include <string>

#include "engine/expr/parser_impl.h"

namespace sb::engine::expr::detail {

bool Parser::ParseUpdate(Update* out) {
  bool seen[4] = {false, false, false, false};
  static constexpr std::string_view kClauses[4] = {"SET", "REMOVE", "ADD", "DELETE"};
  do {
    const Token& t = Peek();
    int clause = -1;
    if (t.kind == Tok::kName) {
      for (int c = 0; c < 4; ++c) {
        if (EqualsIgnoreCase(t.text, kClauses[c])) clause = c;
      }
    }
    if (clause < 0) return SyntaxError();
    if (seen[clause]) {
      Defer(Deferred::kSection,
            InvalidExpression(kind_, "The \"" + std::string(kClauses[clause]) +
                                         "\" section can only be used once in an update "
                                         "expression;"));
    }
    seen[clause] = true;
    ++i_;
    do {
      UpdateAction action;
      action.kind = static_cast<UpdateAction::Kind>(clause);
      if (!ParsePath(&action.path)) return false;
      switch (action.kind) {
        case UpdateAction::Kind::kSet:
          if (!Expect(Tok::kEq)) return false;
          if (!ParseSetValue(&action.value)) return false;
          break;
        case UpdateAction::Kind::kRemove:
          break;
        case UpdateAction::Kind::kAdd:
        case UpdateAction::Kind::kDelete:
          if (Peek().kind != Tok::kValueRef) return SyntaxError();
          action.value.kind = Operand::Kind::kValue;
          action.value.ref = std::string(Peek().text);
          action.value.pos = Peek().begin;
          ++i_;
          break;
      }
      out->actions.push_back(std::move(action));
    } while (Accept(Tok::kComma));
  } while (Peek().kind != Tok::kEnd);
  return true;
}

bool Parser::ParseParenOperand(Operand* out, bool* parened) {
  *parened = Peek().kind == Tok::kLParen;
  if (*parened) ++i_;
  if (!ParseOperand(out)) return false;
  return !*parened || Expect(Tok::kRParen);
}

bool Parser::ParseArithmetic(Operand first, Operand* out) {
  Tok k = Peek().kind;
  if (k != Tok::kPlus && k != Tok::kMinus) {
    *out = std::move(first);
    return true;
  }
  Operand result;
  result.pos = Peek().begin;
  result.kind = k == Tok::kPlus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
  ++i_;
  if (!CountOperator()) return false;
  Operand second;
  bool parened = false;
  if (!ParseParenOperand(&second, &parened)) return false;
  result.args.push_back(std::move(first));
  result.args.push_back(std::move(second));
  *out = std::move(result);
  return true;
}

// value := term | '(' term ')'; term := p | p '+' p | p '-' p; p := operand | '(' operand ')'.
// So "(:v)", "(:v + :w)", "(:v) + (:w)" and "((:v) + :w)" parse; "((:v))+:w", "(:v + :w) + :x"
// and "(((:v)))" do not (the update grammar in parser.h).
bool Parser::ParseSetValue(Operand* out) {
  Operand first;
  bool parened = false;
  if (Peek().kind != Tok::kLParen) {
    if (!ParseParenOperand(&first, &parened)) return false;
    return ParseArithmetic(std::move(first), out);
  }
  ++i_;  // around the whole value, or around its first operand: the token after ')' tells
  if (!ParseParenOperand(&first, &parened)) return false;
  const bool arithmetic = Peek().kind == Tok::kPlus || Peek().kind == Tok::kMinus;
  Operand inner;
  if (!ParseArithmetic(std::move(first), &inner)) return false;
  if (!Expect(Tok::kRParen)) return false;
  if (Peek().kind != Tok::kPlus && Peek().kind != Tok::kMinus) {
    *out = std::move(inner);
    return true;
  }
  // "(:v) + :w": the parentheses held the first operand, which must be a plain one.
  if (parened || arithmetic) return SyntaxError();
  return ParseArithmetic(std::move(inner), out);
}

}  // namespace sb::engine::expr::detail
