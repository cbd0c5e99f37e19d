// Stage 1: syntax and the static checks that need only the text. Driven through the facade,
// with every placeholder defined, so the messages are the parser's.
#include "engine/expr/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/expr/expr.h"
#include "expr_test_util.h"

namespace sb::engine::expr {
namespace {

using namespace testing;  // NOLINT

struct Env {
  std::map<std::string, std::string> names{{"#n", "n"}, {"#s", "status"}, {"#k", "k"}};
  AttributeMap values{{":v", N("1")},      {":w", N("2")},     {":s", S("x")},
                      {":l", L({N("1")})}, {":ss", SS({"a"})}, {":t", S("N")}};
  Placeholders ph{&names, &values};
};

std::string ConditionError(std::string_view text, std::string_view kind = "ConditionExpression") {
  Env env;
  auto r = ParseCondition(text, kind, env.ph);
  if (r.ok()) return "OK";
  EXPECT_EQ(r.error().type, "ValidationException");
  return r.error().message;
}
std::string UpdateError(std::string_view text) {
  Env env;
  auto r = ParseUpdate(text, env.ph);
  if (r.ok()) return "OK";
  EXPECT_EQ(r.error().type, "ValidationException");
  return r.error().message;
}
std::string ProjectionError(std::string_view text) {
  Env env;
  auto r = ParseProjection(text, env.ph);
  return r.ok() ? "OK" : r.error().message;
}

struct Case {
  const char* text;
  const char* message;
};

TEST(ParserTest, ConditionsThatParse) {
  for (const char* text : {
           "a = :v",
           "a <> :v",
           "a < :v",
           "a <= :v",
           "a > :v",
           "a >= :v",
           ":v = a",
           "a.b[1].c = :v",
           "#n = :v",
           "#n.#k[0] = :v",
           "a BETWEEN :v AND :w",
           "a IN (:v)",
           "a IN (:v, :w, b)",
           "attribute_exists(a)",
           "attribute_not_exists(a.b)",
           "attribute_type(a, :t)",
           "begins_with(a, :s)",
           "contains(a, :v)",
           "size(a) > :v",
           ":v < size(a.b)",
           "NOT a = :v",
           "not not a = :v",
           "a = :v AND b = :w OR c = :v",
           "(a = :v)",
           "((a = :v) and (b = :w)) or not (c = :v)",
           "a = :v And b = :v",
           "a BETWEEN :v AND :w AND b = :v",
           "size(a) BETWEEN :v AND :w",
           "size(a) IN (:v)",
           "  a\t=\n:v  ",
           "x_1 = :v AND a_ = :v",
       }) {
    EXPECT_EQ(ConditionError(text), "OK") << text;
  }
}

TEST(ParserTest, ConditionSyntaxErrors) {
  const Case cases[] = {
      {"a = ", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\""},
      {"a = = :v", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\""},
      {"a", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\""},
      {"a = :v AND", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""},
      {"a = :v b = :w",
       "Invalid ConditionExpression: Syntax error; token: \"b\", near: \":v b =\""},
      {"(a = :v", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":v\""},
      {"a = :v)", "Invalid ConditionExpression: Syntax error; token: \")\", near: \":v)\""},
      {"a-b = :v", "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"a-b\""},
      {"a @ :v", "Invalid ConditionExpression: Syntax error; token: \"@\", near: \"a @ :v\""},
      {"a[x] = :v", "Invalid ConditionExpression: Syntax error; token: \"x\", near: \"[x]\""},
      {"a[-1] = :v", "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"[-1\""},
      {"a. = :v", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \". = :v\""},
      {"a BETWEEN :v", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":v\""},
      {"a BETWEEN :v OR :w",
       "Invalid ConditionExpression: Syntax error; token: \"OR\", near: \":v OR :w\""},
      {"a IN :v", "Invalid ConditionExpression: Syntax error; token: \":v\", near: \"IN :v\""},
      {"a IN ()", "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\""},
      {"a = :v AND AND b = :w",
       "Invalid ConditionExpression: Syntax error; token: \"AND\", near: \"AND AND b\""},
      {"1a = :v", "Invalid ConditionExpression: Syntax error; token: \"1\", near: \"1a\""},
      {"a = #", "Invalid ConditionExpression: Syntax error; token: \"#\", near: \"= #\""},
      {"a = :v ,", "Invalid ConditionExpression: Syntax error; token: \",\", near: \":v ,\""},
  };
  for (const Case& c : cases) EXPECT_EQ(ConditionError(c.text), c.message) << c.text;
}

TEST(ParserTest, KindNamesTheExpression) {
  EXPECT_EQ(ConditionError("a =", "FilterExpression"),
            "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
  EXPECT_EQ(UpdateError("SET a"),
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"a\"");
  EXPECT_EQ(ProjectionError("a,"),
            "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
}

TEST(ParserTest, FunctionErrors) {
  const Case cases[] = {
      {"foo(a)", "Invalid ConditionExpression: Invalid function name; function: foo"},
      {"Attribute_Exists(a)",
       "Invalid ConditionExpression: Invalid function name; function: Attribute_Exists"},
      {"attribute_exists(a, b)",
       "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
       "operator or function: attribute_exists, number of operands: 2"},
      {"begins_with(a)",
       "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
       "operator or function: begins_with, number of operands: 1"},
      {"size() = :v",
       "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
       "operator or function: size, number of operands: 0"},
      {"attribute_exists(a) = :v",
       "Invalid ConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: attribute_exists"},
      {"size(a)",
       "Invalid ConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: size"},
      {"a = :v AND size(a)",
       "Invalid ConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: size"},
      {"a = contains(a, :v)",
       "Invalid ConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: contains"},
      {"if_not_exists(a, :v) = :v",
       "Invalid ConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: if_not_exists"},
      // size() may be a function's argument; it is a number there.
      {"begins_with(size(a), :v)",
       "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
       "or function: begins_with, operand type: N"},
      {"size(size(a)) > :v",
       "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
       "or function: size, operand type: N"},
      {"attribute_exists(size(a))",
       "Invalid ConditionExpression: Operator or function requires a document path; operator "
       "or function: attribute_exists"},
      {"a > whatever((:v), ((a)))",
       "Invalid ConditionExpression: The expression has redundant parentheses;"},
      {"a = :v AND attribute_exists((a), (b)) > :v",
       "Invalid ConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: attribute_exists"},
      {"attribute_exists(:v)",
       "Invalid ConditionExpression: Operator or function requires a document path; operator or "
       "function: attribute_exists"},
      // size(:v) is valid (a value's size); size of a number is not.
      {"size(:w) = :v",
       "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
       "or function: size, operand type: N"},
      {"contains(a, a)",
       "Invalid ConditionExpression: The first operand must be distinct from the remaining "
       "operands for this operator or function; operator: contains, first operand: [a]"},
      {"((a = :v))", "Invalid ConditionExpression: The expression has redundant parentheses;"},
  };
  for (const Case& c : cases) EXPECT_EQ(ConditionError(c.text), c.message) << c.text;
}

TEST(ParserTest, ReservedWordsAsBareNames) {
  EXPECT_EQ(ConditionError("status = :v"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");
  EXPECT_EQ(
      ConditionError("a.Name = :v", "FilterExpression"),
      "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: Name");
  EXPECT_EQ(
      UpdateError("SET a = :v, b.size = :w"),
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: size");
  EXPECT_EQ(ProjectionError("a, year"),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved "
            "keyword: year");
  // Through a placeholder a reserved word is fine; so is the size() function.
  EXPECT_EQ(ConditionError("#s = :v AND size(a) > :v"), "OK");
  // Syntax errors come first.
  EXPECT_EQ(ConditionError("status = = :v"),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
}

TEST(ParserTest, SizeEmptinessAndLimits) {
  EXPECT_EQ(ConditionError(""), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(UpdateError("   "), "Invalid UpdateExpression: The expression can not be empty;");
  std::string big = "a = :v";
  while (big.size() <= 4096) big += " OR a = :v";
  EXPECT_EQ(ConditionError(big),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: " +
                std::to_string(big.size()));
  // Exactly 4096 bytes is allowed.
  std::string exact = "a = :v";
  while (exact.size() + 10 <= 4096) exact += " OR a = :v";
  exact += std::string(4096 - exact.size(), ' ');
  ASSERT_EQ(exact.size(), 4096u);
  EXPECT_EQ(ConditionError(exact), "OK");
}

TEST(ParserTest, PathNestingLimit) {
  std::string path = "a";
  for (int i = 1; i < 32; ++i) path += ".a";
  EXPECT_EQ(ConditionError(path + " = :v"), "OK");  // 32 levels
  EXPECT_EQ(ConditionError(path + "[0] = :v"),
            "Invalid ConditionExpression: The document path has too many nesting levels; "
            "nesting levels: 33");
}

TEST(ParserTest, ListIndexRange) {
  EXPECT_EQ(ConditionError("a[2147483647] = :v"), "OK");
  EXPECT_EQ(ConditionError("a[2147483648] = :v"),
            "Invalid ConditionExpression: List index is not within the allowable range; index: "
            "[2147483648]");
  EXPECT_EQ(ConditionError("a[99999999999999999999999] = :v"),
            "Invalid ConditionExpression: List index is not within the allowable range; index: "
            "[99999999999999999999999]");
}

TEST(ParserTest, InOperandLimit) {
  std::string in = "a IN (:v";
  for (int i = 1; i < 100; ++i) in += ",:v";
  EXPECT_EQ(ConditionError(in + ")"), "OK");  // 100 operands
  EXPECT_EQ(ConditionError(in + ",:v)"),
            "Invalid ConditionExpression: The IN operator is provided with too many operands; "
            "number of operands: 101");
}

TEST(ParserTest, DeepNestingIsCappedNotACrash) {
  std::string parens(2000, '(');
  EXPECT_EQ(ConditionError(parens + "a = :v" + std::string(2000, ')')),
            "Invalid ConditionExpression: The expression has too many nested levels; maximum "
            "nesting: 200");
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "NOT ";
  EXPECT_EQ(ConditionError(nots + "a = :v"),
            "Invalid ConditionExpression: The expression has too many nested levels; maximum "
            "nesting: 200");
  // Within the cap: fine.
  // (Each level holds more than another group: "((x))" is refused as redundant.)
  std::string nested = "a = :v";
  for (int i = 0; i < 150; ++i) nested = "(a = :v AND " + nested + ")";
  EXPECT_EQ(ConditionError(nested), "OK");
  // Unbalanced opening parens at the limit of the text size.
  EXPECT_NE(ConditionError(std::string(4096, '(')), "OK");
}

TEST(ParserTest, LongChainsAreFlat) {
  std::string chain = "a = :v";
  while (chain.size() + 10 < 4096) chain += " AND a = :v";
  Env env;
  auto r = ParseCondition(chain, "ConditionExpression", env.ph);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(Evaluate(**r, MakeItem({{"a", N("1")}})).value(), true);
}

TEST(ParserTest, UpdatesThatParse) {
  for (const char* text : {
           "SET a = :v",
           "set a = :v, b = a",
           "SET a = a + :v",
           "SET a = :v - a",
           "SET a = if_not_exists(a, :v)",
           "SET a = list_append(a, :l)",
           "SET a = list_append(:l, if_not_exists(a, :l))",
           "SET a.b[2].c = :v",
           "REMOVE a, b.c, d[3]",
           "ADD a :v, b :ss",
           "DELETE a :ss",
           "SET a = :v REMOVE b ADD c :v DELETE d :ss",
           "delete d :ss set a = :v",
           "SET #n = :v",
           "SET a = #n",
       }) {
    EXPECT_EQ(UpdateError(text), "OK") << text;
  }
}

TEST(ParserTest, UpdateErrors) {
  const Case cases[] = {
      {"a = :v", "Invalid UpdateExpression: Syntax error; token: \"a\", near: \"a =\""},
      {"SET", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\""},
      {"SET a :v", "Invalid UpdateExpression: Syntax error; token: \":v\", near: \"a :v\""},
      {"SET a = :v,", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\""},
      {"SET a = :v + ", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\""},
      {"SET a = :v + :v + :v",
       "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":v + :v\""},
      {"REMOVE a = :v", "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"a = :v\""},
      {"ADD a b", "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\""},
      {"DELETE a", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"a\""},
      {"SET a = :v SET b = :w",
       "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
       "expression;"},
      {"REMOVE a ADD b :v remove c",
       "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update "
       "expression;"},
      {"SET a = size(b)",
       "Invalid UpdateExpression: The function is not allowed in an update expression; "
       "function: size"},
      {"SET a = attribute_exists(b)",
       "Invalid UpdateExpression: The function is not allowed in an update expression; "
       "function: attribute_exists"},
      {"SET a = if_not_exists(:v, :v)",
       "Invalid UpdateExpression: Operator or function requires a document path; operator or "
       "function: if_not_exists"},
      {"SET a = list_append(a)",
       "Invalid UpdateExpression: Incorrect number of operands for operator or function; "
       "operator or function: list_append, number of operands: 1"},
      {"SET a = foo(a)", "Invalid UpdateExpression: Invalid function name; function: foo"},
      {"SET set = :v",
       "Invalid UpdateExpression: Syntax error; token: \"set\", near: \"SET set =\""},
  };
  for (const Case& c : cases) EXPECT_EQ(UpdateError(c.text), c.message) << c.text;
}

TEST(ParserTest, UpdateOperatorLimit) {
  // Operators and functions both count: "+", "-", if_not_exists, list_append.
  auto build = [](int plus, int calls) {
    std::string text = "SET ";
    int n = 0;
    for (int i = 0; i < plus; ++i)
      text += (n++ ? "," : "") + std::string("p") + std::to_string(i) + "=b+:v";
    for (int i = 0; i < calls; ++i)
      text += (n++ ? "," : "") + std::string("q") + std::to_string(i) + "=list_append(c,:l)";
    return text;
  };
  std::string ok = build(290, 10);
  ASSERT_LE(ok.size(), 4096u);
  EXPECT_EQ(UpdateError(ok), "OK");
  std::string too_many = build(290, 11);
  ASSERT_LE(too_many.size(), 4096u);
  EXPECT_EQ(UpdateError(too_many),
            "Invalid UpdateExpression: The expression contains too many operators; operator "
            "count: 301");
}

TEST(ParserTest, ProjectionsThatParseAndFail) {
  EXPECT_EQ(ProjectionError("a"), "OK");
  EXPECT_EQ(ProjectionError("a, b.c, d[1].e, #n"), "OK");
  EXPECT_EQ(ProjectionError("a b"),
            "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\"");
  EXPECT_EQ(ProjectionError("a = :v"),
            "Invalid ProjectionExpression: Syntax error; token: \"=\", near: \"a = :v\"");
  EXPECT_EQ(ProjectionError(""), "Invalid ProjectionExpression: The expression can not be empty;");
}

TEST(ParserTest, AstShape) {
  auto r = ParseConditionText("a = :v OR b = :v AND NOT c.d[3] BETWEEN :v AND :w",
                              "ConditionExpression");
  ASSERT_TRUE(r.ok());
  const CondNode& root = *r;
  ASSERT_EQ(root.kind, CondNode::Kind::kOr);
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].kind, CondNode::Kind::kCompare);
  const CondNode& conj = root.children[1];
  ASSERT_EQ(conj.kind, CondNode::Kind::kAnd);
  ASSERT_EQ(conj.children[1].kind, CondNode::Kind::kNot);
  const CondNode& between = conj.children[1].children[0];
  ASSERT_EQ(between.kind, CondNode::Kind::kBetween);
  EXPECT_EQ(PathToString(between.operands[0].path), "[c, d, [3]]");
  EXPECT_EQ(between.operands[0].pos, 25u);
  EXPECT_EQ(between.operands[2].ref, ":w");
}

// A bare name starts with a letter; '_' may only follow. Every expression kind says so.
TEST(ParserTest, BareNamesStartWithALetter) {
  EXPECT_EQ(ConditionError("_123 = :v"),
            "Invalid ConditionExpression: Syntax error; token: \"_\", near: \"_123\"");
  EXPECT_EQ(ConditionError("a = :v AND _a = :v", "FilterExpression"),
            "Invalid FilterExpression: Syntax error; token: \"_\", near: \"AND _a\"");
  EXPECT_EQ(ConditionError("attribute_exists(a._b)", "KeyConditionExpression"),
            "Invalid KeyConditionExpression: Syntax error; token: \"_\", near: \"._b\"");
  EXPECT_EQ(UpdateError("SET _a = :v"),
            "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"SET _a\"");
  EXPECT_EQ(ProjectionError("a, _b"),
            "Invalid ProjectionExpression: Syntax error; token: \"_\", near: \", _b\"");
  // Placeholders may hold any name, and their own names may start with '_'.
  EXPECT_EQ(ConditionError("a_1 = :v AND x_ = :w"), "OK");
}

TEST(ParserTest, SetValuesInParentheses) {
  for (const char* text : {"SET a = (:v)", "SET a = (:v + :w)", "SET a = (:v) + (:w)",
                           "SET a = ((:v) - b)", "SET a = ((:v))", "SET a = (b.c[1])",
                           "SET a = (if_not_exists(b, :v)) + :w",
                           "SET a = list_append((b), (:l)), c = if_not_exists((c), (:v))"}) {
    EXPECT_EQ(UpdateError(text), "OK") << text;
  }
  const Case cases[] = {
      {"SET a = (((:v)))", "Invalid UpdateExpression: Syntax error; token: \"(\", near: \"((:v\""},
      {"SET a = ((:v)) + :w", "Invalid UpdateExpression: Syntax error; token: \"+\", near: \") + :w\""},
      {"SET a = (:v + :w) - :v",
       "Invalid UpdateExpression: Syntax error; token: \"-\", near: \") - :v\""},
      {"SET a = (:v", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \":v\""},
      {"SET (a = :v)", "Invalid UpdateExpression: Syntax error; token: \"(\", near: \"SET (a\""},
      {"SET a = (b.c).d", "Invalid UpdateExpression: Syntax error; token: \".\", near: \").d\""},
      {"SET a = b + c + d", "Invalid UpdateExpression: Syntax error; token: \"+\", near: \"c + d\""},
  };
  for (const Case& c : cases) EXPECT_EQ(UpdateError(c.text), c.message) << c.text;
}

TEST(ParserTest, ConditionOperandsInParentheses) {
  for (const char* text : {"(a) = :v", "a = (:v)", "(a) = (:v) AND (b) <> :w", "(size(a)) > :v",
                           "(a.b).c[1] = :v", "(a)[0] BETWEEN (:v) AND (:w)", "(a) IN ((:v), :w)",
                           "NOT (a) = :v", "((a) = :v)", "contains((a), (:v))"}) {
    EXPECT_EQ(ConditionError(text), "OK") << text;
  }
  const Case cases[] = {
      {"((a)) = :v", "Invalid ConditionExpression: The expression has redundant parentheses;"},
      {"a = ((:v))", "Invalid ConditionExpression: The expression has redundant parentheses;"},
      {"(a)", "Invalid ConditionExpression: Syntax error; token: \")\", near: \"a)\""},
      {"(:v).b = :w", "Invalid ConditionExpression: Syntax error; token: \".\", near: \").b\""},
      {"(a = :v) = :w", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"a = :v\""},
  };
  for (const Case& c : cases) EXPECT_EQ(ConditionError(c.text), c.message) << c.text;
}

// With two errors in one expression, the one DynamoDB reports (dynalite's order): a syntax
// error first, then the language's own order.
TEST(ParserTest, WhichOfTwoErrors) {
  const Case conditions[] = {
      {"foo(a) = = :v", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\""},
      {"((a = :v)) AND foo(b)",
       "Invalid ConditionExpression: The expression has redundant parentheses;"},
      {"status = :v AND foo(a)", "Invalid ConditionExpression: Invalid function name; function: foo"},
      {"size(a, b) = :v OR attribute_exists(a) = :v",
       "Invalid ConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: attribute_exists"},
      {"attribute_exists(a) = :v AND status = :v",
       "Invalid ConditionExpression: The function is not allowed to be used this way in an "
       "expression; function: attribute_exists"},
      {"size(a, b) = :v AND status = :v",
       "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
       "status"},
      {"contains(a) AND attribute_exists(:v)",
       "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
       "operator or function: contains, number of operands: 1"},
  };
  for (const Case& c : conditions) EXPECT_EQ(ConditionError(c.text), c.message) << c.text;
  // Through the facade a condition's own errors go leaf by leaf: the first comparison or
  // function with an error decides; within it, placeholders, operand count, distinct operands,
  // size() types, then the other function errors.
  const Case leaves[] = {
      {"attribute_exists(#nope.b, :v) AND a = :v",
       "Invalid ConditionExpression: An expression attribute name used in the document path "
       "is not defined; attribute name: #nope"},
      {"begins_with(:nope, a, b)",
       "Invalid ConditionExpression: An expression attribute value used in expression is not "
       "defined; attribute value: :nope"},
      {"a = a AND :nope > a",
       "Invalid ConditionExpression: The first operand must be distinct from the remaining "
       "operands for this operator or function; operator: =, first operand: [a]"},
      {"attribute_not_exists(size(:v))",
       "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
       "or function: size, operand type: N"},
      {"attribute_not_exists(size(:s))",
       "Invalid ConditionExpression: Operator or function requires a document path; operator "
       "or function: attribute_not_exists"},
  };
  for (const Case& c : leaves) EXPECT_EQ(ConditionError(c.text), c.message) << c.text;
  const Case updates[] = {
      {"SET #n = :v SET abOrt = :v",
       "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: abOrt"},
      {"SET a = :v SET b = foo(c)", "Invalid UpdateExpression: Invalid function name; function: foo"},
      {"SET a = :v SET b = :v REMOVE c d",
       "Invalid UpdateExpression: Syntax error; token: \"d\", near: \"c d\""},
      // Function errors only after the ADD / DELETE operand types.
      {"SET b = list_append(:s, a), c = if_not_exists(a) ADD d.e :s",
       "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
       "ADD, operand type: STRING"},
      {"SET b = if_not_exists(a), c = if_not_exists(:v, :v)",
       "Invalid UpdateExpression: Incorrect number of operands for operator or function; "
       "operator or function: if_not_exists, number of operands: 1"},
      {"SET b = if_not_exists(a, :nope)",
       "Invalid UpdateExpression: An expression attribute value used in expression is not "
       "defined; attribute value: :nope"},
      {"SET b = if_not_exists(:nope)",
       "Invalid UpdateExpression: An expression attribute value used in expression is not "
       "defined; attribute value: :nope"},
  };
  for (const Case& c : updates) EXPECT_EQ(UpdateError(c.text), c.message) << c.text;
}

}  // namespace
}  // namespace sb::engine::expr
