// `streamboard score | top | reconcile | simulate` as real processes against a real engine
// process over HTTP on 127.0.0.1.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json/parse.hpp>
#include <thread>

#include "cli/cli_board_check.h"
#include "cli/cli_scores.h"
#include "cli_process.h"
#include "function/board_item.h"
#include "function/config.h"
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

  // The board's problems against the table's truth (empty: exact).
  std::vector<std::string> BoardProblems(const std::string& game) {
    function::FunctionConfig config;
    auto rows = ScanScores(client_->db(), config);
    EXPECT_TRUE(rows.ok());
    dynamo::GetItemRequest get;
    get.table_name = "Leaderboard";
    get.key = {{"GameId", AttributeValue::S(game)}};
    get.consistent_read = true;
    auto item = client_->db().GetItem(get);
    EXPECT_TRUE(item.ok() && item->item.has_value());
    if (!item.ok() || !item->item.has_value()) return {"no board"};
    auto board = function::DecodeBoardItem(*item->item);
    EXPECT_TRUE(board.ok());
    if (!board.ok()) return {"undecodable"};
    return CheckBoard(board->entries, (*rows)[game], 5);
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

TEST_F(CliTest, ReconcileFixesAWrongBoard) {
  for (int i = 1; i <= 7; ++i) {
    ASSERT_EQ(Cli({"score", "put", "p" + std::to_string(i), std::to_string(i * 100), "--game", "g2",
                   "--name", "N" + std::to_string(i)})
                  .code,
              0);
  }
  // Wrong: a deleted player, a stale score, a missing top player.
  PutBoard("g2", {{"ghost", 5000}, {"p6", 1}, {"p5", 500}}, 9);
  ASSERT_FALSE(BoardProblems("g2").empty());

  RunResult r = Cli({"reconcile", "--game", "g2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("g2: fixed, version 9 -> 10"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-ghost"), std::string::npos) << r.out;
  EXPECT_TRUE(BoardProblems("g2").empty());

  r = Cli({"top", "--game", "g2", "--json"});
  ASSERT_EQ(r.code, 0);
  auto v = boost::json::parse(r.out);
  EXPECT_EQ(v.at("entries").at(0).at("player").as_string(), "p7");
  EXPECT_EQ(v.at("entries").at(0).at("name").as_string(), "N7");
  EXPECT_EQ(v.at("entries").as_array().size(), 5u);

  // A second run finds nothing to do and writes nothing.
  r = Cli({"reconcile", "--game", "g2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("g2: ok (5 players, version 10)"), std::string::npos) << r.out;
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
  EXPECT_TRUE(BoardProblems("new-game").empty());
  EXPECT_TRUE(BoardProblems("global").empty());
  EXPECT_TRUE(BoardProblems("abandoned").empty());
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
  function::FunctionConfig config;
  auto rows = ScanScores(client_->db(), config);
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
  EXPECT_NE(r.out.find("sim-g1: no board yet"), std::string::npos) << r.out;
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
      {"simulate", "--rate", "0"},
      {"simulate", "--duration", "10x"},
      {"simulate", "--settle", "-1s"},
      {"simulate", "--decrease", "0.8", "--delete", "0.5"},
      {"simulate", "--players", "0"},
      {"top", "--endpoint-url", "not a url"},
      {"top", "--leaderboard-table", "x"},
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
}

}  // namespace
}  // namespace sb::cli::itest
