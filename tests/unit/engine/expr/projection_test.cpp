#include "engine/expr/projection.h"

#include <gtest/gtest.h>

#include "engine/expr/expr.h"
#include "expr_test_util.h"

namespace sb::engine::expr {
namespace {

using namespace testing;  // NOLINT

Item Sample() {
  return MakeItem({
      {"a", N("1")},
      {"b", M({{"c", S("x")}, {"d", L({N("0"), M({{"e", N("1")}, {"f", N("2")}}), N("2")})}})},
      {"l", L({S("l0"), S("l1"), S("l2"), S("l3")})},
      {"status", S("on")},
  });
}

Item Proj(std::string_view text, const Item& item = Sample()) {
  std::map<std::string, std::string> names{{"#s", "status"}};
  Placeholders ph(&names, nullptr);
  auto p = ParseProjection(text, ph);
  EXPECT_TRUE(p.ok()) << text << ": " << (p.ok() ? "" : p.error().message);
  if (!p.ok()) return {};
  return Project(**p, item);
}

TEST(ProjectionTest, TopLevel) {
  EXPECT_EQ(Proj("a"), MakeItem({{"a", N("1")}}));
  EXPECT_EQ(Proj("a, #s, absent"), MakeItem({{"a", N("1")}, {"status", S("on")}}));
  EXPECT_EQ(Proj("absent"), Item{});
}

TEST(ProjectionTest, NestedKeepsShape) {
  EXPECT_EQ(Proj("b.c"), MakeItem({{"b", M({{"c", S("x")}})}}));
  EXPECT_EQ(Proj("b.d[1].e"), MakeItem({{"b", M({{"d", L({M({{"e", N("1")}})})}})}}));
  EXPECT_EQ(Proj("b.d[1].e, b.d[1].f, b.c"),
            MakeItem({{"b", M({{"c", S("x")}, {"d", L({M({{"e", N("1")}, {"f", N("2")}})})}})}}));
}

TEST(ProjectionTest, ListElementsCloseUpInOrder) {
  EXPECT_EQ(Proj("l[3], l[1]"), MakeItem({{"l", L({S("l1"), S("l3")})}}));
  EXPECT_EQ(Proj("l[9]"), Item{});
  EXPECT_EQ(Proj("l[2], l[9]"), MakeItem({{"l", L({S("l2")})}}));
}

TEST(ProjectionTest, WrongTypesAndMissingParentsAreAbsent) {
  EXPECT_EQ(Proj("a.b"), Item{});
  EXPECT_EQ(Proj("a[0]"), Item{});
  EXPECT_EQ(Proj("b.nope"), Item{});
  EXPECT_EQ(Proj("b.c.d, a"), MakeItem({{"a", N("1")}}));
}

TEST(ProjectionTest, OverlapErrors) {
  Placeholders ph(nullptr, nullptr);
  auto p = ParseProjection("a, b.c, a", ph);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message,
            "Invalid ProjectionExpression: Two document paths overlap with each other; must "
            "remove or rewrite one of these paths; path one: [a], path two: [a]");
  p = ParseProjection("b.c, b", ph);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message,
            "Invalid ProjectionExpression: Two document paths overlap with each other; must "
            "remove or rewrite one of these paths; path one: [b, c], path two: [b]");
  p = ParseProjection("l[0], l.x", ph);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message,
            "Invalid ProjectionExpression: Two document paths conflict with each other; must "
            "remove or rewrite one of these paths; path one: [l, [0]], path two: [l, x]");
}

}  // namespace
}  // namespace sb::engine::expr
