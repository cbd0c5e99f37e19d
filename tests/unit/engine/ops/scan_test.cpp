#include "engine/ops/scan.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "engine/storage/store.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::AttributeValue;
using protocol::Item;

constexpr int kItems = 150;

// A table Scn(pk S, sk N): 150 items over 29 partitions.
class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions opts;
    opts.in_memory = true;
    store_ = storage::Store::Open(opts).value();
    ctx_.store = store_.get();
    TableDef def;
    def.name = "Scn";
    def.key = {{"pk", ScalarType::S}, KeyElement{"sk", ScalarType::N}};
    def.attribute_definitions = {{"pk", ScalarType::S}, {"sk", ScalarType::N}};
    def.billing = BillingMode::kPayPerRequest;
    auto created = store_->Write([&](storage::WriteTxn& txn) -> Result<int> {
      SB_ASSIGN_OR_RETURN(auto t, txn.CreateTable(def));
      for (int i = 0; i < kItems; ++i) {
        Item item{{"pk", AttributeValue::S("p" + std::to_string(i % 29))},
                  {"sk", AttributeValue::N(protocol::Number::Parse(std::to_string(i)).value())},
                  {"even", AttributeValue::Bool(i % 2 == 0)}};
        SB_TRY_STATUS(txn.Put(*t, item, std::nullopt));
      }
      return 0;
    });
    ASSERT_TRUE(created.ok()) << created.error().message;
  }

  OpResult Run(const json::object& body) { return Scan(ctx_, body); }

  // Pages a scan to the end; returns the (pk, sk) of every item, in order.
  std::vector<std::pair<std::string, std::string>> All(json::object body, int* pages) {
    std::vector<std::pair<std::string, std::string>> out;
    *pages = 0;
    for (;;) {
      OpResult r = Run(body);
      EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
      if (!r.ok()) return out;
      ++*pages;
      for (const auto& i : r->at("Items").as_array()) {
        out.emplace_back(std::string(i.at("pk").at("S").as_string()),
                         std::string(i.at("sk").at("N").as_string()));
      }
      if (!r->contains("LastEvaluatedKey")) return out;
      body["ExclusiveStartKey"] = r->at("LastEvaluatedKey");
    }
  }

  std::unique_ptr<storage::Store> store_;
  Context ctx_;
};

TEST_F(ScanTest, PagesCoverEveryItemOnce) {
  int pages = 0;
  auto all = All(json::object{{"TableName", "Scn"}, {"Limit", 40}}, &pages);
  EXPECT_EQ(pages, 4);
  std::set<std::pair<std::string, std::string>> unique(all.begin(), all.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kItems));
  EXPECT_EQ(unique.size(), static_cast<size_t>(kItems));
}

TEST_F(ScanTest, SegmentsPartitionTheItemsByPartitionKey) {
  for (int total : {1, 2, 5, 16}) {
    std::set<std::pair<std::string, std::string>> seen;
    std::map<std::string, int> owner;
    size_t count = 0;
    for (int seg = 0; seg < total; ++seg) {
      int pages = 0;
      auto part = All(json::object{{"TableName", "Scn"}, {"Segment", seg},
                                   {"TotalSegments", total}, {"Limit", 11}},
                      &pages);
      count += part.size();
      for (const auto& k : part) {
        seen.insert(k);
        auto [it, inserted] = owner.emplace(k.first, seg);
        EXPECT_EQ(it->second, seg) << "partition " << k.first << " straddles segments";
      }
    }
    EXPECT_EQ(count, static_cast<size_t>(kItems)) << total;
    EXPECT_EQ(seen.size(), static_cast<size_t>(kItems)) << total;
  }
}

TEST_F(ScanTest, FilterAndCount) {
  OpResult r = Run(json::parse(R"({"TableName":"Scn","Select":"COUNT",
      "FilterExpression":"even = :t","ExpressionAttributeValues":{":t":{"BOOL":true}}})")
                       .as_object());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->at("Count").as_int64(), kItems / 2);
  EXPECT_EQ(r->at("ScannedCount").as_int64(), kItems);
  EXPECT_FALSE(r->contains("Items"));
}

TEST_F(ScanTest, SegmentErrors) {
  auto error = [&](const char* body) {
    OpResult r = Run(json::parse(body).as_object());
    return r.ok() ? std::string("ok") : r.error().type + ": " + r.error().message;
  };
  EXPECT_EQ(error(R"({"TableName":"Scn","Segment":3,"TotalSegments":3})"),
            "ValidationException: The Segment parameter is zero-based and must be less than "
            "parameter TotalSegments: Segment: 3 is not less than TotalSegments: 3");
  EXPECT_EQ(error(R"({"TableName":"Scn","Segment":0})"),
            "ValidationException: The TotalSegments parameter is required but was not present "
            "in the request when Segment parameter is present");
  EXPECT_EQ(error(R"({"TableName":"Scn","TotalSegments":2})").rfind("ValidationException", 0),
            0u);
  EXPECT_EQ(error(R"({"TableName":"Scn","Segment":"x","TotalSegments":2})")
                .rfind("SerializationException", 0),
            0u);
  EXPECT_EQ(error(R"({"TableName":"Scn","ScanFilter":{"v":{"ComparisonOperator":"BOGUS"}}})")
                .rfind("ValidationException", 0),
            0u);
}

}  // namespace
}  // namespace sb::engine::ops
