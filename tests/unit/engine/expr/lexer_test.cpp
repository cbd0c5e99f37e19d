#include "engine/expr/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::engine::expr {
namespace {

std::vector<Tok> Kinds(std::string_view text) {
  std::vector<Tok> out;
  for (const Token& t : Lex(text)) out.push_back(t.kind);
  return out;
}

TEST(LexerTest, AllTokenKinds) {
  EXPECT_EQ(Kinds("a #b :c 12 ( ) [ ] , . = <> < <= > >= + -"),
            (std::vector<Tok>{Tok::kName, Tok::kNameRef, Tok::kValueRef, Tok::kInt, Tok::kLParen,
                              Tok::kRParen, Tok::kLBracket, Tok::kRBracket, Tok::kComma, Tok::kDot,
                              Tok::kEq, Tok::kNe, Tok::kLt, Tok::kLe, Tok::kGt, Tok::kGe,
                              Tok::kPlus, Tok::kMinus, Tok::kEnd}));
}

TEST(LexerTest, PositionsAndText) {
  auto toks = Lex("  ab_1[3]");
  ASSERT_EQ(toks.size(), 5u);
  EXPECT_EQ(toks[0].text, "ab_1");
  EXPECT_EQ(toks[0].begin, 2u);
  EXPECT_EQ(toks[0].end, 6u);
  EXPECT_EQ(toks[2].text, "3");
  EXPECT_EQ(toks[4].kind, Tok::kEnd);
  EXPECT_EQ(toks[4].begin, 9u);
}

TEST(LexerTest, BareSigilsAndStrangeCharactersAreInvalid) {
  EXPECT_EQ(Kinds("# :"), (std::vector<Tok>{Tok::kInvalid, Tok::kInvalid, Tok::kEnd}));
  EXPECT_EQ(Kinds("a@b"), (std::vector<Tok>{Tok::kName, Tok::kInvalid, Tok::kName, Tok::kEnd}));
  auto toks = Lex("\xc3\xa9x");  // é then x: one invalid token for the whole character
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[0].text, "\xc3\xa9");
  EXPECT_EQ(toks[1].text, "x");
}

TEST(LexerTest, NamesStartWithALetter) {
  // "_a": '_' starts no token (the parser reports it); inside a name or placeholder it is fine.
  EXPECT_EQ(Kinds("_a a_ #_x :_y"), (std::vector<Tok>{Tok::kInvalid, Tok::kName, Tok::kName,
                                                      Tok::kNameRef, Tok::kValueRef, Tok::kEnd}));
}

TEST(LexerTest, DigitsThenLettersSplit) {
  EXPECT_EQ(Kinds("1a"), (std::vector<Tok>{Tok::kInt, Tok::kName, Tok::kEnd}));
}

}  // namespace
}  // namespace sb::engine::expr
