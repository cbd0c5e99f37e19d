// The versioned migrations: a data directory written by an older schema opens, is migrated
// forward, and keeps every item, stream record and transaction token it held.
#include "engine/storage/schema.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/storage/item_codec.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/store.h"
#include "engine/storage/stream_rows.h"
#include "engine/storage/transact_tokens.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::storage {
namespace {

// Schema version 1 exactly as the engine wrote it before the stream and token tables moved
// into the migrations: the v1 migration (user_version = 1) plus the tables engine/streams
// (on attach) and TransactWriteItems (on first use of a token) created on their own.
// Frozen: never edit this to follow schema.cpp.
const char kVersion1Items[] =
    "CREATE TABLE catalog("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, def TEXT NOT NULL,"
    "  item_count INTEGER NOT NULL DEFAULT 0, size_bytes INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE items("
    "  tid INTEGER NOT NULL, part INTEGER NOT NULL, hk BLOB NOT NULL, rk BLOB NOT NULL,"
    "  item BLOB NOT NULL, PRIMARY KEY(tid, part, hk, rk)) WITHOUT ROWID;"
    "CREATE TABLE index_items("
    "  iid INTEGER NOT NULL, part INTEGER NOT NULL, hk BLOB NOT NULL, rk BLOB NOT NULL,"
    "  bhk BLOB NOT NULL, brk BLOB NOT NULL, item BLOB NOT NULL,"
    "  PRIMARY KEY(iid, part, hk, rk, bhk, brk)) WITHOUT ROWID;"
    "PRAGMA user_version=1;";
const char kVersion1StreamsAndTokens[] =
    "CREATE TABLE IF NOT EXISTS stream_meta(key TEXT PRIMARY KEY, value BLOB NOT NULL) "
    "  WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS streams("
    "  sid INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, table_name TEXT NOT NULL,"
    "  table_id INTEGER NOT NULL, label TEXT NOT NULL, view_type TEXT NOT NULL,"
    "  key_schema TEXT NOT NULL, shard_count INTEGER NOT NULL, enabled INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL, disabled_ms INTEGER);"
    "CREATE INDEX IF NOT EXISTS streams_by_table ON streams(table_id, enabled);"
    "CREATE TABLE IF NOT EXISTS stream_shards("
    "  shid INTEGER PRIMARY KEY AUTOINCREMENT, sid INTEGER NOT NULL, shard_id TEXT NOT NULL,"
    "  slot INTEGER NOT NULL, parent TEXT, start_n INTEGER NOT NULL, end_n INTEGER,"
    "  trim_n INTEGER NOT NULL, last_n INTEGER NOT NULL, records INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL, closed_ms INTEGER);"
    "CREATE UNIQUE INDEX IF NOT EXISTS stream_shards_by_id ON stream_shards(sid, shard_id);"
    "CREATE INDEX IF NOT EXISTS stream_shards_by_slot ON stream_shards(sid, slot, end_n);"
    "CREATE TABLE IF NOT EXISTS stream_records("
    "  shid INTEGER NOT NULL, n INTEGER NOT NULL, created_ms INTEGER NOT NULL,"
    "  record TEXT NOT NULL, PRIMARY KEY(shid, n)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS transact_tokens(token TEXT PRIMARY KEY, "
    "request TEXT NOT NULL, at_ms INTEGER NOT NULL)";

const char kArn[] = "arn:aws:dynamodb:us-east-1:000000000000:table/Legacy/stream/2026-01-01T00:00:00.000";
const char kRecord1[] = R"({"eventID":"e1","dynamodb":{"SequenceNumber":"100000000000000000002"}})";
const char kRecord2[] = R"({"eventID":"e2","dynamodb":{"SequenceNumber":"100000000000000000003"}})";

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sb-schema-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file() const { return path_ + "/db.sqlite"; }

 private:
  std::string path_;
};

