// The leaderboard handler end to end against the real engine over HTTP: real GameScores,
// Ranks (with its local index ByRank) and Leaderboard tables, stream events built from real
// items as DynamoDB builds them (docs/correctness.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <map>
#include <thread>

#include "function/board_item.h"
#include "function/dynamo_ranks_store.h"
#include "function/executor.h"
#include "function/handler.h"
#include "function/rank_counts_item.h"
#include "leaderboard/board_key.h"
#include "leaderboard/count_tree.h"
#include "leaderboard/rank_key.h"
#include "leaderboard/window.h"
#include "protocol/lambda/stream_event.h"
#include "support.h"

namespace sb::function::itest {
namespace {

using protocol::AttributeValue;
using protocol::StreamRecord;
using Names = std::vector<std::string>;

class HandlerEngineTest : public EngineTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(EngineTest::SetUp());
    config_.board.board_size = 3;
  }

  // Runs one invocation through a fresh handler on its own HTTP client, its Ranks writes on a
  // pool of 8 threads sharing that client; returns the response.
  std::string Invoke(const std::vector<StreamRecord>& records, const std::string& endpoint = "") {
    Client c(endpoint.empty() ? engine_->endpoint : endpoint, 2);
    DynamoRanksStore store(c.db, config_.board, RealClock::Instance());
    ThreadPoolExecutor pool(8);
    Telemetry telemetry(log::Level::kInfo, "itest", RealClock::Instance(),
                        [this](std::string_view line) {
                          std::lock_guard lock(mu_);
                          lines_.emplace_back(line);
                        });
    LeaderboardHandler handler(config_, store, pool, telemetry, RealClock::Instance());
    Result<std::string> r =
        handler.Handle(protocol::EncodeDynamoDbStreamEvent(records), Invocation{"itest", 0});
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : "";
  }
  static bool Succeeded(const std::string& body) {
    return !body.empty() && boost::json::parse(body).at("batchItemFailures").as_array().empty();
  }
  std::optional<protocol::Item> RanksItem(const std::string& board, const std::string& player) {
    auto r = client_->db.GetItem(
        {.table_name = "Ranks",
         .key = {{"Board", AttributeValue::S(board)}, {"PlayerId", AttributeValue::S(player)}},
         .consistent_read = true});
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->item : std::nullopt;
  }
  int Logged(std::string_view text) {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const std::string& l : lines_) n += l.find(text) != std::string::npos;
    return n;
  }

  FunctionConfig config_;
  std::mutex mu_;
  std::vector<std::string> lines_;
};

// Every item of `table`, consistent, all pages.
std::vector<protocol::Item> ScanAll(dynamo::DynamoDbClient& db, const std::string& table) {
  std::vector<protocol::Item> out;
  dynamo::ScanRequest scan;
  scan.table_name = table;
  scan.consistent_read = true;
  for (;;) {
    auto page = db.Scan(scan);
    EXPECT_TRUE(page.ok()) << page.error().message;
    if (!page.ok()) return out;
    out.insert(out.end(), page->items.begin(), page->items.end());
    if (!page->last_evaluated_key.has_value()) return out;
    scan.exclusive_start_key = page->last_evaluated_key;
  }
}

using Histogram = std::map<std::pair<std::string, int>, int64_t>;  // (node, child) -> count

// The counters as stored in RankCounts (zeros left out).
Histogram StoredCounts(dynamo::DynamoDbClient& db) {
  Histogram h;
  for (const protocol::Item& item : ScanAll(db, "RankCounts")) {
    Result<NodeCounts> counts = DecodeCountNode(item);
    EXPECT_TRUE(counts.ok());
    if (!counts.ok()) continue;
    for (int c = 0; c < 256; ++c) {
      if ((*counts)[c] != 0) h[{item.at("Node").b(), c}] = (*counts)[c];
    }
  }
  return h;
}

// The counters the live Ranks items call for: for each live item and level, one under its node.
Histogram CountsOfRanks(dynamo::DynamoDbClient& db, size_t depth, size_t* live) {
  Histogram h;
  *live = 0;
  for (const protocol::Item& item : ScanAll(db, "Ranks")) {
    auto key = item.find("RankKey");
    if (key == item.end()) continue;
    ++*live;
    const std::string ck = leaderboard::CountKey(key->second.b(), depth);
    for (size_t d = 0; d < depth; ++d) {
      ++h[{leaderboard::CountNode(item.at("Board").s(), ck.substr(0, d)),
           static_cast<unsigned char>(ck[d])}];
    }
  }
  return h;
}

