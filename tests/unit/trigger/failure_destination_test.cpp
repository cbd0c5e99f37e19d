// Tests of the on-failure record (Lambda's DDBStreamBatchInfo document) and the JSON-lines file.
#include "trigger/failure_destination.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

namespace sb::trigger {
namespace {

FailureRecord Sample() {
  FailureRecord r;
  r.request_id = "c5a5f0ae-0000-4000-8000-000000000001";
  r.function_arn = "arn:aws:lambda:us-east-1:000000000000:function:f";
  r.condition = kConditionRetryAttemptsExhausted;
  r.approximate_invoke_count = 3;
  r.function_error = "Unhandled";
  r.timestamp_millis = 1573690429717;  // 2019-11-14T00:13:49.717Z
  r.shard_id = "shardId-00000001573689847184-864758bb";
  r.start_sequence_number = "800000000003126276362";
  r.end_sequence_number = "800000000003126276363";
  r.first_arrival_seconds = 1573690399;  // 2019-11-14T00:13:19Z
  r.last_arrival_seconds = 1573690400;
  r.batch_size = 2;
  r.stream_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/L";
  return r;
}

TEST(FailureRecordTest, HasLambdasFields) {
  auto v = boost::json::parse(EncodeFailureRecord(Sample())).as_object();
  const auto& req = v.at("requestContext").as_object();
  EXPECT_EQ(req.at("requestId").as_string(), "c5a5f0ae-0000-4000-8000-000000000001");
  EXPECT_EQ(req.at("functionArn").as_string(), "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_EQ(req.at("condition").as_string(), "RetryAttemptsExhausted");
  EXPECT_EQ(req.at("approximateInvokeCount").as_int64(), 3);
  const auto& resp = v.at("responseContext").as_object();
  EXPECT_EQ(resp.at("statusCode").as_int64(), 200);
  EXPECT_EQ(resp.at("executedVersion").as_string(), "$LATEST");
  EXPECT_EQ(resp.at("functionError").as_string(), "Unhandled");
  EXPECT_EQ(v.at("version").as_string(), "1.0");
  EXPECT_EQ(v.at("timestamp").as_string(), "2019-11-14T00:13:49.717Z");
  const auto& info = v.at("DDBStreamBatchInfo").as_object();
  EXPECT_EQ(info.at("shardId").as_string(), "shardId-00000001573689847184-864758bb");
  EXPECT_EQ(info.at("startSequenceNumber").as_string(), "800000000003126276362");
  EXPECT_EQ(info.at("endSequenceNumber").as_string(), "800000000003126276363");
  EXPECT_EQ(info.at("approximateArrivalOfFirstRecord").as_string(), "2019-11-14T00:13:19Z");
  EXPECT_EQ(info.at("approximateArrivalOfLastRecord").as_string(), "2019-11-14T00:13:20Z");
  EXPECT_EQ(info.at("batchSize").as_int64(), 2);
  EXPECT_EQ(info.at("streamArn").as_string(),
            "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/L");
}

TEST(FailureRecordTest, FunctionErrorOmittedWhenEmpty) {
  FailureRecord r = Sample();
  r.function_error.clear();
  auto v = boost::json::parse(EncodeFailureRecord(r)).as_object();
  EXPECT_FALSE(v.at("responseContext").as_object().contains("functionError"));
}

TEST(JsonLinesFailureFileTest, AppendsOneLinePerRecord) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("sb-onfailure-" + std::to_string(::getpid()) + ".jsonl"))
                         .string();
  std::filesystem::remove(path);
  JsonLinesFailureFile file(path);
  ASSERT_TRUE(file.Write(Sample()).ok());
  FailureRecord second = Sample();
  second.batch_size = 7;
  ASSERT_TRUE(file.Write(second).ok());
  std::ifstream in(path);
  std::string line;
  std::vector<int64_t> sizes;
  while (std::getline(in, line)) {
    sizes.push_back(boost::json::parse(line).at("DDBStreamBatchInfo").at("batchSize").as_int64());
  }
  EXPECT_EQ(sizes, (std::vector<int64_t>{2, 7}));
  std::filesystem::remove(path);
}

TEST(JsonLinesFailureFileTest, FileIsPrivate) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("sb-onfailure-mode-" + std::to_string(::getpid()) + ".jsonl"))
                         .string();
  std::filesystem::remove(path);
  const mode_t old_umask = ::umask(022);  // the usual umask, which would give 0644
  ASSERT_TRUE(JsonLinesFailureFile(path).Write(Sample()).ok());
  ::umask(old_umask);
  EXPECT_EQ(std::filesystem::status(path).permissions(),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::remove(path);
}

TEST(JsonLinesFailureFileTest, UnwritablePathIsAnError) {
  JsonLinesFailureFile file("/nonexistent-dir/x.jsonl");
  Status s = file.Write(Sample());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "on_failure");
}

}  // namespace
}  // namespace sb::trigger
