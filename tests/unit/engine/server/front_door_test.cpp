// The front door's routing: operations registered as writes go to the store's writer
// (to_pool picks them, WriterOffload runs them); every other request runs inline.
#include "engine/server/front_door.h"

#include <gtest/gtest.h>

#include "engine/ops/registry.h"

namespace sb::engine::server {
namespace {

http::Request WithTarget(const std::string& target) {
  http::Request r;
  r.method = "POST";
  r.target = "/";
  r.headers.Add("X-Amz-Target", target);
  return r;
}

TEST(FrontDoorTest, WritesGoToTheWriterAndEverythingElseRunsInline) {
  http::ServerOptions so = MakeServerOptions("127.0.0.1", 0, 1, FrontDoorOptions{},
                                             DispatcherOptions{});
  EXPECT_EQ(so.handler_threads, http::HandlerThreads::kInline);
  ASSERT_TRUE(so.to_pool);
  for (const char* op : {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
                         "TransactWriteItems"}) {
    EXPECT_TRUE(so.to_pool(WithTarget(std::string("DynamoDB_20120810.") + op))) << op;
  }
  for (const char* target :
       {"DynamoDB_20120810.GetItem", "DynamoDB_20120810.Query", "DynamoDB_20120810.Scan",
        "DynamoDB_20120810.BatchGetItem", "DynamoDB_20120810.TransactGetItems",
        "DynamoDBStreams_20120810.GetRecords", "DynamoDB_20120810.Nope", ""}) {
    EXPECT_FALSE(so.to_pool(WithTarget(target))) << target;
  }
  EXPECT_FALSE(so.to_pool(http::Request{}));  // no X-Amz-Target at all
}

}  // namespace
}  // namespace sb::engine::server
