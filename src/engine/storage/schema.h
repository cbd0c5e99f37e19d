// Storage-internal: the database layout and its versioned migrations. Every table of the
// engine, the item tables and those of streams and transaction tokens alike, is created here
// and nowhere else. `PRAGMA user_version` records the version; Migrate() brings an older
// database forward, one version per transaction.
//
// Layout at version 2:
//   catalog(id, name UNIQUE, def TEXT = EncodeTableDef(), item_count, size_bytes)
//   items(tid, part, hk, rk, item)              PRIMARY KEY(tid, part, hk, rk)
//   index_items(iid, part, hk, rk, bhk, brk, item)
//                                               PRIMARY KEY(iid, part, hk, rk, bhk, brk)
//     (see store.h for the meaning of each column)
//   stream_meta(key PRIMARY KEY, value)          stream_rows.h: the iterator secret
//   streams(sid, arn UNIQUE, table_name, table_id, label, view_type, key_schema JSON,
//           shard_count, enabled, created_ms, disabled_ms)
//   stream_shards(shid, sid, shard_id, slot, parent, start_n, end_n, trim_n, last_n,
//                 records, created_ms, closed_ms)
//   stream_records(shid, n, created_ms, record JSON)   PRIMARY KEY(shid, n)
//     (stream_rows.h describes the stream tables)
//   transact_tokens(token PRIMARY KEY, request TEXT, at_ms)   transact_tokens.h
//
// History: version 1 created only catalog, items and index_items; the stream tables and
// transact_tokens were then created on demand (CREATE TABLE IF NOT EXISTS) by the modules
// that used them, with the same definitions as version 2. The v2 migration therefore creates
// each of them only if it does not exist yet, which upgrades both a v1 database that already
// holds them and one that does not.
#pragma once

#include "base/result.h"
#include "engine/storage/connection.h"

namespace sb::engine::storage {

// The version this build writes (Store::kSchemaVersion).
inline constexpr int kCurrentSchemaVersion = 2;

// Migrates the database on `c` (the writer, outside any transaction) to the current version.
// Errors: code "storage" for a database from a newer build or a failed migration (which
// leaves the database at the last version that completed).
Status Migrate(Connection& c);

}  // namespace sb::engine::storage
