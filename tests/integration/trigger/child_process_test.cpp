// ChildProcess with real processes: exit and the end of its output are two separate events.
#include "trigger/child_process.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

namespace sb::trigger {
namespace {

// The process exits as soon as its last write is in the pipe; the reader delivers the lines
// afterwards. WaitOutputClosed() is the point where every line has reached the sink.
TEST(ChildProcessTest, WaitOutputClosedDeliversEveryLineWrittenBeforeExit) {
  for (int round = 0; round < 5; ++round) {
    std::mutex mu;
    std::vector<std::string> out, err;
    ProcessSpec spec;
    spec.executable = "/bin/sh";
    spec.args = {"-c", "seq 1 50000; echo last >&2"};
    spec.env = {"PATH=/usr/bin:/bin"};
    auto child = ChildProcess::Spawn(
        spec,
        [&](std::string_view line, bool from_stderr) {
          std::lock_guard lock(mu);
          (from_stderr ? err : out).emplace_back(line);
        },
        nullptr);
    ASSERT_TRUE(child.ok()) << child.error().message;
    (*child)->WaitExit();
    (*child)->WaitOutputClosed();
    std::lock_guard lock(mu);
    ASSERT_EQ(out.size(), 50000u);
    EXPECT_EQ(out.back(), "50000");
    EXPECT_EQ(err, std::vector<std::string>{"last"});
  }
}

// A line without a trailing newline is still delivered at end of file.
TEST(ChildProcessTest, UnterminatedLastLineIsDelivered) {
  std::mutex mu;
  std::vector<std::string> out;
  ProcessSpec spec;
  spec.executable = "/bin/sh";
  spec.args = {"-c", "printf 'one\\ntwo'"};
  auto child = ChildProcess::Spawn(
      spec,
      [&](std::string_view line, bool) {
        std::lock_guard lock(mu);
        out.emplace_back(line);
      },
      nullptr);
  ASSERT_TRUE(child.ok()) << child.error().message;
  (*child)->WaitOutputClosed();
  (*child)->WaitExit();
  EXPECT_TRUE(WIFEXITED((*child)->wait_status()));
  std::lock_guard lock(mu);
  EXPECT_EQ(out, (std::vector<std::string>{"one", "two"}));
}

}  // namespace
}  // namespace sb::trigger
