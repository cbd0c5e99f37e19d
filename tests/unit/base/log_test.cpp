#include "base/log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::log {
namespace {

TEST(LogTest, LevelFilteringAndSink) {
  std::vector<std::string> lines;
  SetSink([&](std::string_view l) { lines.emplace_back(l); });
  SetLevel(Level::kWarn);
  Info("c", "hidden");
  Warn("c", "shown");
  Emit("raw");
  ResetSink();
  SetLevel(Level::kInfo);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "WARN c: shown");
  EXPECT_EQ(lines[1], "raw");
}

TEST(LogTest, ParseLevel) {
  Level l{};
  EXPECT_TRUE(ParseLevel("debug", &l));
  EXPECT_EQ(l, Level::kDebug);
  EXPECT_FALSE(ParseLevel("loud", &l));
}

}  // namespace
}  // namespace sb::log
