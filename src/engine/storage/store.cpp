#include "engine/storage/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include "engine/storage/connection.h"
#include "engine/storage/item_cache.h"
#include "engine/storage/item_codec.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/schema.h"
#include "protocol/dynamodb/item_json.h"

namespace sb::engine::storage {

static_assert(Store::kSchemaVersion == kCurrentSchemaVersion);

using protocol::Item;

// ---------------------------------------------------------------------------------------
// Keys

EncodedKey EncodeKey(const KeyValues& key) {
  EncodedKey k;
  if (key.hash_rest.empty()) {
    k.hash = EncodeKeyValue(key.hash);
  } else {
    std::vector<protocol::AttributeValue> parts{key.hash};
    parts.insert(parts.end(), key.hash_rest.begin(), key.hash_rest.end());
    k.hash = EncodeKeyParts(parts);
  }
  if (key.range && key.range_rest.empty()) {
    k.range = EncodeKeyValue(*key.range);
  } else if (key.range) {
    std::vector<protocol::AttributeValue> parts{*key.range};
    parts.insert(parts.end(), key.range_rest.begin(), key.range_rest.end());
    k.range = EncodeKeyParts(parts);
  }
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
// Store

struct Store::Impl {
  std::unique_ptr<Connection> writer;
  // Background checkpointer (file stores): commits never pay for a checkpoint's fsync.
  std::unique_ptr<Connection> checkpointer;
  std::thread checkpoint_thread;
  std::mutex checkpoint_mu;
  std::condition_variable checkpoint_cv;
  int wal_pages = 0;  // guarded by checkpoint_mu
  int wal_restart_pages = 16384;  // set before the writer starts, then read-only
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

Store::Store(StoreOptions options) : options_(std::move(options)), impl_(new Impl) {
  if (options_.item_cache_bytes > 0) {
    cache_ = std::make_unique<ItemCache>(options_.item_cache_bytes);
  }
}
Store::~Store() { StopWriter(); }

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store(options));
  SB_TRY_STATUS(store->Init());
  return store;
}

Status Store::Init() {
  SB_ASSIGN_OR_RETURN(impl_->writer, Connection::Open(options_.path, options_.in_memory));
  writer_ = impl_->writer.get();
  Connection& c = *writer_;
  if (!options_.in_memory) SB_TRY_STATUS(EnableWal(c));
  SB_TRY_STATUS(c.Exec("PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY"));
  SB_TRY_STATUS(Migrate(c));
  SB_TRY_STATUS(LoadCatalog());
  writer_thread_ = std::thread([this] { WriterLoop(); });
  return {};
}

Status Store::EnableWal(Connection& c) {
  // WAL + synchronous=NORMAL: durable against process death (see the header).
  {
    SB_ASSIGN_OR_RETURN(Stmt wal, c.Prepare("PRAGMA journal_mode=WAL"));
    SB_ASSIGN_OR_RETURN(bool row, wal.Step("enable WAL"));
    std::string mode(row ? wal.Text(0) : std::string_view());
    if (mode != "wal") return MakeError("storage", "cannot enable WAL (journal mode " + mode + ")");
  }
  SB_TRY_STATUS(c.Exec("PRAGMA synchronous=NORMAL"));
  // Checkpoints run on their own connection and thread (see CheckpointLoop); the writer
  // only reports the WAL's size after each commit.
  SB_TRY_STATUS(c.Exec("PRAGMA wal_autocheckpoint=0"));
  impl_->wal_restart_pages = std::max(1, options_.wal_restart_pages);
  const std::string size_limit =
      "PRAGMA journal_size_limit=" + std::to_string(int64_t{impl_->wal_restart_pages} * 4096);
  SB_TRY_STATUS(c.Exec(size_limit.c_str()));
  SB_ASSIGN_OR_RETURN(impl_->checkpointer, Connection::Open(options_.path, false));
  sqlite3_wal_hook(
      c.db(),
      [](void* arg, sqlite3* db, const char*, int pages) {
        auto* impl = static_cast<Impl*>(arg);
        if (pages >= impl->wal_restart_pages) {
          // On the writer's own connection, right after its commit: no write can append
          // frames meanwhile, so unless a reader pins an old snapshot this copies the whole
          // log and the next transaction starts it over. A busy checkpointer: next commit.
          sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        }
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
  return {};
}

Status Store::LoadCatalog() {
  SB_ASSIGN_OR_RETURN(Stmt sel, writer_->Prepare("SELECT def FROM catalog"));
  for (;;) {
    SB_ASSIGN_OR_RETURN(bool row, sel.Step("load catalog"));
    if (!row) return {};
    SB_ASSIGN_OR_RETURN(TableDef def, DecodeTableDef(sel.Text(0)));
    next_id_ = std::max(next_id_, def.id + 1);
    for (const IndexDef* i : def.AllIndexes()) next_id_ = std::max(next_id_, i->id + 1);
    std::string name = def.name;
    impl_->catalog.emplace(std::move(name), std::make_shared<const TableDef>(std::move(def)));
  }
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

void Store::PublishCatalog(
    const std::vector<std::pair<std::string, std::shared_ptr<const TableDef>>>& staged) {
  std::unique_lock catalog_lock(impl_->catalog_mu);
  for (const auto& [name, def] : staged) {
    if (def) {
      impl_->catalog[name] = def;
    } else {
      impl_->catalog.erase(name);
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
      SB_ASSIGN_OR_RETURN(auto conn, Connection::Open(options_.path, false));
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

Status Store::Read(const std::function<Status(ReadView&)>& fn) { return RunRead(fn, true); }

Result<std::shared_ptr<const StoredItem>> Store::Get(const TableDef& table,
                                                     const EncodedKey& key) {
  // Inside a batch the writer's connection sees uncommitted changes: those never enter the
  // cache (item_cache.h).
  ItemCache* cache = InWriterBatch() ? nullptr : cache_.get();
  ItemCache::Ticket ticket;
  if (cache != nullptr) {
    if (auto hit = cache->Lookup(table.id, key.hash, key.range, &ticket)) return hit;
  }
  std::optional<protocol::Item> item;
  SB_TRY_STATUS(RunRead(
      [&](ReadView& view) -> Status {
        SB_ASSIGN_OR_RETURN(item, view.Get(table, key));
        return {};
      },
      false));
  if (!item) return std::shared_ptr<const StoredItem>();
  auto stored = std::make_shared<StoredItem>();
  stored->item = std::move(*item);
  protocol::AppendItemJson(stored->json, stored->item);
  if (cache != nullptr) {
    cache->Insert(ticket, table.id, key.hash, key.range, stored,
                  protocol::ItemSizeBytes(stored->item));
  }
  return std::shared_ptr<const StoredItem>(std::move(stored));
}

Status Store::RunRead(const std::function<Status(ReadView&)>& fn, bool snapshot) {
  if (options_.in_memory) {
    // One connection: reads share it with writes under the write mutex (which the writer
    // thread already holds when a RunInWriter job reads).
    if (InWriterBatch()) {
      ReadView view(writer_);
      return fn(view);
    }
    std::unique_lock lock(write_mu_);
    ReadView view(writer_);
    return fn(view);
  }
  SB_ASSIGN_OR_RETURN(Connection * c, AcquireReader());
  struct Release {
    Store* s;
    Connection* c;
    ~Release() {
      if (c->InTransaction()) (void)c->Run("ROLLBACK");
      s->ReleaseReader(c);
    }
  } release{this, c};
  ReadView view(c);
  if (!snapshot) return fn(view);
  // One snapshot for every statement of fn (BEGIN is deferred: the snapshot starts at the
  // first read).
  SB_TRY_STATUS(c->Run("BEGIN"));
  Status st = fn(view);
  (void)c->Run("COMMIT");
  return st;
}

}  // namespace sb::engine::storage
