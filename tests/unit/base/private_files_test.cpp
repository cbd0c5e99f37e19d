#include "base/private_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace sb {
namespace {

namespace fs = std::filesystem;

class PrivateFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("sb-private-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    old_umask_ = ::umask(022);  // the usual umask, which would give 0755
  }
  void TearDown() override {
    ::umask(old_umask_);
    fs::remove_all(root_);
  }
  static fs::perms Mode(const fs::path& p) { return fs::status(p).permissions(); }

  fs::path root_;
  mode_t old_umask_ = 0;
};

TEST_F(PrivateFilesTest, NewDirectoriesAndParentsAre0700) {
  const fs::path dir = root_ / "a" / "b" / "c";
  EXPECT_FALSE(CreatePrivateDirectories(dir.string()));
  for (const fs::path& p : {root_ / "a", root_ / "a" / "b", dir}) {
    EXPECT_EQ(Mode(p), fs::perms::owner_all) << p;
  }
  EXPECT_FALSE(CreatePrivateDirectories(dir.string() + "/"));  // exists: fine
}

TEST_F(PrivateFilesTest, ExistingDirectoryKeepsItsMode) {
  fs::permissions(root_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  EXPECT_FALSE(CreatePrivateDirectories(root_.string()));
  EXPECT_EQ(Mode(root_), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
}

TEST_F(PrivateFilesTest, AFileInTheWayIsAnError) {
  const fs::path file = root_ / "file";
  fs::create_directories(root_);
  {
    FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fclose(f);
  }
  EXPECT_TRUE(CreatePrivateDirectories(file.string()));
  EXPECT_TRUE(CreatePrivateDirectories((file / "sub").string()));
}

}  // namespace
}  // namespace sb
