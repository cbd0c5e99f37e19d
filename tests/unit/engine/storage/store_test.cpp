#include "engine/storage/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "base/random.h"
#include "engine/storage/key_codec.h"
#include "protocol/dynamodb/item_json.h"

namespace sb::engine::storage {
namespace {

using protocol::AttributeValue;
using protocol::Item;
using protocol::Number;

// A table with hash "pk" (S), range "sk" (N), a GSI "ByG" (g: S, v: N, KEYS_ONLY) and an
// LSI "ByV" (pk, v, INCLUDE x).
TableDef TestTable(const std::string& name = "T") {
  TableDef t;
  t.name = name;
  t.key = {{"pk", ScalarType::S}, KeyElement{"sk", ScalarType::N}};
  IndexDef g;
  g.name = "ByG";
  g.global = true;
  g.key = {{"g", ScalarType::S}, KeyElement{"v", ScalarType::N}};
  g.projection.type = ProjectionType::kKeysOnly;
  t.gsis.push_back(g);
  IndexDef l;
  l.name = "ByV";
  l.global = false;
  l.key = {{"pk", ScalarType::S}, KeyElement{"v", ScalarType::N}};
  l.projection = {ProjectionType::kInclude, {"x"}};
  t.lsis.push_back(l);
  return t;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sb-store-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file() const { return path_ + "/db.sqlite"; }

 private:
  std::string path_;
};

StoreOptions InMemory() {
  StoreOptions o;
  o.in_memory = true;
  return o;
}
StoreOptions AtPath(const std::string& path, FaultInjector* faults = nullptr) {
  StoreOptions o;
  o.path = path;
  o.faults = faults;
  return o;
}

std::unique_ptr<Store> OpenOrDie(const StoreOptions& o) {
  auto s = Store::Open(o);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return s.ok() ? std::move(s).value() : nullptr;
}

std::shared_ptr<const TableDef> Create(Store& store, TableDef def) {
  std::shared_ptr<const TableDef> out;
  Status st = store.Write([&](WriteTxn& t) -> Status {
    SB_ASSIGN_OR_RETURN(out, t.CreateTable(std::move(def)));
    return {};
  });
  EXPECT_TRUE(st.ok());
  return out;
}

Item MakeItem(const std::string& pk, int sk, std::optional<std::string> g, std::optional<int> v,
              int x) {
  Item i;
  i["pk"] = AttributeValue::S(pk);
  i["sk"] = AttributeValue::N(Number::FromInt(sk));
  if (g) i["g"] = AttributeValue::S(*g);
  if (v) i["v"] = AttributeValue::N(Number::FromInt(*v));
  i["x"] = AttributeValue::N(Number::FromInt(x));
  i["y"] = AttributeValue::S("payload");
  return i;
}

using RefKey = std::pair<std::string, int>;
using Reference = std::map<RefKey, Item>;

Status PutThrough(Store& store, const std::string& table, const Item& item) {
  return store.Write([&](WriteTxn& t) -> Status {
    auto def = t.FindTable(table);
    auto key = EncodeItemKey(def->key, item);
    SB_ASSIGN_OR_RETURN(auto old, t.Get(*def, *key));
    return t.Put(*def, item, old);
  });
}

Status DeleteThrough(Store& store, const std::string& table, const Item& key_item) {
  return store.Write([&](WriteTxn& t) -> Status {
    auto def = t.FindTable(table);
    auto key = EncodeItemKey(def->key, key_item);
    SB_ASSIGN_OR_RETURN(auto old, t.Get(*def, *key));
    if (!old) return {};
    return t.Delete(*def, *old);
  });
}

std::vector<Item> ReadAll(Store& store, ReadSpec spec) {
  std::vector<Item> out;
  Status st = store.Read([&](ReadView& v) {
    return v.ForEach(spec, [&](const RowView& row) {
      auto item = row.Decode();
      EXPECT_TRUE(item.ok());
      out.push_back(item.value());
      return true;
    });
  });
  EXPECT_TRUE(st.ok());
  return out;
}

// Checks everything the store holds against the reference.
void CheckAgainst(Store& store, const Reference& ref) {
  auto def = store.FindTable("T");
  ASSERT_TRUE(def);
  // Every reference key is readable, and a full scan yields exactly the reference.
  ReadSpec scan;
  scan.table = def.get();
  auto all = ReadAll(store, scan);
  ASSERT_EQ(all.size(), ref.size());
  std::map<RefKey, Item> scanned;
  for (const auto& i : all) {
    int64_t sk = 0;
    ASSERT_TRUE(i.at("sk").n().ToInt64(&sk));
    scanned[{i.at("pk").s(), static_cast<int>(sk)}] = i;
  }
  EXPECT_EQ(scanned, ref);
  // Point reads (Store::Get): every reference key, and keys that are absent.
  for (const auto& [k, item] : ref) {
    auto got = store.Get(*def, *EncodeItemKey(def->key, item));
    ASSERT_TRUE(got.ok());
    ASSERT_TRUE(got.value());
    EXPECT_EQ(got.value()->item, item);
    std::string json;
    protocol::AppendItemJson(json, item);
    EXPECT_EQ(got.value()->json, json);
  }
  for (int sk : {-11, 11}) {
    Item absent{{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::N(Number::FromInt(sk))}};
    auto got = store.Get(*def, *EncodeItemKey(def->key, absent));
    ASSERT_TRUE(got.ok());
    EXPECT_FALSE(got.value());
  }
  // Query per partition: sorted by sk, both directions.
  std::map<std::string, std::vector<Item>> by_pk;
  for (const auto& [k, item] : ref) by_pk[k.first].push_back(item);
  for (const auto& [pk, items] : by_pk) {
    ReadSpec q;
    q.table = def.get();
    q.hash = EncodeKeyValue(AttributeValue::S(pk));
    EXPECT_EQ(ReadAll(store, q), items);
    q.forward = false;
    auto rev = ReadAll(store, q);
    std::reverse(rev.begin(), rev.end());
    EXPECT_EQ(rev, items);
  }
  // GSI: exactly the items with g and v, KEYS_ONLY projection, ordered by (g, v, base key).
  std::map<std::string, std::vector<std::tuple<int, RefKey, Item>>> gsi;
  for (const auto& [k, item] : ref) {
    if (!item.count("g") || !item.count("v")) continue;
    int64_t v = 0;
    ASSERT_TRUE(item.at("v").n().ToInt64(&v));
    Item projected{{"pk", item.at("pk")}, {"sk", item.at("sk")}, {"g", item.at("g")},
                   {"v", item.at("v")}};
    gsi[item.at("g").s()].emplace_back(static_cast<int>(v), k, projected);
  }
  size_t gsi_total = 0;
  for (auto& [g, entries] : gsi) {
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
      // Tie: base key bytes (pk UTF-8, then sk's order-preserving encoding).
      return std::get<1>(a) < std::get<1>(b);
    });
    std::vector<Item> expected;
    for (auto& e : entries) expected.push_back(std::get<2>(e));
    ReadSpec q;
    q.table = def.get();
    q.index = def->FindIndex("ByG");
    q.hash = EncodeKeyValue(AttributeValue::S(g));
    EXPECT_EQ(ReadAll(store, q), expected) << g;
    gsi_total += expected.size();
  }
  ReadSpec gscan;
  gscan.table = def.get();
  gscan.index = def->FindIndex("ByG");
  EXPECT_EQ(ReadAll(store, gscan).size(), gsi_total);
  // Counters.
  int64_t size = 0;
  for (const auto& [k, item] : ref) size += static_cast<int64_t>(protocol::ItemSizeBytes(item));
  Status st = store.Read([&](ReadView& v) -> Status {
    auto stats = v.Stats(*def);
    EXPECT_TRUE(stats.ok());
    EXPECT_EQ(stats->item_count, static_cast<int64_t>(ref.size()));
    EXPECT_EQ(stats->size_bytes, size);
    return {};
  });
  EXPECT_TRUE(st.ok());
}

