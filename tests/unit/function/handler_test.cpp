#include "function/handler.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstdio>

#include "fake_board_store.h"
#include "protocol/lambda/stream_event.h"

namespace sb::function {
namespace {

using leaderboard::Board;
using leaderboard::Entry;
using leaderboard::Score;
using protocol::AttributeValue;
using protocol::Number;
using protocol::StreamEventName;
using protocol::StreamRecord;
using testing::FakeBoardStore;

std::string Seq(int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "1%020d", n);
  return buf;
}

StreamRecord Put(std::string player, std::string game, int64_t score, int seq, int64_t at_s = 1000,
                 std::string name = "") {
  StreamRecord r;
  r.event_name = StreamEventName::kModify;
  r.keys = {{"PlayerId", AttributeValue::S(player)}, {"GameId", AttributeValue::S(game)}};
  r.new_image = r.keys;
  (*r.new_image)["Score"] = AttributeValue::N(Number::FromInt(score));
  if (!name.empty()) (*r.new_image)["PlayerName"] = AttributeValue::S(name);
  r.sequence_number = Seq(seq);
  r.approximate_creation_date_time = at_s;
  r.stream_view_type = protocol::StreamViewType::kNewImage;
  return r;
}

StreamRecord Remove(std::string player, std::string game, int seq) {
  StreamRecord r;
  r.event_name = StreamEventName::kRemove;
  r.keys = {{"PlayerId", AttributeValue::S(player)}, {"GameId", AttributeValue::S(game)}};
  r.sequence_number = Seq(seq);
  r.approximate_creation_date_time = 1000;
  return r;
}

Entry IndexRow(std::string player, int64_t score, int64_t at_ms = 0) {
  Entry e;
  e.player_id = std::move(player);
  e.score = Score::FromInt(score);
  e.at_ms = at_ms;
  return e;
}

std::vector<std::string> Players(const Board& b) {
  std::vector<std::string> out;
  for (const Entry& e : b.entries) out.push_back(e.player_id);
  return out;
}

boost::json::value Failures(const std::string& body) {
  return boost::json::parse(body).at("batchItemFailures");
}

class LeaderboardHandlerTest : public ::testing::Test {
 protected:
  LeaderboardHandlerTest()
      : telemetry_(log::Level::kInfo, "fn", clock_,
                   [this](std::string_view line) { lines_.emplace_back(line); }) {
    config_.board.board_size = 3;
  }

  Result<std::string> Run(const std::vector<StreamRecord>& records, int64_t deadline = 0) {
    return RunText(protocol::EncodeDynamoDbStreamEvent(records), deadline);
  }
  Result<std::string> RunText(const std::string& event, int64_t deadline = 0) {
    LeaderboardHandler handler(config_, store_, telemetry_, clock_, sleeper_, random_);
    return handler.Handle(event, Invocation{"req-1", deadline});
  }
  std::vector<boost::json::object> LogLines() {
    std::vector<boost::json::object> out;
    for (const std::string& l : lines_) {
      boost::json::object o = boost::json::parse(l).as_object();
      if (!o.contains("_aws")) out.push_back(o);
    }
    return out;
  }
  // The metrics line of the latest invocation.
  boost::json::object Metrics() {
    boost::json::object last;
    for (const std::string& l : lines_) {
      boost::json::object o = boost::json::parse(l).as_object();
      if (o.contains("_aws")) last = o;
    }
    return last;
  }

