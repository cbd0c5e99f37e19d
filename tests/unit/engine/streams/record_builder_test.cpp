#include "engine/streams/record_builder.h"

#include <gtest/gtest.h>

#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::streams {
namespace {

using protocol::AttributeValue;
using protocol::Item;
using protocol::Number;
using protocol::StreamEventName;
using protocol::StreamViewType;

Item Parse(const char* json) {
  auto r = protocol::ParseItemJson(json);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : Item{};
}

KeySchema IdKey() { return KeySchema{{"Id", ScalarType::N}, std::nullopt}; }

protocol::StreamRecord Build(StreamViewType view, std::optional<Item> old_item,
                             std::optional<Item> new_item, bool ttl = false) {
  KeySchema key = IdKey();
  ItemChange c{&key, &old_item, &new_item, ttl};
  EXPECT_TRUE(ChangesItem(c));
  return BuildRecord(c, view, "e2fd9c34eff2d779b297b26f5fef4206", "100000000000000000007",
                     1'700'000'000'999, "us-east-1");
}

// The three records of the Lambda docs' example event: SizeBytes 26, 59, 38.
TEST(RecordBuilderTest, MatchesTheDocumentedExampleSizes) {
  Item v1 = Parse(R"({"Message":{"S":"New item!"},"Id":{"N":"101"}})");
  Item v2 = Parse(R"({"Message":{"S":"This item has changed"},"Id":{"N":"101"}})");
  auto insert = Build(StreamViewType::kNewAndOldImages, std::nullopt, v1);
  EXPECT_EQ(insert.event_name, StreamEventName::kInsert);
  EXPECT_EQ(insert.size_bytes, 26);
  EXPECT_FALSE(insert.old_image);
  ASSERT_TRUE(insert.new_image);
  EXPECT_EQ(*insert.new_image, v1);
  auto modify = Build(StreamViewType::kNewAndOldImages, v1, v2);
  EXPECT_EQ(modify.event_name, StreamEventName::kModify);
  EXPECT_EQ(modify.size_bytes, 59);
  auto remove = Build(StreamViewType::kNewAndOldImages, v2, std::nullopt);
  EXPECT_EQ(remove.event_name, StreamEventName::kRemove);
  EXPECT_EQ(remove.size_bytes, 38);
  EXPECT_EQ(remove.keys, Parse(R"({"Id":{"N":"101"}})"));
  EXPECT_EQ(remove.approximate_creation_date_time, 1'700'000'000);
  EXPECT_EQ(remove.stream_view_type, StreamViewType::kNewAndOldImages);
  EXPECT_EQ(remove.event_source, "aws:dynamodb");
  EXPECT_EQ(remove.event_version, "1.1");
  EXPECT_FALSE(remove.user_identity);
}

TEST(RecordBuilderTest, ImagesFollowTheViewType) {
  Item a = Parse(R"({"Id":{"N":"1"},"x":{"S":"a"}})");
  Item b = Parse(R"({"Id":{"N":"1"},"x":{"S":"b"}})");
  struct Case {
    StreamViewType view;
    bool insert_new, modify_new, modify_old, remove_old;
  } cases[] = {
      {StreamViewType::kKeysOnly, false, false, false, false},
      {StreamViewType::kNewImage, true, true, false, false},
      {StreamViewType::kOldImage, false, false, true, true},
      {StreamViewType::kNewAndOldImages, true, true, true, true},
  };
  for (const auto& c : cases) {
    auto ins = Build(c.view, std::nullopt, a);
    auto mod = Build(c.view, a, b);
    auto rem = Build(c.view, b, std::nullopt);
    EXPECT_FALSE(ins.old_image);
    EXPECT_EQ(ins.new_image.has_value(), c.insert_new);
    EXPECT_EQ(mod.new_image.has_value(), c.modify_new);
    EXPECT_EQ(mod.old_image.has_value(), c.modify_old);
    EXPECT_FALSE(rem.new_image);
    EXPECT_EQ(rem.old_image.has_value(), c.remove_old);
    if (c.modify_old) {
      EXPECT_EQ(*mod.old_image, a);
    }
    if (c.modify_new) {
      EXPECT_EQ(*mod.new_image, b);
    }
    EXPECT_EQ(mod.keys, Parse(R"({"Id":{"N":"1"}})"));
  }
}

TEST(RecordBuilderTest, TtlDeletesCarryTheServiceIdentity) {
  Item a = Parse(R"({"Id":{"N":"1"}})");
  auto rec = Build(StreamViewType::kNewImage, a, std::nullopt, /*ttl=*/true);
  ASSERT_TRUE(rec.user_identity);
  EXPECT_EQ(rec.user_identity->type, "Service");
  EXPECT_EQ(rec.user_identity->principal_id, "dynamodb.amazonaws.com");
  EXPECT_NE(protocol::StreamRecordToJson(rec).find(
                R"("userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"})"),
            std::string::npos);
}

TEST(RecordBuilderTest, NoRecordForChangesThatChangeNothing) {
  KeySchema key = IdKey();
  std::optional<Item> a = Parse(R"({"Id":{"N":"1"},"n":{"N":"1.50"}})");
  std::optional<Item> same = Parse(R"({"n":{"N":"1.5"},"Id":{"N":"1"}})");
  std::optional<Item> none;
  EXPECT_FALSE(ChangesItem({&key, &a, &same, false}));
  EXPECT_FALSE(ChangesItem({&key, &none, &none, false}));
  EXPECT_TRUE(ChangesItem({&key, &none, &a, false}));
  EXPECT_TRUE(ChangesItem({&key, &a, &none, false}));
}

}  // namespace
}  // namespace sb::engine::streams
