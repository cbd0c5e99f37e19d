#include "engine/expr/legacy.h"

#include <gtest/gtest.h>

#include "expr_test_util.h"

namespace sb::engine::expr {
namespace {

using namespace testing;  // NOLINT

Item Sample() { return MakeItem({{"a", N("5")}, {"s", S("hello")}, {"ss", SS({"x", "y"})}}); }

bool Holds(const std::map<std::string, LegacyCondition>& filter,
           std::optional<std::string_view> op = std::nullopt, const Item& item = Sample()) {
  auto c = ConvertFilter(filter, op);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() && Evaluate(**c, item).value();
}

std::string FilterError(const std::map<std::string, LegacyCondition>& filter) {
  auto c = ConvertFilter(filter, std::nullopt);
  return c.ok() ? "OK" : c.error().message;
}

TEST(LegacyTest, FilterOperators) {
  EXPECT_TRUE(Holds({{"a", {"EQ", {N("5")}}}}));
  EXPECT_FALSE(Holds({{"a", {"EQ", {S("5")}}}}));
  EXPECT_TRUE(Holds({{"a", {"NE", {N("4")}}}}));
  EXPECT_TRUE(Holds({{"absent", {"NE", {N("4")}}}}));
  EXPECT_TRUE(Holds({{"a", {"LT", {N("6")}}}}));
  EXPECT_TRUE(Holds({{"a", {"LE", {N("5")}}}}));
  EXPECT_FALSE(Holds({{"a", {"GT", {N("5")}}}}));
  EXPECT_TRUE(Holds({{"a", {"GE", {N("5")}}}}));
  EXPECT_TRUE(Holds({{"a", {"NOT_NULL", {}}}}));
  EXPECT_TRUE(Holds({{"absent", {"NULL", {}}}}));
  EXPECT_TRUE(Holds({{"s", {"CONTAINS", {S("ell")}}}}));
  EXPECT_TRUE(Holds({{"ss", {"CONTAINS", {S("x")}}}}));
  EXPECT_TRUE(Holds({{"ss", {"NOT_CONTAINS", {S("z")}}}}));
  EXPECT_FALSE(Holds({{"absent", {"NOT_CONTAINS", {S("z")}}}}));
  EXPECT_TRUE(Holds({{"s", {"BEGINS_WITH", {S("he")}}}}));
  EXPECT_TRUE(Holds({{"a", {"IN", {N("1"), N("5")}}}}));
  EXPECT_TRUE(Holds({{"a", {"BETWEEN", {N("1"), N("5")}}}}));
  EXPECT_FALSE(Holds({{"a", {"BETWEEN", {N("6"), N("9")}}}}));
}

TEST(LegacyTest, ConditionalOperator) {
  std::map<std::string, LegacyCondition> f{{"a", {"EQ", {N("5")}}}, {"s", {"EQ", {S("no")}}}};
  EXPECT_FALSE(Holds(f));
  EXPECT_FALSE(Holds(f, "AND"));
  EXPECT_TRUE(Holds(f, "OR"));
  EXPECT_FALSE(ConvertFilter(f, "XOR").ok());
  EXPECT_TRUE(Holds({}));  // no conditions: everything matches
}

TEST(LegacyTest, FilterErrors) {
  EXPECT_EQ(FilterError({{"a", {"EQ", {}}}}),
            "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
            "ComparisonOperator");
  EXPECT_EQ(FilterError({{"a", {"NULL", {N("1")}}}}),
            "One or more parameter values were invalid: Invalid number of argument(s) for the "
            "NULL ComparisonOperator");
  EXPECT_EQ(FilterError({{"a", {"LT", {Bool(true)}}}}),
            "One or more parameter values were invalid: ComparisonOperator LT is not valid for "
            "BOOL AttributeValue type");
  EXPECT_EQ(FilterError({{"a", {"BETWEEN", {N("1"), S("2")}}}}),
            "One or more parameter values were invalid: AttributeValues inside AttributeValueList "
            "must be of same type");
  EXPECT_EQ(FilterError({{"a", {"BETWEEN", {N("9"), N("2")}}}}),
            "The BETWEEN condition was provided a range where the lower bound is greater than the "
            "upper bound");
  EXPECT_NE(FilterError({{"a", {"LIKE", {N("1")}}}}), "OK");
}

TEST(LegacyTest, Expected) {
  auto holds = [](const std::map<std::string, LegacyExpected>& e) {
    auto c = ConvertExpected(e, std::nullopt);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    return c.ok() && Evaluate(**c, Sample()).value();
  };
  EXPECT_TRUE(holds({{"a", {N("5"), std::nullopt, std::nullopt, std::nullopt}}}));
  EXPECT_TRUE(holds({{"a", {N("5"), true, std::nullopt, std::nullopt}}}));
  EXPECT_FALSE(holds({{"a", {N("6"), std::nullopt, std::nullopt, std::nullopt}}}));
  EXPECT_TRUE(holds({{"absent", {std::nullopt, false, std::nullopt, std::nullopt}}}));
  EXPECT_FALSE(holds({{"a", {std::nullopt, false, std::nullopt, std::nullopt}}}));
  EXPECT_TRUE(holds({{"a", {std::nullopt, std::nullopt, "GT", std::vector{N("1")}}}}));

  auto error = [](const std::map<std::string, LegacyExpected>& e) {
    auto c = ConvertExpected(e, std::nullopt);
    return c.ok() ? "OK" : c.error().message;
  };
  EXPECT_EQ(error({{"a", {std::nullopt, true, std::nullopt, std::nullopt}}}),
            "One or more parameter values were invalid: Value must be provided when Exists is "
            "true for Attribute: a");
  EXPECT_EQ(error({{"a", {N("1"), false, std::nullopt, std::nullopt}}}),
            "One or more parameter values were invalid: Value cannot be used when Exists is false "
            "for Attribute: a");
  // Value is the operand of a ComparisonOperator (DynamoDB accepts it; only Value with
  // AttributeValueList is refused).
  EXPECT_TRUE(holds({{"a", {N("4"), std::nullopt, "GT", std::nullopt}}}));
  EXPECT_FALSE(holds({{"a", {N("5"), std::nullopt, "GT", std::nullopt}}}));
  EXPECT_EQ(error({{"a", {N("1"), std::nullopt, "EQ", std::vector{N("1")}}}}),
            "One or more parameter values were invalid: Value and AttributeValueList cannot be "
            "used together for Attribute: a");
  EXPECT_EQ(error({{"a", {std::nullopt, std::nullopt, "LT", std::nullopt}}}),
            "One or more parameter values were invalid: Value or AttributeValueList must be used "
            "with ComparisonOperator: LT for Attribute: a");
  EXPECT_EQ(error({{"a", {std::nullopt, std::nullopt, std::nullopt, std::nullopt}}}),
            "One or more parameter values were invalid: Value must be provided when Exists is "
            "null for Attribute: a");
  EXPECT_TRUE(holds({{"absent", {std::nullopt, std::nullopt, "NULL", std::nullopt}}}));
}

TEST(LegacyTest, AttributeUpdates) {
  std::map<std::string, LegacyAttributeUpdate> updates{
      {"a", {"ADD", N("2")}},   {"s", {"DELETE", std::nullopt}}, {"ss", {"DELETE", SS({"x"})}},
      {"t", {"PUT", S("new")}}, {"u", {"ADD", SS({"q"})}},
  };
  auto u = ConvertAttributeUpdates(updates);
  ASSERT_TRUE(u.ok()) << u.error().message;
  auto out = Apply(**u, Sample(), {"pk"});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, MakeItem({{"a", N("7")}, {"ss", SS({"y"})}, {"t", S("new")}, {"u", SS({"q"})}}));
  EXPECT_EQ(UpdatedTopLevelNames(**u), (std::vector<std::string>{"a", "s", "ss", "t", "u"}));

