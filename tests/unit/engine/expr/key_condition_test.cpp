#include "engine/expr/key_condition.h"

#include <gtest/gtest.h>

#include "engine/expr/expr.h"
#include "expr_test_util.h"

namespace sb::engine::expr {
namespace {

using namespace testing;  // NOLINT
using Op = KeyRange::SortOp;

AttributeMap Values() {
  return AttributeMap{
      {":p", S("player")}, {":a", S("a")}, {":b", S("b")}, {":n", N("5")}, {":bin", B("\x01")}};
}

protocol::ApiResult<KeyRange> Key(std::string_view text, bool with_range = true) {
  AttributeMap values = Values();
  std::map<std::string, std::string> names{{"#pk", "pk"}, {"#sk", "sk"}};
  Placeholders ph(&names, &values);
  return ParseKeyCondition(text, ph, "pk",
                           with_range ? std::optional<std::string_view>("sk") : std::nullopt);
}
KeyRange Ok(std::string_view text, bool with_range = true) {
  auto r = Key(text, with_range);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : KeyRange{};
}
std::string Err(std::string_view text, bool with_range = true) {
  auto r = Key(text, with_range);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.error().message;
}

TEST(KeyConditionTest, HashOnly) {
  KeyRange r = Ok("pk = :p");
  EXPECT_EQ(r.hash_name, "pk");
  EXPECT_EQ(r.hash_value, S("player"));
  EXPECT_EQ(r.sort_op, Op::kNone);
  EXPECT_EQ(Ok("#pk = :p", false).hash_value, S("player"));
  EXPECT_EQ(Ok(":p = pk").hash_value, S("player"));
}

TEST(KeyConditionTest, SortConditions) {
  struct Case {
    const char* text;
    Op op;
    AttributeValue v1, v2;
  };
  const Case cases[] = {
      {"pk = :p AND sk = :a", Op::kEq, S("a"), {}},
      {"pk = :p AND sk < :a", Op::kLt, S("a"), {}},
      {"pk = :p AND sk <= :a", Op::kLe, S("a"), {}},
      {"pk = :p AND sk > :n", Op::kGt, N("5"), {}},
      {"pk = :p AND sk >= :a", Op::kGe, S("a"), {}},
      {"pk = :p AND :a > sk", Op::kLt, S("a"), {}},  // flipped
      {"pk = :p AND sk BETWEEN :a AND :b", Op::kBetween, S("a"), S("b")},
      {"pk = :p AND begins_with(sk, :a)", Op::kBeginsWith, S("a"), {}},
      {"pk = :p AND begins_with(#sk, :bin)", Op::kBeginsWith, B("\x01"), {}},
      {"sk = :a AND pk = :p", Op::kEq, S("a"), {}},  // either order
      {"(pk = :p) AND (sk > :a)", Op::kGt, S("a"), {}},
      {"(pk = :p AND sk > :a)", Op::kGt, S("a"), {}},
  };
  for (const Case& c : cases) {
    KeyRange r = Ok(c.text);
    EXPECT_EQ(r.hash_value, S("player")) << c.text;
    EXPECT_EQ(r.sort_op, c.op) << c.text;
    EXPECT_EQ(r.sort_name, "sk") << c.text;
    EXPECT_EQ(r.sort_value, c.v1) << c.text;
    EXPECT_EQ(r.sort_value2, c.v2) << c.text;
  }
}

TEST(KeyConditionTest, Errors) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"pk = :p OR sk = :a",
       "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR"},
      {"NOT pk = :p",
       "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: NOT"},
      {"pk IN (:p)",
       "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: IN"},
      {"pk <> :p",
       "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: <>"},
      {"pk = :p AND attribute_exists(sk)",
       "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: "
       "attribute_exists"},
      {"pk = :p AND contains(sk, :a)",
       "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: "
       "contains"},
      {"pk = :p AND size(sk) > :n",
       "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: size"},
      {"pk = :p AND sk > :a AND sk < :b",
       "Invalid KeyConditionExpression: Conditions can be of length 1 or 2 only"},
      {"sk > :a AND sk < :b",
       "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one "
       "condition per key"},
      {"pk = :p AND pk = :p",
       "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one "
       "condition per key"},
      {"sk = :a", "Query condition missed key schema element: pk"},
      {"pk = :p AND extra = :a", "Query condition missed key schema element: sk"},
      {"pk > :p", "Query key condition not supported"},
      {"begins_with(pk, :p)", "Query key condition not supported"},
      {"pk = sk", "Query key condition not supported"},
      {"pk.x = :p", "Query key condition not supported"},
      {"pk = :p AND begins_with(sk, :n)",
       "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
       "operator or function: begins_with, operand type: N"},
      {"pk = :p AND sk BETWEEN :b AND :a",
       "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
       "than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound "
       "operand: AttributeValue: {S:a}"},
      {"pk = :undefined",
       "Invalid KeyConditionExpression: An expression attribute value used in expression is "
       "not defined; attribute value: :undefined"},
      {"pk = ", "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\""},
  };
  for (const Case& c : cases) EXPECT_EQ(Err(c.text), c.message) << c.text;
  EXPECT_EQ(Err("pk = :p AND extra = :a", /*with_range=*/false),
            "Query key condition not supported");
  EXPECT_EQ(Err("pk = :p AND sk = :a", /*with_range=*/false), "Query key condition not supported");
}

