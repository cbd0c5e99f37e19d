// Stage 1 of 3: parsing DynamoDB expression text into syntax trees (ast.h).
//
// Hand-written recursive descent over the tokens of lexer.h; linear in the input. The parser
// checks everything that needs only the text: syntax ("Syntax error; token: \"x\", near:
// \"...\""), the 4 KB size limit, empty expressions, function names and arities, where each
// function may appear, clause repetition in updates, path nesting (32 levels), the IN operand
// limit (100), the update operator limit (300) and bare reserved words. Placeholders stay raw;
// resolve.h replaces them. Every error is a ValidationException whose message starts with
// "Invalid <kind>: ", where <kind> is ConditionExpression, FilterExpression,
// KeyConditionExpression, UpdateExpression or ProjectionExpression.
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "engine/expr/ast.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::engine::expr {

inline constexpr size_t kMaxExpressionBytes = 4096;  // DynamoDB: each expression <= 4 KB
inline constexpr int kMaxUpdateOperators = 300;      // operators + functions per UpdateExpression
inline constexpr size_t kMaxPathDepth = 32;          // document path nesting levels
inline constexpr size_t kMaxInOperands = 100;        // right-hand operands of IN
// Parentheses, NOT and function calls nest at most this deep. DynamoDB documents no figure;
// the cap keeps recursion (parse, evaluate, destroy) far from the stack's end.
inline constexpr int kMaxNesting = 200;

// "Invalid <kind>: <detail>" as a ValidationException.
protocol::ApiError InvalidExpression(std::string_view kind, std::string_view detail);

// Condition grammar (ConditionExpression, FilterExpression, KeyConditionExpression):
//   cond    := and ( OR and )*
//   and     := not ( AND not )*
//   not     := NOT not | primary
//   primary := '(' cond ')' | boolfunc '(' args ')'
//            | p ( cmp p | BETWEEN p AND p | IN '(' p,... ')' )
//   p       := operand | '(' operand ')' | '(' path ')' ( '.' name | '[' digits ']' )*
//   operand := path | :value | size '(' path ')'
//   args    := arg ( ',' arg )*      arg := operand | '(' operand ')'
//   path    := (name | #name) ( '.' (name | #name) | '[' digits ']' )*
//   name    := [A-Za-z] [A-Za-z0-9_]*   (other names need a #placeholder)
// Keywords are case-insensitive; function names are case-sensitive.
// `leaf_errors`: function errors (operand counts, non-path operands) go to the comparison or
// function they belong to (CondNode::operand_error / function_error) for ResolveCondition to
// report in DynamoDB's order; otherwise they fail the parse.
protocol::ApiResult<CondNode> ParseConditionText(std::string_view text, std::string_view kind,
                                                 bool leaf_errors = false);

// Update grammar: clauses SET, REMOVE, ADD, DELETE, each at most once, in any order:
//   SET a = v, ...      v := t | '(' t ')'    t := p | p '+' p | p '-' p
//                       p := operand | '(' operand ')'
//                       operand := path | :value | if_not_exists(p, p) | list_append(p, p)
//   REMOVE path, ...    ADD path :value, ...    DELETE path :value, ...
protocol::ApiResult<Update> ParseUpdateText(std::string_view text);

// Projection grammar: path ( ',' path )*.
protocol::ApiResult<Projection> ParseProjectionText(std::string_view text);

}  // namespace sb::engine::expr
