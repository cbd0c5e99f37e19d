#include "engine/storage/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include "engine/storage/item_codec.h"
#include "engine/storage/key_codec.h"

namespace sb::engine::storage {

using protocol::Item;

// ---------------------------------------------------------------------------------------
// Keys

EncodedKey EncodeKey(const KeyValues& key) {
  EncodedKey k;
  k.hash = EncodeKeyValue(key.hash);
  if (key.range) k.range = EncodeKeyValue(*key.range);
  return k;
}

std::optional<EncodedKey> EncodeItemKey(const KeySchema& schema, const Item& item) {
  auto k = KeyUnder(schema, item);
  if (!k) return std::nullopt;
  return EncodeKey(*k);
}

uint32_t PartitionHash(std::string_view encoded_hash) {
  uint32_t h = 2166136261u;
  for (char c : encoded_hash) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  // FNV-1a alone leaves the high bits nearly equal for short keys that differ only in their
  // last bytes ("p1", "p2", ...), and Scan segments are ranges of the high bits: finish with
  // MurmurHash3's fmix32 avalanche so every input bit affects every output bit.
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

SortKeyRange SortKeyRange::Prefix(std::string prefix) {
  SortKeyRange r;
  r.lower = Bound{prefix, true};
  // The smallest string greater than every string with this prefix: drop trailing 0xFF
  // bytes and increment the last byte; no upper bound if the prefix is all 0xFF.
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (!prefix.empty()) {
    prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    r.upper = Bound{prefix, false};
  }
  return r;
}

void SegmentParts(int segment, int total, uint32_t* lo, uint32_t* hi) {
  const uint64_t space = uint64_t{1} << 32;
  *lo = static_cast<uint32_t>(space * static_cast<uint64_t>(segment) / static_cast<uint64_t>(total));
  *hi = static_cast<uint32_t>(space * static_cast<uint64_t>(segment + 1) /
                                  static_cast<uint64_t>(total) -
                              1);
}

Result<Item> RowView::Decode() const { return DecodeItem(item_bytes); }

// ---------------------------------------------------------------------------------------
// Connection: one sqlite3 handle and its prepared-statement cache.

namespace {

Error SqlError(sqlite3* db, std::string_view what) {
  return MakeError("storage", std::string(what) + ": " + sqlite3_errmsg(db));
}

}  // namespace

class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  sqlite3* db() const { return db_; }

  // A cached prepared statement, reset and with bindings cleared.
  Result<sqlite3_stmt*> Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return SqlError(db_, "prepare");
    }
    cache_.emplace(sql, stmt);
    return stmt;
  }

  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err != nullptr ? err : "unknown";
      sqlite3_free(err);
      return MakeError("storage", msg);
    }
    return {};
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

namespace {

// Resets a statement when leaving scope, so cached statements never hold read locks.
class StmtScope {
 public:
  explicit StmtScope(sqlite3_stmt* s) : s_(s) {}
  ~StmtScope() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_;
};

void BindBlob(sqlite3_stmt* s, int i, std::string_view b) {
  // An empty blob must still be a BLOB (not NULL): pass a non-null pointer.
  static const char kEmpty = 0;
  sqlite3_bind_blob(s, i, b.empty() ? &kEmpty : b.data(), static_cast<int>(b.size()),
                    SQLITE_STATIC);
}

std::string_view ColumnBlob(sqlite3_stmt* s, int i) {
  const void* p = sqlite3_column_blob(s, i);
  int n = sqlite3_column_bytes(s, i);
  if (p == nullptr || n == 0) return {};
  return std::string_view(static_cast<const char*>(p), static_cast<size_t>(n));
}

Result<sqlite3*> OpenDb(const std::string& path, bool in_memory) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(in_memory ? ":memory:" : path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return MakeError("storage", "cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  return db;
}

// Schema migrations: kMigrations[i] takes the schema from version i to i + 1.
const char* const kMigrations[] = {
    // v1
    "CREATE TABLE catalog("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, def TEXT NOT NULL,"
    "  item_count INTEGER NOT NULL DEFAULT 0, size_bytes INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE items("
    "  tid INTEGER NOT NULL, part INTEGER NOT NULL, hk BLOB NOT NULL, rk BLOB NOT NULL,"
    "  item BLOB NOT NULL, PRIMARY KEY(tid, part, hk, rk)) WITHOUT ROWID;"
    "CREATE TABLE index_items("
    "  iid INTEGER NOT NULL, part INTEGER NOT NULL, hk BLOB NOT NULL, rk BLOB NOT NULL,"
    "  bhk BLOB NOT NULL, brk BLOB NOT NULL, item BLOB NOT NULL,"
    "  PRIMARY KEY(iid, part, hk, rk, bhk, brk)) WITHOUT ROWID;",
};
static_assert(std::size(kMigrations) == Store::kSchemaVersion);

}  // namespace

// ---------------------------------------------------------------------------------------
// Store

struct Store::Impl {
  std::unique_ptr<Connection> writer;
  // Background checkpointer (file stores): commits never pay for a checkpoint's fsync.
  std::unique_ptr<Connection> checkpointer;
  std::thread checkpoint_thread;
  std::mutex checkpoint_mu;
  std::condition_variable checkpoint_cv;
  int wal_pages = 0;  // guarded by checkpoint_mu
  bool closing = false;

