// Stage 2: placeholder resolution and the request-wide "unused" check.
#include "engine/expr/placeholders.h"

#include <gtest/gtest.h>

#include "engine/expr/expr.h"
#include "expr_test_util.h"

namespace sb::engine::expr {
namespace {

using namespace testing;  // NOLINT

TEST(PlaceholdersTest, UndefinedNameAndValue) {
  std::map<std::string, std::string> names{{"#a", "a"}};
  AttributeMap values{{":v", N("1")}};
  {
    Placeholders ph(&names, &values);
    auto r = ParseCondition("#a = :x", "ConditionExpression", ph);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().type, "ValidationException");
    EXPECT_EQ(r.error().message,
              "Invalid ConditionExpression: An expression attribute value used in expression is "
              "not defined; attribute value: :x");
  }
  {
    Placeholders ph(&names, &values);
    auto r = ParseUpdate("SET #n = :v", ph);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message,
              "Invalid UpdateExpression: An expression attribute name used in the document path "
              "is not defined; attribute name: #n");
  }
  {
    Placeholders ph(nullptr, nullptr);  // request carried neither map
    auto r = ParseProjection("a.#x", ph);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message,
              "Invalid ProjectionExpression: An expression attribute name used in the document "
              "path is not defined; attribute name: #x");
    auto c = ParseCondition("a = :v", "FilterExpression", ph);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().message,
              "Invalid FilterExpression: An expression attribute value used in expression is not "
              "defined; attribute value: :v");
  }
}

TEST(PlaceholdersTest, FirstUndefinedInTextOrder) {
  Placeholders ph(nullptr, nullptr);
  auto r = ParseCondition("a = :first OR #second = :third", "ConditionExpression", ph);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(":first"), std::string::npos) << r.error().message;
}

TEST(PlaceholdersTest, UnusedAcrossAllExpressionsOfARequest) {
  std::map<std::string, std::string> names{{"#a", "a"}, {"#b", "b"}};
  AttributeMap values{{":v", N("1")}, {":w", N("2")}, {":z", N("3")}};
  Placeholders ph(&names, &values);
  ASSERT_TRUE(ParseUpdate("SET #a = :v", ph).ok());
  EXPECT_EQ(ph.CheckAllUsed().error().message,
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
  ASSERT_TRUE(ParseCondition("#b = :w", "ConditionExpression", ph).ok());
  EXPECT_EQ(ph.CheckAllUsed().error().message,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:z}");
  ASSERT_TRUE(ParseProjection("#a", ph).ok());
  EXPECT_FALSE(ph.CheckAllUsed().ok());
  ASSERT_TRUE(ParseCondition("a = :z", "FilterExpression", ph).ok());
  EXPECT_TRUE(ph.CheckAllUsed().ok());
}

TEST(PlaceholdersTest, SeveralUnusedListedTogether) {
  AttributeMap values{{":a", N("1")}, {":b", N("2")}, {":c", N("3")}};
  Placeholders ph(nullptr, &values);
  ASSERT_TRUE(ParseCondition("x = :b", "ConditionExpression", ph).ok());
  EXPECT_EQ(ph.CheckAllUsed().error().message,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:a, :c}");
}

TEST(PlaceholdersTest, ValidateMaps) {
  std::map<std::string, std::string> empty_names;
  AttributeMap empty_values;
  EXPECT_EQ(Placeholders(&empty_names, nullptr).Validate().error().message,
            "ExpressionAttributeNames must not be empty");
  EXPECT_EQ(Placeholders(nullptr, &empty_values).Validate().error().message,
            "ExpressionAttributeValues must not be empty");
  std::map<std::string, std::string> bad_names{{"n", "a"}};
  EXPECT_EQ(Placeholders(&bad_names, nullptr).Validate().error().message,
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"n\"");
  AttributeMap bad_values{{":a-b", N("1")}};
  EXPECT_EQ(Placeholders(nullptr, &bad_values).Validate().error().message,
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \":a-b\"");
  std::map<std::string, std::string> names{{"#n_1", "a"}};
  AttributeMap values{{":V9", N("1")}};
  EXPECT_TRUE(Placeholders(&names, &values).Validate().ok());
  EXPECT_TRUE(Placeholders(nullptr, nullptr).Validate().ok());
}

TEST(PlaceholdersTest, NamePlaceholderMayHoldAnyText) {
  std::map<std::string, std::string> names{{"#d", "a.b"}, {"#s", "status"}};
  AttributeMap values{{":v", N("1")}};
  Placeholders ph(&names, &values);
  auto c = ParseCondition("#d = :v AND #s = :v", "ConditionExpression", ph);
  ASSERT_TRUE(c.ok()) << c.error().message;
  // "#d" is the single top-level attribute named "a.b", not a path.
  EXPECT_TRUE(Evaluate(**c, MakeItem({{"a.b", N("1")}, {"status", N("1")}})).value());
  EXPECT_FALSE(Evaluate(**c, MakeItem({{"a", M({{"b", N("1")}})}, {"status", N("1")}})).value());
}

}  // namespace
}  // namespace sb::engine::expr
