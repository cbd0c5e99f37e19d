// Storage-internal: one SQLite connection with its prepared-statement cache, and Stmt, the
// one statement helper every SQL statement of the engine goes through. Only files inside
// engine/storage include this header (the rest of the engine sees typed operations).
// Not thread-safe: a connection belongs to one thread at a time (the store hands them out).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sb::engine::storage {

class ReadView;

// A cached prepared statement in use. Reset (and its bindings cleared) when it goes out of
// scope, so a cached statement never holds a read lock past its use.
class Stmt {
 public:
  Stmt(Stmt&& other) noexcept : s_(other.s_), db_(other.db_) { other.s_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt();

  Stmt& Bind(int i, int64_t v);
  Stmt& BindNull(int i);
  Stmt& BindText(int i, std::string_view text);  // copied
  // Not copied: `bytes` must outlive this Stmt. An empty blob binds as a BLOB, never NULL.
  Stmt& BindBlob(int i, std::string_view bytes);

  // true: a row is available; false: done. Errors: code "storage", "<what>: <SQLite message>".
  Result<bool> Step(std::string_view what = "step");
  // Steps once, ignoring any row.
  Status Run(std::string_view what = "step");

  int64_t Int(int col) const;
  bool IsNull(int col) const;
  std::string_view Text(int col) const;  // valid until the next Step
  std::string_view Blob(int col) const;  // valid until the next Step

 private:
  friend class Connection;
  Stmt(sqlite3_stmt* s, sqlite3* db) : s_(s), db_(db) {}
  sqlite3_stmt* s_;
  sqlite3* db_;
};

class Connection {
 public:
  // Opens `path` (":memory:" when in_memory) read-write, creating it if needed.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool in_memory);
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() const { return db_; }

  // The statement for `sql`, prepared once per connection and cached.
  Result<Stmt> Prepare(std::string_view sql);
  // Runs one statement without results through the cache (BEGIN, COMMIT, SAVEPOINT...: no
  // parse per call). Errors: code "storage", "<sql>: <SQLite's message>".
  Status Run(std::string_view sql);
  // Runs one or more statements without results. Errors: code "storage", SQLite's message.
  Status Exec(const char* sql);
  // The rowid of the last INSERT on this connection.
  int64_t LastInsertRowid() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t Changes() const;
  // True inside an explicit transaction.
  bool InTransaction() const;

  // The connection behind a view (for the typed operations of engine/storage).
  static Connection& Of(ReadView& view);

 private:
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
};

// Code "storage": "<what>: <SQLite's message for db>".
Error SqlError(sqlite3* db, std::string_view what);

}  // namespace sb::engine::storage
