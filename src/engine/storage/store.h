// Store: the engine's durable storage on SQLite — the table catalog, items per table and
// entries per secondary index — behind read views and serialized write transactions. Only
// engine/storage speaks SQL: the other rooms of the engine use the typed operations of this
// header, stream_rows.h (streams) and transact_tokens.h (TransactWriteItems' tokens).
//
// Item layout (schema.h has the whole database and its migrations; Open() migrates forward):
//   catalog(id, name UNIQUE, def TEXT = EncodeTableDef(), item_count, size_bytes)
//   items(tid, part, hk, rk, item)              PRIMARY KEY(tid, part, hk, rk)
//   index_items(iid, part, hk, rk, bhk, brk, item)
//                                               PRIMARY KEY(iid, part, hk, rk, bhk, brk)
// hk / rk are EncodeKeyValue() of the (index) partition and sort key (rk = x'' without a sort
// key; a multi-attribute GSI key is EncodeKeyParts(), key_codec.h); bhk / brk are the base table key of an index entry; item is item_codec's EncodeItem()
// (for an index: the projected item). part = PartitionHash(hk): rows are ordered by
// (part, hk, rk) like DynamoDB's hash-ordered Scan, a Query is a range scan inside one
// (part, hk), and Scan segments are ranges of part.
//
// Durability: WAL with synchronous=NORMAL. A commit appends the transaction to the WAL with
// write(2) before COMMIT returns, so once a write is acknowledged it is in the OS page cache
// and survives the process being killed (kill -9); only an OS crash or power loss before the
// next checkpoint's fsync could lose the newest commits. `in_memory` uses the same SQL on an
// in-memory SQLite database (nothing survives the process).
//
// Item cache (item_cache.h): Get() keeps the items it reads, decoded, in memory, and serves a
// hot key from there without SQLite; the writer drops every key it changes around its COMMIT,
// so the cache is exact (docs/engine.md, "The item cache").
//
// Concurrency: writes are serialized — one writer connection, Write() calls run one after
// another (group-committed: see Write()) — so a read-check-write inside a WriteTxn
// (conditional writes) can never lose an update. Reads use a pool of reader connections (WAL snapshots: a reader
// sees exactly the transactions committed before its statement began; every acknowledged
// write is visible to every later read, so all reads are strongly consistent). In-memory
// stores have a single connection, shared by reads and writes under the mutex.
// Store is thread-safe; ReadView and WriteTxn belong to the calling thread for the duration
// of the callback.
#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/result.h"
#include "engine/model/keys.h"
#include "engine/model/table.h"
#include "engine/storage/stored_item.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::storage {

// The encoded primary key of an item (or of an index entry under the index's key schema).
// `range` is empty for a schema without a sort key.
struct EncodedKey {
  std::string hash;
  std::string range;
  friend bool operator==(const EncodedKey&, const EncodedKey&) = default;
};

// Encodes key values (REQUIRES: typed S/N/B as the schema says; KeyArgument/ItemKey ensure it).
// A partition or sort key of several attributes is a composite (key_codec.h).
EncodedKey EncodeKey(const KeyValues& key);
// The key of `item` under `schema`; nullopt when the item lacks a key attribute.
std::optional<EncodedKey> EncodeItemKey(const KeySchema& schema, const protocol::Item& item);
// FNV-1a of the encoded partition key, finished with an avalanche mix: the `part` column.
uint32_t PartitionHash(std::string_view encoded_hash);

// A bound on encoded sort keys.
struct Bound {
  std::string bytes;
  bool inclusive = true;
};
// A sort-key range: no bound means open on that side.
struct SortKeyRange {
  std::optional<Bound> lower;
  std::optional<Bound> upper;
  static SortKeyRange Equal(std::string bytes) {
    return {Bound{bytes, true}, Bound{bytes, true}};
  }
  // Every key that begins with `prefix` (S and B sort keys: begins_with).
  static SortKeyRange Prefix(std::string prefix);
};

