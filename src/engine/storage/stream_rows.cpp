#include "engine/storage/stream_rows.h"

#include "engine/storage/connection.h"

namespace sb::engine::storage {

namespace detail {
const char kReadRecordsSql[] =
    "SELECT n, record FROM stream_records WHERE shid=?1 AND n>?2 ORDER BY n LIMIT ?3";
}  // namespace detail

namespace {

constexpr const char* kStreamColumns =
    "sid, arn, table_name, table_id, label, view_type, key_schema, shard_count, enabled, "
    "created_ms";

StreamRow ReadStream(const Stmt& s) {
  StreamRow r;
  r.sid = s.Int(0);
  r.arn = std::string(s.Text(1));
  r.table_name = std::string(s.Text(2));
  r.table_id = s.Int(3);
  r.label = std::string(s.Text(4));
  r.view_type = std::string(s.Text(5));
  r.key_schema = std::string(s.Text(6));
  r.shard_count = s.Int(7);
  r.enabled = s.Int(8) != 0;
  r.created_ms = s.Int(9);
  return r;
}

constexpr const char* kShardColumns =
    "shid, sid, shard_id, slot, parent, start_n, end_n, trim_n, last_n, records, created_ms";

ShardRow ReadShard(const Stmt& s) {
  ShardRow r;
  r.shid = s.Int(0);
  r.sid = s.Int(1);
  r.shard_id = std::string(s.Text(2));
  r.slot = s.Int(3);
  if (!s.IsNull(4)) r.parent = std::string(s.Text(4));
  r.start_n = s.Int(5);
  if (!s.IsNull(6)) r.end_n = s.Int(6);
  r.trim_n = s.Int(7);
  r.last_n = s.Int(8);
  r.records = s.Int(9);
  r.created_ms = s.Int(10);
  return r;
}

Result<Stmt> Prepare(ReadView& view, std::string_view sql) {
  return Connection::Of(view).Prepare(sql);
}

// Reads every row of `s` with `read`.
template <class Row>
Result<std::vector<Row>> Rows(Stmt& s, Row (*read)(const Stmt&), std::string_view what) {
  std::vector<Row> out;
  for (;;) {
    SB_ASSIGN_OR_RETURN(bool row, s.Step(what));
    if (!row) return out;
    out.push_back(read(s));
  }
}

template <class Row>
Result<std::optional<Row>> OneRow(Stmt& s, Row (*read)(const Stmt&), std::string_view what) {
  SB_ASSIGN_OR_RETURN(bool row, s.Step(what));
  if (!row) return std::optional<Row>();
  return std::optional<Row>(read(s));
}

}  // namespace

// ---- metadata

Result<std::optional<std::string>> GetStreamMeta(ReadView& view, std::string_view key) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view, "SELECT value FROM stream_meta WHERE key=?1"));
  s.BindText(1, key);
  SB_ASSIGN_OR_RETURN(bool row, s.Step("streams: read meta"));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(std::string(s.Text(0)));
}

Status PutStreamMeta(WriteTxn& txn, std::string_view key, std::string_view value) {
  SB_ASSIGN_OR_RETURN(Stmt s,
                      Prepare(txn, "INSERT OR REPLACE INTO stream_meta(key, value) VALUES(?1, ?2)"));
  s.BindText(1, key).BindText(2, value);
  return s.Run("streams: write meta");
}

Result<int64_t> MaxStreamCounter(ReadView& view) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view,
                                      "SELECT coalesce(max(max(last_n), max(coalesce(end_n, 0))), "
                                      "0) FROM stream_shards"));
  SB_ASSIGN_OR_RETURN(bool row, s.Step("streams: max counter"));
  return row ? s.Int(0) : 0;
}

// ---- streams

Result<std::optional<StreamRow>> FindStream(ReadView& view, std::string_view arn) {
  SB_ASSIGN_OR_RETURN(
      Stmt s, Prepare(view, std::string("SELECT ") + kStreamColumns + " FROM streams WHERE arn=?1"));
  s.BindText(1, arn);
  return OneRow(s, &ReadStream, "streams: find stream");
}

Result<std::optional<StreamRow>> FindEnabledStream(ReadView& view, int64_t table_id) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view, std::string("SELECT ") + kStreamColumns +
                                                " FROM streams WHERE table_id=?1 AND enabled=1"));
  s.Bind(1, table_id);
  return OneRow(s, &ReadStream, "streams: find enabled stream");
}

Result<std::vector<StreamRow>> ListStreams(ReadView& view, int64_t after_sid,
                                           const std::optional<std::string>& table_name,
                                           int64_t limit) {
  std::string sql = std::string("SELECT ") + kStreamColumns + " FROM streams WHERE sid>?1";
  if (table_name) sql += " AND table_name=?3";
  sql += " ORDER BY sid LIMIT ?2";
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view, sql));
  s.Bind(1, after_sid).Bind(2, limit);
  if (table_name) s.BindText(3, *table_name);
  return Rows(s, &ReadStream, "streams: list streams");
}

