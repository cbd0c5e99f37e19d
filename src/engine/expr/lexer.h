// Lexer shared by DynamoDB's expression languages (condition, filter, key condition, update,
// projection). Splits text into tokens with byte positions; never fails: a character that
// starts no token becomes a kInvalid token, which the parser reports as a syntax error.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sb::engine::expr {

enum class Tok : uint8_t {
  kEnd,       // end of input ("<EOF>" in DynamoDB's messages)
  kName,      // bare attribute name or keyword: [A-Za-z][A-Za-z0-9_]*
  kNameRef,   // #placeholder: '#' [A-Za-z0-9_]+
  kValueRef,  // :placeholder: ':' [A-Za-z0-9_]+
  kInt,       // [0-9]+ (list indexes)
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kInvalid,  // any other character (a leading '_' included)
};

struct Token {
  Tok kind = Tok::kEnd;
  uint32_t begin = 0;  // byte offsets into the source text
  uint32_t end = 0;
  std::string_view text;  // view into the source text; empty for kEnd
};

// Tokenizes `text`. The result always ends with one kEnd token.
// REQUIRES: text.size() < 2^32 (callers enforce the 4 KB expression limit first).
std::vector<Token> Lex(std::string_view text);

}  // namespace sb::engine::expr
