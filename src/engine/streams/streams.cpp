#include "engine/streams/streams.h"

#include <openssl/rand.h>
#include <sqlite3.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <vector>

#include "engine/model/keys.h"
#include "engine/streams/ids.h"
#include "engine/streams/record_builder.h"
#include "protocol/streams/stream_record.h"

namespace sb::engine::streams {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::Item;

namespace {

// ---------------------------------------------------------------------------------------
// SQL helpers

Error SqlError(sqlite3* db, std::string_view what) {
  return MakeError("storage", "streams: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

// A cached statement of a view, reset (and its bindings cleared) when the scope ends.
class Stmt {
 public:
  static Result<Stmt> Prepare(storage::ReadView& view, const std::string& sql) {
    SB_ASSIGN_OR_RETURN(sqlite3_stmt * s, view.PrepareCached(sql));
    return Stmt(s, view.sqlite_db());
  }
  Stmt(Stmt&& o) noexcept : s_(o.s_), db_(o.db_) { o.s_ = nullptr; }
  Stmt(const Stmt&) = delete;
  ~Stmt() {
    if (s_ != nullptr) {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
    }
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
  }
  Stmt& Bind(int i, std::string_view text) {
    sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // SQLITE_ROW -> true, SQLITE_DONE -> false.
  Result<bool> Step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqlError(db_, "step");
  }
  Status Run() {
    SB_ASSIGN_OR_RETURN(bool row, Step());
    (void)row;
    return {};
  }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string_view Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    int n = sqlite3_column_bytes(s_, col);
    return p == nullptr ? std::string_view() : std::string_view(p, static_cast<size_t>(n));
  }

 private:
  Stmt(sqlite3_stmt* s, sqlite3* db) : s_(s), db_(db) {}
  sqlite3_stmt* s_;
  sqlite3* db_;
};

const char* const kSchema =
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
    "  record TEXT NOT NULL, PRIMARY KEY(shid, n)) WITHOUT ROWID;";

// One shard row.
struct ShardRow {
  int64_t shid = 0;
  int64_t sid = 0;
  std::string shard_id;
  int64_t slot = 0;
  std::optional<std::string> parent;
  int64_t start_n = 0;
  std::optional<int64_t> end_n;
  int64_t trim_n = 0;
  int64_t last_n = 0;
  int64_t records = 0;
  int64_t created_ms = 0;
  // True when records below the shard's start were trimmed: positions before trim_n are gone.
  bool Trimmed(int64_t after) const { return trim_n > start_n && after < trim_n; }
};

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

struct StreamRow {
  int64_t sid = 0;
  std::string arn;
  std::string table_name;
  std::string label;
  std::string view_type;
  std::string key_schema;  // JSON array, DescribeStream's KeySchema
  int64_t shard_count = 1;
  bool enabled = false;
  int64_t created_ms = 0;
};

constexpr const char* kStreamColumns =
    "sid, arn, table_name, label, view_type, key_schema, shard_count, enabled, created_ms";

StreamRow ReadStream(const Stmt& s) {
  StreamRow r;
  r.sid = s.Int(0);
  r.arn = std::string(s.Text(1));
  r.table_name = std::string(s.Text(2));
  r.label = std::string(s.Text(3));
  r.view_type = std::string(s.Text(4));
  r.key_schema = std::string(s.Text(5));
  r.shard_count = s.Int(6);
  r.enabled = s.Int(7) != 0;
  r.created_ms = s.Int(8);
  return r;
}

std::string KeySchemaJson(const KeySchema& k) {
  json::array a;
  a.push_back(json::object{{"AttributeName", k.hash.name}, {"KeyType", "HASH"}});
  if (k.range) a.push_back(json::object{{"AttributeName", k.range->name}, {"KeyType", "RANGE"}});
  return json::serialize(a);
}

std::string RandomHex(Random& random, int bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  uint64_t bits = 0;
  int left = 0;
  for (int i = 0; i < bytes * 2; ++i) {
    if (left == 0) {
      bits = random.Next();
      left = 16;
    }
    out.push_back(kHex[bits & 0xF]);
    bits >>= 4;
    --left;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Request parameters, validated as DynamoDB Streams does.

class Violations {
 public:
  void Add(std::string_view path, std::optional<std::string> value, std::string_view constraint) {
    std::string s = "Value ";
    s += value ? "'" + *value + "'" : "null";
    s += " at '";
    s += path;
    s += "' failed to satisfy constraint: ";
    s += constraint;
    list_.push_back(std::move(s));
  }
  protocol::ApiStatus ToStatus() const {
    if (list_.empty()) return {};
    std::string msg =
        std::to_string(list_.size()) +
        (list_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
    for (size_t i = 0; i < list_.size(); ++i) {
      if (i > 0) msg += "; ";
      msg += list_[i];
    }
    return ApiError::Validation(std::move(msg));
  }

 private:
  std::vector<std::string> list_;
};

std::string PathOf(std::string_view key) {
  std::string s(key);
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

ApiResult<std::optional<std::string>> OptString(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) {
    return ApiError::Serialization("Unexpected value type for " + std::string(key) +
                                   ": expected a string");
  }
  return std::optional<std::string>(std::string(it->value().get_string()));
}

ApiResult<std::optional<int64_t>> OptInt(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<int64_t>();
  const json::value& v = it->value();
  if (v.is_int64()) return std::optional<int64_t>(v.get_int64());
  if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(v.get_uint64()));
  }
  return ApiError::Serialization("Unexpected value type for " + std::string(key) +
                                 ": expected an integer");
}

// A string member with AWS's length bounds; `required` adds the null check.
ApiResult<std::optional<std::string>> StringParam(const json::object& o, std::string_view key,
                                                  size_t min, size_t max, bool required,
                                                  Violations& v) {
  SB_ASSIGN_OR_RETURN(auto s, OptString(o, key));
  if (!s) {
    if (required) v.Add(PathOf(key), std::nullopt, "Member must not be null");
  } else if (s->size() < min || s->size() > max) {
    v.Add(PathOf(key), *s,
          "Member must have length " +
              std::string(s->size() < min ? "greater than or equal to " + std::to_string(min)
                                          : "less than or equal to " + std::to_string(max)));
  }
  return s;
}

// Limit: >= 1 and <= max.
ApiResult<std::optional<int64_t>> LimitParam(const json::object& o, int64_t max, Violations& v) {
  SB_ASSIGN_OR_RETURN(auto limit, OptInt(o, "Limit"));
  if (limit && *limit < 1) {
    v.Add("limit", std::to_string(*limit), "Member must have value greater than or equal to 1");
  } else if (limit && *limit > max) {
    v.Add("limit", std::to_string(*limit),
          "Member must have value less than or equal to " + std::to_string(max));
  }
  return limit;
}

bool ValidTableName(std::string_view name) {
  if (name.size() < 3 || name.size() > 255) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

ApiError Internal(const Error& e) { return ApiError::Internal("storage: " + e.message); }

ApiError StreamNotFound(std::string_view arn) {
  return ApiError::ResourceNotFound("Requested resource not found: Stream: " + std::string(arn) +
                                    " not found");
}

ApiError ShardNotFound() {
  return ApiError::ResourceNotFound("Requested resource not found: Shard does not exist");
}

ApiError Trimmed() {
  ApiError e{
      "TrimmedDataAccessException", "The data you are trying to access has been trimmed", 400, {}};
  return e;
}

// The stream row of an ARN (a well-formed one: callers check ParseStreamArn first).
Result<std::optional<StreamRow>> FindStream(storage::ReadView& view, std::string_view arn) {
  SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(view, std::string("SELECT ") + kStreamColumns +
                                                      " FROM streams WHERE arn=?1"));
  s.Bind(1, arn);
  SB_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<StreamRow>();
  return std::optional<StreamRow>(ReadStream(s));
}

Result<std::optional<ShardRow>> FindShardById(storage::ReadView& view, int64_t sid,
                                              std::string_view shard_id) {
  SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(view, std::string("SELECT ") + kShardColumns +
                                                      " FROM stream_shards WHERE sid=?1 AND "
                                                      "shard_id=?2"));
  s.Bind(1, sid).Bind(2, shard_id);
  SB_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<ShardRow>();
  return std::optional<ShardRow>(ReadShard(s));
}

Result<std::optional<ShardRow>> FindShardByRow(storage::ReadView& view, int64_t shid) {
  SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(view, std::string("SELECT ") + kShardColumns +
                                                      " FROM stream_shards WHERE shid=?1"));
  s.Bind(1, shid);
  SB_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<ShardRow>();
  return std::optional<ShardRow>(ReadShard(s));
}

json::object ShardJson(const ShardRow& r) {
  json::object range{{"StartingSequenceNumber", FormatSequenceNumber(r.start_n)}};
  if (r.end_n) range["EndingSequenceNumber"] = FormatSequenceNumber(*r.end_n);
  json::object o{{"ShardId", r.shard_id}, {"SequenceNumberRange", std::move(range)}};
  if (r.parent) o["ParentShardId"] = *r.parent;
  return o;
}

// GetRecords returns at most 1 MB of records (always at least one when any is available).
constexpr size_t kMaxRecordBytes = 1024 * 1024;

}  // namespace

// ---------------------------------------------------------------------------------------
// Setup

Streams::Streams(StreamsOptions options) : options_(std::move(options)) {
  options_.shards = std::max(1, options_.shards);
}
Streams::~Streams() = default;

Status Streams::Attach(storage::Store* store) {
  store_ = store;
  std::string secret;
  Status st = store_->Write([&](storage::WriteTxn& txn) -> Status {
    char* err = nullptr;
    if (sqlite3_exec(txn.sqlite_db(), kSchema, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err != nullptr ? err : "unknown";
      sqlite3_free(err);
      return MakeError("storage", "streams: create tables: " + msg);
    }
    {
      SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                                "SELECT value FROM stream_meta WHERE "
                                                "key='iterator_secret'"));
      SB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) secret = std::string(s.Text(0));
    }
    if (secret.empty()) {
      unsigned char bytes[32];
      if (RAND_bytes(bytes, sizeof bytes) != 1) return MakeError("crypto", "RAND_bytes failed");
      static const char kHex[] = "0123456789abcdef";
      for (unsigned char b : bytes) {
        secret.push_back(kHex[b >> 4]);
        secret.push_back(kHex[b & 0xF]);
      }
      SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                                "INSERT INTO stream_meta(key, value) "
                                                "VALUES('iterator_secret', ?1)"));
      s.Bind(1, secret);
      SB_TRY_STATUS(s.Run());
    }
    // Every counter ever issued is <= some shard's last_n (records, boundaries) or end_n.
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                              "SELECT coalesce(max(max(last_n), "
                                              "max(coalesce(end_n, 0))), 0) FROM "
                                              "stream_shards"));
    SB_ASSIGN_OR_RETURN(bool row, s.Step());
    next_n_ = (row ? s.Int(0) : 0) + 1;
    return {};
  });
  if (!st.ok()) return st;
  codec_ = std::make_unique<IteratorCodec>(secret);
  return {};
}

