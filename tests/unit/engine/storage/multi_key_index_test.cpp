// Store with multi-attribute GSI keys (composite index keys, key_codec.h): sparse entries,
// entries that move with their item, equality-prefix + range reads against a reference, and
// a backfill that skips items whose index key values could not be written.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "base/random.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/store.h"

namespace sb::engine::storage {
namespace {

using protocol::AttributeValue;
using protocol::Item;
using protocol::Number;

// Table T: hash "id" (S). GSI "Multi": HASH g (S), h (N); RANGE x (N), y (S).
IndexDef MultiIndex() {
  IndexDef g;
  g.name = "Multi";
  g.key.hash = {"g", ScalarType::S};
  g.key.hash_rest = {{"h", ScalarType::N}};
  g.key.range = KeyElement{"x", ScalarType::N};
  g.key.range_rest = {{"y", ScalarType::S}};
  return g;
}

TableDef Table(bool with_index) {
  TableDef t;
  t.name = "T";
  t.key = {{"id", ScalarType::S}};
  if (with_index) t.gsis.push_back(MultiIndex());
  return t;
}

std::unique_ptr<Store> Open() {
  StoreOptions o;
  o.in_memory = true;
  auto s = Store::Open(o);
  EXPECT_TRUE(s.ok());
  return std::move(s).value();
}

// The status of a catalog change.
Status Done(const Result<std::shared_ptr<const TableDef>>& r) {
  if (!r.ok()) return r.error();
  return {};
}

Status Put(Store& store, const Item& item) {
  return store.Write([&](WriteTxn& t) -> Status {
    auto def = t.FindTable("T");
    auto key = EncodeItemKey(def->key, item);
    SB_ASSIGN_OR_RETURN(auto old, t.Get(*def, *key));
    return t.Put(*def, item, old);
  });
}

std::vector<std::string> ReadIds(Store& store, const ReadSpec& spec) {
  std::vector<std::string> out;
  EXPECT_TRUE(store.Read([&](ReadView& v) {
    return v.ForEach(spec, [&](const RowView& row) {
      auto item = row.Decode();
      EXPECT_TRUE(item.ok());
      out.push_back(item->at("id").s());
      return true;
    });
  }).ok());
  return out;
}

Item MakeItem(int i, Random& rng) {
  Item item;
  item["id"] = AttributeValue::S("i" + std::to_string(1000 + i));
  if (rng.Uniform(10) != 0) item["g"] = AttributeValue::S(rng.Uniform(2) ? "a" : "b");
  if (rng.Uniform(10) != 0) item["h"] = AttributeValue::N(Number::FromInt(rng.Uniform(2)));
  if (rng.Uniform(10) != 0) {
    item["x"] = AttributeValue::N(Number::FromInt(static_cast<int64_t>(rng.Uniform(21)) - 10));
  }
  if (rng.Uniform(10) != 0) item["y"] = AttributeValue::S(std::string(1 + rng.Uniform(3), 'p'));
  return item;
}

// Reference: (x, y, id) of the items in partition (g, h), in index order.
using Row = std::tuple<int64_t, std::string, std::string>;
std::vector<Row> Partition(const std::map<std::string, Item>& items, const std::string& g,
                           int64_t h) {
  std::vector<Row> rows;
  for (const auto& [id, item] : items) {
    if (!item.count("g") || !item.count("h") || !item.count("x") || !item.count("y")) continue;
    if (item.at("g").s() != g || item.at("h").n() != Number::FromInt(h)) continue;
    rows.emplace_back(std::stoll(item.at("x").n().ToString()), item.at("y").s(), id);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(MultiKeyIndexTest, RangesOverCompositeKeysMatchTheReference) {
  auto store = Open();
  ASSERT_TRUE(store->Write([](WriteTxn& t) -> Status { return Done(t.CreateTable(Table(true))); }).ok());
  SeededRandom rng(17);
  std::map<std::string, Item> items;
  for (int round = 0; round < 3; ++round) {  // later rounds overwrite: entries move
    for (int i = 0; i < 120; ++i) {
      Item item = MakeItem(i, rng);
      ASSERT_TRUE(Put(*store, item).ok());
      items[item.at("id").s()] = item;
    }
  }
  auto def = store->FindTable("T");
  for (const char* g : {"a", "b"}) {
    for (int64_t h : {0, 1}) {
      ReadSpec spec;
      spec.table = def.get();
      spec.index = &def->gsis[0];
      spec.hash = EncodeKeyParts({AttributeValue::S(g), AttributeValue::N(Number::FromInt(h))});
      std::vector<Row> rows = Partition(items, g, h);
      auto ids_of = [](const std::vector<Row>& r) {
        std::vector<std::string> out;
        for (const auto& row : r) out.push_back(std::get<2>(row));
        return out;
      };
      EXPECT_EQ(ReadIds(*store, spec), ids_of(rows));
      for (int64_t v = -11; v <= 11; ++v) {
        // x = v (a prefix), then x > v (just past the prefix's keys).
        AttributeValue av = AttributeValue::N(Number::FromInt(v));
        spec.range = SortKeyRange::Prefix(EncodeKeyComponent(av));
        std::vector<Row> eq, gt;
        for (const auto& row : rows) {
          if (std::get<0>(row) == v) eq.push_back(row);
          if (std::get<0>(row) > v) gt.push_back(row);
        }
        EXPECT_EQ(ReadIds(*store, spec), ids_of(eq)) << v;
        spec.range = SortKeyRange{Bound{EncodeKeyComponentUpper(av), true}, std::nullopt};
        EXPECT_EQ(ReadIds(*store, spec), ids_of(gt)) << v;
        // x = v AND begins_with(y, "pp").
        spec.range = SortKeyRange::Prefix(EncodeKeyComponent(av) +
                                          EncodeKeyComponentPrefix(AttributeValue::S("pp")));
        std::vector<Row> pp;
        for (const auto& row : eq) {
          if (std::get<1>(row).rfind("pp", 0) == 0) pp.push_back(row);
        }
        EXPECT_EQ(ReadIds(*store, spec), ids_of(pp)) << v;
      }
    }
  }
}

TEST(MultiKeyIndexTest, BackfillSkipsItemsWhoseKeyValuesCannotBeIndexed) {
  auto store = Open();
  ASSERT_TRUE(store->Write([](WriteTxn& t) -> Status { return Done(t.CreateTable(Table(false))); }).ok());
  auto item = [](const std::string& id, AttributeValue g, AttributeValue y) {
    return Item{{"id", AttributeValue::S(id)}, {"g", std::move(g)},
                {"h", AttributeValue::N(Number::FromInt(1))},
                {"x", AttributeValue::N(Number::FromInt(2))}, {"y", std::move(y)}};
  };
  ASSERT_TRUE(Put(*store, item("ok", AttributeValue::S("a"), AttributeValue::S("y"))).ok());
  ASSERT_TRUE(Put(*store, item("empty", AttributeValue::S(""), AttributeValue::S("y"))).ok());
  ASSERT_TRUE(
      Put(*store, item("long", AttributeValue::S("a"), AttributeValue::S(std::string(1025, 'y'))))
          .ok());
  ASSERT_TRUE(Put(*store, item("type", AttributeValue::N(Number::FromInt(3)),
                               AttributeValue::S("y"))).ok());
  Status st = store->Write([](WriteTxn& t) -> Status {
    TableDef def = *t.FindTable("T");
    def.gsis.push_back(MultiIndex());
    return Done(t.ReplaceTable(def));
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  auto def = store->FindTable("T");
  ReadSpec spec;
  spec.table = def.get();
  spec.index = &def->gsis[0];
  EXPECT_EQ(ReadIds(*store, spec), std::vector<std::string>{"ok"});
}

}  // namespace
}  // namespace sb::engine::storage