// Where an ordered read resumes: strictly after this row (ExclusiveStartKey).
// For table reads `base` is unused; for index reads `key` is the index key and `base` the
// table key of the last row returned.
struct Position {
  EncodedKey key;
  EncodedKey base;
};

// What to read. Exactly one of: a Query (hash set) or a Scan (hash unset, optional segment).
struct ReadSpec {
  const TableDef* table = nullptr;  // REQUIRES: non-null
  const IndexDef* index = nullptr;  // null: the table itself
  std::optional<std::string> hash;  // Query: the encoded partition key
  SortKeyRange range;               // Query only
  bool forward = true;              // Query: ScanIndexForward
  std::optional<Position> start_after;
  // Scan segment: rows with part in [part_lo, part_hi].
  uint32_t part_lo = 0;
  uint32_t part_hi = UINT32_MAX;
};

// The part range of Scan segment `segment` of `total` (REQUIRES: 0 <= segment < total).
void SegmentParts(int segment, int total, uint32_t* lo, uint32_t* hi);

// One row produced by ReadView::ForEach. Views are valid only inside the callback.
struct RowView {
  EncodedKey key;   // table key, or the index key for index reads
  EncodedKey base;  // index reads: the table key; empty otherwise
  std::string_view item_bytes;
  Result<protocol::Item> Decode() const;
};

// Tests: makes the N-th write statement (counting from 0) of write transactions fail.
class FaultInjector {
 public:
  void FailAt(int64_t n) { countdown_ = n; }
  void Disarm() { countdown_ = -1; }
  // Called before each write statement; true means "fail this one".
  bool Tick() {
    int64_t c = countdown_.load();
    if (c < 0) return false;
    countdown_ = c - 1;
    return c == 0;
  }

 private:
  std::atomic<int64_t> countdown_{-1};
};

class WriteTxn;

// Why an item was deleted: by a request, or by TTL expiry (stream records of TTL deletions
// carry DynamoDB's service userIdentity).
enum class ChangeCause { kRequest, kTimeToLive };

// Observes every change inside the write transaction that makes it (engine/streams keeps
// its records this way, so a change and its stream record commit or roll back together).
// Called after the change was applied; an error fails the operation and the transaction
// rolls back. Implementations must be thread-safe for calls under the store's write lock.
class ChangeObserver {
 public:
  virtual ~ChangeObserver() = default;
  // An item write: `old` absent for a new item, `now` absent for a delete. Put calls it
  // even when `now` equals `old`.
  virtual Status OnItemChange(WriteTxn& txn, const TableDef& table,
                              const std::optional<protocol::Item>& old,
                              const std::optional<protocol::Item>& now, ChangeCause cause) = 0;
  // A catalog change: `before` null for CreateTable, `after` null for DeleteTable.
  virtual Status OnTableChange(WriteTxn& txn, const TableDef* before, const TableDef* after) = 0;
};

struct StoreOptions {
  std::string path;  // the SQLite file (its directory must exist); ignored when in_memory
  bool in_memory = false;
  int max_readers = 8;
  FaultInjector* faults = nullptr;  // not owned; tests only
  ChangeObserver* observer = nullptr;  // not owned; must outlive the store
  // File stores: when a commit leaves the write-ahead log at least this many pages long, the
  // writer itself checkpoints it at once (between transactions, so the whole log can be copied
  // and the next write starts it over), and the file is then cut back to this size. Without it
  // a steady stream of writes can keep the background checkpointer from ever finishing, and
  // the log grows without bound (docs/engine.md, "Performance").
  int wal_restart_pages = 16384;  // 64 MiB of 4 KiB pages
  // The item cache's approximate budget (item_cache.h); 0 turns the cache off.
  size_t item_cache_bytes = size_t{64} << 20;
};

struct TableStats {
  int64_t item_count = 0;
  int64_t size_bytes = 0;
};

class Connection;  // storage-internal (connection.h): one SQLite connection and its statements
class ItemCache;   // storage-internal (item_cache.h)
class Store;

