// Test fixture: a Store (in memory or on a temporary file) with Streams attached, a FakeClock,
// and helpers that write items the way the engine's operations do and read streams through
// the four operations.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "engine/storage/store.h"
#include "engine/streams/ids.h"
#include "engine/ops/raw_json.h"
#include "engine/ops/registry.h"
#include "engine/streams/operations.h"
#include "engine/streams/streams.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::streams::testing {

namespace json = boost::json;
using protocol::Item;

inline Item ItemOf(std::string_view json_text) {
  auto r = protocol::ParseItemJson(json_text);
  EXPECT_TRUE(r.ok()) << json_text;
  return r.ok() ? r.value() : Item{};
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sb-streams-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file() const { return path_ + "/db.sqlite"; }

 private:
  std::string path_;
};

class StreamsFixture : public ::testing::Test {
 protected:
  // (Re)opens the store and streams; an empty path means in memory.
  void Open(StreamsOptions o = {}, const std::string& path = "") {
    store_.reset();
    streams_.reset();
    o.clock = &clock_;
    o.random = &random_;
    streams_ = std::make_unique<Streams>(o);
    storage::StoreOptions so;
    so.in_memory = path.empty();
    so.path = path;
    so.observer = streams_.get();
    auto s = storage::Store::Open(so);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    Status st = streams_->Attach(store_.get());
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  void SetUp() override { Open(); }

  // A table with hash key "pk" (S) and optional range key "sk" (N); a stream of `view`
  // unless it is empty.
  void CreateTable(const std::string& name, const std::string& view, bool range = false) {
    TableDef t;
    t.name = name;
    t.key.hash = {"pk", ScalarType::S};
    if (range) t.key.range = KeyElement{"sk", ScalarType::N};
    if (!view.empty()) t.stream = {true, view, StreamLabelAt(clock_.NowUnixMillis())};
    Status st = store_->Write([&](storage::WriteTxn& txn) -> Status {
      SB_ASSIGN_OR_RETURN(auto def, txn.CreateTable(std::move(t)));
      (void)def;
      return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  // UpdateTable's StreamSpecification change (empty view: disable).
  void SetStream(const std::string& name, const std::string& view) {
    Status st = store_->Write([&](storage::WriteTxn& txn) -> Status {
      TableDef def = *txn.FindTable(name);
      def.stream.enabled = !view.empty();
      if (!view.empty()) {
        def.stream.view_type = view;
        def.stream.label = StreamLabelAt(clock_.NowUnixMillis());
      }
      SB_ASSIGN_OR_RETURN(auto out, txn.ReplaceTable(std::move(def)));
      (void)out;
      return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  void DropTable(const std::string& name) {
    Status st = store_->Write(
        [&](storage::WriteTxn& txn) -> Status { return txn.DeleteTable(*txn.FindTable(name)); });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  // PutItem: reads the old item in the transaction, as the operations do.
  void Put(const std::string& table, const Item& item) {
    Status st = store_->Write([&](storage::WriteTxn& txn) -> Status {
      auto def = txn.FindTable(table);
      auto key = storage::EncodeItemKey(def->key, item);
      SB_ASSIGN_OR_RETURN(auto old, txn.Get(*def, *key));
      return txn.Put(*def, item, old);
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  // DeleteItem: deletes only an existing item (a missing one changes nothing).
  void Delete(const std::string& table, const Item& key_item,
              storage::ChangeCause cause = storage::ChangeCause::kRequest) {
    Status st = store_->Write([&](storage::WriteTxn& txn) -> Status {
      auto def = txn.FindTable(table);
      auto key = storage::EncodeItemKey(def->key, key_item);
      SB_ASSIGN_OR_RETURN(auto old, txn.Get(*def, *key));
      if (!old) return {};
      return txn.Delete(*def, *old, cause);
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  // Runs a Streams operation as the engine does, and its response through the wire (so a
  // test sees exactly what a client parses).
  protocol::ApiResult<json::object> Try(std::string_view op, const json::object& req) {
    ops::OpFn fn = ops::OpRegistry::Global().Find(std::string(ops::kStreamsService) + "." +
                                                  std::string(op));
    if (fn == nullptr) return protocol::ApiError::UnknownOperation();
    ops::Context ctx;
    ctx.store = store_.get();
    ctx.clock = &clock_;
    ctx.streams = streams_.get();
    auto r = fn(ctx, req);
    if (!r.ok()) return Fail(r.error());
    return json::parse(json::serialize(r.value())).as_object();
  }
  json::object Call(std::string_view op, const json::object& req) {
    auto r = Try(op, req);
    EXPECT_TRUE(r.ok()) << op << ": " << (r.ok() ? "" : r.error().type + " " + r.error().message);
    // As the client sees it: through the dispatcher's writer, raw records spliced in.
    return r.ok() ? json::parse(ops::ResponseText(r.value())).as_object() : json::object{};
  }
  protocol::ApiError CallError(std::string_view op, const json::object& req) {
    auto r = Try(op, req);
    EXPECT_FALSE(r.ok()) << op << " unexpectedly succeeded: " << json::serialize(r.value());
    return r.ok() ? protocol::ApiError{} : r.error();
  }

  std::string LatestArn(const std::string& table) {
    auto out = Call("ListStreams", {{"TableName", table}});
    const auto& list = out["Streams"].as_array();
    EXPECT_FALSE(list.empty());
    return list.empty() ? "" : std::string(list.back().as_object().at("StreamArn").as_string());
  }

  std::vector<json::object> Shards(const std::string& arn) {
    std::vector<json::object> out;
    json::object req{{"StreamArn", arn}};
    for (;;) {
      auto d = Call("DescribeStream", req);
      auto& desc = d["StreamDescription"].as_object();
      for (auto& s : desc["Shards"].as_array()) out.push_back(s.as_object());
      if (!desc.contains("LastEvaluatedShardId")) break;
      req["ExclusiveStartShardId"] = desc["LastEvaluatedShardId"];
    }
    return out;
  }

  std::string Iterator(const std::string& arn, const std::string& shard, const std::string& type,
                       const std::string& seq = "") {
    json::object req{{"StreamArn", arn}, {"ShardId", shard}, {"ShardIteratorType", type}};
    if (!seq.empty()) req["SequenceNumber"] = seq;
    auto out = Call("GetShardIterator", req);
    return out.contains("ShardIterator") ? std::string(out["ShardIterator"].as_string()) : "";
  }

  // Reads one shard from `iterator` until it is drained (closed) or an empty page (open).
  // `closed_end` reports whether NextShardIterator ended absent.
  std::vector<json::object> Drain(std::string iterator, bool* closed_end = nullptr,
                                  int limit = 1000) {
    std::vector<json::object> out;
    for (;;) {
      auto page = Call("GetRecords", {{"ShardIterator", iterator}, {"Limit", limit}});
      auto& records = page["Records"].as_array();
      for (auto& r : records) out.push_back(r.as_object());
      if (!page.contains("NextShardIterator")) {
        if (closed_end) *closed_end = true;
        return out;
      }
      if (records.empty()) {
        if (closed_end) *closed_end = false;
        return out;
      }
      iterator = std::string(page["NextShardIterator"].as_string());
    }
  }

  // Every record of a stream, shard by shard with parents before children (as consumers
  // must read), each shard from TRIM_HORIZON.
  std::vector<json::object> ReadStream(const std::string& arn) {
    auto shards = Shards(arn);
    std::vector<json::object> out;
    std::vector<std::string> done;
    while (done.size() < shards.size()) {
      size_t before = done.size();
      for (auto& s : shards) {
        std::string id(s["ShardId"].as_string());
        if (std::find(done.begin(), done.end(), id) != done.end()) continue;
        if (s.contains("ParentShardId")) {
          std::string parent(s["ParentShardId"].as_string());
          bool parent_known = false;
          for (auto& p : shards) parent_known = parent_known || p["ShardId"].as_string() == parent;
          if (parent_known && std::find(done.begin(), done.end(), parent) == done.end()) continue;
        }
        auto records = Drain(Iterator(arn, id, "TRIM_HORIZON"));
        out.insert(out.end(), records.begin(), records.end());
        done.push_back(id);
      }
      EXPECT_GT(done.size(), before) << "shard lineage has a cycle";
      if (done.size() == before) break;
    }
    return out;
  }

  FakeClock clock_;
  SeededRandom random_{20261125};
  std::unique_ptr<Streams> streams_;
  std::unique_ptr<storage::Store> store_;
};

}  // namespace sb::engine::streams::testing