// Counts kept (depth 16) with a daily window: several invocations with duplicates, replays, a
// retried suffix, removals and two invocations at once; the engine applies each Ranks put and
// its counter ADDs in one real TransactWriteItems, and afterwards the counters are exactly the
// histogram of the live Ranks items (all-time and the window).
TEST_F(HandlerEngineTest, RankCountsEqualTheHistogramOfRanksAfterReplaysAndDuplicates) {
  config_.board.windows = "all,daily";
  config_.board.rank_shards = 2;
  const int64_t now = RealClock::Instance().NowUnixMillis() / 1000;
  StreamBuilder s(client_->db);
  std::vector<StreamRecord> first, second;
  for (int i = 0; i < 12; ++i) {
    first.push_back(
        s.Put("p" + std::to_string(i), "g", std::to_string(10 * (i % 4)), now - 100 + i));
  }
  for (int i = 0; i < 12; i += 2) {
    second.push_back(s.Put("p" + std::to_string(i), "g", std::to_string(7 * i + 1), now - 50 + i));
  }
  second.push_back(s.Delete("p3", "g", now - 10));
  second.push_back(s.Put("p5", "g", "20", now - 5, "Five"));  // same score: a touch
  ASSERT_TRUE(Succeeded(Invoke(first)));
  ASSERT_TRUE(Succeeded(Invoke(first)));  // a duplicate batch
  std::thread other([&] { EXPECT_TRUE(Succeeded(Invoke(second))); });
  ASSERT_TRUE(Succeeded(Invoke({first[1], first[2], second[0]})));  // replays, concurrently
  other.join();
  ASSERT_TRUE(Succeeded(Invoke(second)));  // the whole second batch again
  size_t live = 0;
  const Histogram want = CountsOfRanks(client_->db, 16, &live);
  EXPECT_GE(live, 2u * 11u);  // 11 players left in all-time and in the window(s) of their times
  const Histogram got = StoredCounts(client_->db);
  EXPECT_FALSE(got.empty());
  EXPECT_EQ(got, want);
  // The window's nodes carry its TTL; the all-time ones none.
  for (const protocol::Item& item : ScanAll(client_->db, "RankCounts")) {
    const std::string& node = item.at("Node").b();
    const size_t length =
        (static_cast<unsigned char>(node[0]) << 8) | static_cast<unsigned char>(node[1]);
    const bool windowed =
        node.substr(2, length).find(leaderboard::kWindowSeparator) != std::string::npos;
    EXPECT_EQ(item.count("ExpiresAt") == 1, windowed);
  }
}

// A move whose Ranks condition fails is cancelled as a whole: no counter moves, and the
// cancellation reads as a lost race.
TEST_F(HandlerEngineTest, ACancelledMoveChangesNoCounter) {
  Client c(engine_->endpoint, 2);
  DynamoRanksStore store(c.db, config_.board, RealClock::Instance());
  leaderboard::RankRecord live{true, leaderboard::Entry{"p", leaderboard::Score::FromInt(5), "",
                                                        1000, "100000000000000000002"}};
  CountChanges changes;
  changes.deltas = leaderboard::CountMove("g", std::nullopt, leaderboard::RankKey(live.entry), 4);
  ASSERT_TRUE(store.MoveRank("g", live, RankExpectation{false, ""}, 0, changes).ok());
  const Histogram before = StoredCounts(client_->db);
  EXPECT_EQ(before.size(), 4u);
  protocol::ApiStatus again = store.MoveRank("g", live, RankExpectation{false, ""}, 0, changes);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().type, "ConditionalCheckFailedException");
  EXPECT_EQ(StoredCounts(client_->db), before);
}