Result<int64_t> InsertStream(WriteTxn& txn, const StreamRow& r) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(txn,
                                      "INSERT INTO streams(arn, table_name, table_id, label, "
                                      "view_type, key_schema, shard_count, enabled, created_ms) "
                                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)"));
  s.BindText(1, r.arn).BindText(2, r.table_name).Bind(3, r.table_id).BindText(4, r.label);
  s.BindText(5, r.view_type).BindText(6, r.key_schema).Bind(7, r.shard_count);
  s.Bind(8, r.created_ms);
  SB_TRY_STATUS(s.Run("streams: insert stream"));
  return Connection::Of(txn).LastInsertRowid();
}

Status DisableStreams(WriteTxn& txn, int64_t table_id, int64_t now_ms) {
  std::vector<int64_t> sids;
  {
    SB_ASSIGN_OR_RETURN(Stmt sel,
                        Prepare(txn, "SELECT sid FROM streams WHERE table_id=?1 AND enabled=1"));
    sel.Bind(1, table_id);
    for (;;) {
      SB_ASSIGN_OR_RETURN(bool row, sel.Step("streams: find enabled streams"));
      if (!row) break;
      sids.push_back(sel.Int(0));
    }
  }
  for (int64_t sid : sids) {
    SB_ASSIGN_OR_RETURN(Stmt close, Prepare(txn,
                                            "UPDATE stream_shards SET end_n=last_n, closed_ms=?2 "
                                            "WHERE sid=?1 AND end_n IS NULL"));
    close.Bind(1, sid).Bind(2, now_ms);
    SB_TRY_STATUS(close.Run("streams: close shards"));
    SB_ASSIGN_OR_RETURN(Stmt dis, Prepare(txn,
                                          "UPDATE streams SET enabled=0, disabled_ms=?2 WHERE "
                                          "sid=?1"));
    dis.Bind(1, sid).Bind(2, now_ms);
    SB_TRY_STATUS(dis.Run("streams: disable stream"));
  }
  return {};
}

Status DropDeadStreams(WriteTxn& txn, int64_t before_ms) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(txn,
                                      "DELETE FROM streams WHERE enabled=0 AND disabled_ms<?1 AND "
                                      "NOT EXISTS (SELECT 1 FROM stream_shards h WHERE "
                                      "h.sid=streams.sid)"));
  s.Bind(1, before_ms);
  return s.Run("streams: drop streams");
}

// ---- shards

Result<std::optional<ShardRow>> FindShard(ReadView& view, int64_t sid, std::string_view shard_id) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view, std::string("SELECT ") + kShardColumns +
                                                " FROM stream_shards WHERE sid=?1 AND "
                                                "shard_id=?2"));
  s.Bind(1, sid).BindText(2, shard_id);
  return OneRow(s, &ReadShard, "streams: find shard");
}

Result<std::optional<ShardRow>> FindShardByRow(ReadView& view, int64_t shid) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view, std::string("SELECT ") + kShardColumns +
                                                " FROM stream_shards WHERE shid=?1"));
  s.Bind(1, shid);
  return OneRow(s, &ReadShard, "streams: find shard");
}

Result<std::optional<ShardRow>> FindOpenShard(ReadView& view, int64_t sid, int64_t slot) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view, std::string("SELECT ") + kShardColumns +
                                                " FROM stream_shards WHERE sid=?1 AND slot=?2 "
                                                "AND end_n IS NULL"));
  s.Bind(1, sid).Bind(2, slot);
  return OneRow(s, &ReadShard, "streams: find open shard");
}

Result<std::vector<ShardRow>> ListShards(ReadView& view, int64_t sid, int64_t after_shid,
                                         const std::optional<std::string>& parent, int64_t limit) {
  std::string sql =
      std::string("SELECT ") + kShardColumns + " FROM stream_shards WHERE sid=?1 AND shid>?2";
  if (parent) sql += " AND parent=?4";
  sql += " ORDER BY shid LIMIT ?3";
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view, sql));
  s.Bind(1, sid).Bind(2, after_shid).Bind(3, limit);
  if (parent) s.BindText(4, *parent);
  return Rows(s, &ReadShard, "streams: list shards");
}

Result<std::vector<ShardRow>> AllShards(ReadView& view) {
  SB_ASSIGN_OR_RETURN(Stmt s,
                      Prepare(view, std::string("SELECT ") + kShardColumns + " FROM stream_shards"));
  return Rows(s, &ReadShard, "streams: all shards");
}

