// Tests for protocol/dynamodb/attribute_value.h: type names, structural equality and the
// item-size rules (docs/dynamodb-wire.md §6), pinned by the Lambda docs' example stream records.
#include "protocol/dynamodb/attribute_value.h"

#include <gtest/gtest.h>

namespace sb::protocol {
namespace {

Number N(std::string_view text) { return Number::Parse(text).value(); }

TEST(AttrTypeName, AllTypes) {
  EXPECT_EQ(AttrTypeName(AttrType::S), "S");
  EXPECT_EQ(AttrTypeName(AttrType::N), "N");
  EXPECT_EQ(AttrTypeName(AttrType::B), "B");
  EXPECT_EQ(AttrTypeName(AttrType::BOOL), "BOOL");
  EXPECT_EQ(AttrTypeName(AttrType::NUL), "NULL");
  EXPECT_EQ(AttrTypeName(AttrType::M), "M");
  EXPECT_EQ(AttrTypeName(AttrType::L), "L");
  EXPECT_EQ(AttrTypeName(AttrType::SS), "SS");
  EXPECT_EQ(AttrTypeName(AttrType::NS), "NS");
  EXPECT_EQ(AttrTypeName(AttrType::BS), "BS");
}

TEST(AttributeValue, EqualityIsStructuralAndTyped) {
  EXPECT_EQ(AttributeValue::N(N("1.0")), AttributeValue::N(N("1")));
  EXPECT_NE(AttributeValue::S("1"), AttributeValue::N(N("1")));
  // SS and BS share a representation but are different types.
  EXPECT_NE(AttributeValue::SS({"a"}), AttributeValue::BS({"a"}));
  EXPECT_EQ(AttributeValue::SS({"b", "a"}), AttributeValue::SS({"a", "b"}));
  EXPECT_EQ(AttributeValue::NS({N("2"), N("1.0")}), AttributeValue::NS({N("1"), N("2")}));
  EXPECT_EQ(AttributeValue(), AttributeValue::MakeNull());
  EXPECT_NE(AttributeValue::Bool(false), AttributeValue::MakeNull());
  EXPECT_EQ(AttributeValue::M({{"x", AttributeValue::S("y")}}),
            AttributeValue::M({{"x", AttributeValue::S("y")}}));
  EXPECT_NE(AttributeValue::L({AttributeValue::S("a"), AttributeValue::S("b")}),
            AttributeValue::L({AttributeValue::S("b"), AttributeValue::S("a")}));
}

TEST(ItemSize, ScalarRules) {
  EXPECT_EQ(AttributeSizeBytes("name", AttributeValue::S("hello")), 4u + 5u);
  EXPECT_EQ(ValueSizeBytes(AttributeValue::S("\xc3\xa9")), 2u);  // UTF-8 bytes, not characters
  EXPECT_EQ(ValueSizeBytes(AttributeValue::S("")), 0u);
  EXPECT_EQ(ValueSizeBytes(AttributeValue::B(std::string("\0\1\2", 3))), 3u);
  EXPECT_EQ(ValueSizeBytes(AttributeValue::Bool(true)), 1u);
  EXPECT_EQ(ValueSizeBytes(AttributeValue::MakeNull()), 1u);
  EXPECT_EQ(ValueSizeBytes(AttributeValue::N(N("101"))), 3u);
  EXPECT_EQ(ValueSizeBytes(AttributeValue::N(N("-1.2"))), 4u);
}

TEST(ItemSize, SetsAndDocuments) {
  EXPECT_EQ(ValueSizeBytes(AttributeValue::SS({"ab", "cde"})), 5u);
  EXPECT_EQ(ValueSizeBytes(AttributeValue::BS({"ab", "c"})), 3u);
  EXPECT_EQ(ValueSizeBytes(AttributeValue::NS({N("1"), N("101")})), 2u + 3u);
  // L: 3 + (1 + 2) + (1 + 2) = 9.
  AttributeValue list = AttributeValue::L({AttributeValue::N(N("1")), AttributeValue::S("xy")});
  EXPECT_EQ(ValueSizeBytes(list), 9u);
  EXPECT_EQ(ValueSizeBytes(AttributeValue::L({})), 3u);
  // M: 3 + (1 + |"a"| + 9) + (1 + |"bb"| + 1) = 3 + 11 + 4 = 18.
  AttributeValue map = AttributeValue::M({{"a", list}, {"bb", AttributeValue::Bool(true)}});
  EXPECT_EQ(ValueSizeBytes(map), 18u);
  EXPECT_EQ(AttributeSizeBytes("doc", map), 21u);
}

// The Lambda developer guide's example DynamoDB stream event has three records for one item,
// with SizeBytes 26 (INSERT), 59 (MODIFY) and 38 (REMOVE); each equals the item size of Keys +
// NewImage + OldImage (docs/streams-wire.md §6.3).
TEST(ItemSize, LambdaDocsExampleStreamRecordSizes) {
  Item keys = {{"Id", AttributeValue::N(N("101"))}};
  Item first = {{"Message", AttributeValue::S("New item!")}, {"Id", AttributeValue::N(N("101"))}};
  Item changed = {{"Message", AttributeValue::S("This item has changed")},
                  {"Id", AttributeValue::N(N("101"))}};
  EXPECT_EQ(ItemSizeBytes(keys), 5u);
  EXPECT_EQ(ItemSizeBytes(keys) + ItemSizeBytes(first), 26u);                           // INSERT
  EXPECT_EQ(ItemSizeBytes(keys) + ItemSizeBytes(first) + ItemSizeBytes(changed), 59u);  // MODIFY
  EXPECT_EQ(ItemSizeBytes(keys) + ItemSizeBytes(changed), 38u);                         // REMOVE
}

}  // namespace
}  // namespace sb::protocol