  ~Impl() {
    {
      std::lock_guard lock(checkpoint_mu);
      closing = true;
    }
    checkpoint_cv.notify_all();
    if (checkpoint_thread.joinable()) checkpoint_thread.join();
  }

  void CheckpointLoop() {
    std::unique_lock lock(checkpoint_mu);
    while (!closing) {
      checkpoint_cv.wait_for(lock, std::chrono::milliseconds(500),
                             [&] { return closing || wal_pages >= kCheckpointPages; });
      if (closing) break;
      const int pages = wal_pages;
      wal_pages = 0;
      lock.unlock();
      if (pages > 0) {
        // PASSIVE never blocks the writer or readers; when the WAL has grown very large
        // (readers kept it pinned), RESTART once so it starts over from the beginning.
        int mode = pages >= kRestartPages ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
        sqlite3_wal_checkpoint_v2(checkpointer->db(), nullptr, mode, nullptr, nullptr);
      }
      lock.lock();
    }
  }

  static constexpr int kCheckpointPages = 1000;
  static constexpr int kRestartPages = 50000;
  // Reader pool (file stores only).
  std::mutex pool_mu;
  std::condition_variable pool_cv;
  std::vector<std::unique_ptr<Connection>> all_readers;
  std::vector<Connection*> idle_readers;
  // Published catalog.
  mutable std::shared_mutex catalog_mu;
  std::map<std::string, std::shared_ptr<const TableDef>, std::less<>> catalog;
};

Store::Store(StoreOptions options) : options_(std::move(options)), impl_(new Impl) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store(options));
  SB_TRY_STATUS(store->Init());
  return store;
}

