#include "http/host_check.h"

#include <gtest/gtest.h>

namespace sb::http {
namespace {

TEST(HostCheckTest, HostNameDropsPortBracketsAndTrailingDot) {
  EXPECT_EQ(HostName("h:8000"), "h");
  EXPECT_EQ(HostName("[::1]:8000"), "::1");
  EXPECT_EQ(HostName("[::1]"), "::1");
  EXPECT_EQ(HostName("localhost."), "localhost");
  EXPECT_EQ(HostName("h"), "h");
}

TEST(HostCheckTest, LoopbackNames) {
  for (const char* host : {"localhost", "LOCALHOST:1", "localhost.:8000", "app.localhost",
                           "127.0.0.1", "127.0.0.1:8000", "127.255.0.9", "[::1]", "[::1]:80"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  for (const char* host :
       {"", "evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "127.0.0", "127.0.0.256",
        "128.0.0.1", "0.0.0.0", "[::2]", "[::1", "::1", "1127.0.0.1", "127.0.0.01x"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

TEST(HostCheckTest, AllowedNamesIgnoreCaseAndPorts) {
  EXPECT_TRUE(HostAllowed("Dev.Box:9000", {"dev.box"}));
  EXPECT_TRUE(HostAllowed("dev.box", {"DEV.BOX:1"}));
  EXPECT_FALSE(HostAllowed("other.box", {"dev.box"}));
  EXPECT_TRUE(HostAllowed("anything.example", {"*"}));
  EXPECT_TRUE(HostAllowed("127.0.0.1", {}));
  EXPECT_FALSE(HostAllowed("", {"dev.box"}));
}

}  // namespace
}  // namespace sb::http
