#include "engine/storage/connection.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "base/private_files.h"
#include "engine/storage/store.h"

namespace sb::engine::storage {

Error SqlError(sqlite3* db, std::string_view what) {
  return MakeError("storage", std::string(what) + ": " + sqlite3_errmsg(db));
}

// ---------------------------------------------------------------------------------------
// Stmt

Stmt::~Stmt() {
  if (s_ != nullptr) {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
}

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}

Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

Stmt& Stmt::BindText(int i, std::string_view text) {
  sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::BindBlob(int i, std::string_view bytes) {
  static const char kEmpty = 0;
  sqlite3_bind_blob(s_, i, bytes.empty() ? &kEmpty : bytes.data(),
                    static_cast<int>(bytes.size()), SQLITE_STATIC);
  return *this;
}

Result<bool> Stmt::Step(std::string_view what) {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqlError(db_, what);
}

Status Stmt::Run(std::string_view what) {
  SB_ASSIGN_OR_RETURN(bool row, Step(what));
  (void)row;
  return {};
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(s_, col); }

bool Stmt::IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

std::string_view Stmt::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  int n = sqlite3_column_bytes(s_, col);
  return p == nullptr ? std::string_view() : std::string_view(p, static_cast<size_t>(n));
}

std::string_view Stmt::Blob(int col) const {
  const void* p = sqlite3_column_blob(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  if (p == nullptr || n == 0) return {};
  return std::string_view(static_cast<const char*>(p), static_cast<size_t>(n));
}

// ---------------------------------------------------------------------------------------
// Connection

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool in_memory) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (!in_memory) {
    // A new database file is created 0600 here, before SQLite would create it 0644; SQLite
    // gives its -wal file the database file's mode. O_EXCL: an existing file is never opened
    // (and closed) here, since closing any descriptor of the file would drop the process's
    // lock on it (POSIX locks belong to the process and the file, not the descriptor).
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateFileMode);
    if (fd >= 0) ::close(fd);
  }
  // "unix-excl": the first connection locks the file against every other process, and the
  // connections of this process then coordinate in memory: no fcntl() per transaction, and
  // the WAL index lives in this process's memory instead of a -shm file (docs/engine.md,
  // "Performance"). The engine's data directory lock already keeps other engines out.
  int rc = sqlite3_open_v2(in_memory ? ":memory:" : path.c_str(), &db, flags,
                           in_memory ? nullptr : "unix-excl");
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return MakeError("storage", "cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  return std::make_unique<Connection>(db);
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Stmt> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(it->second, db_);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    return SqlError(db_, "prepare");
  }
  cache_.emplace(std::string(sql), stmt);
  return Stmt(stmt, db_);
}

Status Connection::Run(std::string_view sql) {
  SB_ASSIGN_OR_RETURN(Stmt s, Prepare(sql));
  return s.Run(sql);
}

Status Connection::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : "unknown";
    sqlite3_free(err);
    return MakeError("storage", msg);
  }
  return {};
}

int64_t Connection::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Connection& Connection::Of(ReadView& view) { return *view.conn_; }

}  // namespace sb::engine::storage
