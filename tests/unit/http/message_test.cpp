#include "http/message.h"

#include <gtest/gtest.h>

namespace sb::http {
namespace {

TEST(MessageTest, EqualsIgnoreCase) {
  EXPECT_TRUE(EqualsIgnoreCase("Content-Length", "content-LENGTH"));
  EXPECT_FALSE(EqualsIgnoreCase("Content-Length", "Content-Lengt"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "b"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
}

TEST(MessageTest, HeadersKeepOrderAndRepeats) {
  Headers h;
  h.Add("X-A", "1");
  h.Add("x-b", "2");
  h.Add("X-a", "3");
  ASSERT_EQ(h.all().size(), 3u);
  EXPECT_EQ(h.Get("x-A"), "1");
  EXPECT_EQ(h.Get("X-B"), "2");
  EXPECT_FALSE(h.Get("x-c").has_value());
  EXPECT_TRUE(h.Has("X-B"));
  EXPECT_FALSE(h.Has("X-C"));
}

TEST(MessageTest, SetReplacesEveryOccurrenceInPlace) {
  Headers h;
  h.Add("X-A", "1");
  h.Add("X-B", "2");
  h.Add("x-a", "3");
  h.Set("X-A", "9");
  ASSERT_EQ(h.all().size(), 2u);
  EXPECT_EQ(h.all()[0].first, "X-A");
  EXPECT_EQ(h.all()[0].second, "9");
  EXPECT_EQ(h.all()[1].first, "X-B");
  h.Set("X-C", "new");
  EXPECT_EQ(h.all().back().second, "new");
}

TEST(MessageTest, RemoveAndClear) {
  Headers h;
  h.Add("X-A", "1");
  h.Add("X-B", "2");
  h.Add("x-a", "3");
  EXPECT_EQ(h.Remove("X-A"), 2u);
  EXPECT_EQ(h.all().size(), 1u);
  EXPECT_EQ(h.Remove("X-A"), 0u);
  h.Clear();
  EXPECT_TRUE(h.empty());
}

}  // namespace
}  // namespace sb::http
