// `streamboard score | top | reconcile | simulate` as real processes against a real engine
// process over HTTP on 127.0.0.1. No function runs here: the Ranks table holds what each test
// writes into it (as the function would) or what reconcile backfills.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json/parse.hpp>
#include <thread>

#include "base/clock.h"
#include "cli/ranks_codec.h"
#include "cli/reconcile.h"
#include "cli/table_reads.h"
#include "cli_process.h"
#include "function/board_item.h"
#include "function/iso8601.h"

namespace sb::cli::itest {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = Engine::Start();
    ASSERT_NE(engine_, nullptr);
    client_ = std::make_unique<TestClient>(engine_->endpoint());
    client_->CreateTables();
  }

  // `streamboard <args...> --endpoint-url <engine>`.
  RunResult Cli(std::vector<std::string> args) {
    args.push_back("--endpoint-url");
    args.push_back(engine_->endpoint());
    return RunCli(args);
  }

  std::string ScoreOf(const std::string& player, const std::string& game) {
    auto item = client_->GetScore(player, game);
    if (!item.has_value()) return "none";
    auto it = item->find("Score");
    return it == item->end() ? "no Score" : it->second.n().ToString();
  }

  void PutBoard(const std::string& game, const std::vector<std::pair<std::string, int>>& entries,
                int64_t version) {
    leaderboard::Board board;
    board.game_id = game;
    board.version = version;
    for (const auto& [player, score] : entries) {
      leaderboard::Entry e;
      e.player_id = player;
      e.score = leaderboard::Score::FromInt(score);
      e.player_name = "Name " + player;
      e.at_ms = 1'764'104'398'000;
      board.entries.push_back(e);
    }
    dynamo::PutItemRequest put;
    put.table_name = "Leaderboard";
    put.item = function::EncodeBoardItem(board, 1'764'104'400'000);
    auto r = client_->db().PutItem(put);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  // The exact check's differences for `game` (empty: exact).
  std::vector<std::string> Differences(const std::string& game) {
    auto problems = CheckExact(client_->db(), function::BoardConfig{}, RealClock::Instance(),
                               std::set<std::string>{game});
    EXPECT_TRUE(problems.ok()) << problems.error().message;
    return problems.ok() ? *problems : std::vector<std::string>{"check failed"};
  }

  // A live Ranks entry as the function writes it for stream record `seq`.
  void PutRank(const std::string& game, const std::string& player, int score, int64_t at_ms,
               const std::string& seq) {
    leaderboard::Entry e;
    e.player_id = player;
    e.score = leaderboard::Score::FromInt(score);
    e.at_ms = at_ms;
    dynamo::PutItemRequest put;
    put.table_name = "Ranks";
    put.item = LiveRanksItem(BoardKeyFor(function::BoardConfig{}, game, player), e, PaddedSeq(seq));
    auto r = client_->db().PutItem(put);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  std::optional<protocol::Item> GetRank(const std::string& board, const std::string& player) {
    dynamo::GetItemRequest get;
    get.table_name = "Ranks";
    get.key = {{"Board", AttributeValue::S(board)}, {"PlayerId", AttributeValue::S(player)}};
    get.consistent_read = true;
    auto r = client_->db().GetItem(get);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->item : std::nullopt;
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<TestClient> client_;
};

TEST_F(CliTest, ScorePutSetWritesTheWholeItem) {
  RunResult r = Cli({"score", "put", "alice", "1500", "--game", "g1", "--name", "Alice"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "alice in g1: 1500\n");
  auto item = client_->GetScore("alice", "g1");
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->at("Score").n().ToString(), "1500");
  EXPECT_EQ(item->at("PlayerName").s(), "Alice");
  EXPECT_TRUE(function::ParseIso8601Millis(item->at("UpdatedAt").s()).has_value());

  // set replaces, also downwards; exact decimals survive.
  r = Cli({"score", "put", "alice", "12.50", "--game", "g1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ScoreOf("alice", "g1"), "12.5");
  EXPECT_EQ(client_->GetScore("alice", "g1")->count("PlayerName"), 0u);
}

TEST_F(CliTest, ScorePutDefaultsToTheGlobalGame) {
  ASSERT_EQ(Cli({"score", "put", "bob", "7"}).code, 0);
  EXPECT_EQ(ScoreOf("bob", "global"), "7");
}

TEST_F(CliTest, ScorePutBestOnlyRaises) {
  RunResult r = Cli({"score", "put", "p", "1500", "--game", "g", "--mode", "best"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = Cli({"score", "put", "p", "1200", "--game", "g", "--mode", "best"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "kept 1500 (higher than 1200)\n");
  EXPECT_EQ(ScoreOf("p", "g"), "1500");
  r = Cli({"score", "put", "p", "1500", "--game", "g", "--mode", "best"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "kept 1500 (already the best)\n");
  r = Cli({"score", "put", "p", "1700", "--game", "g", "--mode", "best"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ScoreOf("p", "g"), "1700");
}

TEST_F(CliTest, ScorePutIncrIsAtomicUnderConcurrentInvocations) {
  ASSERT_EQ(Cli({"score", "put", "p", "100", "--game", "g"}).code, 0);
  constexpr int kProcesses = 12;
  std::vector<std::unique_ptr<Process>> running;
  for (int i = 0; i < kProcesses; ++i) {
    running.push_back(Process::Start({"score", "put", "p", "5", "--game", "g", "--mode", "incr",
                                      "--endpoint-url", engine_->endpoint()}));
    ASSERT_NE(running.back(), nullptr);
  }
  for (auto& p : running) {
    EXPECT_EQ(p->Wait(std::chrono::seconds(60)), 0) << p->Stderr();
  }
  EXPECT_EQ(ScoreOf("p", "g"), std::to_string(100 + 5 * kProcesses));
  // A negative delta lowers; a missing item starts from zero.
  ASSERT_EQ(Cli({"score", "put", "p", "-60", "--game", "g", "--mode", "incr"}).code, 0);
  EXPECT_EQ(ScoreOf("p", "g"), std::to_string(100 + 5 * kProcesses - 60));
  RunResult r = Cli({"score", "put", "q", "3", "--game", "g", "--mode", "incr", "--name", "Q"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "q in g: 3\n");
  EXPECT_EQ(client_->GetScore("q", "g")->at("PlayerName").s(), "Q");
}

TEST_F(CliTest, ScoreDeleteRemovesTheItem) {
  ASSERT_EQ(Cli({"score", "put", "p", "10", "--game", "g"}).code, 0);
  RunResult r = Cli({"score", "delete", "p", "--game", "g"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "deleted p from g (score was 10)\n");
  EXPECT_EQ(ScoreOf("p", "g"), "none");
  r = Cli({"score", "delete", "p", "--game", "g"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "p had no score in g\n");
}

TEST_F(CliTest, EndpointFromTheStandardEnvironment) {
  RunResult r = RunCli({"score", "put", "env", "1", "--game", "g"},
                       {"AWS_ENDPOINT_URL_DYNAMODB=" + engine_->endpoint()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ScoreOf("env", "g"), "1");
}

TEST_F(CliTest, TopShowsAStoredBoard) {
  PutBoard("g1", {{"p1", 300}, {"p2", 200}, {"p3", 100}}, 4);
  RunResult r = Cli({"top", "--game", "g1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("game g1 · version 4"), std::string::npos) << r.out;
  const size_t p1 = r.out.find("p1"), p2 = r.out.find("p2"), p3 = r.out.find("p3");
  ASSERT_NE(p3, std::string::npos) << r.out;
  EXPECT_LT(p1, p2);
  EXPECT_LT(p2, p3);
  EXPECT_NE(r.out.find("Name p2"), std::string::npos);

  r = Cli({"top", "--game", "g1", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  boost::json::value v = boost::json::parse(r.out);
  EXPECT_EQ(v.at("version").as_int64(), 4);
  ASSERT_EQ(v.at("entries").as_array().size(), 3u);
  EXPECT_EQ(v.at("entries").at(2).at("player").as_string(), "p3");
  EXPECT_EQ(v.at("entries").at(2).at("score").as_int64(), 100);
}

TEST_F(CliTest, TopOfAGameWithoutBoardIsNotAnError) {
  RunResult r = Cli({"top", "--game", "nothing-here"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "no board for game nothing-here yet\n");
  r = Cli({"top", "--game", "nothing-here", "--json"});
  EXPECT_EQ(r.code, 0);
  EXPECT_FALSE(boost::json::parse(r.out).at("exists").as_bool());
}

TEST_F(CliTest, TopWatchPrintsChangesAndExitsZeroOnInterrupt) {
  auto watch = Process::Start(
      {"top", "--game", "w", "--watch", "--json", "--endpoint-url", engine_->endpoint()});
  ASSERT_NE(watch, nullptr);
  auto wait_for = [&](const std::string& text) {
    for (int i = 0; i < 1000; ++i) {
      if (watch->Stdout().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  ASSERT_TRUE(wait_for("\"exists\":false")) << watch->Stdout() << watch->Stderr();
  PutBoard("w", {{"late", 42}}, 1);
  ASSERT_TRUE(wait_for("\"late\"")) << watch->Stdout();
  watch->Signal(SIGINT);
  EXPECT_EQ(watch->Wait(std::chrono::seconds(30)), 0) << watch->Stderr();
  // Not a terminal: one JSON document per change, each on its own line.
  const std::string out = watch->Stdout();
  size_t lines = 0;
  for (char c : out) lines += c == '\n';
  EXPECT_EQ(lines, 2u) << out;
}

TEST_F(CliTest, ReconcileBackfillsRanksAndFixesAWrongBoard) {
  for (int i = 1; i <= 7; ++i) {
    ASSERT_EQ(Cli({"score", "put", "p" + std::to_string(i), std::to_string(i * 100), "--game", "g2",
                   "--name", "N" + std::to_string(i)})
                  .code,
              0);
  }
  // Wrong: a deleted player, a stale score, a missing top player; and no Ranks entries at all
  // (no stream was processed).
  PutBoard("g2", {{"ghost", 5000}, {"p6", 1}, {"p5", 500}}, 9);
  ASSERT_FALSE(Differences("g2").empty());
  RunResult check = Cli({"reconcile", "--check", "--game", "g2"});
  EXPECT_EQ(check.code, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("g2/p7: score 700 in the scores table, no Ranks entry"),
            std::string::npos)
      << check.out;

  RunResult r = Cli({"reconcile", "--game", "g2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Ranks: 7 backfilled, 0 removed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("g2: fixed, version 9 -> 10"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-ghost"), std::string::npos) << r.out;
  EXPECT_EQ(Differences("g2"), std::vector<std::string>{});
  check = Cli({"reconcile", "--check", "--game", "g2"});
  EXPECT_EQ(check.code, 0) << check.out << check.err;

  // A backfilled entry is older than every stream record: its Seq is all zeros.
  auto rank = GetRank("g2", "p7");
  ASSERT_TRUE(rank.has_value());
  EXPECT_EQ(rank->at("Seq").s(), std::string(40, '0'));
  EXPECT_EQ(rank->at("Score").n().ToString(), "700");

  r = Cli({"top", "--game", "g2", "--json"});
  ASSERT_EQ(r.code, 0);
  auto v = boost::json::parse(r.out);
  EXPECT_EQ(v.at("entries").at(0).at("player").as_string(), "p7");
  EXPECT_EQ(v.at("entries").at(0).at("name").as_string(), "N7");
  EXPECT_EQ(v.at("entries").as_array().size(), 5u);

  // A second run finds nothing to do and writes nothing.
  r = Cli({"reconcile", "--game", "g2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Ranks: 0 backfilled, 0 removed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("g2: ok (5 players, version 10)"), std::string::npos) << r.out;
}

TEST_F(CliTest, ReconcileNeverOverwritesAStreamDerivedEntry) {
  ASSERT_EQ(Cli({"score", "put", "p", "20", "--game", "g"}).code, 0);
  // The function wrote 10 from a record; the record carrying 20 is still to come.
  PutRank("g", "p", 10, 1'000, "100000000000000000005");
  RunResult r = Cli({"reconcile", "--game", "g"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Ranks: 0 backfilled, 0 removed"), std::string::npos) << r.out;
  auto rank = GetRank("g", "p");
  ASSERT_TRUE(rank.has_value());
  EXPECT_EQ(rank->at("Score").n().ToString(), "10");
  // The board follows Ranks; the check tells the scores table and Ranks apart.
  RunResult check = Cli({"reconcile", "--check", "--game", "g"});
  EXPECT_EQ(check.code, 1);
  EXPECT_NE(check.out.find("g/p: score 20 in the scores table, 10 in Ranks"), std::string::npos)
      << check.out;
  EXPECT_EQ(check.out.find("g: rank"), std::string::npos) << check.out;
  EXPECT_EQ(check.err,
            "streamboard: 1 difference(s) between the scores table, Ranks and the "
            "boards; 0 RankCounts node(s) wrong\n");
}

TEST_F(CliTest, ReconcileRemovesEntriesWhoseScoreIsGoneKeepingTheirSeq) {
  ASSERT_EQ(Cli({"score", "put", "stays", "5", "--game", "g"}).code, 0);
  PutRank("g", "stays", 5, 1'000, "100000000000000000001");
  PutRank("g", "gone", 50, 1'000, "100000000000000000002");  // its item was deleted
  PutBoard("g", {{"gone", 50}, {"stays", 5}}, 2);
  RunResult r = Cli({"reconcile", "--game", "g"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Ranks: 0 backfilled, 1 removed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("g: fixed, version 2 -> 3: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" -gone"), std::string::npos) << r.out;
  auto tombstone = GetRank("g", "gone");
  ASSERT_TRUE(tombstone.has_value());
  EXPECT_EQ(tombstone->count("RankKey"), 0u);
  EXPECT_EQ(tombstone->count("Score"), 0u);
  EXPECT_EQ(tombstone->at("Seq").s(), PaddedSeq("100000000000000000002"));
  EXPECT_EQ(tombstone->at("ExpiresAt").type(), protocol::AttrType::N);
  EXPECT_EQ(Differences("g"), std::vector<std::string>{});
}

TEST_F(CliTest, ReconcileCheckJudgesTieOrderAndSize) {
  for (const char* p : {"a", "b"}) {
    ASSERT_EQ(Cli({"score", "put", p, "10", "--game", "t"}).code, 0);
  }
  PutRank("t", "a", 10, 2'000, "100000000000000000001");
  PutRank("t", "b", 10, 1'000, "100000000000000000002");  // b reached 10 first
  PutBoard("t", {{"a", 10}, {"b", 10}}, 1);  // wrong tie order, no Size, At 1764104398000
  RunResult check = Cli({"reconcile", "--check", "--game", "t"});
  EXPECT_EQ(check.code, 1);
  EXPECT_NE(check.out.find("t: board written for size 0, expected 5"), std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("t: rank 1: board has a (10"), std::string::npos) << check.out;
  ASSERT_EQ(Cli({"reconcile", "--game", "t"}).code, 0);
  EXPECT_EQ(Differences("t"), std::vector<std::string>{});
  RunResult top = Cli({"top", "--game", "t", "--json"});
  auto v = boost::json::parse(top.out);
  EXPECT_EQ(v.at("entries").at(0).at("player").as_string(), "b");
  EXPECT_EQ(v.at("entries").at(0).at("at").as_string(), "1970-01-01T00:00:01.000Z");
  // --size 2: the board was written for 5, so it is rewritten for 2.
  RunResult r = Cli({"reconcile", "--game", "t", "--size", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("resized from 5 to 2"), std::string::npos) << r.out;
  EXPECT_EQ(Cli({"reconcile", "--check", "--game", "t", "--size", "2"}).code, 0);
}

TEST_F(CliTest, ReconcileAllCreatesFixesAndEmptiesBoards) {
  ASSERT_EQ(Cli({"score", "put", "a", "10", "--game", "new-game"}).code, 0);
  ASSERT_EQ(Cli({"score", "put", "b", "20"}).code, 0);  // global
  PutBoard("abandoned", {{"gone", 1}}, 3);              // no scores left in this game
  RunResult r = Cli({"reconcile", "--all"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("new-game: created"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("global: created"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("abandoned: fixed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reconciled 3 boards: 3 changed"), std::string::npos) << r.out;
  RunResult check = Cli({"reconcile", "--check", "--all"});
  EXPECT_EQ(check.code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("exact:"), std::string::npos) << check.out;
}

TEST_F(CliTest, SimulateWritePhaseMatchesTheTable) {
  RunResult r = Cli({"simulate", "--players", "20", "--games", "2", "--rate", "400", "--count",
                     "300", "--seed", "11", "--settle", "0", "--no-check"});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("wrote 300 in"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("; 0 errors"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("boards: not checked (--no-check)"), std::string::npos) << r.out;
  // The reported item count is what the table holds for the simulated games.
  const size_t at = r.out.find("table: ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const int reported = std::stoi(r.out.substr(at + 7));
  auto rows = ScanScores(client_->db(), function::BoardConfig{});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(static_cast<size_t>(reported), (*rows)["sim-g1"].size() + (*rows)["sim-g2"].size());
  EXPECT_GT(reported, 0);
  for (const auto& [game, entries] : *rows) {
    for (const auto& e : entries) EXPECT_EQ(e.player_name, "Player " + e.player_id);
  }

  // A second run starts from the table as the first left it (its model is loaded by a scan).
  r = Cli({"simulate", "--players", "20", "--games", "2", "--rate", "400", "--count", "100",
           "--seed", "12", "--no-check"});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("items match the simulated writes"), std::string::npos) << r.out;
}

TEST_F(CliTest, SimulateWithoutATriggerReportsStaleBoards) {
  // Nothing turns the writes into boards here (no trigger): the check must fail, listing them.
  RunResult r = Cli({"simulate", "--players", "5", "--games", "2", "--rate", "200", "--count", "20",
                     "--seed", "3", "--settle", "0"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("in the scores table, no Ranks entry"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "streamboard: simulation failed (see above)\n");
}

TEST_F(CliTest, MissingTableIsAOneLineError) {
  RunResult r = Cli({"score", "put", "p", "1", "--scores-table", "NoSuchTable"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(
      r.err.rfind("streamboard: table 'NoSuchTable' does not exist at " + engine_->endpoint(), 0),
      0u)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  r = Cli({"top", "--leaderboard-table", "NoSuchBoards"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("table 'NoSuchBoards' does not exist"), std::string::npos) << r.err;
  r = Cli({"reconcile", "--all", "--scores-table", "Nope1"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("table 'Nope1' does not exist"), std::string::npos) << r.err;
  r = Cli({"reconcile", "--check", "--ranks-table", "Nope2"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("table 'Nope2' does not exist"), std::string::npos) << r.err;
}

TEST(CliErrorsTest, UnreachableEndpointIsAOneLineErrorWithoutHanging) {
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(UnusedPort());
  for (std::vector<std::string> args : {std::vector<std::string>{"score", "put", "p", "1"},
                                        {"score", "delete", "p"},
                                        {"top"},
                                        {"reconcile"},
                                        {"simulate", "--count", "5"}}) {
    args.push_back("--endpoint-url");
    args.push_back(endpoint);
    RunResult r = RunCli(args);
    EXPECT_EQ(r.code, 1) << args[0] << ": " << r.err;  // -1 would mean it hung
    EXPECT_EQ(r.err.rfind("streamboard: cannot reach " + endpoint, 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(CliErrorsTest, BadArgumentsExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {"score"},
      {"score", "put"},
      {"score", "put", "p"},
      {"score", "put", "p", "abc"},
      {"score", "put", "p", "1e200"},
      {"score", "put", "p", "1", "--mode", "worst"},
      {"score", "put", "", "1"},
      {"score", "put", "p", "1", "--game", ""},
      {"score", "delete"},
      {"top", "--bogus"},
      {"reconcile", "--game", "a", "--all"},
      {"reconcile", "--size", "0"},
      {"reconcile", "--game", ""},
      {"simulate", "--rate", "0"},
      {"simulate", "--duration", "10x"},
      {"simulate", "--settle", "-1s"},
      {"simulate", "--decrease", "0.8", "--delete", "0.5"},
      {"simulate", "--players", "0"},
      {"top", "--endpoint-url", "not a url"},
      {"top", "--leaderboard-table", "x"},
      {"engine", "--in-memory", "--port", "0", "--item-cache-mb", "-1"},
      {"engine", "--in-memory", "--port", "0", "--item-cache-mb", "lots"},
      {"engine", "--in-memory", "--port", "70000"},
      {"engine", "--in-memory", "--port", "0", "--stream-shards", "0"},
      {"engine", "--in-memory", "--port", "0", "--stream-rollover-seconds", "-1"},
      {"engine", "--in-memory", "--port", "0", "--max-connections", "0"},
      {"engine", "--in-memory", "--port", "0", "--header-timeout", "0"},
      {"up", "--in-memory", "--port", "0", "--idle-timeout", "100000"},
  };
  for (const auto& args : cases) {
    RunResult r = RunCli(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_EQ(r.code, 2) << joined << "\n" << r.out << r.err;
    EXPECT_EQ(r.err.rfind("streamboard: ", 0), 0u) << joined << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << joined << r.err;
  }
}

TEST(CliErrorsTest, HelpEverywhere) {
  RunResult score = RunCli({"score", "--help"});
  EXPECT_EQ(score.code, 0);
  EXPECT_NE(score.out.find("put"), std::string::npos) << score.out;
  EXPECT_NE(score.out.find("delete"), std::string::npos) << score.out;
  for (const std::vector<std::string>& args : {std::vector<std::string>{"score", "put", "--help"},
                                               {"score", "delete", "--help"},
                                               {"top", "--help"},
                                               {"reconcile", "--help"},
                                               {"simulate", "--help"}}) {
    RunResult r = RunCli(args);
    EXPECT_EQ(r.code, 0) << args[0];
    EXPECT_NE(r.out.find("--endpoint-url"), std::string::npos) << args[0] << r.out;
  }
  // Every command that touches the data model lists every board setting, one name each.
  for (const std::vector<std::string>& args : {std::vector<std::string>{"score", "put", "--help"},
                                               {"top", "--help"},
                                               {"reconcile", "--help"},
                                               {"simulate", "--help"},
                                               {"trigger", "--help"},
                                               {"up", "--help"}}) {
    RunResult r = RunCli(args);
    EXPECT_EQ(r.code, 0) << args[0];
    for (const char* flag :
         {"--scores-table", "--leaderboard-table", "--ranks-table", "--size", "--rank-shards",
          "--player-attribute", "--game-attribute", "--score-attribute", "--name-attribute",
          "--updated-at-attribute", "--default-game"}) {
      EXPECT_NE(r.out.find(flag), std::string::npos) << args[0] << " " << flag << "\n" << r.out;
    }
  }
}

TEST(CliErrorsTest, TriggerReportsBatchItemFailuresUnlessTurnedOff) {
  RunResult r = RunCli({"trigger", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("--no-report-batch-item-failures"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(default on)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("off means dropped records"), std::string::npos) << r.out;
}

TEST(CliErrorsTest, BoardSettingsAreCheckedAsTheFunctionChecksThem) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"top", "--size", "101"},
        {"score", "put", "p", "1", "--rank-shards", "0"},
        {"reconcile", "--ranks-table", "GameScores"},
        {"up", "--in-memory", "--web-port", "0", "--size", "0"},
        {"trigger", "--table", "GameScores", "--function", "/bin/true", "--env", "BOARD_SIZE=3"}}) {
    RunResult r = RunCli(args);
    EXPECT_EQ(r.code, 2) << args[0] << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.find("BOARD_SIZE must"), std::string::npos) << r.err;  // flags, not variables
  }
}

}  // namespace
}  // namespace sb::cli::itest