// ---------------------------------------------------------------------------------------
// Write path

namespace {

// Inserts a new open shard for (sid, slot) whose StartingSequenceNumber is `start_n`.
Result<ShardRow> OpenShard(storage::WriteTxn& txn, int64_t sid, int64_t slot, int64_t start_n,
                           std::optional<std::string> parent, int64_t now_ms) {
  // The row id is assigned first; the shard id is derived from it.
  SB_ASSIGN_OR_RETURN(Stmt ins, Stmt::Prepare(txn,
                                              "INSERT INTO stream_shards(sid, shard_id, "
                                              "slot, parent, start_n, end_n, trim_n, "
                                              "last_n, records, created_ms) VALUES(?1, '', "
                                              "?2, ?3, ?4, NULL, ?4, ?4, 0, ?5)"));
  ins.Bind(1, sid).Bind(2, slot).Bind(4, start_n).Bind(5, now_ms);
  if (parent) {
    ins.Bind(3, *parent);
  } else {
    ins.BindNull(3);
  }
  SB_TRY_STATUS(ins.Run());
  ShardRow r;
  r.shid = sqlite3_last_insert_rowid(txn.sqlite_db());
  r.sid = sid;
  r.shard_id = FormatShardId(now_ms, r.shid);
  r.slot = slot;
  r.parent = std::move(parent);
  r.start_n = r.trim_n = r.last_n = start_n;
  r.created_ms = now_ms;
  SB_ASSIGN_OR_RETURN(Stmt upd, Stmt::Prepare(txn,
                                              "UPDATE stream_shards SET shard_id=?2 WHERE "
                                              "shid=?1"));
  upd.Bind(1, r.shid).Bind(2, r.shard_id);
  SB_TRY_STATUS(upd.Run());
  return r;
}

// Closes a shard at its last record (EndingSequenceNumber).
Status CloseShard(storage::WriteTxn& txn, const ShardRow& shard, int64_t now_ms) {
  SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                            "UPDATE stream_shards SET end_n=last_n, "
                                            "closed_ms=?2 WHERE shid=?1"));
  s.Bind(1, shard.shid).Bind(2, now_ms);
  return s.Run();
}

}  // namespace

