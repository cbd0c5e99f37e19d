#include "base/result.h"

#include <gtest/gtest.h>

#include <memory>

namespace sb {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return MakeError("odd", "not even");
  return x / 2;
}

Result<int> Quarter(int x) {
  SB_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

Status CheckEven(int x) {
  SB_TRY_STATUS(Half(x));
  return {};
}

TEST(ResultTest, ValueAndError) {
  auto r = Half(4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 2);
  auto e = Half(3);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "odd");
}

TEST(ResultTest, AssignOrReturnPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).error().code, "odd");  // 6 -> 3 fails in the second step
  EXPECT_EQ(Quarter(5).error().message, "not even");
}

TEST(ResultTest, StatusPropagates) {
  EXPECT_TRUE(CheckEven(2).ok());
  EXPECT_EQ(CheckEven(1).error().code, "odd");
}

TEST(ResultTest, MoveOnlyValue) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, SameValueAndErrorTypeUsesFail) {
  Result<std::string, std::string> ok(std::string("v"));
  Result<std::string, std::string> bad = Fail(std::string("e"));
  EXPECT_TRUE(ok.ok());
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "e");
}

}  // namespace
}  // namespace sb
