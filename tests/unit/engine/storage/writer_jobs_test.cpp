// Store::RunInWriter: a job runs on the writer thread inside a batch's transaction; its
// Write() calls apply at once (later calls of the batch see them) but nothing is committed, so
// nothing is readable by others, until after_commit is called. Store::QueueForWriter and
// RunQueuedWrites: the same, on the thread that runs the queue.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

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

// Creates table T (pk S HASH).
Status CreateT(Store& store) {
  return store.Write([&](WriteTxn& t) -> Status {
    TableDef def;
    def.name = "T";
    def.key.hash = {"pk", ScalarType::S};
    SB_ASSIGN_OR_RETURN(auto table, t.CreateTable(std::move(def)));
    (void)table;
    return {};
  });
}

// A store opened with `o` holding table T; nullptr (and a test failure) if either step fails.
// With `queued`, T is created by a queued job this thread runs: the writer thread never runs
// a batch, so it cannot be finishing one (and take queued work) later in the test.
std::unique_ptr<Store> OpenWithTable(const StoreOptions& o, bool queued = false) {
  auto opened = Store::Open(o);
  EXPECT_TRUE(opened.ok());
  if (!opened.ok()) return nullptr;
  std::unique_ptr<Store> store = std::move(opened).value();
  Status created;
  if (queued) {
    store->QueueForWriter([&] { created = CreateT(*store); },
                          [&](const Status& outcome) {
                            if (!outcome.ok()) created = outcome;
                          });
    store->RunQueuedWrites();
  } else {
    created = CreateT(*store);
  }
  EXPECT_TRUE(created.ok());
  return created.ok() ? std::move(store) : nullptr;
}

std::unique_ptr<Store> OpenFileWithTable(const TempDir& dir, bool queued = false) {
  StoreOptions o;
  o.path = dir.file();
  return OpenWithTable(o, queued);
}

std::unique_ptr<Store> OpenInMemoryWithTable(bool queued = false) {
  StoreOptions o;
  o.in_memory = true;
  return OpenWithTable(o, queued);
}

TEST(WriterJobsTest, JobWritesAreReportedOnlyAfterTheirCommit) {
  TempDir dir;
  std::unique_ptr<Store> opened = OpenFileWithTable(dir);
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
  std::unique_ptr<Store> opened = OpenInMemoryWithTable();
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

TEST(WriterJobsTest, QueuedJobsRunInOneBatchOnTheThreadThatRunsTheQueue) {
  TempDir dir;
  std::unique_ptr<Store> opened = OpenFileWithTable(dir, /*queued=*/true);
  ASSERT_NE(opened, nullptr);
  Store& store = *opened;
  constexpr int kJobs = 20;
  std::vector<std::thread::id> ran_on(kJobs);
  int reported = 0;
  for (int j = 0; j < kJobs; ++j) {
    const std::string pk = "q" + std::to_string(j);
    store.QueueForWriter(
        [&, j, pk] {
          ran_on[j] = std::this_thread::get_id();
          EXPECT_TRUE(Put(store, pk).ok());
          // One transaction: the previous job's write is applied but not yet committed.
          if (j > 0) {
            EXPECT_FALSE(Committed(store, "q" + std::to_string(j - 1)));
          }
        },
        [&, pk](const Status& outcome) {
          EXPECT_TRUE(outcome.ok());
          EXPECT_TRUE(Committed(store, pk)) << pk << " reported before its COMMIT";
          ++reported;
        });
  }
  store.RunQueuedWrites();
  // Everything ran here, and was reported, before RunQueuedWrites returned.
  EXPECT_EQ(reported, kJobs);
  for (int j = 0; j < kJobs; ++j) EXPECT_EQ(ran_on[j], std::this_thread::get_id()) << j;
  store.RunQueuedWrites();  // nothing queued: returns at once
  EXPECT_EQ(reported, kJobs);
}

// A job queued while a batch runs, by a thread whose RunQueuedWrites() returns at once (a
// batch is running), is run by that batch's runner before it stops.
TEST(WriterJobsTest, WorkQueuedDuringABatchIsTakenByItsRunner) {
  std::unique_ptr<Store> opened = OpenInMemoryWithTable(/*queued=*/true);
  ASSERT_NE(opened, nullptr);
  Store& store = *opened;
  std::mutex mu;
  std::condition_variable cv;
  bool first = false;
  bool second = false;
  auto report = [&](bool* flag) {
    return [&mu, &cv, flag](const Status& outcome) {
      EXPECT_TRUE(outcome.ok());
      std::lock_guard lock(mu);
      *flag = true;
      cv.notify_all();
    };
  };
  store.QueueForWriter(
      [&] {
        EXPECT_TRUE(Put(store, "first").ok());
        std::thread other([&] {
          store.QueueForWriter([&store] { EXPECT_TRUE(Put(store, "second").ok()); },
                               report(&second));
          store.RunQueuedWrites();  // a batch is running: returns at once
        });
        other.join();
        std::lock_guard lock(mu);
        EXPECT_FALSE(second);
      },
      report(&first));
  store.RunQueuedWrites();
  std::unique_lock lock(mu);
  // Nothing but the runner of the first job's batch can take the second: its RunQueuedWrites
  // returned, and nothing wakes the writer thread.
  if (!cv.wait_for(lock, std::chrono::seconds(10), [&] { return first && second; })) {
    // The first job may still hold the batch (joining its thread): closing the store would
    // wait for it forever. Fail loudly instead.
    std::fprintf(stderr, "stranded: first %d, second %d\n", first, second);
    std::abort();
  }
  lock.unlock();
  EXPECT_TRUE(Committed(store, "second"));
}

// A runner that has just finished a batch (its Write() callers already woken) still takes
// what is queued before it stops: a caller whose RunQueuedWrites() found it running relies on
// that. Each round wakes a blocking Write() and at once queues a job and runs the queue.
TEST(WriterJobsTest, ARunnerFinishingABatchStillTakesWhatWasQueued) {
  std::unique_ptr<Store> opened = OpenInMemoryWithTable();
  ASSERT_NE(opened, nullptr);
  Store& store = *opened;
  std::mutex mu;
  std::condition_variable cv;
  int reported = 0;
  for (int round = 0; round < 2000; ++round) {
    ASSERT_TRUE(Put(store, "w").ok());  // run by the writer thread
    store.QueueForWriter([] {}, [&](const Status&) {
      std::lock_guard lock(mu);
      ++reported;
      cv.notify_all();
    });
    store.RunQueuedWrites();  // may find the writer thread still running
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return reported == round + 1; }))
        << "round " << round << ": a queued job was stranded";
  }
}

