// The leaderboard handler end to end against the real engine over HTTP: real tables, real
// items, stream events built from them as DynamoDB builds them (design §4).
#include <gtest/gtest.h>

#include <barrier>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <thread>

#include "function/board_item.h"
#include "function/dynamo_board_store.h"
#include "function/handler.h"
#include "protocol/lambda/stream_event.h"
#include "support.h"

namespace sb::function::itest {
namespace {

using protocol::AttributeValue;
using protocol::StreamRecord;

class HandlerEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    engine_ = StartEngine(dir_);
    ASSERT_NE(engine_, nullptr);
    client_ = std::make_unique<Client>(engine_->endpoint);
    ASSERT_NO_FATAL_FAILURE(CreateTables(client_->db));
    config_.board.board_size = 3;
  }

  // Runs one invocation through a fresh handler on its own HTTP client; returns the response.
  std::string Invoke(const std::vector<StreamRecord>& records, const std::string& endpoint = "",
                     BoardStore* store_override = nullptr) {
    Client c(endpoint.empty() ? engine_->endpoint : endpoint, 2);
    DynamoBoardStore store(c.db, config_, RealClock::Instance());
    Telemetry telemetry(log::Level::kInfo, "itest", RealClock::Instance(),
                        [this](std::string_view line) {
                          std::lock_guard lock(mu_);
                          lines_.emplace_back(line);
                        });
    LeaderboardHandler handler(config_, store_override ? *store_override : store, telemetry,
                               RealClock::Instance(), RealSleeper::Instance(), c.random);
    Result<std::string> r =
        handler.Handle(protocol::EncodeDynamoDbStreamEvent(records), Invocation{"itest", 0});
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : "";
  }
  static boost::json::value Failures(const std::string& body) {
    return boost::json::parse(body).at("batchItemFailures");
  }
  static bool Succeeded(const std::string& body) {
    return !body.empty() && Failures(body).as_array().empty();
  }
  std::string BoardVersion(const std::string& game) {
    auto item = ReadBoardItem(client_->db, game);
    return item ? item->at("Version").n().ToString() : "";
  }

  void TearDown() override {
    client_.reset();
    engine_.reset();  // ends the engine process by its PID
    if (!dir_.empty() && !HasFailure()) std::filesystem::remove_all(dir_);  // kept for post-mortems
  }

  std::string dir_;
  std::unique_ptr<EngineProcess> engine_;
  std::unique_ptr<Client> client_;
  FunctionConfig config_;
  std::mutex mu_;
  std::vector<std::string> lines_;
};

TEST_F(HandlerEngineTest, BuildsTheBoardAndStoresItAsDesigned) {
  StreamBuilder s(client_->db);
  std::string r =
      Invoke({s.Put("ann", "chess", "1500", 100, "Ann"), s.Put("bob", "chess", "900", 101),
              s.Put("cat", "chess", "1200", 102), s.Put("dan", "chess", "300", 103)});
  EXPECT_TRUE(Succeeded(r)) << r;
  EXPECT_EQ(BoardPlayers(client_->db, "chess"), (std::vector<std::string>{"ann", "cat", "bob"}));
  auto item = ReadBoardItem(client_->db, "chess");
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->size(), 4u);  // GameId, Entries, Version, UpdatedAt
  EXPECT_EQ(item->at("Version").n().ToString(), "1");
  EXPECT_TRUE(item->at("UpdatedAt").is(protocol::AttrType::S));
  const protocol::AttributeMap& first = item->at("Entries").l().at(0).m();
  EXPECT_EQ(first.at("Rank").n().ToString(), "1");
  EXPECT_EQ(first.at("PlayerId").s(), "ann");
  EXPECT_EQ(first.at("Score").n().ToString(), "1500");
  EXPECT_EQ(first.at("PlayerName").s(), "Ann");
  EXPECT_EQ(first.at("At").s(), "1970-01-01T00:01:40.000Z");
  EXPECT_EQ(first.at("Seq").s(), StreamBuilder::Seq(1));
}