Status Streams::OnItemChange(storage::WriteTxn& txn, const TableDef& table,
                             const std::optional<Item>& old, const std::optional<Item>& now,
                             storage::ChangeCause cause) {
  if (!table.stream.enabled) return {};
  ItemChange change{&table.key, &old, &now, cause == storage::ChangeCause::kTimeToLive};
  if (!ChangesItem(change)) return {};
  if (codec_ == nullptr) return MakeError("streams", "streams are not attached to the store");
  const int64_t now_ms = options_.clock->NowUnixMillis();

  StreamRow stream;
  {
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn, std::string("SELECT ") + kStreamColumns +
                                                       " FROM streams WHERE table_id=?1 AND "
                                                       "enabled=1"));
    s.Bind(1, table.id);
    SB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return MakeError("streams", "no enabled stream for table " + table.name);
    stream = ReadStream(s);
  }
  auto view = protocol::ParseStreamViewType(stream.view_type);
  if (!view) return MakeError("corrupt", "stream view type " + stream.view_type);

  const Item& any = now ? *now : *old;
  auto key = storage::EncodeItemKey(table.key, any);
  if (!key) return MakeError("storage", "item lacks its table key");
  const int64_t slot = static_cast<int64_t>(storage::PartitionHash(key->hash) %
                                            static_cast<uint32_t>(stream.shard_count));

  ShardRow shard;
  {
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn, std::string("SELECT ") + kShardColumns +
                                                       " FROM stream_shards WHERE sid=?1 AND "
                                                       "slot=?2 AND end_n IS NULL"));
    s.Bind(1, stream.sid).Bind(2, slot);
    SB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return MakeError("corrupt", "stream " + stream.arn + " has no open shard");
    shard = ReadShard(s);
  }
  const bool by_age =
      options_.rollover_millis > 0 && now_ms - shard.created_ms >= options_.rollover_millis;
  const bool by_count = options_.rollover_records > 0 && shard.records >= options_.rollover_records;
  if (by_age || by_count) {
    SB_TRY_STATUS(CloseShard(txn, shard, now_ms));
    SB_ASSIGN_OR_RETURN(shard, OpenShard(txn, stream.sid, slot, next_n_++, shard.shard_id, now_ms));
  }

  const int64_t n = next_n_++;
  protocol::StreamRecord record = BuildRecord(change, *view, RandomHex(*options_.random, 16),
                                              FormatSequenceNumber(n), now_ms, options_.region);
  json::value encoded = protocol::EncodeStreamRecord(record);
  if (record.user_identity) {
    // GetRecords spells the Identity members as the Streams service model does (SDKs parse
    // "PrincipalId" / "Type"); Lambda events use "principalId" / "type".
    encoded.as_object()["userIdentity"] = {{"PrincipalId", record.user_identity->principal_id},
                                           {"Type", record.user_identity->type}};
  }
  const std::string text = json::serialize(encoded);
  {
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                              "INSERT INTO stream_records(shid, n, "
                                              "created_ms, record) VALUES(?1, ?2, ?3, ?4)"));
    s.Bind(1, shard.shid).Bind(2, n).Bind(3, now_ms).Bind(4, text);
    SB_TRY_STATUS(s.Run());
  }
  {
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                              "UPDATE stream_shards SET "
                                              "records=records+1, last_n=?2 WHERE shid=?1"));
    s.Bind(1, shard.shid).Bind(2, n);
    SB_TRY_STATUS(s.Run());
  }
  // Keep the database bounded for writers that nobody reads.
  if (now_ms - last_sweep_millis_.load() >= options_.sweep_interval_millis) {
    last_sweep_millis_ = now_ms;
    SB_TRY_STATUS(SweepIn(txn));
  }
  return {};
}