// A consistent read of the store.
class ReadView {
 public:
  // The item with that table key, if any. Errors: storage failures (code "storage"/"corrupt").
  Result<std::optional<protocol::Item>> Get(const TableDef& table, const EncodedKey& key);
  // Calls `fn` for each row of `spec` in order until `fn` returns false or rows run out.
  Status ForEach(const ReadSpec& spec, const std::function<bool(const RowView&)>& fn);
  // Item count and total item size (DynamoDB's size rules) of a table; O(1).
  Result<TableStats> Stats(const TableDef& table);
  // Entry count and total stored bytes of an index; O(entries).
  Result<TableStats> IndexStats(const IndexDef& index);

 protected:
  explicit ReadView(Connection* c) : conn_(c) {}
  Connection* conn_;
  friend class Store;
  friend class Connection;  // Connection::Of, for the typed operations of engine/storage
};

// One write transaction. Every method either fully applies or returns an error, after which
// the caller must return that error from the Write() callback (the transaction rolls back).
class WriteTxn : public ReadView {
 public:
  // The table as this transaction sees it (including its own catalog changes), or null.
  std::shared_ptr<const TableDef> FindTable(std::string_view name) const;

  // Writes `item` (replacing `old`, the item currently stored under the same key, which the
  // caller has read in this transaction), maintaining every index entry and the table's
  // counters. REQUIRES: `item` passed ItemKey(table, ·); `table` from FindTable.
  Status Put(const TableDef& table, const protocol::Item& item,
             const std::optional<protocol::Item>& old);
  // Deletes `old` (the stored item, read in this transaction) and its index entries.
  Status Delete(const TableDef& table, const protocol::Item& old,
                ChangeCause cause = ChangeCause::kRequest);

  // Catalog. CreateTable assigns `id` to the table and each index (ids 0 on input) and
  // returns the stored definition. REQUIRES: no table of that name (checked by the caller).
  Result<std::shared_ptr<const TableDef>> CreateTable(TableDef def);
  // Replaces a table's definition. Indexes with id 0 are new: they get ids and are backfilled
  // from the table's items (an item whose index key values fail ValidateIndexKey is skipped);
  // indexes no longer present have their entries dropped.
  // REQUIRES: same name and key schema as the stored definition.
  Result<std::shared_ptr<const TableDef>> ReplaceTable(TableDef def);
  // Drops a table with all its items and index entries.
  Status DeleteTable(const TableDef& table);

 private:
  using Staged = std::vector<std::pair<std::string, std::shared_ptr<const TableDef>>>;
  WriteTxn(Connection* c, Store* store, Staged* staged)
      : ReadView(c), store_(store), staged_(staged) {}
  Status Check();  // fault injection
  Status PutIndexEntries(const TableDef& table, const IndexDef& index, const protocol::Item& item,
                         const EncodedKey& base);
  Status DeleteIndexEntries(const IndexDef& index, const protocol::Item& item,
                            const EncodedKey& base);
  Status AddCounters(int64_t table_id, int64_t count_delta, int64_t size_delta);

  Store* store_;
  // Catalog changes staged by the transaction's batch (see Store::Write), published on commit.
  Staged* staged_;
  friend class Store;
};

class Store {
 public:
  // Opens (creating if needed) and migrates the store. Errors: code "storage" with SQLite's
  // message (unwritable path, locked by another process, a newer schema version).
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  static constexpr int kSchemaVersion = 2;  // schema.h

  // The published definition of a table, or null. Lock-free for practical purposes (a
  // shared_mutex read); never touches SQLite.
  std::shared_ptr<const TableDef> FindTable(std::string_view name) const;
  // All tables, sorted by name.
  std::vector<std::shared_ptr<const TableDef>> ListTables() const;