Status Store::Init() {
  SB_ASSIGN_OR_RETURN(sqlite3 * db, OpenDb(options_.path, options_.in_memory));
  impl_->writer = std::make_unique<Connection>(db);
  writer_ = impl_->writer.get();
  Connection& c = *writer_;
  if (!options_.in_memory) {
    // WAL + synchronous=NORMAL: durable against process death (see the header).
    SB_ASSIGN_OR_RETURN(sqlite3_stmt * wal, c.Prepare("PRAGMA journal_mode=WAL"));
    {
      StmtScope scope(wal);
      if (sqlite3_step(wal) != SQLITE_ROW) return SqlError(db, "enable WAL");
      std::string mode(reinterpret_cast<const char*>(sqlite3_column_text(wal, 0)));
      if (mode != "wal") return MakeError("storage", "cannot enable WAL (journal mode " + mode + ")");
    }
    SB_TRY_STATUS(c.Exec("PRAGMA synchronous=NORMAL"));
    // Checkpoints run on their own connection and thread (see CheckpointLoop); the writer
    // only reports the WAL's size after each commit.
    SB_TRY_STATUS(c.Exec("PRAGMA wal_autocheckpoint=0"));
    SB_ASSIGN_OR_RETURN(sqlite3 * cdb, OpenDb(options_.path, false));
    impl_->checkpointer = std::make_unique<Connection>(cdb);
    sqlite3_wal_hook(
        db,
        [](void* arg, sqlite3*, const char*, int pages) {
          auto* impl = static_cast<Impl*>(arg);
          bool wake = false;
          {
            std::lock_guard lock(impl->checkpoint_mu);
            wake = impl->wal_pages < Impl::kCheckpointPages && pages >= Impl::kCheckpointPages;
            impl->wal_pages = pages;
          }
          if (wake) impl->checkpoint_cv.notify_one();
          return SQLITE_OK;
        },
        impl_.get());
    impl_->checkpoint_thread = std::thread([impl = impl_.get()] { impl->CheckpointLoop(); });
  }
  SB_TRY_STATUS(c.Exec("PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY"));

  // Migrate.
  SB_ASSIGN_OR_RETURN(sqlite3_stmt * uv, c.Prepare("PRAGMA user_version"));
  int version = 0;
  {
    StmtScope scope(uv);
    if (sqlite3_step(uv) != SQLITE_ROW) return SqlError(db, "read schema version");
    version = sqlite3_column_int(uv, 0);
  }
  if (version > kSchemaVersion) {
    return MakeError("storage", "the data was written by a newer streamboard (schema version " +
                                    std::to_string(version) + ", this build knows " +
                                    std::to_string(kSchemaVersion) + ")");
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    SB_TRY_STATUS(c.Exec("BEGIN IMMEDIATE"));
    Status st = c.Exec(kMigrations[v]);
    if (st.ok()) {
      st = c.Exec(("PRAGMA user_version=" + std::to_string(v + 1)).c_str());
    }
    if (!st.ok()) {
      (void)c.Exec("ROLLBACK");
      return MakeError("storage", "schema migration to v" + std::to_string(v + 1) +
                                      " failed: " + st.error().message);
    }
    SB_TRY_STATUS(c.Exec("COMMIT"));
  }

  // Load the catalog.
  SB_ASSIGN_OR_RETURN(sqlite3_stmt * sel, c.Prepare("SELECT def FROM catalog"));
  StmtScope scope(sel);
  int rc;
  while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
    std::string text(reinterpret_cast<const char*>(sqlite3_column_text(sel, 0)));
    SB_ASSIGN_OR_RETURN(TableDef def, DecodeTableDef(text));
    next_id_ = std::max(next_id_, def.id + 1);
    for (const IndexDef* i : def.AllIndexes()) next_id_ = std::max(next_id_, i->id + 1);
    std::string name = def.name;
    impl_->catalog.emplace(std::move(name), std::make_shared<const TableDef>(std::move(def)));
  }
  if (rc != SQLITE_DONE) return SqlError(db, "load catalog");
  return {};
}