Status Streams::OnTableChange(storage::WriteTxn& txn, const TableDef* before,
                              const TableDef* after) {
  const bool was = before != nullptr && before->stream.enabled;
  const bool is = after != nullptr && after->stream.enabled;
  if (was == is) return {};
  if (codec_ == nullptr) return MakeError("streams", "streams are not attached to the store");
  const int64_t now_ms = options_.clock->NowUnixMillis();
  if (was) {
    // Disabling (or deleting the table) closes every open shard; records stay readable.
    SB_ASSIGN_OR_RETURN(Stmt sel, Stmt::Prepare(txn,
                                                "SELECT sid FROM streams WHERE "
                                                "table_id=?1 AND enabled=1"));
    sel.Bind(1, before->id);
    std::vector<int64_t> sids;
    for (;;) {
      SB_ASSIGN_OR_RETURN(bool row, sel.Step());
      if (!row) break;
      sids.push_back(sel.Int(0));
    }
    for (int64_t sid : sids) {
      SB_ASSIGN_OR_RETURN(Stmt close, Stmt::Prepare(txn,
                                                    "UPDATE stream_shards SET end_n=last_n, "
                                                    "closed_ms=?2 WHERE sid=?1 AND end_n "
                                                    "IS NULL"));
      close.Bind(1, sid).Bind(2, now_ms);
      SB_TRY_STATUS(close.Run());
      SB_ASSIGN_OR_RETURN(Stmt dis, Stmt::Prepare(txn,
                                                  "UPDATE streams SET enabled=0, "
                                                  "disabled_ms=?2 WHERE sid=?1"));
      dis.Bind(1, sid).Bind(2, now_ms);
      SB_TRY_STATUS(dis.Run());
    }
    return {};
  }
  // Enabling: a new stream (a new ARN, even for a table that had one before).
  const TableDef& t = *after;
  const std::string arn = StreamArn(options_.region, t.name, t.stream.label);
  {
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                              "INSERT INTO streams(arn, table_name, "
                                              "table_id, label, view_type, key_schema, "
                                              "shard_count, enabled, created_ms) "
                                              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)"));
    s.Bind(1, arn).Bind(2, t.name).Bind(3, t.id).Bind(4, t.stream.label);
    s.Bind(5, t.stream.view_type).Bind(6, KeySchemaJson(t.key)).Bind(7, options_.shards);
    s.Bind(8, now_ms);
    SB_TRY_STATUS(s.Run());
  }
  const int64_t sid = sqlite3_last_insert_rowid(txn.sqlite_db());
  for (int slot = 0; slot < options_.shards; ++slot) {
    SB_ASSIGN_OR_RETURN(ShardRow shard, OpenShard(txn, sid, slot, next_n_++, std::nullopt, now_ms));
    (void)shard;
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// Retention and rollover

Status Streams::Sweep() {
  last_sweep_millis_ = options_.clock->NowUnixMillis();
  return store_->Write([&](storage::WriteTxn& txn) -> Status { return SweepIn(txn); });
}

void Streams::MaybeSweep() {
  const int64_t now_ms = options_.clock->NowUnixMillis();
  int64_t last = last_sweep_millis_.load();
  if (now_ms - last < options_.sweep_interval_millis) return;
  if (!last_sweep_millis_.compare_exchange_strong(last, now_ms)) return;  // another thread does it
  // A failed sweep is retried at the next interval; reads go on meanwhile.
  (void)store_->Write([&](storage::WriteTxn& txn) -> Status { return SweepIn(txn); });
}

Status Streams::SweepIn(storage::WriteTxn& txn) {
  const int64_t now_ms = options_.clock->NowUnixMillis();
  const int64_t cutoff = now_ms - options_.retention_millis;
  // 1. Trim: per shard, the prefix of records created before the cutoff.
  std::vector<ShardRow> shards;
  {
    SB_ASSIGN_OR_RETURN(
        Stmt s, Stmt::Prepare(txn, std::string("SELECT ") + kShardColumns + " FROM stream_shards"));
    for (;;) {
      SB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      shards.push_back(ReadShard(s));
    }
  }
  for (ShardRow& shard : shards) {
    if (shard.trim_n < shard.last_n) {
      int64_t trim_to = shard.trim_n;
      {
        SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                                  "SELECT n, created_ms FROM stream_records "
                                                  "WHERE shid=?1 AND n>?2 ORDER BY n"));
        s.Bind(1, shard.shid).Bind(2, shard.trim_n);
        for (;;) {
          SB_ASSIGN_OR_RETURN(bool row, s.Step());
          if (!row || s.Int(1) >= cutoff) break;
          trim_to = s.Int(0);
        }
      }
      // A closed shard whose last record expired is trimmed through its end.
      if (trim_to == shard.last_n && shard.end_n) trim_to = *shard.end_n;
      if (trim_to > shard.trim_n) {
        SB_ASSIGN_OR_RETURN(Stmt del, Stmt::Prepare(txn,
                                                    "DELETE FROM stream_records WHERE "
                                                    "shid=?1 AND n<=?2"));
        del.Bind(1, shard.shid).Bind(2, trim_to);
        SB_TRY_STATUS(del.Run());
        SB_ASSIGN_OR_RETURN(Stmt upd, Stmt::Prepare(txn,
                                                    "UPDATE stream_shards SET trim_n=?2 "
                                                    "WHERE shid=?1"));
        upd.Bind(1, shard.shid).Bind(2, trim_to);
        SB_TRY_STATUS(upd.Run());
        shard.trim_n = trim_to;
      }
    }
    // 2. Rollover by age, even without writes (DynamoDB closes idle shards too).
    if (!shard.end_n && options_.rollover_millis > 0 &&
        now_ms - shard.created_ms >= options_.rollover_millis) {
      SB_TRY_STATUS(CloseShard(txn, shard, now_ms));
      SB_ASSIGN_OR_RETURN(ShardRow child,
                          OpenShard(txn, shard.sid, shard.slot, next_n_++, shard.shard_id, now_ms));
      (void)child;
    }
  }
  // 3. Drop closed shards that were closed before the cutoff and hold no record any more,
  // then disabled streams left without shards.
  {
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                              "DELETE FROM stream_shards WHERE end_n IS NOT "
                                              "NULL AND closed_ms<?1 AND NOT EXISTS "
                                              "(SELECT 1 FROM stream_records r WHERE "
                                              "r.shid=stream_shards.shid)"));
    s.Bind(1, cutoff);
    SB_TRY_STATUS(s.Run());
  }
  {
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(txn,
                                              "DELETE FROM streams WHERE enabled=0 AND "
                                              "disabled_ms<?1 AND NOT EXISTS (SELECT 1 FROM "
                                              "stream_shards h WHERE h.sid=streams.sid)"));
    s.Bind(1, cutoff);
    SB_TRY_STATUS(s.Run());
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// Operations