// Threads queueing and running the queue at once, with blocking Write() calls (the writer
// thread's work) in between: no job is stranded (every one is reported, exactly once, with
// its write committed), and batches never overlap.
TEST(WriterJobsTest, ConcurrentRunnersStrandNoQueuedJob) {
  TempDir dir;
  std::unique_ptr<Store> opened = OpenFileWithTable(dir);
  ASSERT_NE(opened, nullptr);
  Store& store = *opened;
  constexpr int kRunners = 4;
  constexpr int kJobsEach = 150;
  constexpr int kBlocking = 2;
  std::mutex mu;
  std::condition_variable cv;
  int reported = 0;
  std::vector<int> reports(kRunners * kJobsEach, 0);
  std::atomic<int> in_job{0};
  std::atomic<bool> overlapped{false};
  std::vector<std::thread> threads;
  for (int r = 0; r < kRunners; ++r) {
    threads.emplace_back([&, r] {
      for (int j = 0; j < kJobsEach; ++j) {
        const int id = r * kJobsEach + j;
        store.QueueForWriter(
            [&, id] {
              if (in_job.fetch_add(1) != 0) overlapped = true;
              EXPECT_TRUE(Put(store, "c" + std::to_string(id)).ok());
              in_job.fetch_sub(1);
            },
            [&, id](const Status& outcome) {
              EXPECT_TRUE(outcome.ok());
              std::lock_guard lock(mu);
              ++reports[static_cast<size_t>(id)];
              ++reported;
              cv.notify_all();
            });
        // Some jobs are left to other runners; each thread runs the queue after its last.
        if (j % 3 != 2 || j == kJobsEach - 1) store.RunQueuedWrites();
      }
    });
  }
  int blocking_done = 0;
  for (int b = 0; b < kBlocking; ++b) {
    threads.emplace_back([&, b] {
      for (int j = 0; j < 50; ++j) {
        EXPECT_TRUE(Put(store, "b" + std::to_string(b) + "-" + std::to_string(j)).ok());
      }
      std::lock_guard lock(mu);
      ++blocking_done;
      cv.notify_all();
    });
  }
  {
    std::unique_lock lock(mu);
    if (!cv.wait_for(lock, std::chrono::seconds(20), [&] {
          return reported == kRunners * kJobsEach && blocking_done == kBlocking;
        })) {
      // Threads stuck in Write() cannot be joined: fail loudly instead of hanging.
      std::fprintf(stderr, "stranded: %d queued jobs unreported, %d blocking writers stuck\n",
                   kRunners * kJobsEach - reported, kBlocking - blocking_done);
      std::abort();
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(overlapped) << "two batches ran at once";
  for (int id = 0; id < kRunners * kJobsEach; ++id) {
    EXPECT_EQ(reports[static_cast<size_t>(id)], 1) << id;
    EXPECT_TRUE(Committed(store, "c" + std::to_string(id))) << id;
  }
  for (int b = 0; b < kBlocking; ++b) EXPECT_TRUE(Committed(store, "b" + std::to_string(b) + "-49"));
}

TEST(WriterJobsTest, AQueuedJobNobodyRanRunsWhenTheStoreCloses) {
  TempDir dir;
  StoreOptions o;
  o.path = dir.file();
  bool reported = false;
  {
    std::unique_ptr<Store> opened = OpenWithTable(o);
    ASSERT_NE(opened, nullptr);
    Store& store = *opened;
    store.QueueForWriter([&store] { EXPECT_TRUE(Put(store, "late").ok()); },
                         [&](const Status& outcome) {
                           EXPECT_TRUE(outcome.ok());
                           reported = true;
                         });
  }  // closing: the writer thread runs what is queued before it exits
  EXPECT_TRUE(reported);
  auto reopened = Store::Open(o);
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE(Committed(*reopened.value(), "late"));
}

}  // namespace
}  // namespace sb::engine::storage