std::shared_ptr<const TableDef> Store::FindTable(std::string_view name) const {
  std::shared_lock lock(impl_->catalog_mu);
  auto it = impl_->catalog.find(name);
  return it == impl_->catalog.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const TableDef>> Store::ListTables() const {
  std::shared_lock lock(impl_->catalog_mu);
  std::vector<std::shared_ptr<const TableDef>> out;
  out.reserve(impl_->catalog.size());
  for (const auto& [name, def] : impl_->catalog) out.push_back(def);
  return out;
}

void Store::Submit(PendingWrite* p) {
  std::unique_lock lock(queue_mu_);
  queue_.push_back(p);
  while (!p->done) {
    if (leader_active_) {
      queue_cv_.wait(lock);
      continue;
    }
    // Become the leader: run everything queued so far as one transaction.
    leader_active_ = true;
    std::vector<PendingWrite*> batch;
    const size_t n = std::min<size_t>(queue_.size(), kMaxBatch);
    batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    for (PendingWrite* w : batch) w->done = true;
    leader_active_ = false;
    queue_cv_.notify_all();
  }
}

void Store::RunBatch(const std::vector<PendingWrite*>& batch) {
  std::lock_guard lock(write_mu_);
  Connection& c = *writer_;
  auto fail_all = [&](const Error& e) {
    for (PendingWrite* w : batch) w->commit_status = e;
  };
  Status begin = c.Exec("BEGIN IMMEDIATE");
  if (!begin.ok()) return fail_all(begin.error());
  WriteTxn::Staged staged;
  for (PendingWrite* w : batch) {
    Status sp = c.Exec("SAVEPOINT w");
    if (!sp.ok()) {
      w->commit_status = sp.error();
      continue;
    }
    const size_t staged_before = staged.size();
    WriteTxn txn(writer_, this, &staged);
    bool keep = false;
    try {
      keep = w->run(txn);
    } catch (...) {
      w->exception = std::current_exception();
    }
    if (!keep) {
      staged.resize(staged_before);
      Status rb = c.Exec("ROLLBACK TO w");
      if (!rb.ok()) {
        // The savepoint is unusable: give up on the whole batch.
        if (!sqlite3_get_autocommit(c.db())) (void)c.Exec("ROLLBACK");
        return fail_all(rb.error());
      }
    }
    Status rel = c.Exec("RELEASE w");
    if (!rel.ok()) {
      if (!sqlite3_get_autocommit(c.db())) (void)c.Exec("ROLLBACK");
      return fail_all(rel.error());
    }
  }
  Status commit = c.Exec("COMMIT");
  if (!commit.ok()) {
    if (!sqlite3_get_autocommit(c.db())) (void)c.Exec("ROLLBACK");
    // Ids handed out in a rolled-back transaction are simply skipped.
    return fail_all(commit.error());
  }
  if (!staged.empty()) {
    std::unique_lock catalog_lock(impl_->catalog_mu);
    for (auto& [name, def] : staged) {
      if (def) {
        impl_->catalog[name] = def;
      } else {
        impl_->catalog.erase(name);
      }
    }
  }
}

Result<Connection*> Store::AcquireReader() {
  std::unique_lock lock(impl_->pool_mu);
  for (;;) {
    if (!impl_->idle_readers.empty()) {
      Connection* c = impl_->idle_readers.back();
      impl_->idle_readers.pop_back();
      return c;
    }
    if (static_cast<int>(impl_->all_readers.size()) < std::max(1, options_.max_readers)) {
      SB_ASSIGN_OR_RETURN(sqlite3 * db, OpenDb(options_.path, false));
      auto conn = std::make_unique<Connection>(db);
      // Readers never write; query_only guards that.
      SB_TRY_STATUS(conn->Exec("PRAGMA query_only=1; PRAGMA cache_size=-16384"));
      impl_->all_readers.push_back(std::move(conn));
      return impl_->all_readers.back().get();
    }
    impl_->pool_cv.wait(lock);
  }
}

void Store::ReleaseReader(Connection* c) {
  {
    std::lock_guard lock(impl_->pool_mu);
    impl_->idle_readers.push_back(c);
  }
  impl_->pool_cv.notify_one();
}

Status Store::Read(const std::function<Status(ReadView&)>& fn) {
  if (options_.in_memory) {
    // One connection: reads share it with writes under the write mutex.
    std::unique_lock lock(write_mu_);
    ReadView view(writer_);
    return fn(view);
  }
  SB_ASSIGN_OR_RETURN(Connection * c, AcquireReader());
  struct Release {
    Store* s;
    Connection* c;
    ~Release() {
      if (!sqlite3_get_autocommit(c->db())) (void)c->Exec("ROLLBACK");
      s->ReleaseReader(c);
    }
  } release{this, c};
  // One snapshot for every statement of fn (BEGIN is deferred: the snapshot starts at the
  // first read).
  SB_TRY_STATUS(c->Exec("BEGIN"));
  ReadView view(c);
  Status st = fn(view);
  (void)c->Exec("COMMIT");
  return st;
}

// ---------------------------------------------------------------------------------------
// ReadView

Result<std::optional<Item>> ReadView::Get(const TableDef& table, const EncodedKey& key) {
  SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                      conn_->Prepare("SELECT item FROM items WHERE tid=?1 AND part=?2 AND "
                                     "hk=?3 AND rk=?4"));
  StmtScope scope(s);
  sqlite3_bind_int64(s, 1, table.id);
  sqlite3_bind_int64(s, 2, PartitionHash(key.hash));
  BindBlob(s, 3, key.hash);
  BindBlob(s, 4, key.range);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return std::optional<Item>();
  if (rc != SQLITE_ROW) return SqlError(conn_->db(), "get item");
  SB_ASSIGN_OR_RETURN(Item item, DecodeItem(ColumnBlob(s, 0)));
  return std::optional<Item>(std::move(item));
}

