// GetRecords passes each record through byte for byte: the bytes a response carries for a
// record are the text stored when the record was written (engine/ops/raw_json.h), through the
// dispatcher that writes the HTTP response and its CRC.
#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "engine/server/dispatcher.h"
#include "engine/storage/stream_rows.h"
#include "streams_test_util.h"

namespace sb::engine::streams::testing {
namespace {

class GetRecordsRawTest : public StreamsFixture {
 protected:
  // GetRecords through the dispatcher, as an HTTP client would call it.
  http::Response Post(const std::string& iterator) {
    ops::Context ctx;
    ctx.store = store_.get();
    ctx.clock = &clock_;
    ctx.streams = streams_.get();
    server::Dispatcher dispatcher(&ctx, {});
    http::Request r;
    r.method = "POST";
    r.target = "/";
    r.headers.Add("Host", "localhost");
    r.headers.Add("X-Amz-Target", "DynamoDBStreams_20120810.GetRecords");
    r.body = json::serialize(json::object{{"ShardIterator", iterator}});
    return dispatcher.Handle(r);
  }

  // The record texts stored for the iterator's shard, and the last record's n.
  std::vector<std::string> Stored(const std::string& iterator, int64_t* last_n) {
    auto state = streams_->codec().Decode(iterator);
    EXPECT_TRUE(state.has_value());
    std::vector<std::string> out;
    Status st = store_->Read([&](storage::ReadView& view) -> Status {
      SB_ASSIGN_OR_RETURN(auto shard, storage::FindShardByRow(view, state->shard_row));
      if (!shard) return MakeError("test", "no shard");
      shid_ = shard->shid;
      return storage::ReadRecords(view, shard->shid, state->after, 1000,
                                  [&](int64_t n, std::string_view text) {
                                    out.emplace_back(text);
                                    *last_n = n;
                                    return true;
                                  });
    });
    EXPECT_TRUE(st.ok());
    return out;
  }

  int64_t shid_ = 0;
};

TEST_F(GetRecordsRawTest, ResponseCarriesTheStoredRecordBytesUnchanged) {
  CreateTable("Tbl1", "NEW_AND_OLD_IMAGES");
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"},"score":{"N":"10"}})"));
  Put("Tbl1", ItemOf(R"({"pk":{"S":"a"},"score":{"N":"12"},"name":{"S":"\u00e9\"x"}})"));
  const std::string arn = LatestArn("Tbl1");
  const std::string it = Iterator(arn, std::string(Shards(arn)[0]["ShardId"].as_string()), "TRIM_HORIZON");
  int64_t last_n = 0;
  std::vector<std::string> stored = Stored(it, &last_n);
  ASSERT_EQ(stored.size(), 2u);
  // A record whose formatting no JSON serializer would reproduce (spaces, member order, a
  // number in exponent form): any parse and re-serialize on the way changes its bytes.
  const std::string odd =
      R"({ "eventName" : "INSERT", "eventID":"odd",  "dynamodb": {"SequenceNumber": "9",)"
      R"( "Keys": {"pk": {"S":"z"}}, "ApproximateCreationDateTime": 1.7E9, "SizeBytes": 2.0}})";
  Status st = store_->Write([&](storage::WriteTxn& txn) -> Status {
    return storage::AppendRecord(txn, shid_, last_n + 1, clock_.NowUnixMillis(), odd);
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  stored.push_back(odd);

  http::Response r = Post(it);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string records = R"("Records":[)" + stored[0] + "," + stored[1] + "," + odd + "]";
  EXPECT_NE(r.body.find(records), std::string::npos) << r.body;
  // Still one valid JSON object, with the CRC over the bytes sent.
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  ASSERT_FALSE(ec) << r.body;
  EXPECT_EQ(v.at("Records").as_array().size(), 3u);
  EXPECT_TRUE(v.as_object().contains("NextShardIterator"));
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(r.body.data()),
                    static_cast<uInt>(r.body.size()));
  EXPECT_EQ(r.headers.Get("x-amz-crc32").value_or(""), std::to_string(crc));
}

TEST_F(GetRecordsRawTest, AnEmptyPageIsAnEmptyArray) {
  CreateTable("Tbl1", "KEYS_ONLY");
  const std::string arn = LatestArn("Tbl1");
  http::Response r = Post(Iterator(arn, std::string(Shards(arn)[0]["ShardId"].as_string()), "LATEST"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find(R"({"Records":[],"NextShardIterator":")"), 0u) << r.body;
}

}  // namespace
}  // namespace sb::engine::streams::testing
