// The item cache: its budget and order, the argument of item_cache.h checked on every
// interleaving of one commit with three reads of the key, and Store::Get under a concurrent
// writer on a real SQLite file.
#include "engine/storage/item_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "engine/storage/store.h"

namespace sb::engine::storage {
namespace {

using protocol::AttributeValue;
using protocol::Item;
using protocol::Number;

// An item {"v": v} without its JSON text (the cache only stores it, and counts its size).
std::shared_ptr<const StoredItem> ItemWith(int v) {
  return std::make_shared<const StoredItem>(
      StoredItem{Item{{"v", AttributeValue::N(Number::FromInt(v))}}, ""});
}
int ValueOf(const Item& item) {
  int64_t v = 0;
  EXPECT_TRUE(item.at("v").n().ToInt64(&v));
  return static_cast<int>(v);
}
int ValueOf(const StoredItem& stored) { return ValueOf(stored.item); }

TEST(ItemCacheTest, KeepsWhatAMissReadAndServesItAgain) {
  ItemCache cache(1 << 20);
  ItemCache::Ticket t;
  EXPECT_FALSE(cache.Lookup(1, "h", "r", &t));
  EXPECT_TRUE(cache.Insert(t, 1, "h", "r", ItemWith(7), 10));
  ItemCache::Ticket unused;
  auto hit = cache.Lookup(1, "h", "r", &unused);
  ASSERT_TRUE(hit);
  EXPECT_EQ(ValueOf(*hit), 7);
  // The table id, the hash and the range all tell keys apart.
  EXPECT_FALSE(cache.Lookup(2, "h", "r", &unused));
  EXPECT_FALSE(cache.Lookup(1, "hr", "", &unused));
  EXPECT_FALSE(cache.Lookup(1, "h", "", &unused));
}

TEST(ItemCacheTest, StaysWithinItsBudgetDroppingWhatWasNotReadAgain) {
  // Each entry costs 2 * 100 + 2 + 256 = 458 bytes: three fit in 1,400.
  ItemCache cache(1400);
  auto put = [&](const std::string& k) {
    ItemCache::Ticket t;
    EXPECT_FALSE(cache.Lookup(1, k, "", &t));
    EXPECT_TRUE(cache.Insert(t, 1, k, "", ItemWith(0), 100));
  };
  auto has = [&](const std::string& k) {
    ItemCache::Ticket t;
    return cache.Lookup(1, k, "", &t) != nullptr;
  };
  put("k1");
  put("k2");
  put("k3");
  EXPECT_TRUE(has("k1"));  // now k2 is the least recently used
  put("k4");
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_LE(cache.bytes(), 1400u);
  EXPECT_FALSE(has("k2"));
  EXPECT_TRUE(has("k1"));
  EXPECT_TRUE(has("k3"));
  EXPECT_TRUE(has("k4"));
  // An item larger than the whole budget is not kept, and evicts nothing.
  ItemCache::Ticket t;
  EXPECT_FALSE(cache.Lookup(1, "big", "", &t));
  EXPECT_FALSE(cache.Insert(t, 1, "big", "", ItemWith(0), 1000));
  EXPECT_EQ(cache.size(), 3u);
}

// Random lookups, inserts and commits against a reference: the cache holds only what was
// last inserted for each key since its last commit, stays within its budget, and its
// bookkeeping (bytes, the clock's ring) stays consistent through evictions and drops.
TEST(ItemCacheTest, RandomOperationsKeepItsContentsAndBudget) {
  ItemCache cache(20 * 458);  // 20 entries of 100 stored bytes (see the test above)
  std::map<int, int> latest;  // key -> the value a reader last inserted since its last commit
  uint64_t rng = 12345;
  auto next = [&](uint64_t n) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng >> 33) % n;
  };
  int hits = 0;
  for (int i = 0; i < 20000; ++i) {
    const int k = static_cast<int>(next(60));
    const std::string h = std::to_string(10 + k);  // two characters, as in the test above
    const uint64_t op = next(10);
    if (op < 7) {
      ItemCache::Ticket t;
      if (auto hit = cache.Lookup(1, h, "", &t)) {
        ++hits;
        ASSERT_TRUE(latest.count(k)) << "key " << k << " served after it was dropped";
        ASSERT_EQ(ValueOf(*hit), latest[k]) << "key " << k;
      } else {
        const int v = static_cast<int>(next(1000));
        ASSERT_TRUE(cache.Insert(t, 1, h, "", ItemWith(v), 100));
        latest[k] = v;
      }
    } else if (op < 9) {
      cache.BeginCommit({ItemCache::Key{1, h, ""}}, false);
      cache.EndCommit();
      latest.erase(k);
    } else if (next(50) == 0) {
      cache.BeginCommit({}, true);
      cache.EndCommit();
      latest.clear();
    }
    ASSERT_LE(cache.bytes(), size_t{20 * 458});
    ASSERT_EQ(cache.bytes(), cache.size() * 458);
  }
  EXPECT_GT(hits, 1000);
}