bool Streams::HasOperation(std::string_view operation) {
  return operation == "ListStreams" || operation == "DescribeStream" ||
         operation == "GetShardIterator" || operation == "GetRecords";
}

ApiResult<std::string> Streams::Handle(std::string_view operation, const json::object& request) {
  MaybeSweep();
  if (operation == "ListStreams") return ListStreams(request);
  if (operation == "DescribeStream") return DescribeStream(request);
  if (operation == "GetShardIterator") return GetShardIterator(request);
  if (operation == "GetRecords") return GetRecords(request);
  return ApiError::UnknownOperation();
}

ApiResult<std::string> Streams::ListStreams(const json::object& req) {
  Violations v;
  SB_ASSIGN_OR_RETURN(auto table, StringParam(req, "TableName", 3, 255, false, v));
  SB_ASSIGN_OR_RETURN(auto limit, LimitParam(req, 100, v));
  SB_ASSIGN_OR_RETURN(auto start, StringParam(req, "ExclusiveStartStreamArn", 37, 1024, false, v));
  if (table && table->size() >= 3 && table->size() <= 255 && !ValidTableName(*table)) {
    v.Add("tableName", *table, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  SB_TRY_STATUS(v.ToStatus());
  if (start && !ParseStreamArn(*start)) return ApiError::Validation("Invalid StreamArn");
  const int64_t max = limit.value_or(100);

  json::array streams;
  std::optional<std::string> last;
  Status st = store_->Read([&](storage::ReadView& view) -> Status {
    int64_t after_sid = 0;
    if (start) {
      SB_ASSIGN_OR_RETURN(auto s, FindStream(view, *start));
      if (!s) return MakeError("not_found", *start);
      after_sid = s->sid;
    }
    std::string sql = std::string("SELECT ") + kStreamColumns + " FROM streams WHERE sid>?1";
    if (table) sql += " AND table_name=?3";
    sql += " ORDER BY sid LIMIT ?2";
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(view, sql));
    s.Bind(1, after_sid).Bind(2, max + 1);
    if (table) s.Bind(3, *table);
    int64_t count = 0;
    for (;;) {
      SB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (++count > max) {
        break;
      }
      StreamRow r = ReadStream(s);
      streams.push_back(json::object{
          {"StreamArn", r.arn}, {"TableName", r.table_name}, {"StreamLabel", r.label}});
      last = r.arn;
    }
    if (count <= max) last.reset();
    return {};
  });
  if (!st.ok()) {
    if (st.error().code == "not_found") return StreamNotFound(st.error().message);
    return Internal(st.error());
  }
  if (table && streams.empty() && !start && store_->FindTable(*table) == nullptr) {
    return ApiError::ResourceNotFound("Requested resource not found: Table: " + *table +
                                      " not found");
  }
  json::object out{{"Streams", std::move(streams)}};
  if (last) out["LastEvaluatedStreamArn"] = *last;
  return json::serialize(out);
}

ApiResult<std::string> Streams::DescribeStream(const json::object& req) {
  Violations v;
  SB_ASSIGN_OR_RETURN(auto arn, StringParam(req, "StreamArn", 37, 1024, true, v));
  SB_ASSIGN_OR_RETURN(auto limit, LimitParam(req, 100, v));
  SB_ASSIGN_OR_RETURN(auto start, StringParam(req, "ExclusiveStartShardId", 28, 65, false, v));
  std::optional<std::string> child_of;
  auto filter_it = req.find("ShardFilter");
  if (filter_it != req.end() && !filter_it->value().is_null()) {
    if (!filter_it->value().is_object()) {
      return ApiError::Serialization("Unexpected value type for ShardFilter: expected an object");
    }
    const json::object& f = filter_it->value().get_object();
    SB_ASSIGN_OR_RETURN(auto type, OptString(f, "Type"));
    if (type && *type != "CHILD_SHARDS") {
      v.Add("shardFilter.type", *type, "Member must satisfy enum value set: [CHILD_SHARDS]");
    }
    SB_ASSIGN_OR_RETURN(auto parent, StringParam(f, "ShardId", 28, 65, false, v));
    if (type && !parent) {
      return ApiError::Validation("ShardFilter of type CHILD_SHARDS requires a ShardId");
    }
    if (type) child_of = parent;
  }
  SB_TRY_STATUS(v.ToStatus());
  if (!ParseStreamArn(*arn)) return ApiError::Validation("Invalid StreamArn");
  const int64_t max = limit.value_or(100);

  json::object desc;
  Status st = store_->Read([&](storage::ReadView& view) -> Status {
    SB_ASSIGN_OR_RETURN(auto stream, FindStream(view, *arn));
    if (!stream) return MakeError("not_found", *arn);
    int64_t after_shid = 0;
    if (start) {
      SB_ASSIGN_OR_RETURN(auto shard, FindShardById(view, stream->sid, *start));
      // DynamoDB answers an unknown ExclusiveStartShardId with an empty page.
      after_shid = shard ? shard->shid : INT64_MAX;
    }
    std::string sql =
        std::string("SELECT ") + kShardColumns + " FROM stream_shards WHERE sid=?1 AND shid>?2";
    if (child_of) sql += " AND parent=?4";
    sql += " ORDER BY shid LIMIT ?3";
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(view, sql));
    s.Bind(1, stream->sid).Bind(2, after_shid).Bind(3, max + 1);
    if (child_of) s.Bind(4, *child_of);
    json::array shards;
    std::optional<std::string> last;
    int64_t count = 0;
    for (;;) {
      SB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (++count > max) break;
      ShardRow r = ReadShard(s);
      last = r.shard_id;
      shards.push_back(ShardJson(r));
    }
    desc["StreamArn"] = stream->arn;
    desc["StreamLabel"] = stream->label;
    desc["StreamStatus"] = stream->enabled ? "ENABLED" : "DISABLED";
    desc["StreamViewType"] = stream->view_type;
    desc["CreationRequestDateTime"] = static_cast<double>(stream->created_ms) / 1000.0;
    desc["TableName"] = stream->table_name;
    desc["KeySchema"] = json::parse(stream->key_schema);
    desc["Shards"] = std::move(shards);
    if (count > max && last) desc["LastEvaluatedShardId"] = *last;
    return {};
  });
  if (!st.ok()) {
    if (st.error().code == "not_found") return StreamNotFound(*arn);
    return Internal(st.error());
  }
  return json::serialize(json::object{{"StreamDescription", std::move(desc)}});
}