TEST_F(HandlerEngineTest, DecreaseRefillsFromTheRealIndex) {
  StreamBuilder s(client_->db);
  ASSERT_TRUE(Succeeded(Invoke({s.Put("a", "g", "50", 1), s.Put("b", "g", "40", 2),
                                s.Put("c", "g", "30", 3), s.Put("d", "g", "20", 4)})));
  ASSERT_EQ(BoardPlayers(client_->db, "g"), (std::vector<std::string>{"a", "b", "c"}));
  // a drops to 10: d (only in the table and its index now) must come back from the index.
  ASSERT_TRUE(Succeeded(Invoke({s.Put("a", "g", "10", 5)})));
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (std::vector<std::string>{"b", "c", "d"}));
}

TEST_F(HandlerEngineTest, DeleteRemovesAndRefills) {
  StreamBuilder s(client_->db);
  ASSERT_TRUE(Succeeded(Invoke({s.Put("a", "g", "50", 1), s.Put("b", "g", "40", 2),
                                s.Put("c", "g", "30", 3), s.Put("d", "g", "20", 4)})));
  ASSERT_TRUE(Succeeded(Invoke({s.Delete("b", "g", 5)})));
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (std::vector<std::string>{"a", "c", "d"}));
  ASSERT_TRUE(
      Succeeded(Invoke({s.Delete("a", "g", 6), s.Delete("c", "g", 6), s.Delete("d", "g", 6)})));
  EXPECT_TRUE(BoardPlayers(client_->db, "g").empty());
}

TEST_F(HandlerEngineTest, TiesRankWhoeverGotThereFirst) {
  StreamBuilder s(client_->db);
  ASSERT_TRUE(Succeeded(Invoke({s.Put("zed", "g", "70", 200), s.Put("amy", "g", "70", 300),
                                s.Put("kim", "g", "70", 200), s.Put("low", "g", "10", 100)})));
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (std::vector<std::string>{"kim", "zed", "amy"}));
  // A tie refilled from the index ranks the same way (UpdatedAt in whole seconds).
  ASSERT_TRUE(Succeeded(Invoke({s.Put("kim", "g", "5", 400)})));
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (std::vector<std::string>{"zed", "amy", "low"}));
}

TEST_F(HandlerEngineTest, ScorelessAndMalformedRecordsDoNotFailTheBatch) {
  StreamBuilder s(client_->db);
  ASSERT_TRUE(Succeeded(Invoke({s.Put("a", "g", "50", 1), s.Put("b", "g", "40", 2)})));
  // b's item loses its score (it keeps another attribute); the record as a table without the
  // numeric index could carry it has Score as a string: wrong type, b leaves the board.
  // (With the ByGameScore index, DynamoDB refuses a non-numeric Score at write time.)
  StreamRecord bad_type = s.PutItem({{"PlayerId", AttributeValue::S("b")},
                                     {"GameId", AttributeValue::S("g")},
                                     {"Points", AttributeValue::S("forty")}},
                                    3);
  (*bad_type.new_image)["Score"] = AttributeValue::S("forty");
  // a's item loses its score attribute.
  StreamRecord missing =
      s.PutItem({{"PlayerId", AttributeValue::S("a")}, {"GameId", AttributeValue::S("g")}}, 4);
  StreamRecord no_image = s.Put("c", "g", "30", 5);
  no_image.new_image.reset();  // a KEYS_ONLY-like record: skipped
  StreamRecord good = s.Put("d", "g", "10", 6);
  std::string r = Invoke({bad_type, missing, no_image, good});
  EXPECT_TRUE(Succeeded(r)) << r;
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (std::vector<std::string>{"c", "d"}));
  int warnings = 0;
  for (const std::string& l : lines_) {
    if (l.find("\"level\":\"WARN\"") != std::string::npos) ++warnings;
  }
  EXPECT_EQ(warnings, 3);
}