sqlite3* ReadView::sqlite_db() const { return conn_->db(); }

Result<sqlite3_stmt*> ReadView::PrepareCached(const std::string& sql) { return conn_->Prepare(sql); }

Result<TableStats> ReadView::Stats(const TableDef& table) {
  SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                      conn_->Prepare("SELECT item_count, size_bytes FROM catalog WHERE id=?1"));
  StmtScope scope(s);
  sqlite3_bind_int64(s, 1, table.id);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return TableStats{};
  if (rc != SQLITE_ROW) return SqlError(conn_->db(), "table stats");
  return TableStats{sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1)};
}

Result<TableStats> ReadView::IndexStats(const IndexDef& index) {
  SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                      conn_->Prepare("SELECT count(*), coalesce(sum(length(item)), 0) FROM "
                                     "index_items WHERE iid=?1"));
  StmtScope scope(s);
  sqlite3_bind_int64(s, 1, index.id);
  if (sqlite3_step(s) != SQLITE_ROW) return SqlError(conn_->db(), "index stats");
  return TableStats{sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1)};
}

Status ReadView::ForEach(const ReadSpec& spec, const std::function<bool(const RowView&)>& fn) {
  const bool is_index = spec.index != nullptr;
  // Build the SQL (cached per distinct text) and its bindings together.
  struct BindValue {
    bool is_int;
    int64_t i;
    std::string_view b;
  };
  std::vector<BindValue> binds;
  auto arg = [&](BindValue v) {
    binds.push_back(v);
    return "?" + std::to_string(binds.size());
  };
  auto blob = [&](std::string_view b) { return arg({false, 0, b}); };
  auto integer = [&](int64_t i) { return arg({true, i, {}}); };

  std::string sql = is_index ? "SELECT part, hk, rk, bhk, brk, item FROM index_items WHERE iid="
                             : "SELECT part, hk, rk, item FROM items WHERE tid=";
  sql += integer(is_index ? spec.index->id : spec.table->id);
  if (spec.hash) {
    sql += " AND part=" + integer(PartitionHash(*spec.hash));
    sql += " AND hk=" + blob(*spec.hash);
    if (spec.range.lower) {
      sql += spec.range.lower->inclusive ? " AND rk>=" : " AND rk>";
      sql += blob(spec.range.lower->bytes);
    }
    if (spec.range.upper) {
      sql += spec.range.upper->inclusive ? " AND rk<=" : " AND rk<";
      sql += blob(spec.range.upper->bytes);
    }
  } else if (spec.part_lo != 0 || spec.part_hi != UINT32_MAX) {
    sql += " AND part BETWEEN " + integer(spec.part_lo) + " AND " + integer(spec.part_hi);
  }
  const char* cmp = spec.forward ? ">" : "<";
  std::string cols = is_index ? "(part, hk, rk, bhk, brk)" : "(part, hk, rk)";
  if (spec.start_after) {
    const Position& p = *spec.start_after;
    std::string vals = "(" + integer(PartitionHash(p.key.hash)) + ", " + blob(p.key.hash) +
                       ", " + blob(p.key.range);
    if (is_index) vals += ", " + blob(p.base.hash) + ", " + blob(p.base.range);
    vals += ")";
    sql += " AND " + cols + " " + cmp + " " + vals;
  }
  const char* dir = spec.forward ? "" : " DESC";
  sql += std::string(" ORDER BY part") + dir + ", hk" + dir + ", rk" + dir;
  if (is_index) sql += std::string(", bhk") + dir + ", brk" + dir;

  SB_ASSIGN_OR_RETURN(sqlite3_stmt * s, conn_->Prepare(sql));
  StmtScope scope(s);
  for (size_t i = 0; i < binds.size(); ++i) {
    if (binds[i].is_int) {
      sqlite3_bind_int64(s, static_cast<int>(i + 1), binds[i].i);
    } else {
      BindBlob(s, static_cast<int>(i + 1), binds[i].b);
    }
  }
  int rc;
  RowView row;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    row.key.hash.assign(ColumnBlob(s, 1));
    row.key.range.assign(ColumnBlob(s, 2));
    if (is_index) {
      row.base.hash.assign(ColumnBlob(s, 3));
      row.base.range.assign(ColumnBlob(s, 4));
      row.item_bytes = ColumnBlob(s, 5);
    } else {
      row.item_bytes = ColumnBlob(s, 3);
    }
    if (!fn(row)) return {};
  }
  if (rc != SQLITE_DONE) return SqlError(conn_->db(), "read rows");
  return {};
}

