// Store's group commit: the writer thread, its queue, and one batch's transaction
// (docs/engine.md, "Performance").
//
// The writer thread takes everything queued (up to kMaxBatch) and runs it in one transaction:
// BEGIN IMMEDIATE, each Write() call in its own SAVEPOINT (released, or rolled back to when
// the call fails), each RunInWriter job with its Write() calls likewise, then one COMMIT.
// Only after the COMMIT are blocking callers woken and jobs' after_commit called, so nothing
// is acknowledged before it is durable; a failed BEGIN or COMMIT fails every call of the batch.
// Around the COMMIT the batch drops every item it changed from the item cache (item_cache.h).
#include <sqlite3.h>

#include <utility>

#include "engine/storage/connection.h"
#include "engine/storage/item_cache.h"
#include "engine/storage/store.h"

namespace sb::engine::storage {

struct Store::Batch {
  Store* store;
  WriteTxn::Staged staged;  // catalog changes, published after COMMIT
  Status broken;            // set: the transaction is unusable; the batch fails
  // Items written or deleted (also by calls rolled back since: dropping those is harmless).
  std::vector<ItemCache::Key> changed;
};

thread_local Store::Batch* Store::tls_batch_ = nullptr;

bool Store::InWriterBatch() const { return tls_batch_ != nullptr && tls_batch_->store == this; }

void Store::NoteChanged(int64_t table_id, const EncodedKey& key) {
  if (cache_ != nullptr && running_batch_ != nullptr) {
    running_batch_->changed.push_back(ItemCache::Key{table_id, key.hash, key.range});
  }
}

void Store::Submit(PendingWrite* p) {
  if (InWriterBatch()) {
    // A RunInWriter job's write: at once, in the open transaction; the job's after_commit
    // reports the COMMIT.
    Batch& batch = *tls_batch_;
    if (batch.broken.ok()) batch.broken = RunOne(p, batch, true);
    if (!batch.broken.ok()) p->commit_status = batch.broken;
    return;
  }
  std::unique_lock lock(queue_mu_);
  if (writer_exited_) {
    lock.unlock();
    p->commit_status = MakeError("storage", "the store is closed");
    return;
  }
  queue_.push_back(QueuedWork{p, {}, {}, true});
  ++writer_work_;
  if (std::exchange(writer_idle_, false)) queue_cv_.notify_one();
  p->cv.wait(lock, [p] { return p->done; });
}

void Store::RunInWriter(std::function<void()> job,
                        std::function<void(const Status&)> after_commit) {
  bool queued = false;
  bool wake = false;
  {
    std::lock_guard lock(queue_mu_);
    if (!writer_stopping_) {
      queue_.push_back(QueuedWork{nullptr, std::move(job), std::move(after_commit), true});
      ++writer_work_;
      queued = true;
      wake = std::exchange(writer_idle_, false);
    }
  }
  // Woken after the unlock, so the writer does not wake only to block on queue_mu_.
  if (wake) queue_cv_.notify_one();
  if (queued) return;
  job();  // closing: its writes go through the remaining writer, or fail
  after_commit({});
}

void Store::QueueForWriter(std::function<void()> job,
                           std::function<void(const Status&)> after_commit) {
  {
    std::lock_guard lock(queue_mu_);
    if (!writer_stopping_) {
      queue_.push_back(QueuedWork{nullptr, std::move(job), std::move(after_commit), false});
      return;
    }
  }
  job();  // closing, as in RunInWriter
  after_commit({});
}

void Store::RunQueuedWrites() {
  std::unique_lock lock(queue_mu_);
  if (batch_running_) return;  // that runner takes what is queued before it stops
  RunUntilEmpty(lock);
  // The writer thread waits while a runner is active: a stopping one, to exit.
  if (writer_stopping_) queue_cv_.notify_all();
}

void Store::StopWriter() {
  {
    std::lock_guard lock(queue_mu_);
    writer_stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
}

std::vector<Store::QueuedWork> Store::TakeBatch() {
  std::vector<QueuedWork> batch;
  const size_t n = std::min<size_t>(queue_.size(), kMaxBatch);
  batch.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (queue_[i].for_writer) --writer_work_;
    batch.push_back(std::move(queue_[i]));
  }
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
  return batch;
}

void Store::RunTakenBatch(std::vector<QueuedWork>& batch) {
  Status outcome = RunBatch(batch);
  for (QueuedWork& w : batch) {
    if (w.after_commit) w.after_commit(outcome);
    w.job = nullptr;  // drop what the job holds before waking anyone
    w.after_commit = nullptr;
  }
  std::lock_guard lock(queue_mu_);
  // Notified under the lock: a waiter returns (destroying its PendingWrite) only after
  // seeing `done`, which it cannot before the lock is released.
  for (QueuedWork& w : batch) {
    if (w.write == nullptr) continue;
    if (!outcome.ok() && w.write->commit_status.ok()) w.write->commit_status = outcome;
    w.write->done = true;
    w.write->cv.notify_one();
  }
}

void Store::WriterLoop() {
  std::unique_lock lock(queue_mu_);
  for (;;) {
    // A batch running on another thread (RunQueuedWrites) takes what is queued meanwhile;
    // QueueForWriter's work is left to its callers, except when stopping.
    while (batch_running_ || (!writer_stopping_ && writer_work_ == 0)) {
      writer_idle_ = true;
      queue_cv_.wait(lock);
    }
    writer_idle_ = false;
    if (queue_.empty()) {  // stopping, and everything queued has run
      writer_exited_ = true;
      return;
    }
    RunUntilEmpty(lock);
  }
}

void Store::RunUntilEmpty(std::unique_lock<std::mutex>& lock) {
  // A runner stops only once the queue is empty: a caller that found it running (in
  // RunQueuedWrites) left its work to it.
  batch_running_ = true;
  while (!queue_.empty()) {
    std::vector<QueuedWork> batch = TakeBatch();
    lock.unlock();
    RunTakenBatch(batch);
    lock.lock();
  }
  batch_running_ = false;
}

Status Store::RunOne(PendingWrite* w, Batch& batch, bool savepoint) {
  Connection& c = *writer_;
  if (savepoint) {
    Status sp = c.Run("SAVEPOINT w");
    if (!sp.ok()) return sp;
  }
  const size_t staged_before = batch.staged.size();
  WriteTxn txn(writer_, this, &batch.staged);
  bool keep = false;
  try {
    keep = w->run(txn);
  } catch (...) {
    w->exception = std::current_exception();
  }
  if (!savepoint) {
    // The only call of its batch: its failure rolls the transaction back (RunBatch sees it).
    if (!keep) return c.Run("ROLLBACK");
    return {};
  }
  if (!keep) {
    batch.staged.resize(staged_before);
    SB_TRY_STATUS(c.Run("ROLLBACK TO w"));
  }
  return c.Run("RELEASE w");
}

Status Store::RunBatch(std::vector<QueuedWork>& work) {
  std::lock_guard lock(write_mu_);
  Connection& c = *writer_;
  SB_TRY_STATUS(c.Run("BEGIN IMMEDIATE"));
  Batch batch{this, {}, {}, {}};
  running_batch_ = &batch;
  struct Unset {
    Batch*& running;
    ~Unset() { running = nullptr; }
  } unset{running_batch_};
  Status& broken = batch.broken;
  // A lone blocking call needs no savepoint: its failure rolls the whole transaction back.
  if (work.size() == 1 && work[0].write != nullptr) {
    broken = RunOne(work[0].write, batch, false);
    if (!broken.ok() || !c.InTransaction()) {
      if (c.InTransaction()) (void)c.Exec("ROLLBACK");
      return broken;
    }
  } else {
    tls_batch_ = &batch;
    for (QueuedWork& w : work) {
      if (w.write != nullptr) {
        Status st = RunOne(w.write, batch, true);
        if (!st.ok()) broken = st;
      } else {
        try {
          w.job();
        } catch (...) {
          // Jobs answer their own errors; one that throws leaves its writes to the batch.
        }
      }
      if (!broken.ok() || !c.InTransaction()) break;
    }
    tls_batch_ = nullptr;
  }
  if (broken.ok() && !c.InTransaction()) broken = MakeError("storage", "transaction ended early");
  if (!broken.ok()) {
    if (c.InTransaction()) (void)c.Exec("ROLLBACK");
    return broken;
  }
  // Catalog changes (a deleted table's items) drop the whole cache.
  const bool drop_cached = cache_ != nullptr && (!batch.changed.empty() || !batch.staged.empty());
  if (drop_cached) cache_->BeginCommit(batch.changed, !batch.staged.empty());
  Status commit = c.Run("COMMIT");
  if (drop_cached) cache_->EndCommit();
  if (!commit.ok()) {
    if (c.InTransaction()) (void)c.Exec("ROLLBACK");
    // Ids handed out in a rolled-back transaction are simply skipped.
    return commit;
  }
  if (!batch.staged.empty()) PublishCatalog(batch.staged);
  return {};
}

}  // namespace sb::engine::storage