ApiResult<std::string> Streams::GetShardIterator(const json::object& req) {
  Violations v;
  SB_ASSIGN_OR_RETURN(auto arn, StringParam(req, "StreamArn", 37, 1024, true, v));
  SB_ASSIGN_OR_RETURN(auto shard_id, StringParam(req, "ShardId", 28, 65, true, v));
  SB_ASSIGN_OR_RETURN(auto type, OptString(req, "ShardIteratorType"));
  SB_ASSIGN_OR_RETURN(auto seq_text, StringParam(req, "SequenceNumber", 21, 40, false, v));
  if (!type) {
    v.Add("shardIteratorType", std::nullopt, "Member must not be null");
  } else if (*type != "TRIM_HORIZON" && *type != "LATEST" && *type != "AT_SEQUENCE_NUMBER" &&
             *type != "AFTER_SEQUENCE_NUMBER") {
    v.Add("shardIteratorType", *type,
          "Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, "
          "AFTER_SEQUENCE_NUMBER]");
  }
  SB_TRY_STATUS(v.ToStatus());
  const bool by_seq = *type == "AT_SEQUENCE_NUMBER" || *type == "AFTER_SEQUENCE_NUMBER";
  if (by_seq && !seq_text) {
    return ApiError::Validation("Must specify a SequenceNumber for ShardIteratorType " + *type);
  }
  if (!by_seq && seq_text) {
    return ApiError::Validation("Must not specify a SequenceNumber for ShardIteratorType " + *type);
  }
  std::optional<SequencePosition> seq;
  if (seq_text) {
    seq = ParseSequenceNumber(*seq_text);
    if (!seq) return ApiError::Validation("Invalid SequenceNumber: " + *seq_text);
  }
  if (!ParseStreamArn(*arn)) return ApiError::Validation("Invalid StreamArn");

  std::optional<StreamRow> stream;
  std::optional<ShardRow> shard;
  Status st = store_->Read([&](storage::ReadView& view) -> Status {
    SB_ASSIGN_OR_RETURN(stream, FindStream(view, *arn));
    if (!stream) return {};
    SB_ASSIGN_OR_RETURN(shard, FindShardById(view, stream->sid, *shard_id));
    return {};
  });
  if (!st.ok()) return Internal(st.error());
  if (!stream) return StreamNotFound(*arn);
  if (!shard) return ShardNotFound();

  int64_t after = 0;
  if (*type == "TRIM_HORIZON") {
    after = shard->trim_n;
  } else if (*type == "LATEST") {
    after = shard->last_n;
  } else {
    // The number must name a position inside this shard: its start, or a record's counter.
    const int64_t top = shard->end_n.value_or(shard->last_n);
    if (seq->kind != SequencePosition::kExact || seq->n < shard->start_n || seq->n > top) {
      return ApiError::Validation("Invalid SequenceNumber " + *seq_text + " for shard " +
                                  shard->shard_id);
    }
    after = *type == "AT_SEQUENCE_NUMBER" ? std::max(seq->n - 1, shard->start_n) : seq->n;
    if (shard->Trimmed(after)) return Trimmed();
  }
  IteratorState state{stream->arn, stream->sid, shard->shid, after,
                      options_.clock->NowUnixMillis()};
  return json::serialize(json::object{{"ShardIterator", codec_->Encode(state)}});
}

