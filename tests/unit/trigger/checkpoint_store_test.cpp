// Tests of CheckpointStore: persistence across reopen, atomic replacement, validation.
#include "trigger/checkpoint_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace sb::trigger {
namespace {
namespace fs = std::filesystem;

const std::string kArn = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/L";

class CheckpointStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sb-checkpoint-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "checkpoints.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
};

TEST_F(CheckpointStoreTest, MissingFileStartsEmpty) {
  auto store = CheckpointStore::Open(path_, kArn);
  ASSERT_TRUE(store.ok());
  EXPECT_FALSE((*store)->initialized());
  EXPECT_FALSE((*store)->Get("shard-1"));
  EXPECT_FALSE(fs::exists(path_));
}

TEST_F(CheckpointStoreTest, SurvivesReopen) {
  {
    auto store = std::move(CheckpointStore::Open(path_, kArn)).value();
    ASSERT_TRUE(store->MarkInitialized().ok());
    ASSERT_TRUE(store->Put("shard-1", {"100000000000000000001", std::nullopt, false}).ok());
    ASSERT_TRUE(store->Put("shard-0", {"100000000000000000009", std::nullopt, true}).ok());
    ASSERT_TRUE(store->Put("shard-2", {std::nullopt, 1700000000, false}).ok());
    ASSERT_TRUE(store->Put("shard-1", {"100000000000000000002", std::nullopt, false}).ok());
  }
  auto store = std::move(CheckpointStore::Open(path_, kArn)).value();
  EXPECT_TRUE(store->initialized());
  EXPECT_EQ(store->Get("shard-1"), (ShardCheckpoint{"100000000000000000002", std::nullopt, false}));
  EXPECT_EQ(store->Get("shard-0"), (ShardCheckpoint{"100000000000000000009", std::nullopt, true}));
  EXPECT_EQ(store->Get("shard-2"), (ShardCheckpoint{std::nullopt, 1700000000, false}));
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));  // replaced by rename
}

TEST_F(CheckpointStoreTest, FileIsPrivate) {
  const mode_t old_umask = ::umask(022);  // the usual umask, which would give 0644
  {
    auto store = std::move(CheckpointStore::Open(path_, kArn)).value();
    ASSERT_TRUE(store->MarkInitialized().ok());
  }
  ::umask(old_umask);
  EXPECT_EQ(fs::status(path_).permissions(), fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(CheckpointStoreTest, RejectsAFileOfAnotherStream) {
  {
    auto store = std::move(CheckpointStore::Open(path_, kArn)).value();
    ASSERT_TRUE(store->MarkInitialized().ok());
  }
  auto other = CheckpointStore::Open(path_, kArn + "x");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "checkpoint");
}

TEST_F(CheckpointStoreTest, RejectsMalformedFiles) {
  for (const char* text : {"not json", "[]", R"({"streamArn":1})",
                           R"({"streamArn":"ARN","shards":{"s":{"sequenceNumber":"12x"}}})",
                           R"({"streamArn":"ARN","shards":[]})"}) {
    std::string content = text;
    if (auto p = content.find("ARN"); p != std::string::npos) content.replace(p, 3, kArn);
    std::ofstream(path_) << content;
    auto store = CheckpointStore::Open(path_, kArn);
    EXPECT_FALSE(store.ok()) << text;
  }
}

TEST_F(CheckpointStoreTest, WriteFailureIsReportedAndStateKept) {
  auto store =
      std::move(CheckpointStore::Open((dir_ / "missing-dir" / "cp.json").string(), kArn)).value();
  Status s = store->Put("shard-1", {"100000000000000000001", std::nullopt, false});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(store->Get("shard-1")->sequence_number, "100000000000000000001");
}

TEST(CheckpointStoreMemoryTest, EmptyPathKeepsStateInMemory) {
  auto store = std::move(CheckpointStore::Open("", kArn)).value();
  ASSERT_TRUE(store->Put("s", {"100000000000000000001", std::nullopt, false}).ok());
  EXPECT_EQ(store->Get("s")->sequence_number, "100000000000000000001");
}

}  // namespace
}  // namespace sb::trigger
