#include "engine/storage/item_codec.h"

#include <gtest/gtest.h>

#include "base/random.h"

namespace sb::engine::storage {
namespace {

using protocol::AttributeValue;
using protocol::Item;
using protocol::Number;

AttributeValue RandomValue(Random& rng, int depth) {
  int kind = static_cast<int>(rng.Uniform(depth > 3 ? 7 : 10));
  auto str = [&] {
    std::string s;
    int n = static_cast<int>(rng.Uniform(8));
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>(rng.Uniform(256)));
    return s;
  };
  auto num = [&] { return Number::FromInt(static_cast<int64_t>(rng.Next() % 2000001) - 1000000); };
  switch (kind) {
    case 0: return AttributeValue::S(str());
    case 1: return AttributeValue::N(num());
    case 2: return AttributeValue::B(str());
    case 3: return AttributeValue::Bool(rng.Uniform(2) == 1);
    case 4: return AttributeValue::MakeNull();
    case 5: return AttributeValue::SS({str() + "a", str() + "b"});
    case 6: return AttributeValue::NS({num(), Number::FromInt(5000000)});
    case 7: return AttributeValue::BS({"x", str() + "y"});
    case 8: {
      protocol::AttributeMap m;
      int n = static_cast<int>(rng.Uniform(4));
      for (int i = 0; i < n; ++i) m.emplace(str(), RandomValue(rng, depth + 1));
      return AttributeValue::M(std::move(m));
    }
    default: {
      protocol::AttributeList l;
      int n = static_cast<int>(rng.Uniform(4));
      for (int i = 0; i < n; ++i) l.push_back(RandomValue(rng, depth + 1));
      return AttributeValue::L(std::move(l));
    }
  }
}

TEST(ItemCodecTest, RandomItemsRoundTrip) {
  SeededRandom rng(11);
  for (int i = 0; i < 500; ++i) {
    Item item;
    int n = static_cast<int>(rng.Uniform(6));
    for (int j = 0; j < n; ++j) item.emplace("a" + std::to_string(j), RandomValue(rng, 0));
    auto back = DecodeItem(EncodeItem(item));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value(), item);
  }
}

TEST(ItemCodecTest, EveryTruncationIsAnErrorNotACrash) {
  SeededRandom rng(5);
  Item item;
  for (int j = 0; j < 5; ++j) item.emplace("k" + std::to_string(j), RandomValue(rng, 0));
  std::string bytes = EncodeItem(item);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(DecodeItem(bytes.substr(0, cut)).ok()) << cut;
  }
  EXPECT_FALSE(DecodeItem(bytes + "x").ok());
  EXPECT_FALSE(DecodeItem("\x01\x01" "a\x0F").ok());  // unknown tag
}

}  // namespace
}  // namespace sb::engine::storage
