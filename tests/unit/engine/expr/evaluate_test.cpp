// Stage 3 for conditions: DynamoDB's comparison and function semantics, and the static operand
// checks of stage 2.
#include "engine/expr/evaluate.h"

#include <gtest/gtest.h>

#include "engine/expr/expr.h"
#include "expr_test_util.h"

namespace sb::engine::expr {
namespace {

using namespace testing;  // NOLINT

// One item with one attribute of every type.
Item Sample() {
  return MakeItem({
      {"s", S("hello")},
      {"n", N("10")},
      {"b", B(std::string("\x01\x02\x03", 3))},
      {"t", Bool(true)},
      {"z", Null()},
      {"m", M({{"k", S("v")}, {"n", N("1")}})},
      {"l", L({S("x"), N("2"), L({N("3")})})},
      {"ss", SS({"a", "b"})},
      {"ns", NS({"1", "2.5"})},
      {"bs", BS({"\x01", "\x02"})},
      {"blank", S("")},
  });
}

AttributeMap Values() {
  return AttributeMap{
      {":s", S("hello")},
      {":hel", S("hel")},
      {":n10", N("10")},
      {":n10b", N("10.0")},
      {":n5", N("5")},
      {":n20", N("20")},
      {":b", B(std::string("\x01\x02", 2))},
      {":a", S("a")},
      {":c", S("c")},
      {":one", N("1")},
      {":x", S("x")},
      {":true", Bool(true)},
      {":tS", S("S")},
      {":tN", S("N")},
      {":tM", S("M")},
      {":tNULL", S("NULL")},
      {":tBOOL", S("BOOL")},
      {":tL", S("L")},
      {":tSS", S("SS")},
      {":l3", L({N("3")})},
      {":str10", S("10")},
      {":n2", N("2")},
      {":n3", N("3")},
      {":b1", B("\x01")},
      {":n25", N("2.5")},
      {":blank", S("")},
      {":null", Null()},
      {":m", M({{"k", S("v")}, {"n", N("1")}})},
  };
}

// Evaluates `text` against Sample(); fails the test on parse errors.
bool Eval(std::string_view text, const Item& item = Sample()) {
  AttributeMap values = Values();
  Placeholders ph(nullptr, &values);
  auto c = ParseCondition(text, "ConditionExpression", ph);
  EXPECT_TRUE(c.ok()) << text << ": " << (c.ok() ? "" : c.error().message);
  if (!c.ok()) return false;
  auto r = Evaluate(**c, item);
  EXPECT_TRUE(r.ok());
  return r.ok() && *r;
}

std::string StaticError(std::string_view text) {
  AttributeMap values = Values();
  Placeholders ph(nullptr, &values);
  auto c = ParseCondition(text, "ConditionExpression", ph);
  return c.ok() ? "OK" : c.error().message;
}

struct Case {
  const char* text;
  bool expected;
};

TEST(EvaluateTest, Comparisons) {
  const Case cases[] = {
      {"s = :s", true},    {"s <> :s", false},       {"n = :n10", true},  {"n = :n10b", true},
      {"n < :n20", true},  {"n <= :n10", true},      {"n > :n5", true},   {"n >= :n20", false},
      {":n5 < n", true},   {"s > :hel", true},       {"s < :hel", false}, {"b > :b", true},
      {"m = :m", true},    {"l[2] = :l3", true},     {"m.k = :x", false}, {"z = :null", true},
      {"t = :true", true}, {"blank = :blank", true}, {"s = :s", true},    {"n >= :n10", true},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.text), c.expected) << c.text;
}

TEST(EvaluateTest, DifferentTypesAreNeitherEqualNorOrdered) {
  const Case cases[] = {
      {"n = :str10", false},
      {"n <> :str10", true},
      {"n < :str10", false},
      {"n > :str10", false},
      {"s >= :n5", false},
      {"t <> :one", true},
      {"n BETWEEN :a AND :c", false},
      // Ordering is only defined for N, S and B.
      {"l < m", false},
      {"t >= l", false},
      {"ss > m", false},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.text), c.expected) << c.text;
}

TEST(EvaluateTest, MissingAttributes) {
  const Case cases[] = {
      {"absent = :n5", false},
      {"absent <> :n5", true},
      {"absent < :n5", false},
      {"absent BETWEEN :n5 AND :n20", false},
      {"absent IN (:n5, :n10)", false},
      {"m.nope = :x", false},
      {"l[10] = :x", false},
      {"s.x = :x", false},
      {"s[0] = :x", false},
      {"n = absent", false},
      {"absent <> :x", true},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.text), c.expected) << c.text;
  EXPECT_FALSE(Eval("n = :n10", Item{}));
  EXPECT_TRUE(Eval("attribute_not_exists(n)", Item{}));
}

TEST(EvaluateTest, BetweenAndIn) {
  const Case cases[] = {
      {"n BETWEEN :n5 AND :n20", true},   {"n BETWEEN :n10 AND :n10", true},
      {"n BETWEEN :n20 AND :n20", false}, {"s BETWEEN :a AND :s", true},
      {"n IN (:n5, :n10b)", true},        {"n IN (:n5, :n20)", false},
      {"s IN (:n10, :s)", true},          {"l[0] IN (:x)", true},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.text), c.expected) << c.text;
}

