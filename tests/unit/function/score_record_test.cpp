// Tests for function/score_record.h: each kind of record, and the same reading whether the
// record is decoded (StreamRecord) or read in place from the event (StreamRecordView).
#include "function/score_record.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/lambda/stream_event.h"

namespace sb::function {
namespace {

using protocol::StreamEventReader;

constexpr std::string_view kSeq = "400000000000000000001";

// One record of a GameScores stream: keys and new image given as DynamoDB JSON members.
std::string Record(std::string_view name, std::string_view keys, std::string_view image,
                   std::string_view seq = kSeq) {
  std::string r = R"({"eventName":")" + std::string(name) +
                  R"(","dynamodb":{"ApproximateCreationDateTime":1700000000,"Keys":{)" +
                  std::string(keys) + "}";
  if (!image.empty()) r += R"(,"NewImage":{)" + std::string(image) + "}";
  return r + R"(,"SequenceNumber":")" + std::string(seq) + R"("}})";
}

std::string Describe(const ScoreRecord& r) {
  static constexpr const char* kKinds[] = {"score", "removal", "scoreless", "invalid"};
  std::string out = std::string(kKinds[static_cast<int>(r.kind)]) + " game=" + r.game +
                    " player=" + r.player + " score=" + r.score + " reason=" + r.reason;
  if (r.kind != ScoreRecord::Kind::kInvalid) {
    const leaderboard::Event& e = r.event;
    out += " | event " + e.game_id + "/" + e.player_id + "/" + e.score.ToString() + "/" +
           e.player_name + "/" + std::to_string(e.at_ms) + "/" + e.seq +
           (e.kind == leaderboard::Event::Kind::kScore ? "/score" : "/removal");
  }
  return out;
}

// Interprets `record` both ways; they must agree. Returns the in-place reading.
std::string Interpret(const std::string& record, const BoardConfig& config = {}) {
  std::string event = R"({"Records":[)" + record + "]}";
  StreamEventReader reader;
  EXPECT_TRUE(reader.Read(event).ok());
  auto decoded = protocol::DecodeDynamoDbStreamEvent(event);
  EXPECT_TRUE(decoded.ok());
  if (reader.records().size() != 1 || decoded->records.size() != 1) return "undecodable";
  std::string in_place = Describe(InterpretRecord(reader.records()[0], config));
  EXPECT_EQ(in_place, Describe(InterpretRecord(decoded->records[0], config))) << record;
  return in_place;
}

constexpr std::string_view kKeys = R"("PlayerId":{"S":"p1"},"GameId":{"S":"g1"})";

TEST(InterpretRecord, ScoreEvent) {
  EXPECT_EQ(Interpret(Record("INSERT", kKeys,
                             R"("PlayerId":{"S":"p1"},"GameId":{"S":"g1"},"Score":{"N":"1.50"},)"
                             R"("PlayerName":{"S":"Ann"},"Wins":{"N":"3"})")),
            "score game=g1 player=p1 score=1.5 reason= | event g1/p1/1.5/Ann/1700000000000/" +
                std::string(kSeq) + "/score");
  // A name that is not an S is no name; numeric identifiers in canonical form.
  EXPECT_EQ(Interpret(Record("MODIFY", R"("PlayerId":{"N":"007"},"GameId":{"N":"1E1"})",
                             R"("Score":{"N":"-2"},"PlayerName":{"N":"5"})")),
            "score game=10 player=7 score=-2 reason= | event 10/7/-2//1700000000000/" +
                std::string(kSeq) + "/score");
}

TEST(InterpretRecord, RemovalNeedsOnlyKeys) {
  EXPECT_EQ(Interpret(Record("REMOVE", kKeys, "")),
            "removal game=g1 player=p1 score= reason= | event g1/p1/0//1700000000000/" +
                std::string(kSeq) + "/removal");
}

TEST(InterpretRecord, ScorelessImagesAreRejectedRemovals) {
  auto reason = [](std::string_view image) {
    std::string d = Interpret(Record("MODIFY", kKeys, image));
    EXPECT_EQ(d.rfind("scoreless", 0), 0u) << d;
    return d.substr(d.find("reason=") + 7, d.find(" | ") - d.find("reason=") - 7);
  };
  EXPECT_EQ(reason(R"("Wins":{"N":"1"})"), "Score is missing");
  EXPECT_EQ(reason(R"("Score":{"S":"12"})"), "Score is of type S, not N");
  EXPECT_EQ(reason(R"("Score":{"L":[]})"), "Score is of type L, not N");
}

TEST(InterpretRecord, InvalidRecordsNameWhy) {
  EXPECT_EQ(Interpret(Record("INSERT", R"("GameId":{"S":"g1"})", R"("Score":{"N":"1"})")),
            "invalid game=g1 player= score= reason=no usable PlayerId (a non-empty S or an N) in "
            "the record");
  EXPECT_EQ(Interpret(Record("INSERT", R"("PlayerId":{"S":""})", R"("Score":{"N":"1"})")),
            "invalid game=global player= score= reason=no usable PlayerId (a non-empty S or an "
            "N) in the record");
  EXPECT_EQ(Interpret(Record("INSERT", kKeys, R"("Score":{"N":"1"})", "123")),
            "invalid game=g1 player=p1 score= reason=sequence number is not 21 to 40 digits");
  EXPECT_EQ(Interpret(Record("INSERT", kKeys, "")),
            "invalid game=g1 player=p1 score= reason=no NewImage (the stream's view type must "
            "include new images)");
}

TEST(InterpretRecord, KeysFirstThenNewImageThenDefaultGame) {
  BoardConfig config;
  config.default_game = "everyone";
  auto starts = [](const std::string& text, std::string_view prefix) {
    return text.rfind(prefix, 0) == 0;
  };
  // Player from NewImage when Keys lack it; game absent everywhere: the default board.
  std::string d = Interpret(
      Record("INSERT", R"("Id":{"S":"x"})", R"("PlayerId":{"S":"p9"},"Score":{"N":"4"})"), config);
  EXPECT_TRUE(starts(d, "score game=everyone player=p9 score=4 ")) << d;
  // Keys win over NewImage.
  d = Interpret(
      Record("INSERT", kKeys, R"("PlayerId":{"S":"other"},"GameId":{"S":"g2"},"Score":{"N":"4"})"));
  EXPECT_TRUE(starts(d, "score game=g1 player=p1 score=4 ")) << d;
}

}  // namespace
}  // namespace sb::function