// ---------------------------------------------------------------------------------------
// WriteTxn

Status WriteTxn::Check() {
  if (store_->options_.faults != nullptr && store_->options_.faults->Tick()) {
    return MakeError("storage", "injected fault");
  }
  return {};
}

std::shared_ptr<const TableDef> WriteTxn::FindTable(std::string_view name) const {
  for (auto it = staged_->rbegin(); it != staged_->rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return store_->FindTable(name);
}

Status WriteTxn::AddCounters(int64_t table_id, int64_t count_delta, int64_t size_delta) {
  if (count_delta == 0 && size_delta == 0) return {};
  SB_TRY_STATUS(Check());
  SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                      conn_->Prepare("UPDATE catalog SET item_count=item_count+?2, "
                                     "size_bytes=size_bytes+?3 WHERE id=?1"));
  StmtScope scope(s);
  sqlite3_bind_int64(s, 1, table_id);
  sqlite3_bind_int64(s, 2, count_delta);
  sqlite3_bind_int64(s, 3, size_delta);
  if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "update counters");
  return {};
}

Status WriteTxn::PutIndexEntries(const TableDef& table, const IndexDef& index, const Item& item,
                                 const EncodedKey& base) {
  auto key = EncodeItemKey(index.key, item);
  if (!key) return {};  // sparse index: the item lacks an index key attribute
  SB_TRY_STATUS(Check());
  SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                      conn_->Prepare("INSERT OR REPLACE INTO index_items(iid, part, hk, rk, bhk, "
                                     "brk, item) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  StmtScope scope(s);
  std::string bytes = EncodeItem(ProjectForIndex(table, index, item));
  sqlite3_bind_int64(s, 1, index.id);
  sqlite3_bind_int64(s, 2, PartitionHash(key->hash));
  BindBlob(s, 3, key->hash);
  BindBlob(s, 4, key->range);
  BindBlob(s, 5, base.hash);
  BindBlob(s, 6, base.range);
  BindBlob(s, 7, bytes);
  if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "write index entry");
  return {};
}

Status WriteTxn::DeleteIndexEntries(const IndexDef& index, const Item& item,
                                    const EncodedKey& base) {
  auto key = EncodeItemKey(index.key, item);
  if (!key) return {};
  SB_TRY_STATUS(Check());
  SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                      conn_->Prepare("DELETE FROM index_items WHERE iid=?1 AND part=?2 AND "
                                     "hk=?3 AND rk=?4 AND bhk=?5 AND brk=?6"));
  StmtScope scope(s);
  sqlite3_bind_int64(s, 1, index.id);
  sqlite3_bind_int64(s, 2, PartitionHash(key->hash));
  BindBlob(s, 3, key->hash);
  BindBlob(s, 4, key->range);
  BindBlob(s, 5, base.hash);
  BindBlob(s, 6, base.range);
  if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "delete index entry");
  return {};
}