// Multi-attribute keys: partition key a, b; sort key x, y, z.
protocol::ApiResult<MultiKeyRange> Multi(std::string_view text) {
  AttributeMap values = Values();
  std::map<std::string, std::string> names;
  Placeholders ph(&names, &values);
  return ParseMultiKeyConditionText(text, ph, {"a", "b"}, {"x", "y", "z"});
}
std::string MultiErr(std::string_view text) {
  auto r = Multi(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.error().message;
}

TEST(KeyConditionTest, MultiAttributeEqualityPrefixThenOneRange) {
  auto r = Multi("b = :b AND a = :a");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->hash_values, (std::vector<protocol::AttributeValue>{S("a"), S("b")}));
  EXPECT_TRUE(r->sort_prefix.empty());
  EXPECT_EQ(r->sort_op, Op::kNone);

  r = Multi("a = :a AND b = :b AND y = :n AND x = :p");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->sort_prefix, (std::vector<protocol::AttributeValue>{S("player"), N("5")}));
  EXPECT_EQ(r->sort_op, Op::kNone);

  r = Multi("a = :a AND b = :b AND x = :p AND y BETWEEN :a AND :b");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->sort_prefix, (std::vector<protocol::AttributeValue>{S("player")}));
  EXPECT_EQ(r->sort_op, Op::kBetween);
  EXPECT_EQ(r->sort_name, "y");
  EXPECT_EQ(r->sort_value, S("a"));
  EXPECT_EQ(r->sort_value2, S("b"));

  r = Multi("a = :a AND b = :b AND begins_with(x, :p)");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->sort_op, Op::kBeginsWith);
  EXPECT_EQ(r->sort_name, "x");
}

TEST(KeyConditionTest, MultiAttributeShapeErrors) {
  EXPECT_EQ(MultiErr("a = :a"), "Query condition missed key schema element: b");
  EXPECT_EQ(MultiErr("a = :a AND b > :b"), "Query key condition not supported");
  EXPECT_EQ(MultiErr("a = :a AND b = :b AND y = :p"),
            "Query condition missed key schema element: x");
  EXPECT_EQ(MultiErr("a = :a AND b = :b AND x = :p AND z = :p"),
            "Query condition missed key schema element: y");
  EXPECT_EQ(MultiErr("a = :a AND b = :b AND x > :p AND y = :p"),
            "Invalid KeyConditionExpression: Only the last sort key attribute in a key "
            "condition may use a range condition; x has one");
  EXPECT_EQ(MultiErr("a = :a AND b = :b AND w = :p"),
            "Query condition missed key schema element: x");
  EXPECT_EQ(MultiErr("a = :a AND b = :b AND x = :p AND x = :a"),
            "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one "
            "condition per key");
  EXPECT_EQ(MultiErr("a = :a OR b = :b"),
            "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR");
}

}  // namespace
}  // namespace sb::engine::expr
