// ItemCache: recently read items, decoded and with their JSON (stored_item.h), in memory, so
// that reading a hot key again skips SQLite (Store::Get, GetItem's path). Bounded by an
// approximate byte budget; what goes first is chosen by the CLOCK algorithm (an approximation
// of least recently used in which a hit only sets a flag, so reads never rearrange the cache).
//
// Exact by construction (docs/engine.md, "The item cache"): the cache never serves a value
// older than one a reader could already have seen. Three rules make it so:
// - A miss takes a Ticket before its read of SQLite, and Insert() keeps what it read only if
//   no commit began since the ticket was taken and none is in progress.
// - Before the COMMIT of a transaction that changed items, the writer calls BeginCommit() with
//   every key it changed: those entries are dropped, and until EndCommit() nothing is
//   inserted. So from before the new values become visible until after they are, a changed
//   key is absent: every reader of it goes to SQLite, which is monotonic by itself.
// - EndCommit() runs after the COMMIT and before the writes are acknowledged. Any ticket taken
//   before it is refused, so a read that might predate the COMMIT is never kept; a ticket
//   taken after it leads to a read that sees the COMMIT.
// Writes are serialized (one writer), so at most one commit is in progress at a time.
// Thread-safe.
#pragma once

#include <boost/unordered/unordered_flat_map.hpp>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/storage/stored_item.h"

namespace sb::engine::storage {

class ItemCache {
 public:
  // A table key as the writer collects them: the table's id and its encoded key.
  struct Key {
    int64_t table_id = 0;
    std::string hash;
    std::string range;
    friend bool operator==(const Key&, const Key&) = default;
  };
  // Where a miss stands against commits: taken by Lookup(), handed back to Insert().
  struct Ticket {
    uint64_t generation = 0;
  };

  // `capacity_bytes` > 0.
  explicit ItemCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

  // The cached item, or null and `ticket` filled in for a later Insert().
  std::shared_ptr<const StoredItem> Lookup(int64_t table_id, std::string_view hash,
                                           std::string_view range, Ticket* ticket);
  // Keeps `item` (read from SQLite after Lookup() issued `ticket`) unless a commit began since
  // or is in progress. `bytes` is its stored size (its JSON is counted besides). Returns
  // whether it was admitted (the clock may still choose it to make room at once).
  bool Insert(const Ticket& ticket, int64_t table_id, std::string_view hash, std::string_view range,
              std::shared_ptr<const StoredItem> item, size_t bytes);
  // The writer, right before COMMIT: drops `changed` (every entry when `all`), and refuses
  // inserts until EndCommit().
  void BeginCommit(const std::vector<Key>& changed, bool all);
  // The writer, after the COMMIT (or its failure), before acknowledging anything.
  void EndCommit();

  // Approximate bytes held and entries (tests, diagnostics).
  size_t bytes() const;
  size_t size() const;

 private:
  struct KeyView {
    int64_t table_id;
    std::string_view hash;
    std::string_view range;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(const KeyView& k) const;
    size_t operator()(const Key& k) const { return (*this)(KeyView{k.table_id, k.hash, k.range}); }
  };
  struct KeyEq {
    using is_transparent = void;
    static KeyView View(const Key& k) { return {k.table_id, k.hash, k.range}; }
    static KeyView View(const KeyView& k) { return k; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      KeyView x = View(a), y = View(b);
      return x.table_id == y.table_id && x.hash == y.hash && x.range == y.range;
    }
  };
  // An open-addressing table: a hit reads the key and the entry where the probe lands, with
  // no chain of nodes to follow. Its elements move when it grows, so the clock's ring keeps
  // copies of the keys.
  struct Entry {
    std::shared_ptr<const StoredItem> item;
    size_t bytes = 0;
    bool referenced = false;        // hit since the clock hand last passed
    std::list<Key>::iterator slot;  // position in ring_
  };
  using Map = boost::unordered_flat_map<Key, Entry, KeyHash, KeyEq>;

  void EraseLocked(Map::iterator it);
  // Drops one entry: the first the hand finds unreferenced, clearing flags on its way.
  void EvictOneLocked();

  const size_t capacity_;
  mutable std::mutex mu_;
  Map map_;                                      // guarded by mu_
  std::list<Key> ring_;                          // the clock, in insertion order; guarded by mu_
  std::list<Key>::iterator hand_ = ring_.end();  // next to look at; guarded by mu_
  size_t bytes_ = 0;                             // guarded by mu_
  uint64_t generation_ = 0;  // advanced by BeginCommit and EndCommit; guarded by mu_
  bool committing_ = false;  // between BeginCommit and EndCommit; guarded by mu_
};

}  // namespace sb::engine::storage