TEST(ItemCacheTest, ACommitOfOtherKeysOnlyRefusesReadsThatOverlapIt) {
  ItemCache cache(1 << 20);
  ItemCache::Ticket before;
  EXPECT_FALSE(cache.Lookup(1, "a", "", &before));
  cache.BeginCommit({ItemCache::Key{1, "b", ""}}, false);
  cache.EndCommit();
  // The read of "a" may have begun before that commit: refused, though "a" did not change.
  EXPECT_FALSE(cache.Insert(before, 1, "a", "", ItemWith(1), 10));
  ItemCache::Ticket after;
  EXPECT_FALSE(cache.Lookup(1, "a", "", &after));
  EXPECT_TRUE(cache.Insert(after, 1, "a", "", ItemWith(1), 10));
  // A commit that drops everything (a table's catalog changed).
  cache.BeginCommit({}, true);
  cache.EndCommit();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}

// ---- The argument, on every interleaving ----
//
// One key holds 1; a write changes it to 2. The writer's steps: BeginCommit, the COMMIT (from
// then on SQLite returns 2), EndCommit, after which the write is acknowledged. A reader's
// steps: Lookup (a hit returns at once), its read of SQLite, Insert (then it returns what it
// read). Every interleaving of the writer with three readers is run, with the key cached
// beforehand and without. Each read must be linearizable: a read that begins after the
// acknowledgement, or after another read returned 2, returns 2.

enum Actor { kWriter = 0, kReaders = 1 };
constexpr int kReaderCount = 3;
constexpr int kStepsEach = 3;

struct Outcome {
  std::string failure;  // empty: every property held
};

std::string Describe(const std::vector<int>& order) {
  std::string s;
  for (int a : order) s += a == kWriter ? 'W' : static_cast<char>('0' + a);
  return s;
}

Outcome RunInterleaving(const std::vector<int>& order, bool cached_before) {
  ItemCache cache(1 << 20);
  const ItemCache::Key key{1, "k", ""};
  if (cached_before) {
    ItemCache::Ticket t;
    cache.Lookup(1, "k", "", &t);
    cache.Insert(t, 1, "k", "", ItemWith(1), 10);
  }
  int committed = 1;
  int writer_pc = 0;
  int step = 0;
  int acked_at = -1;          // step of EndCommit
  int two_returned_at = -1;   // first step at which some read returned 2
  struct Reader {
    int pc = 0;
    bool done = false;
    int began = -1;
    int read = 0;
    ItemCache::Ticket ticket;
  } readers[kReaderCount];
  auto returned = [&](Reader& r, int value) -> std::string {
    r.done = true;
    if (acked_at >= 0 && r.began > acked_at && value != 2) {
      return "a read begun after the acknowledgement returned " + std::to_string(value);
    }
    if (two_returned_at >= 0 && r.began > two_returned_at && value != 2) {
      return "a read begun after another returned 2 returned " + std::to_string(value);
    }
    if (value == 2 && two_returned_at < 0) two_returned_at = step;
    return "";
  };
  for (int actor : order) {
    std::string failure;
    if (actor == kWriter) {
      switch (writer_pc++) {
        case 0: cache.BeginCommit({key}, false); break;
        case 1: committed = 2; break;
        case 2: cache.EndCommit(); acked_at = step; break;
      }
    } else {
      Reader& r = readers[actor - kReaders];
      const int pc = r.pc++;
      if (!r.done) {
        if (pc == 0) {
          r.began = step;
          if (auto hit = cache.Lookup(1, "k", "", &r.ticket)) failure = returned(r, ValueOf(*hit));
        } else if (pc == 1) {
          r.read = committed;
        } else {
          cache.Insert(r.ticket, 1, "k", "", ItemWith(r.read), 10);
          failure = returned(r, r.read);
        }
      }
    }
    if (!failure.empty()) return {failure + " in " + Describe(order)};
    ++step;
  }
  ItemCache::Ticket t;
  if (auto left = cache.Lookup(1, "k", "", &t); left && ValueOf(*left) != 2) {
    return {"the cache still holds " + std::to_string(ValueOf(*left)) + " after " +
            Describe(order)};
  }
  return {};
}