TEST_F(HandlerEngineTest, DuplicatedBatchChangesNothingAndWritesNothing) {
  StreamBuilder s(client_->db);
  std::vector<StreamRecord> batch = {s.Put("a", "g", "50", 1), s.Put("b", "g", "40", 2),
                                     s.Put("a", "g", "20", 3), s.Delete("b", "g", 4)};
  ASSERT_TRUE(Succeeded(Invoke(batch)));
  auto before = ReadBoardItem(client_->db, "g");
  ASSERT_TRUE(before.has_value());
  ASSERT_TRUE(Succeeded(Invoke(batch)));
  // A suffix retried after a partial failure, too.
  ASSERT_TRUE(Succeeded(Invoke({batch[2], batch[3]})));
  auto after = ReadBoardItem(client_->db, "g");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, *before);  // same Version and UpdatedAt: no write happened
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (std::vector<std::string>{"a"}));
}

// Pauses every Write until both concurrent invocations have read the board, so they race.
class RacingStore final : public BoardStore {
 public:
  RacingStore(BoardStore& inner, std::barrier<>& barrier) : inner_(inner), barrier_(barrier) {}
  protocol::ApiResult<StoredBoard> Read(const std::string& game) override {
    return inner_.Read(game);
  }
  protocol::ApiStatus Write(const StoredBoard& seen, const leaderboard::Board& next) override {
    if (first_) {
      first_ = false;
      barrier_.arrive_and_wait();
    }
    return inner_.Write(seen, next);
  }
  protocol::ApiResult<std::vector<leaderboard::Entry>> Top(const std::string& game,
                                                           size_t limit) override {
    return inner_.Top(game, limit);
  }

 private:
  BoardStore& inner_;
  std::barrier<>& barrier_;
  bool first_ = true;
};

TEST_F(HandlerEngineTest, ConcurrentInvocationsOnOneBoardLoseNoUpdate) {
  StreamBuilder shard1(client_->db, 1);
  StreamBuilder shard2(client_->db, 1000);
  ASSERT_TRUE(Succeeded(Invoke({shard1.Put("base", "g", "10", 1)})));
  std::vector<StreamRecord> b1 = {shard1.Put("p1", "g", "100", 2)};
  std::vector<StreamRecord> b2 = {shard2.Put("p2", "g", "200", 2)};
  std::barrier<> both_read(2);
  std::string r1, r2;
  auto run = [&](const std::vector<StreamRecord>& batch, std::string* out) {
    Client c(engine_->endpoint, 2);
    DynamoBoardStore store(c.db, config_, RealClock::Instance());
    RacingStore racing(store, both_read);
    *out = Invoke(batch, "", &racing);
  };
  std::thread t1(run, b1, &r1);
  std::thread t2(run, b2, &r2);
  t1.join();
  t2.join();
  EXPECT_TRUE(Succeeded(r1)) << r1;
  EXPECT_TRUE(Succeeded(r2)) << r2;
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (std::vector<std::string>{"p2", "p1", "base"}));
  EXPECT_EQ(BoardVersion("g"), "3");  // base, then one write each: the loser merged again
  int conflicts = 0;
  for (const std::string& l : lines_) {
    if (l.find("\"WriteConflicts\":1") != std::string::npos) ++conflicts;
  }
  EXPECT_EQ(conflicts, 1);
}

TEST_F(HandlerEngineTest, UnreachableEngineFailsFromTheFirstRecord) {
  StreamBuilder s(client_->db);
  std::vector<StreamRecord> batch = {s.Put("a", "g1", "50", 1), s.Put("b", "g2", "40", 2),
                                     s.Put("c", "g1", "30", 3)};
  uint16_t closed = FreePort();
  std::string r = Invoke(batch, "http://127.0.0.1:" + std::to_string(closed));
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(Failures(r),
            boost::json::parse(R"([{"itemIdentifier":")" + batch[0].sequence_number + "\"}]"));
  // Nothing was reported done, and nothing was written.
  EXPECT_FALSE(ReadBoardItem(client_->db, "g1").has_value());
  EXPECT_FALSE(ReadBoardItem(client_->db, "g2").has_value());
  // The platform re-delivers the batch once the engine is back: it all lands.
  ASSERT_TRUE(Succeeded(Invoke(batch)));
  EXPECT_EQ(BoardPlayers(client_->db, "g1"), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(BoardPlayers(client_->db, "g2"), (std::vector<std::string>{"b"}));
}

}  // namespace
}  // namespace sb::function::itest
