#include "engine/storage/schema.h"

#include <iterator>
#include <string>

namespace sb::engine::storage {
namespace {

// kMigrations[i] takes the schema from version i to i + 1.
const char* const kMigrations[] = {
    // v1: the catalog, items and index entries.
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
    // v2: streams and transaction tokens (IF NOT EXISTS: see the header's History).
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
    "  request TEXT NOT NULL, at_ms INTEGER NOT NULL);",
};
static_assert(std::size(kMigrations) == kCurrentSchemaVersion);

}  // namespace

Status Migrate(Connection& c) {
  int version = 0;
  {
    SB_ASSIGN_OR_RETURN(Stmt uv, c.Prepare("PRAGMA user_version"));
    SB_ASSIGN_OR_RETURN(bool row, uv.Step("read schema version"));
    if (!row) return MakeError("storage", "read schema version: no row");
    version = static_cast<int>(uv.Int(0));
  }
  if (version > kCurrentSchemaVersion) {
    return MakeError("storage", "the data was written by a newer streamboard (schema version " +
                                    std::to_string(version) + ", this build knows " +
                                    std::to_string(kCurrentSchemaVersion) + ")");
  }
  for (int v = version; v < kCurrentSchemaVersion; ++v) {
    SB_TRY_STATUS(c.Exec("BEGIN IMMEDIATE"));
    Status st = c.Exec(kMigrations[v]);
    if (st.ok()) st = c.Exec(("PRAGMA user_version=" + std::to_string(v + 1)).c_str());
    if (!st.ok()) {
      (void)c.Exec("ROLLBACK");
      return MakeError("storage", "schema migration to v" + std::to_string(v + 1) +
                                      " failed: " + st.error().message);
    }
    SB_TRY_STATUS(c.Exec("COMMIT"));
  }
  return {};
}

}  // namespace sb::engine::storage
