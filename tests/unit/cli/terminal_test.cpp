#include "cli/terminal.h"

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

TEST(TerminalSafeTest, EscapesControlCharacters) {
  EXPECT_EQ(TerminalSafe("Ann"), "Ann");
  EXPECT_EQ(TerminalSafe("a\x1b[2Jb"), "a\\x1b[2Jb");  // ESC: would clear the screen
  EXPECT_EQ(TerminalSafe("bell\x07"), "bell\\x07");    // BEL
  EXPECT_EQ(TerminalSafe("two\nlines\r\t"), "two\\nlines\\r\\t");
  EXPECT_EQ(TerminalSafe("del\x7f"), "del\\x7f");
  EXPECT_EQ(TerminalSafe(std::string("nul\0", 4)), "nul\\x00");
  EXPECT_EQ(TerminalSafe("\xc2\x9b"
                         "31m"),
            "\\u009b31m");  // C1 CSI, UTF-8 encoded
}

TEST(TerminalSafeTest, KeepsPrintableUtf8) {
  EXPECT_EQ(TerminalSafe("Zo\xc3\xab \xc2\xb7 \xf0\x9f\x8f\x86 a\\b"),
            "Zo\xc3\xab \xc2\xb7 \xf0\x9f\x8f\x86 a\\b");
}

}  // namespace
}  // namespace sb::cli
