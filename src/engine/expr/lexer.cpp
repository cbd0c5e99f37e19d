#include "engine/expr/lexer.h"

namespace sb::engine::expr {
namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
// A bare name starts with a letter (developer guide, "Key condition expressions": the first
// character is a-z or A-Z); '_' may follow but not lead, so "_a" needs a #placeholder.
bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The operator or punctuation token at text[i], and its length in *len (1 on entry); an
// unknown character is kInvalid, spanning one whole UTF-8 sequence so the message quotes a
// complete character.
Tok Punctuation(std::string_view text, size_t i, size_t* len) {
  const size_t n = text.size();
  const char c = text[i];
  Tok kind = Tok::kInvalid;
  switch (c) {
    case '(':
      kind = Tok::kLParen;
      break;
    case ')':
      kind = Tok::kRParen;
      break;
    case '[':
      kind = Tok::kLBracket;
      break;
    case ']':
      kind = Tok::kRBracket;
      break;
    case ',':
      kind = Tok::kComma;
      break;
    case '.':
      kind = Tok::kDot;
      break;
    case '=':
      kind = Tok::kEq;
      break;
    case '+':
      kind = Tok::kPlus;
      break;
    case '-':
      kind = Tok::kMinus;
      break;
    case '<':
      if (i + 1 < n && text[i + 1] == '>') {
        kind = Tok::kNe;
        *len = 2;
      } else if (i + 1 < n && text[i + 1] == '=') {
        kind = Tok::kLe;
        *len = 2;
      } else {
        kind = Tok::kLt;
      }
      break;
    case '>':
      if (i + 1 < n && text[i + 1] == '=') {
        kind = Tok::kGe;
        *len = 2;
      } else {
        kind = Tok::kGt;
      }
      break;
    default:
      // One whole UTF-8 sequence, so the message quotes a complete character.
      if (static_cast<unsigned char>(c) >= 0xC0) {
        while (i + *len < n && (static_cast<unsigned char>(text[i + *len]) & 0xC0) == 0x80) ++*len;
      }
      break;
  }
  return kind;
}

}  // namespace

std::vector<Token> Lex(std::string_view text) {
  std::vector<Token> out;
  out.reserve(text.size() / 2 + 2);
  size_t i = 0;
  const size_t n = text.size();
  auto emit = [&](Tok kind, size_t begin, size_t end) {
    out.push_back(Token{kind, static_cast<uint32_t>(begin), static_cast<uint32_t>(end),
                        text.substr(begin, end - begin)});
  };
  while (i < n) {
    char c = text[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    size_t start = i;
    if (IsNameStart(c)) {
      while (i < n && IsWordChar(text[i])) ++i;
      emit(Tok::kName, start, i);
      continue;
    }
    if (IsDigit(c)) {
      while (i < n && IsDigit(text[i])) ++i;
      emit(Tok::kInt, start, i);
      continue;
    }
    if (c == '#' || c == ':') {
      ++i;
      while (i < n && IsWordChar(text[i])) ++i;
      if (i == start + 1) {
        emit(Tok::kInvalid, start, i);
      } else {
        emit(c == '#' ? Tok::kNameRef : Tok::kValueRef, start, i);
      }
      continue;
    }
    size_t len = 1;
    Tok kind = Punctuation(text, i, &len);
    i += len;
    emit(kind, start, i);
  }
  out.push_back(Token{Tok::kEnd, static_cast<uint32_t>(n), static_cast<uint32_t>(n), {}});
  return out;
}

}  // namespace sb::engine::expr