Result<ShardRow> InsertShard(WriteTxn& txn, int64_t sid, int64_t slot, int64_t start_n,
                             std::optional<std::string> parent, int64_t now_ms,
                             const std::function<std::string(int64_t shid)>& shard_id_of) {
  // The row id is assigned first; the shard id is derived from it.
  {
    SB_ASSIGN_OR_RETURN(Stmt ins, Prepare(txn,
                                          "INSERT INTO stream_shards(sid, shard_id, slot, parent, "
                                          "start_n, end_n, trim_n, last_n, records, created_ms) "
                                          "VALUES(?1, '', ?2, ?3, ?4, NULL, ?4, ?4, 0, ?5)"));
    ins.Bind(1, sid).Bind(2, slot).Bind(4, start_n).Bind(5, now_ms);
    if (parent) {
      ins.BindText(3, *parent);
    } else {
      ins.BindNull(3);
    }
    SB_TRY_STATUS(ins.Run("streams: insert shard"));
  }
  ShardRow r;
  r.shid = Connection::Of(txn).LastInsertRowid();
  r.sid = sid;
  r.shard_id = shard_id_of(r.shid);
  r.slot = slot;
  r.parent = std::move(parent);
  r.start_n = r.trim_n = r.last_n = start_n;
  r.created_ms = now_ms;
  SB_ASSIGN_OR_RETURN(Stmt upd, Prepare(txn, "UPDATE stream_shards SET shard_id=?2 WHERE shid=?1"));
  upd.Bind(1, r.shid).BindText(2, r.shard_id);
  SB_TRY_STATUS(upd.Run("streams: name shard"));
  return r;
}

Status CloseShard(WriteTxn& txn, int64_t shid, int64_t now_ms) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(txn,
                                      "UPDATE stream_shards SET end_n=last_n, closed_ms=?2 WHERE "
                                      "shid=?1"));
  s.Bind(1, shid).Bind(2, now_ms);
  return s.Run("streams: close shard");
}

Status DropDrainedShards(WriteTxn& txn, int64_t before_ms) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(txn,
                                      "DELETE FROM stream_shards WHERE end_n IS NOT NULL AND "
                                      "closed_ms<?1 AND NOT EXISTS (SELECT 1 FROM stream_records "
                                      "r WHERE r.shid=stream_shards.shid)"));
  s.Bind(1, before_ms);
  return s.Run("streams: drop shards");
}

// ---- records

Status AppendRecord(WriteTxn& txn, int64_t shid, int64_t n, int64_t created_ms,
                    std::string_view record) {
  {
    SB_ASSIGN_OR_RETURN(Stmt s, Prepare(txn,
                                        "INSERT INTO stream_records(shid, n, created_ms, record) "
                                        "VALUES(?1, ?2, ?3, ?4)"));
    s.Bind(1, shid).Bind(2, n).Bind(3, created_ms).BindText(4, record);
    SB_TRY_STATUS(s.Run("streams: append record"));
  }
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(txn,
                                      "UPDATE stream_shards SET records=records+1, last_n=?2 "
                                      "WHERE shid=?1"));
  s.Bind(1, shid).Bind(2, n);
  return s.Run("streams: append record");
}

Status ReadRecords(ReadView& view, int64_t shid, int64_t after_n, int64_t limit,
                   const std::function<bool(int64_t n, std::string_view record)>& fn) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view, detail::kReadRecordsSql));
  s.Bind(1, shid).Bind(2, after_n).Bind(3, limit);
  for (;;) {
    SB_ASSIGN_OR_RETURN(bool row, s.Step("streams: read records"));
    if (!row || !fn(s.Int(0), s.Text(1))) return {};
  }
}

Result<int64_t> ExpiredThrough(ReadView& view, int64_t shid, int64_t after_n, int64_t cutoff_ms) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(view,
                                      "SELECT n, created_ms FROM stream_records WHERE shid=?1 AND "
                                      "n>?2 ORDER BY n"));
  s.Bind(1, shid).Bind(2, after_n);
  int64_t through = after_n;
  for (;;) {
    SB_ASSIGN_OR_RETURN(bool row, s.Step("streams: find expired records"));
    if (!row || s.Int(1) >= cutoff_ms) return through;
    through = s.Int(0);
  }
}

Status TrimRecords(WriteTxn& txn, int64_t shid, int64_t through_n) {
  {
    SB_ASSIGN_OR_RETURN(Stmt del,
                        Prepare(txn, "DELETE FROM stream_records WHERE shid=?1 AND n<=?2"));
    del.Bind(1, shid).Bind(2, through_n);
    SB_TRY_STATUS(del.Run("streams: trim records"));
  }
  SB_ASSIGN_OR_RETURN(Stmt upd, Prepare(txn, "UPDATE stream_shards SET trim_n=?2 WHERE shid=?1"));
  upd.Bind(1, shid).Bind(2, through_n);
  return upd.Run("streams: trim records");
}

}  // namespace sb::engine::storage