void RunRandomOps(Store& store, Reference& ref, uint64_t seed, int ops) {
  SeededRandom rng(seed);
  const char* pks[] = {"a", "b", "c", "\xC3\xA9"};
  const char* gs[] = {"g1", "g2"};
  for (int i = 0; i < ops; ++i) {
    std::string pk = pks[rng.Uniform(4)];
    int sk = static_cast<int>(rng.Uniform(21)) - 10;
    if (rng.Uniform(3) == 0) {
      Item key{{"pk", AttributeValue::S(pk)}, {"sk", AttributeValue::N(Number::FromInt(sk))}};
      ASSERT_TRUE(DeleteThrough(store, "T", key).ok());
      ref.erase({pk, sk});
    } else {
      std::optional<std::string> g;
      if (rng.Uniform(4) != 0) g = gs[rng.Uniform(2)];
      std::optional<int> v;
      if (rng.Uniform(4) != 0) v = static_cast<int>(rng.Uniform(7)) - 3;
      Item item = MakeItem(pk, sk, g, v, static_cast<int>(rng.Uniform(1000)));
      ASSERT_TRUE(PutThrough(store, "T", item).ok());
      ref[{pk, sk}] = item;
    }
  }
}

TEST(StoreTest, InMemoryMatchesReferenceOverRandomOperations) {
  auto store = OpenOrDie(InMemory());
  ASSERT_TRUE(store);
  Create(*store, TestTable());
  Reference ref;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    RunRandomOps(*store, ref, seed, 300);
    CheckAgainst(*store, ref);
  }
}

