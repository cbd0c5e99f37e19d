// Store::RunInWriter: a job runs on the writer thread inside a batch's transaction; its
// Write() calls apply at once (later calls of the batch see them) but nothing is committed, so
// nothing is readable by others, until after_commit is called.
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <memory>
#include <filesystem>
#include <mutex>

#include "engine/storage/store.h"

namespace sb::engine::storage {
namespace {

using protocol::AttributeValue;
using protocol::Item;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sb-writer-jobs-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file() const { return path_ + "/db.sqlite"; }

 private:
  std::string path_;
};

Item KeyItem(const std::string& pk) {
  Item i;
  i["pk"] = AttributeValue::S(pk);
  return i;
}

Status Put(Store& store, const std::string& pk) {
  return store.Write([&](WriteTxn& t) -> Status {
    auto def = t.FindTable("T");
    return t.Put(*def, KeyItem(pk), std::nullopt);
  });
}

// Whether a reader connection sees item `pk` (committed data only).
bool Committed(Store& store, const std::string& pk) {
  bool found = false;
  Status st = store.Read([&](ReadView& v) -> Status {
    auto def = store.FindTable("T");
    SB_ASSIGN_OR_RETURN(auto item, v.Get(*def, *EncodeItemKey(def->key, KeyItem(pk))));
    found = item.has_value();
    return {};
  });
  EXPECT_TRUE(st.ok());
  return found;
}

// A store opened with `o` holding table T (pk S HASH); nullptr (and a test failure) if either
// step fails.
std::unique_ptr<Store> OpenWithTable(const StoreOptions& o) {
  auto opened = Store::Open(o);
  EXPECT_TRUE(opened.ok());
  if (!opened.ok()) return nullptr;
  std::unique_ptr<Store> store = std::move(opened).value();
  Status created = store->Write([&](WriteTxn& t) -> Status {
    TableDef def;
    def.name = "T";
    def.key.hash = {"pk", ScalarType::S};
    SB_ASSIGN_OR_RETURN(auto table, t.CreateTable(std::move(def)));
    (void)table;
    return {};
  });
  EXPECT_TRUE(created.ok());
  return created.ok() ? std::move(store) : nullptr;
}

TEST(WriterJobsTest, JobWritesAreReportedOnlyAfterTheirCommit) {
  TempDir dir;
  StoreOptions o;
  o.path = dir.file();
  std::unique_ptr<Store> opened = OpenWithTable(o);
  ASSERT_NE(opened, nullptr);
  Store& store = *opened;

  std::mutex mu;
  std::condition_variable cv;
  int reported = 0;
  constexpr int kJobs = 50;
  for (int j = 0; j < kJobs; ++j) {
    const std::string pk = "job" + std::to_string(j);
    store.RunInWriter(
        [&store, pk] {
          // Applied in the batch's transaction, not yet committed: a reader cannot see it.
          EXPECT_TRUE(Put(store, pk).ok());
          EXPECT_FALSE(Committed(store, pk)) << pk << " readable before its COMMIT";
        },
        [&, pk](const Status& outcome) {
          EXPECT_TRUE(outcome.ok());
          EXPECT_TRUE(Committed(store, pk)) << pk << " reported before its COMMIT";
          std::lock_guard lock(mu);
          ++reported;
          cv.notify_all();
        });
  }
  // A blocking Write() queued behind the jobs returns only once its batch has committed.
  ASSERT_TRUE(Put(store, "blocking").ok());
  EXPECT_TRUE(Committed(store, "blocking"));
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return reported == kJobs; });
}

TEST(WriterJobsTest, AFailingWriteInAJobRollsBackOnlyItself) {
  StoreOptions o;
  o.in_memory = true;
  std::unique_ptr<Store> opened = OpenWithTable(o);
  ASSERT_NE(opened, nullptr);
  Store& store = *opened;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  store.RunInWriter(
      [&store] {
        EXPECT_TRUE(Put(store, "kept").ok());
        Status failed = store.Write([&](WriteTxn& t) -> Status {
          auto def = t.FindTable("T");
          SB_TRY_STATUS(t.Put(*def, KeyItem("undone"), std::nullopt));
          return MakeError("test", "fail after writing");
        });
        EXPECT_FALSE(failed.ok());
        EXPECT_TRUE(Put(store, "after").ok());
      },
      [&](const Status& outcome) {
        EXPECT_TRUE(outcome.ok());
        std::lock_guard lock(mu);
        done = true;
        cv.notify_all();
      });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done; });
  }
  EXPECT_TRUE(Committed(store, "kept"));
  EXPECT_FALSE(Committed(store, "undone"));
  EXPECT_TRUE(Committed(store, "after"));
}

}  // namespace
}  // namespace sb::engine::storage
