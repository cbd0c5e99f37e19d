#include "cli/cli_terminal.h"

#include <gtest/gtest.h>

namespace sb::cli {
namespace {

TEST(ProgressBarTest, FillsProportionally) {
  EXPECT_EQ(ProgressBar(0, 10), "[..........]   0%");
  EXPECT_EQ(ProgressBar(0.45, 10), "[####......]  45%");
  EXPECT_EQ(ProgressBar(1, 10), "[##########] 100%");
}

TEST(ProgressBarTest, ClampsOutOfRange) {
  EXPECT_EQ(ProgressBar(2.5, 4), "[####] 100%");
  EXPECT_EQ(ProgressBar(-1, 4), "[....]   0%");
  EXPECT_EQ(ProgressBar(0.0 / 0.0, 4), "[....]   0%");
}

}  // namespace
}  // namespace sb::cli