TEST(EvaluateTest, Functions) {
  const Case cases[] = {
      {"attribute_exists(s)", true},       {"attribute_exists(absent)", false},
      {"attribute_exists(m.k)", true},     {"attribute_exists(l[2][0])", true},
      {"attribute_exists(l[3])", false},   {"attribute_not_exists(absent)", true},
      {"attribute_not_exists(z)", false},  {"attribute_type(s, :tS)", true},
      {"attribute_type(n, :tN)", true},    {"attribute_type(n, :tS)", false},
      {"attribute_type(m, :tM)", true},    {"attribute_type(z, :tNULL)", true},
      {"attribute_type(t, :tBOOL)", true}, {"attribute_type(l, :tL)", true},
      {"attribute_type(ss, :tSS)", true},  {"attribute_type(absent, :tS)", false},
      {"begins_with(s, :hel)", true},      {"begins_with(s, :x)", false},
      {"begins_with(s, :blank)", true},    {"begins_with(b, :b1)", true},
      {"begins_with(n, :hel)", false},     {"begins_with(absent, :hel)", false},
      {"contains(s, :hel)", true},         {"contains(s, :x)", false},
      {"contains(ss, :a)", true},          {"contains(ss, :c)", false},
      {"contains(ns, :n25)", true},        {"contains(ns, :a)", false},
      {"contains(bs, :b1)", true},         {"contains(b, :b1)", true},
      {"contains(l, :x)", true},           {"contains(l, :n2)", true},
      {"contains(l, :l3)", true},          {"contains(l, :a)", false},
      {"contains(n, :n10)", false},        {"contains(m, :x)", false},
      {"contains(absent, :x)", false},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.text), c.expected) << c.text;
}

TEST(EvaluateTest, Size) {
  const Case cases[] = {
      {"size(s) = :n5", true},
      {"size(b) = :n3", true},
      {"size(ss) = :n2", true},
      {"size(ns) = :n2", true},
      {"size(bs) = :n2", true},
      {"size(l) = :n3", true},
      {"size(m) = :n2", true},
      {"size(blank) < :one", true},
      {"size(l[2]) = :one", true},
      // Undefined sizes make comparisons false (and "<>" true).
      {"size(n) = :one", false},
      {"size(t) >= :one", false},
      {"size(z) < :n20", false},
      {"size(absent) < :n20", false},
      {"size(n) <> :one", true},
      {"size(s) BETWEEN :n2 AND :n5", true},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.text), c.expected) << c.text;
  // Size counts UTF-8 bytes.
  EXPECT_TRUE(Eval("size(u) = :n2", MakeItem({{"u", S("\xc3\xa9")}})));
}

TEST(EvaluateTest, LogicAndPrecedence) {
  const Case cases[] = {
      {"s = :s AND n = :n10", true},
      {"s = :s AND n = :n5", false},
      {"s = :x OR n = :n10", true},
      {"NOT s = :x", true},
      {"NOT s = :s", false},
      {"NOT NOT s = :s", true},
      // AND binds tighter than OR; NOT tighter than AND.
      {"n = :n10 OR n = :n5 AND s = :x", true},
      {"(n = :n10 OR n = :n5) AND s = :x", false},
      {"NOT n = :n5 AND s = :x", false},
      {"NOT (n = :n5 AND s = :x)", true},
      {"s = :x OR s = :a OR NOT attribute_exists(absent)", true},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.text), c.expected) << c.text;
}

TEST(EvaluateTest, StaticOperandTypeChecks) {
  EXPECT_EQ(StaticError("n < :true"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: <, operand type: BOOL");
  EXPECT_EQ(StaticError("n >= :m"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: >=, operand type: M");
  EXPECT_EQ(StaticError("n BETWEEN :null AND :n5"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: BETWEEN, operand type: NULL");
  EXPECT_EQ(StaticError("begins_with(s, :n5)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N");
  EXPECT_EQ(StaticError("attribute_type(s, :n5)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: attribute_type, operand type: N");
  EXPECT_EQ(StaticError("attribute_type(s, :x)"),
            "Invalid ConditionExpression: Invalid attribute type name found; type: x, valid "
            "types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
  EXPECT_EQ(StaticError("n BETWEEN :n20 AND :n5"),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound; lower bound operand: AttributeValue: {N:20}, upper "
            "bound operand: AttributeValue: {N:5}");
  EXPECT_EQ(StaticError("n BETWEEN :n5 AND :a"),
            "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower "
            "and upper bounds; lower bound operand: AttributeValue: {N:5}, upper bound operand: "
            "AttributeValue: {S:a}");
  // Equality accepts any type.
  EXPECT_EQ(StaticError("n = :true AND n <> :m"), "OK");
}

TEST(EvaluateTest, FindPath) {
  Item item = Sample();
  Path p;
  p.elems = {PathElem{"l", 0, false, false}, PathElem{"", 2, true, false},
             PathElem{"", 0, true, false}};
  ASSERT_NE(FindPath(item, p), nullptr);
  EXPECT_EQ(*FindPath(item, p), N("3"));
  p.elems[1].index = 7;
  EXPECT_EQ(FindPath(item, p), nullptr);
}

TEST(EvaluateTest, CompareOrdered) {
  EXPECT_EQ(CompareOrdered(N("2"), N("10")), -1);
  EXPECT_EQ(CompareOrdered(S("b"), S("a")), 1);
  EXPECT_EQ(CompareOrdered(S("\xc3\xa9"), S("z")), 1);  // UTF-8 bytes, unsigned
  EXPECT_EQ(CompareOrdered(B("\xff"), B("\x01")), 1);
  EXPECT_EQ(CompareOrdered(N("1"), S("1")), std::nullopt);
  EXPECT_EQ(CompareOrdered(Bool(true), Bool(true)), std::nullopt);
}

}  // namespace
}  // namespace sb::engine::expr
