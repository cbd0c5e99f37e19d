// Model-based test: random write histories on several tables (every view type, several shard
// counts and rollover settings) against an obviously correct model, a map per table plus the
// list of real changes per key. The stream must hold exactly the model's changes, per key in
// order and in one shard lineage, with the images its view type promises; replaying a
// NEW_IMAGE-style stream reproduces the table; no-op writes and deletes of missing items add
// nothing.
#include <gtest/gtest.h>

#include <map>

#include "protocol/streams/sequence_number.h"
#include "streams_test_util.h"

namespace sb::engine::streams {
namespace {

using protocol::Item;
using testing::ItemOf;
namespace json = boost::json;

struct Change {
  std::string event;  // INSERT, MODIFY, REMOVE
  std::optional<Item> old_item;
  std::optional<Item> new_item;
};

class StreamModelTest : public testing::StreamsFixture,
                        public ::testing::WithParamInterface<uint64_t> {};

std::string Str(const json::value& v) { return std::string(v.as_string()); }

TEST_P(StreamModelTest, StreamEqualsTheModel) {
  SeededRandom rng(GetParam());
  StreamsOptions o;
  o.shards = 1 + static_cast<int>(rng.Uniform(4));
  o.rollover_records = rng.Uniform(2) == 0 ? 0 : 2 + static_cast<int64_t>(rng.Uniform(6));
  Open(o);
  const std::vector<std::string> views = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE",
                                          "NEW_AND_OLD_IMAGES"};
  std::map<std::string, std::string> view_of;
  for (size_t i = 0; i < views.size(); ++i) {
    std::string name = "Tbl" + std::to_string(i);
    CreateTable(name, views[i]);
    view_of[name] = views[i];
  }
  std::map<std::string, std::map<std::string, Item>> model;                   // table -> pk -> item
  std::map<std::string, std::map<std::string, std::vector<Change>>> changes;  // table -> pk -> ...
  for (int step = 0; step < 400; ++step) {
    const std::string table = "Tbl" + std::to_string(rng.Uniform(views.size()));
    const std::string pk = "k" + std::to_string(rng.Uniform(12));
    auto& rows = model[table];
    std::optional<Item> old;
    if (auto it = rows.find(pk); it != rows.end()) old = it->second;
    if (rng.Uniform(4) == 0) {
      Delete(table, ItemOf(R"({"pk":{"S":")" + pk + "\"}}"));
      if (old) {
        changes[table][pk].push_back({"REMOVE", old, std::nullopt});
        rows.erase(pk);
      }
    } else {
      // Few distinct values, so many writes change nothing.
      Item item = ItemOf(R"({"pk":{"S":")" + pk + R"("},"v":{"N":")" +
                         std::to_string(rng.Uniform(3)) + "\"}}");
      Put(table, item);
      if (!old || !(*old == item)) {
        changes[table][pk].push_back({old ? "MODIFY" : "INSERT", old, item});
        rows[pk] = item;
      }
    }
    if (rng.Uniform(50) == 0) clock_.Advance(std::chrono::seconds(1));
  }

  for (const auto& [table, view] : view_of) {
    SCOPED_TRACE(table + " " + view + " shards=" + std::to_string(o.shards) +
                 " rollover=" + std::to_string(o.rollover_records));
    const std::string arn = LatestArn(table);
    // Which shard lineage each key lives in: the root of its shard.
    std::map<std::string, std::string> parent_of;
    for (auto& s : Shards(arn)) {
      if (s.contains("ParentShardId")) parent_of[Str(s["ShardId"])] = Str(s["ParentShardId"]);
    }
    auto root = [&](std::string id) {
      while (parent_of.count(id)) id = parent_of[id];
      return id;
    };
    std::map<std::string, std::vector<json::object>> by_key;
    std::map<std::string, std::string> lineage_of_key;
    std::map<std::string, Item> replay;
    size_t total = 0;
    auto records = ReadStream(arn);
    for (auto& r : records) {
      auto& d = r["dynamodb"].as_object();
      std::string pk = Str(d["Keys"].as_object()["pk"].as_object()["S"]);
      by_key[pk].push_back(r);
      ++total;
      if (view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES") {
        if (Str(r["eventName"]) == "REMOVE") {
          replay.erase(pk);
        } else {
          auto image = protocol::DecodeItem(d["NewImage"]);
          ASSERT_TRUE(image.ok()) << json::serialize(d["NewImage"]) << ": " << image.error().message;
          replay[pk] = image.value();
        }
      }
    }
    // Lineage per key: every record of a key comes from shards with the same root.
    for (const auto& shard : Shards(arn)) {
      auto recs = Drain(Iterator(arn, Str(shard.at("ShardId")), "TRIM_HORIZON"));
      for (auto& r : recs) {
        std::string pk = Str(r["dynamodb"].as_object()["Keys"].as_object()["pk"].as_object()["S"]);
        std::string lineage = root(Str(shard.at("ShardId")));
        auto [it, fresh] = lineage_of_key.emplace(pk, lineage);
        EXPECT_EQ(it->second, lineage) << pk;
      }
    }
    size_t expected_total = 0;
    for (const auto& [pk, list] : changes[table]) {
      expected_total += list.size();
      const auto& got = by_key[pk];
      ASSERT_EQ(got.size(), list.size()) << pk;
      for (size_t i = 0; i < list.size(); ++i) {
        auto d = got[i].at("dynamodb").as_object();
        EXPECT_EQ(Str(got[i].at("eventName")), list[i].event) << pk << " #" << i;
        if (i > 0) {
          EXPECT_EQ(
              protocol::CompareSequenceNumbers(Str(got[i - 1].at("dynamodb").at("SequenceNumber")),
                                               Str(d["SequenceNumber"])),
              std::strong_ordering::less);
        }
        const bool wants_new = view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES";
        const bool wants_old = view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES";
        EXPECT_EQ(d.contains("NewImage"), wants_new && list[i].new_item.has_value());
        EXPECT_EQ(d.contains("OldImage"), wants_old && list[i].old_item.has_value());
        if (d.contains("NewImage")) {
          EXPECT_EQ(protocol::DecodeItem(d["NewImage"]).value(), *list[i].new_item);
        }
        if (d.contains("OldImage")) {
          EXPECT_EQ(protocol::DecodeItem(d["OldImage"]).value(), *list[i].old_item);
        }
      }
    }
    EXPECT_EQ(total, expected_total);
    if (view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES") {
      std::map<std::string, Item> want(model[table].begin(), model[table].end());
      EXPECT_EQ(replay, want);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, StreamModelTest, ::testing::Range<uint64_t>(1, 13));

}  // namespace
}  // namespace sb::engine::streams