ApiResult<std::string> Streams::GetRecords(const json::object& req) {
  Violations v;
  SB_ASSIGN_OR_RETURN(auto token, StringParam(req, "ShardIterator", 1, 2048, true, v));
  SB_ASSIGN_OR_RETURN(auto limit, LimitParam(req, 1000, v));
  SB_TRY_STATUS(v.ToStatus());
  auto state = codec_->Decode(*token);
  if (!state) return ApiError::Validation("Invalid ShardIterator");
  const int64_t now_ms = options_.clock->NowUnixMillis();
  if (now_ms - state->issued_millis > kIteratorLifetimeMillis) {
    return ApiError{"ExpiredIteratorException",
                    "Iterator expired. The iterator was created at time " +
                        FormatIso8601Millis(state->issued_millis) + " while right now it is " +
                        FormatIso8601Millis(now_ms) +
                        " which is further in the future than the tolerated delay of 900000 "
                        "milliseconds.",
                    400,
                    {}};
  }
  const int64_t max = limit.value_or(1000);

  std::string records = "[";
  std::optional<ShardRow> shard;
  int64_t after = state->after;
  bool trimmed = false;
  Status st = store_->Read([&](storage::ReadView& view) -> Status {
    SB_ASSIGN_OR_RETURN(shard, FindShardByRow(view, state->shard_row));
    if (!shard || shard->sid != state->stream_id) {
      shard.reset();
      return {};
    }
    if (shard->Trimmed(after)) {
      trimmed = true;
      return {};
    }
    SB_ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(view,
                                              "SELECT n, record FROM stream_records WHERE "
                                              "shid=?1 AND n>?2 ORDER BY n LIMIT ?3"));
    s.Bind(1, shard->shid).Bind(2, after).Bind(3, max);
    size_t bytes = 0;
    int64_t count = 0;
    for (;;) {
      SB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      std::string_view text = s.Text(1);
      if (count > 0 && bytes + text.size() > kMaxRecordBytes) break;
      if (count > 0) records += ',';
      records.append(text);
      bytes += text.size();
      after = s.Int(0);
      ++count;
    }
    return {};
  });
  if (!st.ok()) return Internal(st.error());
  if (!shard) return ShardNotFound();
  if (trimmed) return Trimmed();
  records += ']';

  std::string out = "{\"Records\":" + records;
  // A closed shard read to its end has no next iterator; an open one always has.
  if (!shard->end_n || after < *shard->end_n) {
    IteratorState next = *state;
    next.after = after;
    next.issued_millis = now_ms;
    out += ",\"NextShardIterator\":" + json::serialize(json::value(codec_->Encode(next)));
  }
  out += '}';
  return out;
}

}  // namespace sb::engine::streams
