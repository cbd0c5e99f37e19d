#include "engine/model/keys.h"

#include <gtest/gtest.h>

#include <string>

namespace sb::engine {
namespace {

using protocol::AttributeValue;
using protocol::Item;
using protocol::Number;

TableDef Table() {
  TableDef t;
  t.name = "T";
  t.key = {{"pk", ScalarType::S}, KeyElement{"sk", ScalarType::N}};
  t.gsis.push_back(IndexDef{1, "G", true, {{"g", ScalarType::B}, std::nullopt},
                            {ProjectionType::kInclude, {"x"}}, {}});
  return t;
}

Item Valid() {
  return {{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::N(Number::FromInt(1))},
          {"g", AttributeValue::B("\x01")}, {"x", AttributeValue::S("keep")},
          {"y", AttributeValue::S("drop")}};
}

TEST(KeysTest, ItemKeyExtractsAndValidates) {
  auto k = ItemKey(Table(), Valid());
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->hash, AttributeValue::S("a"));
  EXPECT_EQ(*k->range, AttributeValue::N(Number::FromInt(1)));
  Item bad = Valid();
  bad.erase("sk");
  EXPECT_EQ(ItemKey(Table(), bad).error().message,
            "One or more parameter values were invalid: Missing the key sk in the item");
  bad = Valid();
  bad["g"] = AttributeValue::B("");
  EXPECT_EQ(ItemKey(Table(), bad).error().message,
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an "
            "empty binary value. IndexName: G, IndexKey: g");
  bad = Valid();
  bad.erase("g");  // sparse index: fine
  EXPECT_TRUE(ItemKey(Table(), bad).ok());
}

// Errors about a key value (empty, too large) carry ErrorDetail::kKeyValue, which
// TransactWriteItems reports up front; errors about a key's presence or type do not.
TEST(KeysTest, KeyValueErrorsCarryTheirDetail) {
  using protocol::ErrorDetail;
  Item bad = Valid();
  bad["pk"] = AttributeValue::S("");
  EXPECT_EQ(ItemKey(Table(), bad).error().detail, ErrorDetail::kKeyValue);
  bad = Valid();
  bad["pk"] = AttributeValue::S(std::string(2049, 'a'));
  EXPECT_EQ(ItemKey(Table(), bad).error().detail, ErrorDetail::kKeyValue);
  bad = Valid();
  bad["g"] = AttributeValue::B("");
  EXPECT_EQ(ItemKey(Table(), bad).error().detail, ErrorDetail::kKeyValue);
  bad = Valid();
  bad.erase("sk");
  EXPECT_EQ(ItemKey(Table(), bad).error().detail, ErrorDetail::kNone);
  bad = Valid();
  bad["pk"] = AttributeValue::N(Number::FromInt(1));
  EXPECT_EQ(ItemKey(Table(), bad).error().detail, ErrorDetail::kNone);
  EXPECT_EQ(ItemKey(Table(), bad).error().code(), protocol::ErrorCode::kValidation);
}

TEST(KeysTest, KeyArgumentNeedsExactlyTheKey) {
  Item key{{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::N(Number::FromInt(1))}};
  EXPECT_TRUE(KeyArgument(Table(), key).ok());
  key["sk"] = AttributeValue::S("1");
  EXPECT_EQ(KeyArgument(Table(), key).error().message,
            "The provided key element does not match the schema");
  key.erase("sk");
  EXPECT_FALSE(KeyArgument(Table(), key).ok());
}

TEST(KeysTest, ProjectionKeepsKeysAndIncludedAttributes) {
  TableDef t = Table();
  Item p = ProjectForIndex(t, t.gsis[0], Valid());
  EXPECT_EQ(p.size(), 4u);
  EXPECT_TRUE(p.count("x"));
  EXPECT_FALSE(p.count("y"));
  t.gsis[0].projection = {ProjectionType::kKeysOnly, {}};
  EXPECT_EQ(ProjectForIndex(t, t.gsis[0], Valid()).size(), 3u);
  t.gsis[0].projection = {ProjectionType::kAll, {}};
  EXPECT_EQ(ProjectForIndex(t, t.gsis[0], Valid()), Valid());
}

TEST(KeysTest, ItemSizeLimit) {
  Item item{{"a", AttributeValue::S(std::string(400 * 1024 - 1, 'x'))}};
  EXPECT_TRUE(CheckItemSize(item).ok());
  item["a"] = AttributeValue::S(std::string(400 * 1024, 'x'));
  EXPECT_EQ(CheckItemSize(item).error().message, "Item size has exceeded the maximum allowed size");
}

}  // namespace
}  // namespace sb::engine
