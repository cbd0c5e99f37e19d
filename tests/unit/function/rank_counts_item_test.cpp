#include "function/rank_counts_item.h"

#include <gtest/gtest.h>

namespace sb::function {
namespace {

using protocol::AttributeValue;
using protocol::Number;

TEST(RankCountsItemTest, AttributesNameEveryChild) {
  EXPECT_EQ(CountAttribute(0), "c00");
  EXPECT_EQ(CountAttribute(0xAB), "cab");
  EXPECT_EQ(CountAttribute(255), "cff");
}

TEST(RankCountsItemTest, DecodesCountsAndIgnoresOtherAttributes) {
  protocol::Item item = CountNodeKey(std::string("\0\x01g", 3));
  item["c00"] = AttributeValue::N(Number::FromInt(3));
  item["cff"] = AttributeValue::N(Number::FromInt(-1));
  item["ExpiresAt"] = AttributeValue::N(Number::FromInt(99));
  item["cxz"] = AttributeValue::S("not a count");
  const Result<NodeCounts> counts = DecodeCountNode(item);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)[0], 3);
  EXPECT_EQ((*counts)[255], -1);
  EXPECT_EQ((*counts)[1], 0);
}

TEST(RankCountsItemTest, RefusesACountThatIsNotAnInteger) {
  protocol::Item item = CountNodeKey("n");
  item["c10"] = AttributeValue::S("7");
  EXPECT_FALSE(DecodeCountNode(item).ok());
  item["c10"] = AttributeValue::N(Number::Parse("1.5").value());
  EXPECT_FALSE(DecodeCountNode(item).ok());
}

}  // namespace
}  // namespace sb::function