Status WriteTxn::Put(const TableDef& table, const Item& item, const std::optional<Item>& old) {
  auto key = EncodeItemKey(table.key, item);
  if (!key) return MakeError("storage", "item lacks its table key");
  SB_TRY_STATUS(Check());
  {
    SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                        conn_->Prepare("INSERT OR REPLACE INTO items(tid, part, hk, rk, item) "
                                       "VALUES(?1, ?2, ?3, ?4, ?5)"));
    StmtScope scope(s);
    std::string bytes = EncodeItem(item);
    sqlite3_bind_int64(s, 1, table.id);
    sqlite3_bind_int64(s, 2, PartitionHash(key->hash));
    BindBlob(s, 3, key->hash);
    BindBlob(s, 4, key->range);
    BindBlob(s, 5, bytes);
    if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "write item");
  }
  for (const IndexDef* index : table.AllIndexes()) {
    if (old) {
      auto old_key = EncodeItemKey(index->key, *old);
      auto new_key = EncodeItemKey(index->key, item);
      // INSERT OR REPLACE covers an unchanged index key; only a moved key needs a delete.
      if (old_key && (!new_key || !(*old_key == *new_key))) {
        SB_TRY_STATUS(DeleteIndexEntries(*index, *old, *key));
      }
    }
    SB_TRY_STATUS(PutIndexEntries(table, *index, item, *key));
  }
  const int64_t new_size = static_cast<int64_t>(protocol::ItemSizeBytes(item));
  const int64_t old_size = old ? static_cast<int64_t>(protocol::ItemSizeBytes(*old)) : 0;
  SB_TRY_STATUS(AddCounters(table.id, old ? 0 : 1, new_size - old_size));
  if (store_->options_.observer == nullptr) return {};
  return store_->options_.observer->OnItemChange(*this, table, old, item, ChangeCause::kRequest);
}

Status WriteTxn::Delete(const TableDef& table, const Item& old, ChangeCause cause) {
  auto key = EncodeItemKey(table.key, old);
  if (!key) return MakeError("storage", "item lacks its table key");
  SB_TRY_STATUS(Check());
  {
    SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                        conn_->Prepare("DELETE FROM items WHERE tid=?1 AND part=?2 AND hk=?3 "
                                       "AND rk=?4"));
    StmtScope scope(s);
    sqlite3_bind_int64(s, 1, table.id);
    sqlite3_bind_int64(s, 2, PartitionHash(key->hash));
    BindBlob(s, 3, key->hash);
    BindBlob(s, 4, key->range);
    if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "delete item");
    if (sqlite3_changes(conn_->db()) == 0) return {};  // nothing stored: nothing to undo
  }
  for (const IndexDef* index : table.AllIndexes()) {
    SB_TRY_STATUS(DeleteIndexEntries(*index, old, *key));
  }
  SB_TRY_STATUS(AddCounters(table.id, -1, -static_cast<int64_t>(protocol::ItemSizeBytes(old))));
  if (store_->options_.observer == nullptr) return {};
  return store_->options_.observer->OnItemChange(*this, table, old, std::nullopt, cause);
}

Result<std::shared_ptr<const TableDef>> WriteTxn::CreateTable(TableDef def) {
  def.id = store_->NextId();
  for (auto& i : def.gsis) i.id = store_->NextId();
  for (auto& i : def.lsis) i.id = store_->NextId();
  SB_TRY_STATUS(Check());
  SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                      conn_->Prepare("INSERT INTO catalog(id, name, def) VALUES(?1, ?2, ?3)"));
  StmtScope scope(s);
  std::string text = EncodeTableDef(def);
  sqlite3_bind_int64(s, 1, def.id);
  sqlite3_bind_text(s, 2, def.name.data(), static_cast<int>(def.name.size()), SQLITE_STATIC);
  sqlite3_bind_text(s, 3, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "create table");
  auto published = std::make_shared<const TableDef>(std::move(def));
  if (store_->options_.observer != nullptr) {
    SB_TRY_STATUS(store_->options_.observer->OnTableChange(*this, nullptr, published.get()));
  }
  staged_->emplace_back(published->name, published);
  return published;
}