TEST_F(HandlerEngineTest, RanksAndBoardItemsAreStoredAsDesigned) {
  StreamBuilder s(client_->db);
  std::string r =
      Invoke({s.Put("ann", "chess", "1500", 100, "Ann"), s.Put("bob", "chess", "900", 101),
              s.Put("cat", "chess", "1200", 102), s.Put("dan", "chess", "300", 103)});
  EXPECT_TRUE(Succeeded(r)) << r;
  EXPECT_EQ(BoardPlayers(client_->db, "chess"), (Names{"ann", "cat", "bob"}));
  auto item = ReadBoardItem(client_->db, "chess");
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->size(), 5u);  // GameId, Entries, Size, Version, UpdatedAt
  EXPECT_EQ(item->at("Version").n().ToString(), "1");
  EXPECT_EQ(item->at("Size").n().ToString(), "3");
  const protocol::AttributeMap& first = item->at("Entries").l().at(0).m();
  EXPECT_EQ(first.at("Rank").n().ToString(), "1");
  EXPECT_EQ(first.at("PlayerId").s(), "ann");
  EXPECT_EQ(first.at("Score").n().ToString(), "1500");
  EXPECT_EQ(first.at("PlayerName").s(), "Ann");
  EXPECT_EQ(first.at("At").s(), "1970-01-01T00:01:40.000Z");  // the item's UpdatedAt
  auto ann = RanksItem("chess", "ann");
  ASSERT_TRUE(ann.has_value());
  EXPECT_EQ(ann->at("Seq").s(), std::string(19, '0') + StreamBuilder::Seq(1));
  EXPECT_EQ(ann->at("At").n().ToString(), "100000");
  EXPECT_EQ(ann->at("RankKey").b(),
            leaderboard::RankKey(leaderboard::Score::FromInt(1500), 100000, "ann"));
}

TEST_F(HandlerEngineTest, DecreaseAndDeleteRiseTheNextFromTheRealIndex) {
  StreamBuilder s(client_->db);
  ASSERT_TRUE(Succeeded(
      Invoke({s.Put("a", "g", "50", 1), s.Put("b", "g", "40", 2), s.Put("c", "g", "30", 3),
              s.Put("d", "g", "20", 4), s.Put("e", "g", "10", 4)})));
  ASSERT_TRUE(Succeeded(Invoke({s.Put("a", "g", "5", 5)})));
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (Names{"b", "c", "d"}));
  ASSERT_TRUE(Succeeded(Invoke({s.Delete("b", "g", 6)})));
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (Names{"c", "d", "e"}));
  auto tomb = RanksItem("g", "b");
  ASSERT_TRUE(tomb.has_value());
  EXPECT_FALSE(tomb->count("RankKey"));
  EXPECT_EQ(tomb->at("ExpiresAt").n().ToString(), std::to_string(6 + kTombstoneLifetimeSeconds));
}

TEST_F(HandlerEngineTest, TiesRankWhoeverGotThereFirstAndATouchKeepsThePlace) {
  StreamBuilder s(client_->db);
  ASSERT_TRUE(Succeeded(Invoke({s.Put("zed", "g", "70", 200), s.Put("amy", "g", "70", 300),
                                s.Put("kim", "g", "70", 200), s.Put("low", "g", "10", 100)})));
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (Names{"kim", "zed", "amy"}));
  ASSERT_TRUE(Succeeded(Invoke({s.Put("kim", "g", "70", 400, "Kim")})));  // a name change
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (Names{"kim", "zed", "amy"}));
  ASSERT_TRUE(Succeeded(Invoke({s.Put("kim", "g", "5", 500)})));
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (Names{"zed", "amy", "low"}));
}

TEST_F(HandlerEngineTest, ADuplicateBatchChangesNoRanksButRewritesTheBoard) {
  StreamBuilder s(client_->db);
  std::vector<StreamRecord> batch = {s.Put("a", "g", "50", 1), s.Put("b", "g", "40", 2),
                                     s.Put("a", "g", "20", 3), s.Delete("b", "g", 4)};
  ASSERT_TRUE(Succeeded(Invoke(batch)));
  auto a_before = RanksItem("g", "a");
  ASSERT_TRUE(Succeeded(Invoke(batch)));
  ASSERT_TRUE(Succeeded(Invoke({batch[2], batch[3]})));  // a suffix retried
  EXPECT_EQ(RanksItem("g", "a"), a_before);
  EXPECT_EQ(ReadBoardItem(client_->db, "g")->at("Version").n().ToString(), "3");
  EXPECT_EQ(BoardPlayers(client_->db, "g"), (Names{"a"}));
}