  FunctionConfig config_;
  FakeClock clock_;
  FakeSleeper sleeper_;
  SeededRandom random_{42};
  FakeBoardStore store_;
  std::vector<std::string> lines_;
  Telemetry telemetry_;
};

TEST_F(LeaderboardHandlerTest, InsertsBuildTheBoardInOneWrite) {
  auto r = Run({Put("a", "g", 10, 1), Put("b", "g", 30, 2, 1000, "Bea"), Put("c", "g", 20, 3),
                Put("d", "g", 5, 4)});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(Failures(*r).as_array().empty());
  EXPECT_EQ(store_.writes, 1);
  const Board& b = store_.boards.at("g");
  EXPECT_EQ(Players(b), (std::vector<std::string>{"b", "c", "a"}));
  EXPECT_EQ(b.version, 1);
  EXPECT_EQ(b.entries[0].player_name, "Bea");
  EXPECT_EQ(b.entries[0].at_ms, 1'000'000);
  EXPECT_EQ(b.entries[0].seq, Seq(2));
  boost::json::object m = Metrics();
  EXPECT_EQ(m.at("Records").as_int64(), 4);
  EXPECT_EQ(m.at("BoardWrites").as_int64(), 1);
  EXPECT_EQ(m.at("Rejected").as_int64(), 0);
  EXPECT_EQ(m.at("_aws").at("CloudWatchMetrics").at(0).at("Namespace").as_string(), "Streamboard");
  EXPECT_EQ(m.at("FunctionName").as_string(), "fn");
}

TEST_F(LeaderboardHandlerTest, OneLogLinePerAcceptedChange) {
  ASSERT_TRUE(Run({Put("a", "g", 10, 1), Remove("b", "g", 2)}).ok());
  std::vector<boost::json::object> logs = LogLines();
  ASSERT_EQ(logs.size(), 2u);
  EXPECT_EQ(logs[0].at("level").as_string(), "INFO");
  EXPECT_EQ(logs[0].at("requestId").as_string(), "req-1");
  EXPECT_EQ(logs[0].at("game").as_string(), "g");
  EXPECT_EQ(logs[0].at("player").as_string(), "a");
  EXPECT_EQ(logs[0].at("score").as_string(), "10");
  EXPECT_EQ(logs[0].at("eventName").as_string(), "MODIFY");
  EXPECT_EQ(logs[0].at("sequenceNumber").as_string(), Seq(1));
  EXPECT_TRUE(logs[0].contains("timestamp"));
  EXPECT_EQ(logs[1].at("eventName").as_string(), "REMOVE");
  EXPECT_FALSE(logs[1].contains("score"));
}

TEST_F(LeaderboardHandlerTest, RetriedBatchChangesNothingAndWritesNothing) {
  std::vector<StreamRecord> batch = {Put("a", "g", 10, 1), Put("b", "g", 30, 2),
                                     Put("a", "g", 5, 3)};
  ASSERT_TRUE(Run(batch).ok());
  Board before = store_.boards.at("g");
  ASSERT_TRUE(Run(batch).ok());
  EXPECT_EQ(store_.writes, 1);
  EXPECT_EQ(store_.boards.at("g"), before);
}

TEST_F(LeaderboardHandlerTest, DecreaseRefillsFromTheIndex) {
  ASSERT_TRUE(Run({Put("a", "g", 30, 1), Put("b", "g", 20, 2), Put("c", "g", 10, 3)}).ok());
  // d was written long ago (its record is in no batch we see); a drops below everyone.
  store_.index["g"] = {IndexRow("a", 1), IndexRow("b", 20), IndexRow("c", 10), IndexRow("d", 15)};
  ASSERT_TRUE(Run({Put("a", "g", 1, 4)}).ok());
  EXPECT_EQ(Players(store_.boards.at("g")), (std::vector<std::string>{"b", "d", "c"}));
  EXPECT_EQ(store_.queries, 1);
  EXPECT_EQ(Metrics().at("Refills").as_int64(), 1);
}

TEST_F(LeaderboardHandlerTest, RemoveLeavesTheBoardAndRefills) {
  ASSERT_TRUE(Run({Put("a", "g", 30, 1), Put("b", "g", 20, 2), Put("c", "g", 10, 3)}).ok());
  store_.index["g"] = {IndexRow("b", 20), IndexRow("c", 10), IndexRow("e", 7)};
  ASSERT_TRUE(Run({Remove("a", "g", 4)}).ok());
  EXPECT_EQ(Players(store_.boards.at("g")), (std::vector<std::string>{"b", "c", "e"}));
}

TEST_F(LeaderboardHandlerTest, IncreaseNeedsNoIndex) {
  ASSERT_TRUE(Run({Put("a", "g", 30, 1), Put("b", "g", 20, 2)}).ok());
  ASSERT_TRUE(Run({Put("b", "g", 40, 3)}).ok());
  EXPECT_EQ(Players(store_.boards.at("g")), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(store_.queries, 0);
}

TEST_F(LeaderboardHandlerTest, TiesGoToWhoeverReachedTheScoreFirst) {
  ASSERT_TRUE(
      Run({Put("z", "g", 50, 1, 100), Put("a", "g", 50, 2, 200), Put("m", "g", 50, 3, 100)}).ok());
  EXPECT_EQ(Players(store_.boards.at("g")), (std::vector<std::string>{"m", "z", "a"}));
}

TEST_F(LeaderboardHandlerTest, ScorelessRecordsAreRejectedRemovalsAndDoNotFailTheBatch) {
  ASSERT_TRUE(Run({Put("a", "g", 30, 1), Put("b", "g", 20, 2)}).ok());
  StreamRecord missing = Put("a", "g", 0, 3);
  missing.new_image->erase("Score");
  StreamRecord wrong_type = Put("b", "g", 0, 4);
  (*wrong_type.new_image)["Score"] = AttributeValue::S("lots");
  lines_.clear();
  auto r = Run({missing, wrong_type, Put("c", "g", 5, 5)});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Failures(*r).as_array().empty());
  EXPECT_EQ(Players(store_.boards.at("g")), (std::vector<std::string>{"c"}));
  std::vector<boost::json::object> logs = LogLines();
  ASSERT_EQ(logs.size(), 3u);
  EXPECT_EQ(logs[0].at("level").as_string(), "WARN");
  EXPECT_EQ(logs[0].at("player").as_string(), "a");
  EXPECT_EQ(logs[0].at("reason").as_string(), "Score is missing");
  EXPECT_EQ(logs[1].at("reason").as_string(), "Score is of type S, not N");
  EXPECT_EQ(Metrics().at("Rejected").as_int64(), 2);
}

TEST_F(LeaderboardHandlerTest, UndecodableRecordsAreLoggedAndSkipped) {
  std::string good = protocol::EncodeDynamoDbStreamEvent({Put("a", "g", 30, 2)});
  // Splice in a record without Keys and one with a bad sequence number.
  std::string event = R"({"Records":[{"eventName":"INSERT","dynamodb":{"SequenceNumber":")" +
                      Seq(1) + R"("}},)" + good.substr(std::string(R"({"Records":[)").size());
  StreamRecord short_seq = Put("b", "g", 50, 3);
  short_seq.sequence_number = "123";
  auto r = RunText(event);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(Failures(*r).as_array().empty());
  ASSERT_TRUE(Run({short_seq}).ok());
  EXPECT_EQ(Players(store_.boards.at("g")), (std::vector<std::string>{"a"}));
  std::vector<boost::json::object> logs = LogLines();
  ASSERT_EQ(logs.size(), 3u);
  EXPECT_EQ(logs[0].at("level").as_string(), "WARN");
  EXPECT_EQ(logs[0].at("sequenceNumber").as_string(), Seq(1));
  EXPECT_EQ(logs[2].at("level").as_string(), "WARN");
  EXPECT_EQ(logs[2].at("player").as_string(), "b");
}

TEST_F(LeaderboardHandlerTest, NotAStreamEventIsAnInvocationError) {
  auto r = RunText(R"({"hello":1})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidEvent");
  EXPECT_FALSE(RunText("not json").ok());
}

TEST_F(LeaderboardHandlerTest, EmptyBatchSucceeds) {
  auto r = RunText(R"({"Records":[]})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Failures(*r).as_array().empty());
  EXPECT_EQ(store_.reads, 0);
}

TEST_F(LeaderboardHandlerTest, ConcurrentWriterIsMergedNotOverwritten) {
  ASSERT_TRUE(Run({Put("a", "g", 30, 1)}).ok());
  // Another shard's invocation writes x between our read and our write, once.
  bool raced = false;
  store_.before_write = [&](const std::string& game) {
    if (raced) return;
    raced = true;
    Board b = store_.boards.at(game);
    b.entries.push_back(Entry{"x", Score::FromInt(25), "", 5000, Seq(900)});
    std::sort(b.entries.begin(), b.entries.end(), leaderboard::RanksBefore);
    ++b.version;
    store_.boards[game] = b;
  };
  auto r = Run({Put("b", "g", 20, 2)});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Failures(*r).as_array().empty());
  EXPECT_EQ(Players(store_.boards.at("g")), (std::vector<std::string>{"a", "x", "b"}));
  EXPECT_EQ(store_.boards.at("g").version, 3);
  EXPECT_EQ(Metrics().at("WriteConflicts").as_int64(), 1);
  EXPECT_EQ(sleeper_.calls(), 1);
}

TEST_F(LeaderboardHandlerTest, EndlessConflictsFailTheBoard) {
  ASSERT_TRUE(Run({Put("a", "g", 30, 1)}).ok());
  store_.before_write = [&](const std::string& game) { ++store_.boards[game].version; };
  auto r = Run({Put("b", "g", 20, 2)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Failures(*r), boost::json::parse(R"([{"itemIdentifier":")" + Seq(2) + "\"}]"));
  EXPECT_EQ(Metrics().at("WriteConflicts").as_int64(), 8);
}

TEST_F(LeaderboardHandlerTest, FailureReportsTheFirstRecordOfTheFailingBoardAndStops) {
  // Boards in first-record order: g1 (seq 1, 4), g2 (seq 2), g3 (seq 3).
  store_.fail_writes = 0;
  int write_calls = 0;
  store_.before_write = [&](const std::string&) {
    if (++write_calls == 2) store_.fail_writes = 1;  // g2's write fails
  };
  auto r =
      Run({Put("a", "g1", 1, 1), Put("b", "g2", 2, 2), Put("c", "g3", 3, 3), Put("d", "g1", 4, 4)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Failures(*r), boost::json::parse(R"([{"itemIdentifier":")" + Seq(2) + "\"}]"));
  EXPECT_EQ(Players(store_.boards.at("g1")), (std::vector<std::string>{"d", "a"}));
  EXPECT_FALSE(store_.boards.contains("g2"));
  EXPECT_FALSE(store_.boards.contains("g3"));  // not attempted: re-delivered whole
  EXPECT_EQ(write_calls, 2);
  std::vector<boost::json::object> logs = LogLines();
  EXPECT_EQ(logs.back().at("level").as_string(), "ERROR");
  EXPECT_EQ(logs.back().at("game").as_string(), "g2");
}

TEST_F(LeaderboardHandlerTest, ReadAndRefillFailuresAreTransient) {
  store_.fail_reads = 1;
  auto r = Run({Put("a", "g", 1, 7)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Failures(*r), boost::json::parse(R"([{"itemIdentifier":")" + Seq(7) + "\"}]"));
  ASSERT_TRUE(Run({Put("a", "g", 30, 8), Put("b", "g", 20, 9)}).ok());
  store_.fail_queries = 1;
  r = Run({Remove("a", "g", 10)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Failures(*r), boost::json::parse(R"([{"itemIdentifier":")" + Seq(10) + "\"}]"));
  EXPECT_EQ(Players(store_.boards.at("g")), (std::vector<std::string>{"a", "b"}));  // unchanged
}

TEST_F(LeaderboardHandlerTest, NearDeadlineLeavesBoardsForARetry) {
  auto r = Run({Put("a", "g", 1, 1)}, clock_.NowUnixMillis() + 500);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Failures(*r), boost::json::parse(R"([{"itemIdentifier":")" + Seq(1) + "\"}]"));
  EXPECT_EQ(store_.reads, 0);
  r = Run({Put("a", "g", 1, 1)}, clock_.NowUnixMillis() + 60'000);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Failures(*r).as_array().empty());
}