Result<std::shared_ptr<const TableDef>> WriteTxn::ReplaceTable(TableDef def) {
  auto current = FindTable(def.name);
  if (!current) return MakeError("storage", "no table " + def.name);
  def.id = current->id;
  std::vector<const IndexDef*> added;
  for (auto& i : def.gsis) {
    if (i.id == 0) i.id = store_->NextId();
  }
  for (auto& i : def.lsis) {
    if (i.id == 0) i.id = store_->NextId();
  }
  // Drop entries of indexes that are gone.
  for (const IndexDef* old : current->AllIndexes()) {
    bool kept = false;
    for (const IndexDef* now : def.AllIndexes()) kept = kept || now->id == old->id;
    if (kept) continue;
    SB_TRY_STATUS(Check());
    SB_ASSIGN_OR_RETURN(sqlite3_stmt * s,
                        conn_->Prepare("DELETE FROM index_items WHERE iid=?1"));
    StmtScope scope(s);
    sqlite3_bind_int64(s, 1, old->id);
    if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "drop index");
  }
  {
    SB_TRY_STATUS(Check());
    SB_ASSIGN_OR_RETURN(sqlite3_stmt * s, conn_->Prepare("UPDATE catalog SET def=?2 WHERE id=?1"));
    StmtScope scope(s);
    std::string text = EncodeTableDef(def);
    sqlite3_bind_int64(s, 1, def.id);
    sqlite3_bind_text(s, 2, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "update table");
  }
  auto published = std::make_shared<const TableDef>(std::move(def));
  // Backfill new indexes from the table's items.
  std::vector<const IndexDef*> fresh;
  for (const IndexDef* now : published->AllIndexes()) {
    bool existed = false;
    for (const IndexDef* old : current->AllIndexes()) existed = existed || old->id == now->id;
    if (!existed) fresh.push_back(now);
  }
  if (!fresh.empty()) {
    ReadSpec spec;
    spec.table = published.get();
    std::vector<std::pair<EncodedKey, Item>> rows;
    Status read_status;
    SB_TRY_STATUS(ForEach(spec, [&](const RowView& row) {
      auto item = row.Decode();
      if (!item.ok()) {
        read_status = item.error();
        return false;
      }
      rows.emplace_back(row.key, std::move(item).value());
      return true;
    }));
    SB_TRY_STATUS(read_status);
    for (const auto& [key, item] : rows) {
      for (const IndexDef* index : fresh) {
        SB_TRY_STATUS(PutIndexEntries(*published, *index, item, key));
      }
    }
  }
  if (store_->options_.observer != nullptr) {
    SB_TRY_STATUS(store_->options_.observer->OnTableChange(*this, current.get(), published.get()));
  }
  staged_->emplace_back(published->name, published);
  return published;
}

Status WriteTxn::DeleteTable(const TableDef& table) {
  for (const IndexDef* index : table.AllIndexes()) {
    SB_TRY_STATUS(Check());
    SB_ASSIGN_OR_RETURN(sqlite3_stmt * s, conn_->Prepare("DELETE FROM index_items WHERE iid=?1"));
    StmtScope scope(s);
    sqlite3_bind_int64(s, 1, index->id);
    if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "drop index");
  }
  const char* const stmts[] = {"DELETE FROM items WHERE tid=?1", "DELETE FROM catalog WHERE id=?1"};
  for (const char* sql : stmts) {
    SB_TRY_STATUS(Check());
    SB_ASSIGN_OR_RETURN(sqlite3_stmt * s, conn_->Prepare(sql));
    StmtScope scope(s);
    sqlite3_bind_int64(s, 1, table.id);
    if (sqlite3_step(s) != SQLITE_DONE) return SqlError(conn_->db(), "drop table");
  }
  if (store_->options_.observer != nullptr) {
    SB_TRY_STATUS(store_->options_.observer->OnTableChange(*this, &table, nullptr));
  }
  staged_->emplace_back(table.name, nullptr);
  return {};
}

}  // namespace sb::engine::storage