  // Runs `fn` (a callable WriteTxn& -> Result<T, E> or BasicStatus<E>, E = sb::Error or
  // protocol::ApiError) atomically: its writes commit together, or — when fn returns an error
  // or throws — none of them do. Returns fn's result once it is durable (committed); a failure
  // to begin or commit becomes an error (ApiError: InternalServerError). Exceptions thrown by
  // fn are rethrown here after its writes are rolled back.
  //
  // Group commit: one writer thread owns the writer connection. Concurrent Write() calls (and
  // RunInWriter jobs) queue for it (or for a thread in RunQueuedWrites, which runs batches the
  // same way in its stead); it runs everything queued as one SQLite transaction
  // (BEGIN IMMEDIATE ... COMMIT), each call inside its own SAVEPOINT, one after another. So
  // every call still sees all earlier calls' writes (conditional writes cannot lose
  // updates), a failing call rolls back only itself, and no call returns before the COMMIT
  // that makes its writes durable. Catalog changes are published after COMMIT.
  // Inside a RunInWriter job, Write() runs at once in the job's transaction and returns
  // before the COMMIT (see RunInWriter). REQUIRES: not called from inside another Write() or
  // Read() callback.
  template <class F>
  auto Write(F&& fn) -> std::invoke_result_t<F, WriteTxn&> {
    using R = std::invoke_result_t<F, WriteTxn&>;
    std::optional<R> result;
    PendingWrite pending;
    pending.run = [&](WriteTxn& txn) {
      result.emplace(fn(txn));
      return result->ok();
    };
    Submit(&pending);
    if (pending.exception) std::rethrow_exception(pending.exception);
    if (!pending.commit_status.ok()) return ErrorAs<R>(pending.commit_status.error());
    return std::move(*result);
  }

  // Queues `job` for the writer thread, which runs it inside the transaction of its next
  // batch: Write() calls the job makes run at once, each in its own savepoint, and return
  // before the COMMIT. After the COMMIT (or the failure of the batch) the writer calls
  // `after_commit` with the transaction's outcome: only then may the job's results be made
  // visible to anyone (a request answered). When the store is closing, runs `job` on the
  // calling thread instead (its Write() calls then commit before returning) and calls
  // `after_commit({})`. Both run on the thread running the batch (the writer thread, or one in
  // RunQueuedWrites): they must not block on other writes.
  void RunInWriter(std::function<void()> job, std::function<void(const Status&)> after_commit);

  // Like RunInWriter, but without waking the writer thread: the caller promises that some
  // thread calls RunQueuedWrites() soon (the engine's I/O threads do, once the requests they
  // have read are queued), so the job runs there, in a batch with whatever else was queued,
  // without a hand-off to the writer thread and back (docs/engine.md, "Performance").
  // job and after_commit then run on that thread. The writer thread does not wake for it (it
  // takes it only in a batch it runs for other work, or when the store closes).
  void QueueForWriter(std::function<void()> job, std::function<void(const Status&)> after_commit);

  // Runs batches of the queued work on the calling thread until the queue is empty, each one
  // as the writer thread would (one transaction, after_commit calls, waking Write() callers).
  // Returns at once if a batch is running on another thread: that runner takes what is
  // queued before it stops. REQUIRES: not inside a Write(), Read() or RunInWriter job.
  void RunQueuedWrites();

  // Runs `fn` on a read view whose statements all see one snapshot.
  Status Read(const std::function<Status(ReadView&)>& fn);
  // The item with that table key and its JSON, or null: ReadView::Get as a read of its own,
  // through the item cache. One statement is its own snapshot, so a miss runs without the
  // BEGIN and COMMIT that Read() wraps around `fn` (GetItem's path; docs/engine.md,
  // "Performance").
  Result<std::shared_ptr<const StoredItem>> Get(const TableDef& table, const EncodedKey& key);

  bool in_memory() const { return options_.in_memory; }

