// Error messages quote at most a short prefix of any input (base/quote.h): a megabyte table
// name, attribute name or expression gives an error of the same type as a short one, with a
// message of a few hundred bytes.
#include <gtest/gtest.h>

#include <string>

#include "base/quote.h"
#include "engine/ops/batch_write_item.h"
#include "engine/ops/operations.h"
#include "engine/ops/request.h"
#include "op_test_util.h"

namespace sb::engine::ops {
namespace {

constexpr size_t kMaxMessage = 1024;
const std::string kHuge(1 << 20, 'x');  // 1 MiB: valid name characters, far too long

class LongInputTest : public OpTest {
 protected:
  void SetUp() override {
    OpTest::SetUp();
    Ok(CreateTable, R"({"TableName":"Tbl","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"k","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"k","KeyType":"HASH"}]})");
  }
  // The error of a failing call: its type, and a message that is short and quotes a prefix.
  // `quoted`: the message names the input, by its prefix.
  void ExpectShort(OpFn op, const std::string& body, const std::string& type, bool quoted = true) {
    protocol::ApiError e = Err(op, body);
    EXPECT_EQ(e.type, type) << e.message.substr(0, 300);
    EXPECT_LE(e.message.size(), kMaxMessage) << e.message.substr(0, 300);
    if (quoted) {
      EXPECT_NE(e.message.find("xxxx..."), std::string::npos) << e.message.substr(0, 300);
    }
  }
};

TEST_F(LongInputTest, TableNames) {
  ExpectShort(DescribeTable, R"({"TableName":")" + kHuge + R"("})", "ValidationException");
  ExpectShort(GetItem, R"({"TableName":")" + kHuge + R"(","Key":{"k":{"S":"a"}}})",
              "ValidationException");
  ExpectShort(BatchWriteItem, R"({"RequestItems":{")" + kHuge + R"(":[]}})", "ValidationException");
  EXPECT_EQ(TableNotFoundMessage(kHuge).size(),
            TableNotFoundMessage(std::string(kQuoteBytes, 'x')).size() + 3);
}

TEST_F(LongInputTest, AttributeNamesInLegacyParameters) {
  ExpectShort(PutItem,
              R"({"TableName":"Tbl","Item":{"k":{"S":"a"}},"Expected":{")" + kHuge +
                  R"(":{"Exists":true}}})",
              "ValidationException");
  ExpectShort(UpdateItem,
              R"({"TableName":"Tbl","Key":{"k":{"S":"a"}},"AttributeUpdates":{")" + kHuge +
                  R"(":{"Action":"NOPE","Value":{"S":"v"}}}})",
              "ValidationException");
}

TEST_F(LongInputTest, Expressions) {
  // Over DynamoDB's 4 KB expression limit: refused by size, naming no text.
  ExpectShort(PutItem,
              R"({"TableName":"Tbl","Item":{"k":{"S":"a"}},"ConditionExpression":"a = = )" + kHuge +
                  R"("})",
              "ValidationException", /*quoted=*/false);
  // Under it, a syntax error quotes the token and its neighbourhood by prefix.
  const std::string long_name(4000, 'x');
  ExpectShort(PutItem,
              R"({"TableName":"Tbl","Item":{"k":{"S":"a"}},"ConditionExpression":"a = = )" +
                  long_name + R"("})",
              "ValidationException");
  ExpectShort(PutItem,
              R"j({"TableName":"Tbl","Item":{"k":{"S":"a"}},"ConditionExpression":")j" + long_name +
                  R"j((k)"})j",
              "ValidationException");
  ExpectShort(
      PutItem,
      R"j({"TableName":"Tbl","Item":{"k":{"S":"a"}},"ConditionExpression":"attribute_exists(k)",
                  "ExpressionAttributeNames":{")j" +
          kHuge + R"j(":"n"}})j",
      "ValidationException", /*quoted=*/false);  // a key over 255 bytes: refused by its size
}

}  // namespace
}  // namespace sb::engine::ops
