#include "engine/model/table.h"

#include <gtest/gtest.h>

namespace sb::engine {
namespace {

TableDef Sample() {
  TableDef t;
  t.id = 7;
  t.name = "GameScores";
  t.uuid = "u-1";
  t.key = {{"PlayerId", ScalarType::S}, KeyElement{"GameId", ScalarType::S}};
  t.attribute_definitions = {{"PlayerId", ScalarType::S}, {"GameId", ScalarType::S},
                             {"Score", ScalarType::N}};
  IndexDef g{8, "ByGameScore", true, {{"GameId", ScalarType::S}, KeyElement{"Score", ScalarType::N}},
             {ProjectionType::kInclude, {"PlayerName"}}, {5, 6}};
  t.gsis.push_back(g);
  IndexDef l{9, "ByScore", false, {{"PlayerId", ScalarType::S}, KeyElement{"Score", ScalarType::N}},
             {ProjectionType::kKeysOnly, {}}, {}};
  t.lsis.push_back(l);
  t.billing = BillingMode::kPayPerRequest;
  t.stream = {true, "NEW_IMAGE", "2026-01-01T00:00:00.000"};
  t.ttl = {true, "Exp"};
  t.tags = {{"b", "2"}, {"a", "1"}};
  t.created_millis = 1234;
  t.pay_per_request_millis = 1500;
  return t;
}

TEST(TableDefTest, CatalogEncodingRoundTrips) {
  TableDef t = Sample();
  auto back = DecodeTableDef(EncodeTableDef(t));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), t);
  TableDef minimal;
  minimal.name = "x";
  auto m = DecodeTableDef(EncodeTableDef(minimal));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value(), minimal);
}

TEST(TableDefTest, MultiAttributeIndexKeysRoundTripInOrder) {
  TableDef t = Sample();
  IndexDef m;
  m.id = 10;
  m.name = "ByRegionRound";
  m.key.hash = {"tournament", ScalarType::S};
  m.key.hash_rest = {{"region", ScalarType::S}, {"season", ScalarType::N}};
  m.key.range = KeyElement{"round", ScalarType::N};
  m.key.range_rest = {{"bracket", ScalarType::B}};
  t.gsis.push_back(m);
  std::string text = EncodeTableDef(t);
  auto back = DecodeTableDef(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), t);
  const auto elems = back->gsis.back().key.Elements();
  ASSERT_EQ(elems.size(), 5u);
  EXPECT_EQ(elems[1].name, "region");
  EXPECT_EQ(elems[4].name, "bracket");
  EXPECT_TRUE(back->gsis.back().key.IsKey("season"));
  // Single-attribute keys are written as before (readable by older builds).
  EXPECT_EQ(EncodeTableDef(Sample()).find("hash+"), std::string::npos);
  // A catalog entry from before multi-attribute keys (no "hash+" / "range+") still reads.
  auto old = DecodeTableDef(EncodeTableDef(Sample()));
  ASSERT_TRUE(old.ok());
  EXPECT_TRUE(old->gsis[0].key.hash_rest.empty());
}

TEST(TableDefTest, OnDemandSinceDefaultsToCreationForOlderEntries) {
  TableDef t = Sample();
  t.pay_per_request_millis = 0;  // not encoded: as written before the field existed
  auto back = DecodeTableDef(EncodeTableDef(t));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->pay_per_request_millis, 1234);
}

TEST(TableDefTest, CorruptCatalogIsAnError) {
  EXPECT_EQ(DecodeTableDef("{").error().code, "corrupt");
  EXPECT_EQ(DecodeTableDef("{}").error().code, "corrupt");
  EXPECT_EQ(DecodeTableDef("[1]").error().code, "corrupt");
  std::string text = EncodeTableDef(Sample());
  text.replace(text.find("\"N\""), 3, "\"Q\"");
  EXPECT_FALSE(DecodeTableDef(text).ok());
}

TEST(TableDefTest, FindIndexAndArns) {
  TableDef t = Sample();
  ASSERT_NE(t.FindIndex("ByScore"), nullptr);
  EXPECT_FALSE(t.FindIndex("ByScore")->global);
  EXPECT_EQ(t.FindIndex("Nope"), nullptr);
  EXPECT_EQ(t.AllIndexes().size(), 2u);
  EXPECT_EQ(TableArn("eu-west-1", "T"), "arn:aws:dynamodb:eu-west-1:000000000000:table/T");
  EXPECT_EQ(TableNameFromArn("arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/x"), "T");
  EXPECT_EQ(TableNameFromArn("arn:aws:s3:::bucket"), std::nullopt);
  EXPECT_EQ(TableNameFromArn("arn:aws:dynamodb:us-east-1:000000000000:table/"), std::nullopt);
}

}  // namespace
}  // namespace sb::engine
