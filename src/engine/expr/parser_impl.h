// The expression parser's internals, shared by parser.cpp (paths, operands, projections),
// condition_parser.cpp (the condition grammar) and update_parser.cpp (the update grammar):
// the function table, the token cursor with DynamoDB's error messages, and the
// recursive-descent Parser itself.
// Not part of the expr interface; include parser.h instead. Pure; not thread-safe (one
// Parser per parse).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/expr/ast.h"
#include "engine/expr/lexer.h"
#include "engine/expr/parser.h"

namespace sb::engine::expr::detail {

using protocol::ApiError;

// ASCII case-insensitive equality (keywords are case-insensitive).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

enum class Func : uint8_t {
  kNone,
  kAttributeExists,
  kAttributeNotExists,
  kAttributeType,
  kBeginsWith,
  kContains,
  kSize,
  kIfNotExists,
  kListAppend,
};

// Function names are case-sensitive in DynamoDB.
Func LookupFunc(std::string_view name);
size_t FuncArity(Func f);
bool IsBoolFunc(Func f);

// A parsed function call before it is turned into a node or operand.
struct Call {
  Func func = Func::kNone;
  std::string_view name;
  std::vector<Operand> args;
  uint32_t pos = 0;
  // An unknown name or a wrong operand count, already reported: the call becomes a stand-in
  // node (the parse goes on only to find a syntax error, and fails in the end).
  bool broken = false;
};

// Errors found while the text still parses. A syntax error anywhere wins over all of them;
// otherwise the one of the lowest rank in the language's order (Parser::RankOf) is reported.
enum class Deferred : uint8_t {
  kParens,           // "The expression has redundant parentheses;"
  kUnknownFunction,  // "Invalid function name; ..."
  kMisused,          // "The function is not allowed to be used this way ..."
  kReserved,         // "Attribute name is a reserved keyword; ..."
  kSection,          // "The \"SET\" section can only be used once ..."
  kFunction,         // "requires a document path", operand types, not allowed in an update
  kOperandCount,     // "Incorrect number of operands ..." (ranked as kFunction)
};

class Parser {
 public:
  Parser(std::string_view text, std::string_view kind, bool update)
      : text_(text), kind_(kind), update_(update), toks_(Lex(text)) {}

  std::optional<ApiError>& error() { return error_; }

  // An update's function error (Deferred::kFunction), which DynamoDB reports only after the
  // placeholder, path and ADD / DELETE checks of resolve.h. Valid after a successful parse.
  std::optional<ApiError>& late_error() { return late_; }

  // Conditions: function errors go to the comparison or function node being parsed.
  void set_leaf_errors(bool on) { leaf_errors_ = on; }

  // Reports a reserved word met during the parse, once the whole text parsed cleanly:
  // syntax errors take precedence over reserved words.
  bool Finish();

  bool ParseCondition(CondNode* out) { return ParseOr(out); }

  bool ParseUpdate(Update* out);

  bool ParseProjection(Projection* out);

 private:
  const Token& Peek(size_t k = 0) const;
  bool Accept(Tok kind);
  bool Expect(Tok kind) { return Accept(kind) || SyntaxError(); }
  bool IsKeyword(const Token& t, std::string_view kw) const;
  // Words that are grammar keywords of the language being parsed, hence never names.
  bool IsGrammarKeyword(const Token& t) const;

  bool Fail(ApiError e);

  // Records `e` (the first of its class) and returns true: the parse goes on.
  bool Defer(Deferred what, ApiError e);
  int RankOf(Deferred what) const;

  // DynamoDB's shape: the offending token, and the text from the token before it to the token
  // after it.
  bool SyntaxError();

  bool Enter();
  // The index of the ')' closing the '(' at toks_[open]; toks_.size() if none.
  size_t MatchingParen(size_t open) const;
  void Leave() { --depth_; }

  bool CountOperator();

  bool ParsePath(Path* out);
  // The '.' name and '[' n ']' steps after a path's first element.
  bool ParsePathTail(Path* out);

  bool ParsePathElem(Path* out);

  // name '(' operand, ... ')'; the name token is current.
  bool ParseCall(Call* call);

  bool NotAllowedHere(const Call& call);

  bool RequirePath(const Call& call, const Operand& arg);

  // Turns a call into an operand (size, if_not_exists, list_append), checking that the
  // function may appear where it does.
  bool CallToOperand(Call& call, Operand* out);

  // operand := path | :value | function call.
  bool ParseOperand(Operand* out);

  // operand | '(' operand ')'; *parened says which.
  bool ParseParenOperand(Operand* out, bool* parened);

  // `first`, or `first` +|- a ParseParenOperand operand when an operator follows.
  bool ParseArithmetic(Operand first, Operand* out);

  bool ParseSetValue(Operand* out);

  bool ParseOr(CondNode* out);

  bool ParseAnd(CondNode* out);

  bool ParseNot(CondNode* out);

  static std::optional<CmpOp> ComparatorOf(Tok k);
  bool AtComparisonTail() const;

  bool ParsePrimary(CondNode* out);

  bool ParseComparisonOperand(CondNode* node);

  // A comparison operand in one pair of parentheses, "(a) = :v"; a path in them may go on,
  // "(a.b).c[1]". Two pairs are "redundant parentheses". The '(' is current.
  bool ParseParenthesizedOperand(Operand* out);

  // Whether the '(' at toks_[open] encloses an operand rather than a condition: a comparison,
  // BETWEEN, IN or a path step follows its ')'.
  bool EnclosesOperand(size_t open) const;

  bool BoolFuncNode(Call& call, CondNode* out);

  std::string_view text_;
  std::string_view kind_;
  bool update_;
  std::vector<Token> toks_;
  size_t i_ = 0;
  int depth_ = 0;
  int operators_ = 0;
  std::optional<std::string_view> reserved_;
  std::optional<ApiError> error_;
  std::optional<std::pair<int, ApiError>> deferred_;
  std::optional<ApiError> late_;
  bool leaf_errors_ = false;
  CondNode* leaf_ = nullptr;  // the node ParsePrimary is filling, when leaf_errors_
};

}  // namespace sb::engine::expr::detail