// Calls `fn` with every order of kStepsEach steps of each actor.
template <class F>
void ForEachInterleaving(std::vector<int>& order, int left[], int actors, const F& fn) {
  bool any = false;
  for (int a = 0; a < actors; ++a) {
    if (left[a] == 0) continue;
    any = true;
    --left[a];
    order.push_back(a);
    ForEachInterleaving(order, left, actors, fn);
    order.pop_back();
    ++left[a];
  }
  if (!any) fn(order);
}

TEST(ItemCacheTest, EveryInterleavingOfACommitAndThreeReadsIsLinearizable) {
  for (bool cached_before : {false, true}) {
    int left[1 + kReaderCount];
    for (int& l : left) l = kStepsEach;
    std::vector<int> order;
    int64_t runs = 0;
    std::string first_failure;
    ForEachInterleaving(order, left, 1 + kReaderCount, [&](const std::vector<int>& o) {
      ++runs;
      if (!first_failure.empty()) return;
      first_failure = RunInterleaving(o, cached_before).failure;
    });
    EXPECT_EQ(runs, 369600);  // 12! / (3!)^4
    EXPECT_EQ(first_failure, "") << "cached before: " << cached_before;
  }
}

// ---- Store::Get with a writer, on a real file ----

TEST(ItemCacheTest, StoreReadsNeverGoBackAndSeeEveryAcknowledgedWrite) {
  char tmpl[] = "/tmp/sb-item-cache-test-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  {
    StoreOptions o;
    o.path = dir + "/db.sqlite";
    o.item_cache_bytes = 4 * 1024;  // a few entries: eviction runs too
    auto opened = Store::Open(o);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    Store& store = *opened.value();
    TableDef def;
    def.name = "T";
    def.key = {{"pk", ScalarType::S}, std::nullopt};
    std::shared_ptr<const TableDef> table;
    ASSERT_TRUE(store.Write([&](WriteTxn& t) -> Status {
                       SB_ASSIGN_OR_RETURN(table, t.CreateTable(def));
                       return {};
                     }).ok());
    constexpr int kKeys = 8;
    constexpr int kRounds = 400;
    std::atomic<int> acked[kKeys] = {};
    auto key_of = [](int k) {
      return EncodeKey(KeyValues{AttributeValue::S("k" + std::to_string(k)), std::nullopt});
    };
    std::atomic<bool> stop{false};
    std::atomic<int64_t> reads{0};
    std::vector<std::string> failures(2);
    std::vector<std::thread> readers;
    for (int r = 0; r < 2; ++r) {
      readers.emplace_back([&, r] {
        int seen[kKeys] = {};
        for (int i = 0; !stop.load(); ++i) {
          const int k = (i * 5 + r) % kKeys;
          const int floor = acked[k].load();
          auto got = store.Get(*table, key_of(k));
          if (!got.ok()) {
            failures[r] = got.error().message;
            return;
          }
          const int v = got.value() ? ValueOf(*got.value()) : 0;
          if (v < floor || v < seen[k]) {
            failures[r] = "key " + std::to_string(k) + " read " + std::to_string(v) +
                          " after seeing " + std::to_string(std::max(floor, seen[k]));
            return;
          }
          seen[k] = v;
          reads.fetch_add(1);
        }
      });
    }
    for (int round = 1; round <= kRounds; ++round) {
      for (int k = 0; k < kKeys; ++k) {
        Item item{{"pk", AttributeValue::S("k" + std::to_string(k))},
                  {"v", AttributeValue::N(Number::FromInt(round))}};
        Status st = store.Write([&](WriteTxn& t) -> Status {
          SB_ASSIGN_OR_RETURN(auto old, t.Get(*table, key_of(k)));
          return t.Put(*table, item, old);
        });
        ASSERT_TRUE(st.ok()) << st.error().message;
        acked[k].store(round);
        auto got = store.Get(*table, key_of(k));
        ASSERT_TRUE(got.ok() && got.value());
        ASSERT_EQ(ValueOf(*got.value()), round) << "the writer's own read after its ack";
      }
    }
    stop = true;
    for (auto& t : readers) t.join();
    EXPECT_EQ(failures[0], "");
    EXPECT_EQ(failures[1], "");
    EXPECT_GT(reads.load(), 0);
    // A deleted item is gone from the cache too.
    Status del = store.Write([&](WriteTxn& t) -> Status {
      SB_ASSIGN_OR_RETURN(auto old, t.Get(*table, key_of(0)));
      return t.Delete(*table, *old);
    });
    ASSERT_TRUE(del.ok());
    auto gone = store.Get(*table, key_of(0));
    ASSERT_TRUE(gone.ok());
    EXPECT_FALSE(gone.value());
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sb::engine::storage