TEST_F(LeaderboardHandlerTest, MalformedStoredBoardIsRebuiltFromTheIndex) {
  store_.corrupt["g"] = 7;
  store_.index["g"] = {IndexRow("p", 40), IndexRow("q", 30), IndexRow("r", 20), IndexRow("s", 10)};
  auto r = Run({Put("s", "g", 35, 1)});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Failures(*r).as_array().empty());
  EXPECT_EQ(Players(store_.boards.at("g")), (std::vector<std::string>{"p", "s", "q"}));
  EXPECT_EQ(store_.boards.at("g").version, 8);
}

TEST_F(LeaderboardHandlerTest, LogLevelFiltersLines) {
  Telemetry warn_only(log::Level::kWarn, "fn", clock_,
                      [this](std::string_view line) { lines_.emplace_back(line); });
  LeaderboardHandler handler(config_, store_, warn_only, clock_, sleeper_, random_);
  StreamRecord scoreless = Put("b", "g", 0, 2);
  scoreless.new_image->erase("Score");
  ASSERT_TRUE(handler
                  .Handle(protocol::EncodeDynamoDbStreamEvent({Put("a", "g", 1, 1), scoreless}),
                          Invocation{"r", 0})
                  .ok());
  std::vector<boost::json::object> logs = LogLines();
  ASSERT_EQ(logs.size(), 1u);  // the INFO line for a is filtered out
  EXPECT_EQ(logs[0].at("level").as_string(), "WARN");
  EXPECT_FALSE(Metrics().empty());  // metrics are written whatever the level
}

TEST_F(LeaderboardHandlerTest, ItemsWithoutGameGoToTheDefaultBoard) {
  StreamRecord r = Put("a", "ignored", 10, 1);
  r.keys.erase("GameId");
  r.new_image->erase("GameId");
  ASSERT_TRUE(Run({r}).ok());
  EXPECT_EQ(Players(store_.boards.at("global")), (std::vector<std::string>{"a"}));
}

}  // namespace
}  // namespace sb::function