TEST_F(HandlerEngineTest, HugeNamesAreCappedAndLongIdsRejected) {
  config_.board.board_size = 5;
  StreamBuilder s(client_->db);
  std::vector<StreamRecord> batch;
  for (int i = 0; i < 5; ++i) {
    batch.push_back(s.Put("p" + std::to_string(i), "g", std::to_string(10 + i), 1,
                          std::string(90 * 1024, static_cast<char>('a' + i))));
  }
  batch.push_back(s.Put(std::string(961, 'x'), "g", "99", 2));
  std::string r = Invoke(batch);
  EXPECT_TRUE(Succeeded(r)) << r;
  auto item = ReadBoardItem(client_->db, "g");
  ASSERT_TRUE(item.has_value());
  ASSERT_EQ(item->at("Entries").l().size(), 5u);
  EXPECT_EQ(item->at("Entries").l()[0].m().at("PlayerName").s(), std::string(128, 'e'));
  EXPECT_EQ(Logged("longer than 960 bytes"), 1);
}

TEST_F(HandlerEngineTest, ConcurrentInvocationsOverRankShardsGiveTheExactBoard) {
  config_.board.board_size = 5;
  config_.board.rank_shards = 4;
  // Four shards, each with its own increasing sequence numbers and players; every shard
  // lowers the current leaders while others rise (case 1 of docs/correctness.md, at scale).
  std::vector<std::vector<StreamRecord>> shards(4);
  std::map<std::string, std::pair<int, int>> table;  // player -> (score, at)
  for (int k = 0; k < 4; ++k) {
    StreamBuilder s(client_->db, 1 + 10'000 * k);
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < 6; ++i) {
        std::string p = "s" + std::to_string(k) + "p" + std::to_string(i);
        int score = ((i * 7 + round * 13 + k * 5) % 17) * 10;
        shards[k].push_back(s.Put(p, "g", std::to_string(score), 1000 + round));
        auto it = table.find(p);
        int at = it != table.end() && it->second.first == score ? it->second.second : 1000 + round;
        table[p] = {score, at};
      }
    }
  }
  std::vector<std::string> out(4);
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (size_t i = 0; i < shards[k].size(); i += 6) {  // batches of 6 records
        std::vector<StreamRecord> batch(shards[k].begin() + static_cast<ptrdiff_t>(i),
                                        shards[k].begin() + static_cast<ptrdiff_t>(i + 6));
        std::string r = Invoke(batch);
        if (!Succeeded(r)) out[k] += r;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& o : out) EXPECT_EQ(o, "");
  std::vector<std::pair<std::string, std::pair<int, int>>> rows(table.begin(), table.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.second.first != b.second.first) return a.second.first > b.second.first;
    if (a.second.second != b.second.second) return a.second.second < b.second.second;
    return a.first < b.first;
  });
  Names want;
  for (size_t i = 0; i < 5; ++i) want.push_back(rows[i].first);
  EXPECT_EQ(BoardPlayers(client_->db, "g"), want);
  EXPECT_TRUE(RanksItem(leaderboard::BoardKey("g", "s0p0", 4), "s0p0").has_value());
}

TEST_F(HandlerEngineTest, UnreachableEngineFailsFromTheFirstRecord) {
  StreamBuilder s(client_->db);
  std::vector<StreamRecord> batch = {s.Put("a", "g1", "50", 1), s.Put("b", "g2", "40", 2),
                                     s.Put("c", "g1", "30", 3)};
  uint16_t closed = FreePort();
  std::string r = Invoke(batch, "http://127.0.0.1:" + std::to_string(closed));
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(boost::json::parse(r).at("batchItemFailures"),
            boost::json::parse(R"([{"itemIdentifier":")" + batch[0].sequence_number + "\"}]"));
  EXPECT_FALSE(ReadBoardItem(client_->db, "g1").has_value());
  // The platform re-delivers the batch once the engine is back: it all lands.
  ASSERT_TRUE(Succeeded(Invoke(batch)));
  EXPECT_EQ(BoardPlayers(client_->db, "g1"), (Names{"a", "c"}));
  EXPECT_EQ(BoardPlayers(client_->db, "g2"), (Names{"b"}));
}

}  // namespace
}  // namespace sb::function::itest