 private:
  explicit Store(StoreOptions options);
  Status Init();
  Status EnableWal(Connection& c);
  // Read() and Get(): `snapshot` wraps `fn` in one read transaction (for more than one
  // statement); without it each statement is its own.
  Status RunRead(const std::function<Status(ReadView&)>& fn, bool snapshot);
  Status LoadCatalog();
  template <class R>
  static R ErrorAs(const Error& e) {
    using E = std::decay_t<decltype(std::declval<R>().error())>;
    if constexpr (std::is_same_v<E, Error>) {
      return R(Fail(e));
    } else {
      return R(Fail(E::Internal("storage: " + e.message)));
    }
  }
  // One Write() call waiting for its batch. `done` is guarded by queue_mu_; the call's
  // thread waits on `cv` for it.
  struct PendingWrite {
    std::function<bool(WriteTxn&)> run;  // true: keep its writes
    std::exception_ptr exception;
    Status commit_status;
    std::condition_variable cv;
    bool done = false;  // its batch has committed (or failed)
  };
  // One queued unit of the writer: a blocking Write() call, or a RunInWriter job.
  struct QueuedWork {
    PendingWrite* write = nullptr;
    std::function<void()> job;
    std::function<void(const Status&)> after_commit;
    bool for_writer = true;  // false: QueueForWriter's, which its caller's runner takes
  };
  struct Batch;  // the transaction being run (group_commit.cpp)
  // The batch the writer thread is running, for Write() calls made by its jobs.
  static thread_local Batch* tls_batch_;
  static constexpr size_t kMaxBatch = 128;
  void Submit(PendingWrite* p);
  void WriterLoop();
  // With queue_mu_ held and work queued: takes up to kMaxBatch of it.
  std::vector<QueuedWork> TakeBatch();
  // Without queue_mu_: runs a taken batch, calls its after_commit callbacks and wakes its
  // Write() callers.
  void RunTakenBatch(std::vector<QueuedWork>& batch);
  // With queue_mu_ held (in `lock`) and no batch running: runs batches until the queue is
  // empty, as the one runner (batch_running_).
  void RunUntilEmpty(std::unique_lock<std::mutex>& lock);
  Status RunBatch(std::vector<QueuedWork>& batch);
  // Runs one call inside the open transaction. Errors: the transaction is unusable.
  Status RunOne(PendingWrite* w, Batch& batch, bool savepoint);
  void StopWriter();
  bool InWriterBatch() const;
  // WriteTxn, after changing an item: the running batch drops it from the item cache around
  // its COMMIT.
  void NoteChanged(int64_t table_id, const EncodedKey& key);
  void PublishCatalog(const std::vector<std::pair<std::string, std::shared_ptr<const TableDef>>>& staged);  // on the writer thread, inside one of this store's batches
  Result<Connection*> AcquireReader();
  void ReleaseReader(Connection* c);
  int64_t NextId() { return next_id_++; }

  struct Impl;
  StoreOptions options_;
  std::unique_ptr<Impl> impl_;
  std::mutex write_mu_;            // the writer connection
  Connection* writer_ = nullptr;  // owned by impl_
  Batch* running_batch_ = nullptr;  // the batch in RunBatch; guarded by write_mu_
  std::unique_ptr<ItemCache> cache_;  // null: no item cache
  std::mutex queue_mu_;           // the group-commit queue
  std::condition_variable queue_cv_;
  std::vector<QueuedWork> queue_;  // guarded by queue_mu_
  bool writer_stopping_ = false;   // guarded by queue_mu_
  bool writer_exited_ = false;     // guarded by queue_mu_
  // The writer waits on queue_cv_ for work. Only the first producer to find it idle wakes it
  // (and clears this): a writer still running a batch takes what was queued meanwhile without
  // one futex wake per request. Guarded by queue_mu_.
  bool writer_idle_ = false;
  // A thread (the writer, or one in RunQueuedWrites) is running batches: no other may start
  // one. Guarded by queue_mu_.
  bool batch_running_ = false;
  // Queued work the writer thread was asked to run (Write() calls, RunInWriter jobs): it wakes
  // for these only, never for QueueForWriter's, whose callers run them. Guarded by queue_mu_.
  size_t writer_work_ = 0;
  std::thread writer_thread_;
  int64_t next_id_ = 1;  // guarded by the write mutex
  friend class WriteTxn;
};

}  // namespace sb::engine::storage
