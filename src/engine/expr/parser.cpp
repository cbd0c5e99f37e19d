#include "engine/expr/parser.h"

#include <optional>
#include <string>

#include "base/quote.h"
#include "engine/expr/lexer.h"
#include "engine/expr/parser_impl.h"
#include "engine/expr/reserved_words.h"

namespace sb::engine::expr {

using protocol::ApiError;
using protocol::ApiResult;

ApiError InvalidExpression(std::string_view kind, std::string_view detail) {
  std::string msg = "Invalid ";
  msg += kind;
  msg += ": ";
  msg += detail;
  return ApiError::Validation(std::move(msg));
}

std::string PathToString(const Path& p) {
  std::string out = "[";
  for (size_t i = 0; i < p.elems.size(); ++i) {
    if (i > 0) out += ", ";
    if (p.elems[i].is_index) {
      out += "[" + std::to_string(p.elems[i].index) + "]";
    } else {
      out += p.elems[i].name;
    }
  }
  out += "]";
  return out;
}

std::string_view CmpOpText(CmpOp op) {
  switch (op) {
    case CmpOp::kEq:
      return "=";
    case CmpOp::kNe:
      return "<>";
    case CmpOp::kLt:
      return "<";
    case CmpOp::kLe:
      return "<=";
    case CmpOp::kGt:
      return ">";
    case CmpOp::kGe:
      return ">=";
  }
  return "=";
}

namespace detail {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

Func LookupFunc(std::string_view name) {
  if (name == "attribute_exists") return Func::kAttributeExists;
  if (name == "attribute_not_exists") return Func::kAttributeNotExists;
  if (name == "attribute_type") return Func::kAttributeType;
  if (name == "begins_with") return Func::kBeginsWith;
  if (name == "contains") return Func::kContains;
  if (name == "size") return Func::kSize;
  if (name == "if_not_exists") return Func::kIfNotExists;
  if (name == "list_append") return Func::kListAppend;
  return Func::kNone;
}

size_t FuncArity(Func f) {
  switch (f) {
    case Func::kAttributeExists:
    case Func::kAttributeNotExists:
    case Func::kSize:
      return 1;
    default:
      return 2;
  }
}

bool IsBoolFunc(Func f) {
  return f == Func::kAttributeExists || f == Func::kAttributeNotExists ||
         f == Func::kAttributeType || f == Func::kBeginsWith || f == Func::kContains;
}

// Reports the deferred errors once the whole text parsed cleanly: syntax errors take
// precedence over them.
bool Parser::Finish() {
  if (error_) return false;
  if (Peek().kind != Tok::kEnd) return SyntaxError();
  if (reserved_) {
    Defer(Deferred::kReserved,
          InvalidExpression(kind_, "Attribute name is a reserved keyword; reserved keyword: " +
                                       std::string(*reserved_)));
  }
  if (deferred_) {
    error_ = std::move(deferred_->second);
    return false;
  }
  return true;
}

// DynamoDB's orders (dynalite's reproduction of AWS). Conditions: redundant parentheses,
// unknown function, misused function, reserved word, function operands. Updates: reserved
// word, unknown function, repeated section; function errors come after resolution (late_).
int Parser::RankOf(Deferred what) const {
  if (!update_) return static_cast<int>(what);
  switch (what) {
    case Deferred::kReserved:
      return 0;
    case Deferred::kUnknownFunction:
      return 1;
    case Deferred::kSection:
      return 2;
    default:
      return 3;
  }
}

bool Parser::Defer(Deferred what, ApiError e) {
  if (update_ && (what == Deferred::kFunction || what == Deferred::kOperandCount)) {
    if (!late_) late_ = std::move(e);
    return true;
  }
  if (leaf_ != nullptr && (what == Deferred::kFunction || what == Deferred::kOperandCount)) {
    auto& slot = what == Deferred::kOperandCount ? leaf_->operand_error : leaf_->function_error;
    if (!slot) slot = std::move(e);
    return true;
  }
  if (what == Deferred::kOperandCount) what = Deferred::kFunction;
  int rank = RankOf(what);
  if (!deferred_ || rank < deferred_->first) deferred_.emplace(rank, std::move(e));
  return true;
}

bool Parser::ParseProjection(Projection* out) {
  do {
    Path p;
    if (!ParsePath(&p)) return false;
    out->paths.push_back(std::move(p));
  } while (Accept(Tok::kComma));
  return true;
}

const Token& Parser::Peek(size_t k) const {
  size_t j = i_ + k;
  return j < toks_.size() ? toks_[j] : toks_.back();
}

bool Parser::Accept(Tok kind) {
  if (Peek().kind != kind) return false;
  ++i_;
  return true;
}

bool Parser::IsKeyword(const Token& t, std::string_view kw) const {
  return t.kind == Tok::kName && EqualsIgnoreCase(t.text, kw);
}

// Words that are grammar keywords of the language being parsed, hence never names.
bool Parser::IsGrammarKeyword(const Token& t) const {
  if (t.kind != Tok::kName) return false;
  if (update_) {
    return IsKeyword(t, "SET") || IsKeyword(t, "REMOVE") || IsKeyword(t, "ADD") ||
           IsKeyword(t, "DELETE");
  }
  return IsKeyword(t, "AND") || IsKeyword(t, "OR") || IsKeyword(t, "NOT") ||
         IsKeyword(t, "BETWEEN") || IsKeyword(t, "IN");
}

bool Parser::Fail(ApiError e) {
  if (!error_) error_ = std::move(e);
  return false;
}

// DynamoDB's shape: the offending token, and the text from the token before it to the token
// after it.
bool Parser::SyntaxError() {
  const Token& t = Peek();
  std::string token = t.kind == Tok::kEnd ? "<EOF>" : std::string(t.text);
  size_t from = i_ > 0 ? toks_[i_ - 1].begin : t.begin;
  size_t to = t.kind == Tok::kEnd ? (i_ > 0 ? toks_[i_ - 1].end : t.end) : Peek(1).end;
  std::string near(text_.substr(from, to - from));
  return Fail(InvalidExpression(kind_, "Syntax error; token: \"" + QuotePrefix(token) +
                                           "\", near: \"" + QuotePrefix(near) + "\""));
}

bool Parser::Enter() {
  if (++depth_ > kMaxNesting) {
    return Fail(
        InvalidExpression(kind_, "The expression has too many nested levels; maximum nesting: " +
                                     std::to_string(kMaxNesting)));
  }
  return true;
}

bool Parser::CountOperator() {
  if (update_ && ++operators_ > kMaxUpdateOperators) {
    return Fail(InvalidExpression(kind_,
                                  "The expression contains too many operators; "
                                  "operator count: " +
                                      std::to_string(operators_)));
  }
  return true;
}

bool Parser::ParsePath(Path* out) {
  const Token& first = Peek();
  out->pos = first.begin;
  if (!ParsePathElem(out)) return false;
  return ParsePathTail(out);
}

bool Parser::ParsePathTail(Path* out) {
  for (;;) {
    if (Accept(Tok::kDot)) {
      if (!ParsePathElem(out)) return false;
    } else if (Peek().kind == Tok::kLBracket) {
      ++i_;
      const Token& t = Peek();
      if (t.kind != Tok::kInt) return SyntaxError();
      uint64_t v = 0;
      bool too_big = t.text.size() > 10;
      for (char c : t.text) {
        if (too_big) break;
        v = v * 10 + static_cast<uint64_t>(c - '0');
      }
      if (too_big || v > 0x7fffffffULL) {
        return Fail(InvalidExpression(kind_,
                                      "List index is not within the allowable range; "
                                      "index: [" +
                                          std::string(t.text) + "]"));
      }
      ++i_;
      if (!Expect(Tok::kRBracket)) return false;
      PathElem e;
      e.is_index = true;
      e.index = static_cast<uint32_t>(v);
      out->elems.push_back(std::move(e));
    } else {
      break;
    }
    if (out->elems.size() > kMaxPathDepth) {
      return Fail(InvalidExpression(kind_,
                                    "The document path has too many nesting levels; "
                                    "nesting levels: " +
                                        std::to_string(out->elems.size())));
    }
  }
  return true;
}

bool Parser::ParsePathElem(Path* out) {
  const Token& t = Peek();
  PathElem e;
  if (t.kind == Tok::kNameRef) {
    e.is_ref = true;
  } else if (t.kind == Tok::kName && !IsGrammarKeyword(t)) {
    if (!reserved_ && IsReservedWord(t.text)) reserved_ = t.text;
  } else {
    return SyntaxError();
  }
  e.name = std::string(t.text);
  ++i_;
  out->elems.push_back(std::move(e));
  return true;
}

// name '(' operand, ... ')'; the name token is current.
bool Parser::ParseCall(Call* call) {
  const Token& name = Peek();
  call->name = name.text;
  call->pos = name.begin;
  call->func = LookupFunc(name.text);
  if (call->func == Func::kNone) {
    call->broken = Defer(Deferred::kUnknownFunction,
                         InvalidExpression(kind_, "Invalid function name; function: " +
                                                      QuotePrefix(name.text)));
  }
  i_ += 2;  // name and '('
  if (!Enter()) return false;
  if (Peek().kind != Tok::kRParen) {
    do {
      // An argument may sit in one pair of parentheses: "list_append((a), :v)"; in a
      // condition as a comparison operand may ("contains((a).b, :v)").
      Operand arg;
      if (!update_ && Peek().kind == Tok::kLParen) {
        if (!ParseParenthesizedOperand(&arg)) return false;
      } else {
        const bool parened = Accept(Tok::kLParen);
        if (!ParseOperand(&arg)) return false;
        if (parened && !Expect(Tok::kRParen)) return false;
      }
      call->args.push_back(std::move(arg));
    } while (Accept(Tok::kComma));
  }
  if (!Expect(Tok::kRParen)) return false;
  Leave();
  if (!call->broken && call->args.size() != FuncArity(call->func)) {
    call->broken = Defer(
        Deferred::kOperandCount,
        InvalidExpression(
            kind_,
            "Incorrect number of operands for operator or function; operator or function: " +
                std::string(call->name) +
                ", number of operands: " + std::to_string(call->args.size())));
  }
  return true;
}

bool Parser::NotAllowedHere(const Call& call) {
  return Defer(Deferred::kMisused,
               InvalidExpression(kind_,
                                 "The function is not allowed to be used this way in an "
                                 "expression; function: " +
                                     std::string(call.name)));
}

bool Parser::RequirePath(const Call& call, const Operand& arg) {
  if (arg.kind == Operand::Kind::kPath) return true;
  return Defer(Deferred::kFunction,
               InvalidExpression(kind_,
                                 "Operator or function requires a document path; operator or "
                                 "function: " +
                                     std::string(call.name)));
}

// Turns a call into an operand (size, if_not_exists, list_append), checking that the
// function may appear where it does.
// A call with a deferred error becomes a stand-in that resolve.h walks like any function
// (placeholders in its arguments are still checked), never evaluated: the parse or the
// resolution fails in the end.
bool Parser::CallToOperand(Call& call, Operand* out) {
  out->pos = call.pos;
  // In a condition only size() is an operand; the boolean functions are not (DynamoDB says so
  // even when their operand count is wrong too).
  if (!update_ && call.func != Func::kNone && call.func != Func::kSize) {
    NotAllowedHere(call);
    call.broken = true;
  }
  if (call.broken) {
    out->kind = Operand::Kind::kListAppend;
    out->args = std::move(call.args);
    return true;
  }
  if (update_) {
    switch (call.func) {
      case Func::kIfNotExists:
        RequirePath(call, call.args[0]);
        out->kind = Operand::Kind::kIfNotExists;
        break;
      case Func::kListAppend:
        out->kind = Operand::Kind::kListAppend;
        break;
      default:
        out->kind = Operand::Kind::kListAppend;  // the stand-in above
        out->args = std::move(call.args);
        // A condition function, unknown to the update language (dynalite even words it
        // "Invalid function name"): ranked as an unknown function.
        return Defer(Deferred::kUnknownFunction,
                     InvalidExpression(kind_,
                                       "The function is not allowed in an update "
                                       "expression; function: " +
                                           std::string(call.name)));
    }
    if (!CountOperator()) return false;
  } else {
    // size(:v) is valid in a condition (DynamoDB types it by the value: resolve.cpp); size of
    // size() is a number's size.
    if (call.args[0].kind == Operand::Kind::kSize) {
      Defer(Deferred::kFunction,
            InvalidExpression(kind_,
                              "Incorrect operand type for operator or function; operator or "
                              "function: size, operand type: N"));
    } else if (call.args[0].kind != Operand::Kind::kValue) {
      RequirePath(call, call.args[0]);
    }
    out->kind = Operand::Kind::kSize;
  }
  out->args = std::move(call.args);
  return true;
}

// operand := path | :value | function call.
bool Parser::ParseOperand(Operand* out) {
  const Token& t = Peek();
  out->pos = t.begin;
  if (t.kind == Tok::kValueRef) {
    out->kind = Operand::Kind::kValue;
    out->ref = std::string(t.text);
    ++i_;
    return true;
  }
  if (t.kind == Tok::kName && Peek(1).kind == Tok::kLParen) {
    Call call;
    if (!ParseCall(&call)) return false;
    return CallToOperand(call, out);
  }
  out->kind = Operand::Kind::kPath;
  return ParsePath(&out->path);
}

}  // namespace detail

namespace {

using detail::Parser;

std::optional<ApiError> CheckSize(std::string_view text, std::string_view kind) {
  if (text.size() > kMaxExpressionBytes) {
    return InvalidExpression(kind,
                             "Expression size has exceeded the maximum allowed size; "
                             "expression size: " +
                                 std::to_string(text.size()));
  }
  bool blank = true;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') blank = false;
  }
  if (blank) return InvalidExpression(kind, "The expression can not be empty;");
  return std::nullopt;
}

}  // namespace

ApiResult<CondNode> ParseConditionText(std::string_view text, std::string_view kind,
                                       bool leaf_errors) {
  if (auto e = CheckSize(text, kind)) return *e;
  Parser p(text, kind, /*update=*/false);
  p.set_leaf_errors(leaf_errors);
  CondNode root;
  if (!p.ParseCondition(&root) || !p.Finish()) return *p.error();
  return root;
}

ApiResult<Update> ParseUpdateText(std::string_view text) {
  constexpr std::string_view kKind = "UpdateExpression";
  if (auto e = CheckSize(text, kKind)) return *e;
  Parser p(text, kKind, /*update=*/true);
  Update u;
  if (!p.ParseUpdate(&u) || !p.Finish()) return *p.error();
  u.late_error = std::move(p.late_error());
  return u;
}

ApiResult<Projection> ParseProjectionText(std::string_view text) {
  constexpr std::string_view kKind = "ProjectionExpression";
  if (auto e = CheckSize(text, kKind)) return *e;
  Parser p(text, kKind, /*update=*/false);
  Projection proj;
  if (!p.ParseProjection(&proj) || !p.Finish()) return *p.error();
  return proj;
}

}  // namespace sb::engine::expr