// A raw SQLite handle on the data file, as the previous engine had it.
class RawDb {
 public:
  explicit RawDb(const std::string& path) { EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK); }
  ~RawDb() { sqlite3_close(db_); }
  void Exec(const char* sql) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
  }
  // Runs `sql` with blob/text parameters ?1.. bound in order (ints as decimal text).
  void Run(const char* sql, const std::vector<std::string>& blobs) {
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, sql, -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    for (size_t i = 0; i < blobs.size(); ++i) {
      sqlite3_bind_blob(s, static_cast<int>(i + 1), blobs[i].data(),
                        static_cast<int>(blobs[i].size()), SQLITE_TRANSIENT);
    }
    EXPECT_EQ(sqlite3_step(s), SQLITE_DONE) << sqlite3_errmsg(db_);
    sqlite3_finalize(s);
  }
  int64_t Int(const char* sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql, -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return v;
  }
  std::string Plan(const char* sql) {
    std::string plan;
    sqlite3_stmt* s = nullptr;
    std::string explain = std::string("EXPLAIN QUERY PLAN ") + sql;
    EXPECT_EQ(sqlite3_prepare_v2(db_, explain.c_str(), -1, &s, nullptr), SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
      plan += reinterpret_cast<const char*>(sqlite3_column_text(s, 3));
      plan += "\n";
    }
    sqlite3_finalize(s);
    return plan;
  }

 private:
  sqlite3* db_ = nullptr;
};

TableDef LegacyTable() {
  TableDef t;
  t.id = 1;
  t.name = "Legacy";
  t.key.hash = {"pk", ScalarType::S};
  t.stream = {true, "NEW_IMAGE", "2026-01-01T00:00:00.000"};
  return t;
}

protocol::Item LegacyItem() {
  auto item = protocol::ParseItemJson(R"({"pk":{"S":"p1"},"v":{"N":"7"}})");
  EXPECT_TRUE(item.ok());
  return item.ok() ? item.value() : protocol::Item{};
}

// Writes a version-1 data file holding one table with one item, a stream with one shard and
// two records, and one transaction token.
void WriteVersion1(const std::string& path, bool with_streams) {
  RawDb db(path);
  db.Exec(kVersion1Items);
  const TableDef t = LegacyTable();
  db.Run("INSERT INTO catalog(id, name, def, item_count, size_bytes) VALUES(1, 'Legacy', ?1, 1, 9)",
         {EncodeTableDef(t)});
  const std::string hk = EncodeKeyValue(protocol::AttributeValue::S("p1"));
  db.Run("INSERT INTO items(tid, part, hk, rk, item) VALUES(1, CAST(?1 AS INTEGER), ?2, x'', ?3)",
         {std::to_string(PartitionHash(hk)), hk, storage::EncodeItem(LegacyItem())});
  if (!with_streams) return;
  db.Exec(kVersion1StreamsAndTokens);
  db.Exec("INSERT INTO stream_meta(key, value) VALUES('iterator_secret', 'abc123')");
  db.Run("INSERT INTO streams(arn, table_name, table_id, label, view_type, key_schema, "
         "shard_count, enabled, created_ms) VALUES(?1, 'Legacy', 1, '2026-01-01T00:00:00.000', "
         "'NEW_IMAGE', '[]', 1, 1, 1000)",
         {kArn});
  db.Exec("INSERT INTO stream_shards(sid, shard_id, slot, parent, start_n, end_n, trim_n, last_n, "
          "records, created_ms) VALUES(1, 'shardId-00000000000000001000-00000001', 0, NULL, 1, "
          "NULL, 1, 3, 2, 1000)");
  db.Run("INSERT INTO stream_records(shid, n, created_ms, record) VALUES(1, 2, 1000, "
         "CAST(?1 AS TEXT))",
         {kRecord1});
  db.Run("INSERT INTO stream_records(shid, n, created_ms, record) VALUES(1, 3, 1001, "
         "CAST(?1 AS TEXT))",
         {kRecord2});
  db.Exec("INSERT INTO transact_tokens(token, request, at_ms) VALUES('tok', '[\"req\"]', 5000)");
}

std::unique_ptr<Store> OpenFile(const std::string& path) {
  StoreOptions o;
  o.path = path;
  auto s = Store::Open(o);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return s.ok() ? std::move(s).value() : nullptr;
}