  EXPECT_EQ(ConvertAttributeUpdates({{"a", {"PUT", std::nullopt}}}).error().message,
            "One or more parameter values were invalid: Only DELETE action is allowed when no "
            "attribute value is specified");
  EXPECT_EQ(
      ConvertAttributeUpdates({{"a", {"ADD", S("x")}}}).error().message,
      "One or more parameter values were invalid: Action ADD is not supported for the type S");
  // ADD of a list appends (to an empty list when the attribute is missing).
  auto appended = ConvertAttributeUpdates(
      {{"l", {"ADD", AttributeValue::L({N("2")})}}, {"fresh", {"ADD", AttributeValue::L({N("9")})}}});
  ASSERT_TRUE(appended.ok()) << appended.error().message;
  Item with_list = Sample();
  with_list["l"] = AttributeValue::L({N("1")});
  auto appended_out = Apply(**appended, with_list, {"pk"});
  ASSERT_TRUE(appended_out.ok()) << appended_out.error().message;
  EXPECT_EQ(appended_out->at("l"), AttributeValue::L({N("1"), N("2")}));
  EXPECT_EQ(appended_out->at("fresh"), AttributeValue::L({N("9")}));
  EXPECT_EQ(ConvertAttributeUpdates({{"a", {"DELETE", N("1")}}}).error().message,
            "One or more parameter values were invalid: Action DELETE is not supported for the "
            "type N");
  // Key attributes are refused at Apply, as for expressions.
  auto k = ConvertAttributeUpdates({{"pk", {"PUT", S("x")}}});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(Apply(**k, Sample(), {"pk"}).error().message,
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
}

TEST(LegacyTest, KeyConditions) {
  auto r = ConvertKeyConditions({{"pk", {"EQ", {S("p")}}}, {"sk", {"BETWEEN", {S("a"), S("c")}}}},
                                "pk", std::string_view("sk"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->hash_value, S("p"));
  EXPECT_EQ(r->sort_op, KeyRange::SortOp::kBetween);
  EXPECT_EQ(r->sort_value, S("a"));
  EXPECT_EQ(r->sort_value2, S("c"));
  auto only_hash = ConvertKeyConditions({{"pk", {"EQ", {S("p")}}}}, "pk", std::nullopt);
  ASSERT_TRUE(only_hash.ok());
  EXPECT_EQ(only_hash->sort_op, KeyRange::SortOp::kNone);

  EXPECT_EQ(ConvertKeyConditions({{"sk", {"EQ", {S("a")}}}}, "pk", std::string_view("sk"))
                .error()
                .message,
            "Query condition missed key schema element: pk");
  EXPECT_EQ(ConvertKeyConditions({{"pk", {"GT", {S("a")}}}}, "pk", std::string_view("sk"))
                .error()
                .message,
            "Attempted conditional constraint is not an indexable operation");
  EXPECT_EQ(ConvertKeyConditions({{"pk", {"EQ", {S("a")}}}, {"sk", {"CONTAINS", {S("a")}}}}, "pk",
                                 std::string_view("sk"))
                .error()
                .message,
            "Attempted conditional constraint is not an indexable operation");
}

TEST(LegacyTest, AttributesToGet) {
  auto p = ConvertAttributesToGet({"a", "ss", "absent"});
  EXPECT_EQ(Project(*p, Sample()), MakeItem({{"a", N("5")}, {"ss", SS({"x", "y"})}}));
}

}  // namespace
}  // namespace sb::engine::expr