TEST(StoreTest, FileStoreMatchesReferenceAndSurvivesReopen) {
  TempDir dir;
  Reference ref;
  {
    auto store = OpenOrDie(AtPath(dir.file()));
    ASSERT_TRUE(store);
    Create(*store, TestTable());
    RunRandomOps(*store, ref, 99, 600);
    CheckAgainst(*store, ref);
  }
  auto store = OpenOrDie(AtPath(dir.file()));
  ASSERT_TRUE(store);
  CheckAgainst(*store, ref);
  RunRandomOps(*store, ref, 100, 200);
  CheckAgainst(*store, ref);
}

TEST(StoreTest, SortKeyRangesAreRangeScans) {
  auto store = OpenOrDie(InMemory());
  auto def = Create(*store, TestTable());
  for (int sk = -5; sk <= 5; ++sk) {
    ASSERT_TRUE(PutThrough(*store, "T", MakeItem("p", sk, std::nullopt, std::nullopt, 0)).ok());
  }
  auto sks = [&](SortKeyRange r, bool forward, std::optional<Position> after = {}) {
    ReadSpec q;
    q.table = def.get();
    q.hash = "p";
    q.range = std::move(r);
    q.forward = forward;
    q.start_after = std::move(after);
    std::vector<int64_t> out;
    for (const auto& i : ReadAll(*store, q)) {
      int64_t v = 0;
      EXPECT_TRUE(i.at("sk").n().ToInt64(&v));
      out.push_back(v);
    }
    return out;
  };
  auto enc = [](int v) { return EncodeNumberKey(Number::FromInt(v)); };
  EXPECT_EQ(sks({Bound{enc(-2), true}, Bound{enc(1), true}}, true),
            (std::vector<int64_t>{-2, -1, 0, 1}));
  EXPECT_EQ(sks({Bound{enc(-2), false}, Bound{enc(1), false}}, false),
            (std::vector<int64_t>{0, -1}));
  EXPECT_EQ(sks(SortKeyRange::Equal(enc(3)), true), (std::vector<int64_t>{3}));
  EXPECT_EQ(sks({Bound{enc(3), true}, std::nullopt}, true), (std::vector<int64_t>{3, 4, 5}));
  Position after{{"p", enc(3)}, {}};
  EXPECT_EQ(sks({}, true, after), (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(sks({}, false, after), (std::vector<int64_t>{2, 1, 0, -1, -2, -3, -4, -5}));
}

TEST(StoreTest, PrefixRange) {
  SortKeyRange r = SortKeyRange::Prefix("ab");
  EXPECT_EQ(r.lower->bytes, "ab");
  EXPECT_EQ(r.upper->bytes, "ac");
  EXPECT_FALSE(r.upper->inclusive);
  SortKeyRange all = SortKeyRange::Prefix("\xFF\xFF");
  EXPECT_FALSE(all.upper.has_value());
  SortKeyRange carry = SortKeyRange::Prefix(std::string("a\xFF", 2));
  EXPECT_EQ(carry.upper->bytes, "b");
}

TEST(StoreTest, ScanSegmentsPartitionTheTable) {
  auto store = OpenOrDie(InMemory());
  auto def = Create(*store, TestTable());
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(PutThrough(*store, "T", MakeItem("p" + std::to_string(i), 0, {}, {}, i)).ok());
  }
  size_t total = 0;
  for (int seg = 0; seg < 4; ++seg) {
    ReadSpec s;
    s.table = def.get();
    SegmentParts(seg, 4, &s.part_lo, &s.part_hi);
    size_t n = ReadAll(*store, s).size();
    EXPECT_GT(n, 0u);
    total += n;
  }
  EXPECT_EQ(total, 200u);
}

TEST(StoreTest, AddedIndexIsBackfilledAndDroppedIndexIsEmptied) {
  auto store = OpenOrDie(InMemory());
  TableDef t = TestTable();
  t.gsis.clear();
  Create(*store, t);
  Reference ref;
  RunRandomOps(*store, ref, 5, 200);
  ASSERT_TRUE(store->Write([&](WriteTxn& txn) -> Status {
    TableDef def = *txn.FindTable("T");
    def.gsis = TestTable().gsis;
    SB_ASSIGN_OR_RETURN(auto published, txn.ReplaceTable(def));
    EXPECT_NE(published->gsis[0].id, 0);
    return {};
  }).ok());
  CheckAgainst(*store, ref);
  int64_t dropped_id = store->FindTable("T")->gsis[0].id;
  ASSERT_TRUE(store->Write([&](WriteTxn& txn) -> Status {
    TableDef def = *txn.FindTable("T");
    def.gsis.clear();
    return txn.ReplaceTable(def).ok() ? Status() : MakeError("x", "replace");
  }).ok());
  // A scan of the dropped index's id finds nothing.
  IndexDef ghost = TestTable().gsis[0];
  ghost.id = dropped_id;
  ReadSpec s;
  s.table = store->FindTable("T").get();
  s.index = &ghost;
  EXPECT_TRUE(ReadAll(*store, s).empty());
}

TEST(StoreTest, DeleteTableRemovesEverythingAndRollbackKeepsCatalog) {
  auto store = OpenOrDie(InMemory());
  Create(*store, TestTable());
  Reference ref;
  RunRandomOps(*store, ref, 8, 50);
  // A failed transaction publishes nothing.
  Status failed = store->Write([&](WriteTxn& txn) -> Status {
    SB_TRY_STATUS(txn.DeleteTable(*txn.FindTable("T")));
    EXPECT_EQ(txn.FindTable("T"), nullptr);
    return MakeError("test", "abort");
  });
  EXPECT_FALSE(failed.ok());
  ASSERT_TRUE(store->FindTable("T"));
  CheckAgainst(*store, ref);
  auto old_def = store->FindTable("T");
  ASSERT_TRUE(store->Write([&](WriteTxn& txn) { return txn.DeleteTable(*txn.FindTable("T")); })
                  .ok());
  EXPECT_EQ(store->FindTable("T"), nullptr);
  ReadSpec s;
  s.table = old_def.get();
  EXPECT_TRUE(ReadAll(*store, s).empty());
}

// Fault injection (SQLite's testing style): fail write statement N for N = 0, 1, ... until
// the operation succeeds; after each failure the store must be exactly as before.
TEST(StoreTest, FailedWriteStatementLeavesNoPartialState) {
  FaultInjector faults;
  TempDir dir;
  auto store = OpenOrDie(AtPath(dir.file(), &faults));
  Create(*store, TestTable());
  Reference ref;
  RunRandomOps(*store, ref, 21, 100);
  SeededRandom rng(1);
  for (int round = 0; round < 20; ++round) {
    Item item = MakeItem(rng.Uniform(2) ? "a" : "b", static_cast<int>(rng.Uniform(21)) - 10,
                         std::string("g1"), static_cast<int>(rng.Uniform(5)), round);
    bool is_delete = round % 3 == 2;
    for (int n = 0;; ++n) {
      faults.FailAt(n);
      Status st = is_delete ? DeleteThrough(*store, "T", item) : PutThrough(*store, "T", item);
      faults.Disarm();
      if (st.ok()) break;
      EXPECT_EQ(st.error().message, "injected fault");
      CheckAgainst(*store, ref);
      ASSERT_LT(n, 20);
    }
    RefKey k{item.at("pk").s(), 0};
    int64_t sk = 0;
    ASSERT_TRUE(item.at("sk").n().ToInt64(&sk));
    k.second = static_cast<int>(sk);
    if (is_delete) {
      ref.erase(k);
    } else {
      ref[k] = item;
    }
    CheckAgainst(*store, ref);
  }
}

// Concurrent read-modify-write increments through Write() never lose an update.
TEST(StoreTest, ConcurrentReadModifyWriteLosesNoUpdate) {
  TempDir dir;
  auto store = OpenOrDie(AtPath(dir.file()));
  auto def = Create(*store, TestTable());
  ASSERT_TRUE(PutThrough(*store, "T", MakeItem("ctr", 0, {}, {}, 0)).ok());
  const int kThreads = 4, kIncrements = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        Status st = store->Write([&](WriteTxn& txn) -> Status {
          auto d = txn.FindTable("T");
          auto key = *EncodeItemKey(d->key, MakeItem("ctr", 0, {}, {}, 0));
          SB_ASSIGN_OR_RETURN(auto old, txn.Get(*d, key));
          Item next = *old;
          int64_t x = 0;
          EXPECT_TRUE(next["x"].n().ToInt64(&x));
          next["x"] = AttributeValue::N(Number::FromInt(x + 1));
          return txn.Put(*d, next, old);
        });
        EXPECT_TRUE(st.ok());
        // Interleave reads on reader connections.
        Status rs = store->Read([&](ReadView& v) -> Status {
          auto key = *EncodeItemKey(def->key, MakeItem("ctr", 0, {}, {}, 0));
          auto got = v.Get(*def, key);
          EXPECT_TRUE(got.ok() && got->has_value());
          return {};
        });
        EXPECT_TRUE(rs.ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  Status st = store->Read([&](ReadView& v) -> Status {
    auto got = v.Get(*def, *EncodeItemKey(def->key, MakeItem("ctr", 0, {}, {}, 0)));
    int64_t x = 0;
    EXPECT_TRUE((*got)->at("x").n().ToInt64(&x));
    EXPECT_EQ(x, kThreads * kIncrements);
    return {};
  });
  EXPECT_TRUE(st.ok());
}

// Group commit: concurrent Write() calls share transactions, yet a call that fails or throws
// rolls back only its own writes, and every successful call's writes are durable.
TEST(StoreTest, GroupCommitIsolatesFailingCalls) {
  TempDir dir;
  Reference expected;
  std::mutex mu;
  {
    auto store = OpenOrDie(AtPath(dir.file()));
    Create(*store, TestTable());
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 60; ++i) {
          Item item = MakeItem("t" + std::to_string(t), i, std::string("g1"), i % 5, i);
          const int mode = (t + i) % 3;  // 0: commit, 1: fail, 2: throw
          auto run = [&] {
            return store->Write([&](WriteTxn& txn) -> Status {
              auto def = txn.FindTable("T");
              SB_TRY_STATUS(txn.Put(*def, item, std::nullopt));
              if (mode == 1) return MakeError("test", "fail after writing");
              if (mode == 2) throw std::runtime_error("throw after writing");
              return {};
            });
          };
          if (mode == 2) {
            EXPECT_THROW((void)run(), std::runtime_error);
          } else {
            Status st = run();
            EXPECT_EQ(st.ok(), mode == 0);
          }
          if (mode == 0) {
            std::lock_guard lock(mu);
            expected[{item.at("pk").s(), i}] = item;
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    CheckAgainst(*store, expected);
  }
  auto store = OpenOrDie(AtPath(dir.file()));
  CheckAgainst(*store, expected);
}

TEST(StoreTest, UnusableDirectoryIsAnError) {
  auto s = Store::Open(AtPath("/nonexistent-dir/xyz/db.sqlite"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "storage");
}

TEST(StoreTest, NewerSchemaVersionIsRefused) {
  TempDir dir;
  { auto store = OpenOrDie(AtPath(dir.file())); }
  // Simulate data written by a newer build: bump user_version behind the store's back.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto s = Store::Open(AtPath(dir.file()));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("newer"), std::string::npos);
}

TEST(StoreTest, SchemaVersionIsRecorded) {
  TempDir dir;
  { auto store = OpenOrDie(AtPath(dir.file())); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), Store::kSchemaVersion);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

}  // namespace
}  // namespace sb::engine::storage