TEST(SchemaTest, Version1DataDirectoryIsMigratedAndKeepsItsData) {
  TempDir dir;
  WriteVersion1(dir.file(), /*with_streams=*/true);
  auto store = OpenFile(dir.file());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(RawDb(dir.file()).Int("PRAGMA user_version"), kCurrentSchemaVersion);

  auto table = store->FindTable("Legacy");
  ASSERT_NE(table, nullptr);
  std::vector<std::string> records;
  Status st = store->Read([&](ReadView& view) -> Status {
    SB_ASSIGN_OR_RETURN(auto item, view.Get(*table, EncodeKey(KeyValues{
                                                        protocol::AttributeValue::S("p1"), {}})));
    EXPECT_TRUE(item.has_value());
    if (item) {
      EXPECT_EQ(*item, LegacyItem());
    }
    SB_ASSIGN_OR_RETURN(auto secret, GetStreamMeta(view, "iterator_secret"));
    EXPECT_EQ(secret.value_or(""), "abc123");
    SB_ASSIGN_OR_RETURN(auto stream, FindEnabledStream(view, table->id));
    EXPECT_TRUE(stream.has_value());
    if (stream) {
      EXPECT_EQ(stream->arn, kArn);
    }
    SB_ASSIGN_OR_RETURN(auto shard, FindOpenShard(view, 1, 0));
    EXPECT_TRUE(shard.has_value());
    if (shard) {
      EXPECT_EQ(shard->last_n, 3);
    }
    SB_ASSIGN_OR_RETURN(int64_t max, MaxStreamCounter(view));
    EXPECT_EQ(max, 3);
    return ReadRecords(view, 1, 0, 100, [&](int64_t, std::string_view r) {
      records.emplace_back(r);
      return true;
    });
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(records, (std::vector<std::string>{kRecord1, kRecord2}));  // byte for byte

  // The token written by the previous schema still guards its transaction, and new rows go
  // into the migrated tables.
  st = store->Write([&](WriteTxn& txn) -> Status {
    SB_ASSIGN_OR_RETURN(auto request, LookupTransactToken(txn, "tok", 4999));
    EXPECT_EQ(request.value_or("absent"), "[\"req\"]");
    return AppendRecord(txn, 1, 4, 2000, "{}");
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  store.reset();
  EXPECT_EQ(RawDb(dir.file()).Int("SELECT last_n FROM stream_shards WHERE shid=1"), 4);
}

TEST(SchemaTest, Version1WithoutStreamTablesGainsThem) {
  TempDir dir;
  WriteVersion1(dir.file(), /*with_streams=*/false);
  auto store = OpenFile(dir.file());
  ASSERT_NE(store, nullptr);
  ASSERT_NE(store->FindTable("Legacy"), nullptr);
  Status st = store->Write([&](WriteTxn& txn) -> Status {
    SB_ASSIGN_OR_RETURN(auto shards, AllShards(txn));
    EXPECT_TRUE(shards.empty());
    SB_ASSIGN_OR_RETURN(auto request, LookupTransactToken(txn, "tok", 0));
    EXPECT_FALSE(request.has_value());
    return RecordTransactToken(txn, "tok", "[]", 1);
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

TEST(SchemaTest, AFreshStoreIsCreatedAtTheCurrentVersion) {
  TempDir dir;
  ASSERT_NE(OpenFile(dir.file()), nullptr);
  RawDb db(dir.file());
  EXPECT_EQ(db.Int("PRAGMA user_version"), Store::kSchemaVersion);
  EXPECT_EQ(db.Int("SELECT count(*) FROM sqlite_master WHERE name IN ('stream_meta', 'streams', "
                   "'stream_shards', 'stream_records', 'transact_tokens')"),
            5);
}

// Reading a shard's records at the tail of a large shard costs the same as at its head: the
// read is a range search of the (shard, n) primary key, never a scan or a sort.
TEST(SchemaTest, ReadRecordsIsAPrimaryKeyRangeSearch) {
  TempDir dir;
  ASSERT_NE(OpenFile(dir.file()), nullptr);
  const std::string plan = RawDb(dir.file()).Plan(detail::kReadRecordsSql);
  EXPECT_NE(plan.find("SEARCH stream_records USING PRIMARY KEY (shid=? AND n>?)"),
            std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

}  // namespace
}  // namespace sb::engine::storage
