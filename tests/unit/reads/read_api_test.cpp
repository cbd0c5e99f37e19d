#include "reads/read_api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "leaderboard/board_key.h"
#include "memory_rank_index.h"

namespace sb::reads {
namespace {

namespace json = boost::json;
using leaderboard::Entry;
using leaderboard::Window;
using leaderboard::WindowKind;

constexpr int64_t kNow = 1'796'558'400'000;  // 2026-12-06T12:00:00Z

Entry MakeEntry(const std::string& player, int64_t score, int64_t at) {
  Entry e;
  e.player_id = player;
  e.score = leaderboard::Score::FromInt(score);
  e.player_name = "N " + player;
  e.at_ms = at;
  return e;
}

struct Fixture {
  Fixture() : index(16), clock(kNow) {
    settings.rank_shards = 2;
    settings.rank_count_depth = 16;
    settings.windows = {WindowKind::kAll, WindowKind::kDaily};
    settings.window_retention_days = 35;
    api = std::make_unique<ReadApi>(index, executor, settings, clock);
    const Window today = leaderboard::WindowOf(WindowKind::kDaily, kNow);
    // game "a b": p0..p9 with scores 0..90 (p9 first); today only p3 and p4.
    for (int i = 0; i < 10; ++i) {
      const std::string p = "p" + std::to_string(i);
      Put("a b", Window{}, p, MakeEntry(p, i * 10, kNow - 1000));
    }
    Put("a b", today, "p3", MakeEntry("p3", 5, kNow));
    Put("a b", today, "p4", MakeEntry("p4", 7, kNow));
    Put("zeta", Window{}, "q", MakeEntry("q", 1, kNow));
    index.AddGame("zeta");
    index.AddGame("a b");
    index.AddGame("beta");
  }
  void Put(const std::string& game, const Window& w, const std::string& p, const Entry& e) {
    const std::string windowed = leaderboard::WindowedGame(game, w);
    index.Set(leaderboard::BoardKey(windowed, p, settings.rank_shards), p, e);
  }
  json::value Get(const std::string& path, const std::string& query, int want_status) {
    ApiAnswer a = api->Handle("GET", path, query);
    EXPECT_EQ(a.status, want_status) << path << "?" << query << " -> " << a.body;
    return json::parse(a.body);
  }
  std::string Error(const std::string& path, const std::string& query, int want_status) {
    json::value v = Get(path, query, want_status);
    EXPECT_LT(v.at("message").as_string().size(), 400u) << v;
    return std::string(v.at("error").as_string());
  }

  ReadSettings settings;
  MemoryRankIndex index;
  FakeClock clock;
  function::InlineExecutor executor;
  std::unique_ptr<ReadApi> api;
};

// A RankIndex whose ListGames waits (up to 10 s) until two calls are inside it at once, and
// records whether they met: calls that reach the index one at a time never do.
class RendezvousIndex final : public RankIndex {
 public:
  explicit RendezvousIndex(RankIndex& inner) : inner_(inner) {}
  protocol::ApiResult<std::optional<RankedEntry>> GetEntry(const std::string& b,
                                                           const std::string& p) override {
    return inner_.GetEntry(b, p);
  }
  protocol::ApiResult<std::map<std::string, function::NodeCounts>> GetCountNodes(
      const std::vector<std::string>& nodes) override {
    return inner_.GetCountNodes(nodes);
  }
  protocol::ApiResult<int64_t> CountRange(const std::string& b,
                                          const std::optional<std::string>& low,
                                          const std::optional<std::string>& high) override {
    return inner_.CountRange(b, low, high);
  }
  protocol::ApiResult<std::vector<RankedEntry>> Ranked(const std::string& b,
                                                       const std::optional<std::string>& from,
                                                       bool forward, size_t limit) override {
    return inner_.Ranked(b, from, forward, limit);
  }
  protocol::ApiResult<std::vector<std::string>> ListGames(size_t max) override {
    {
      std::unique_lock<std::mutex> lock(mu_);
      ++inside_;
      cv_.notify_all();
      if (cv_.wait_for(lock, std::chrono::seconds(10), [this] { return inside_ >= 2; })) {
        met_ = true;
      }
      --inside_;
    }
    return inner_.ListGames(max);
  }
  bool met() {
    std::lock_guard<std::mutex> lock(mu_);
    return met_;
  }

 private:
  RankIndex& inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  int inside_ = 0;
  bool met_ = false;
};

// Requests on several threads overlap their reads: the web view's I/O threads and a read
// function's concurrent callers are not queued behind one another.
TEST(ReadApiTest, ConcurrentRequestsOverlapTheirReads) {
  Fixture f;
  RendezvousIndex index(f.index);
  ReadApi api(index, f.executor, f.settings, f.clock);
  std::vector<ApiAnswer> answers(2);
  std::vector<std::thread> threads;
  for (auto& a : answers) {
    threads.emplace_back([&api, &a] { a = api.Handle("GET", "/api/games", "limit=10"); });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(index.met()) << "the second request waited for the first";
  for (const auto& a : answers) {
    EXPECT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(json::parse(a.body).at("games").as_array().size(), 3u) << a.body;
  }
}

TEST(ReadApiTest, RankWithNeighboursAndTotal) {
  Fixture f;
  json::value v = f.Get("/api/rank", "game=a%20b&player=p5&around=2", 200);
  EXPECT_EQ(v.at("game"), "a b");
  EXPECT_EQ(v.at("total"), 10);
  EXPECT_EQ(v.at("player").at("rank"), 5);
  EXPECT_EQ(v.at("player").at("player"), "p5");
  EXPECT_EQ(v.at("player").at("name"), "N p5");
  EXPECT_EQ(v.at("player").at("score"), 50);
  EXPECT_EQ(v.at("window").at("kind"), "all");
  ASSERT_EQ(v.at("above").as_array().size(), 2u);
  EXPECT_EQ(v.at("above").at(0).at("player"), "p6");
  EXPECT_EQ(v.at("above").at(0).at("rank"), 4);
  EXPECT_EQ(v.at("above").at(1).at("player"), "p7");
  EXPECT_EQ(v.at("below").at(0).at("player"), "p4");
  EXPECT_EQ(v.at("below").at(1).at("rank"), 7);
  // '+' is a space too; around defaults to 5.
  json::value d = f.Get("/api/rank", "game=a+b&player=p9", 200);
  EXPECT_EQ(d.at("player").at("rank"), 1);
  EXPECT_EQ(d.at("above").as_array().size(), 0u);
  EXPECT_EQ(d.at("below").as_array().size(), 5u);
}

TEST(ReadApiTest, TodayIsItsOwnRankingAndLabelsChooseAWindow) {
  Fixture f;
  json::value v = f.Get("/api/rank", "game=a+b&player=p3&window=daily", 200);
  EXPECT_EQ(v.at("player").at("rank"), 2);
  EXPECT_EQ(v.at("total"), 2);
  EXPECT_EQ(v.at("window").at("label"), "d2026-12-06");
  EXPECT_EQ(v.at("window").at("start"), "2026-12-06T00:00:00.000Z");
  f.Get("/api/rank", "game=a+b&player=p3&window=daily&label=d2026-12-06", 200);
  EXPECT_EQ(f.Error("/api/rank", "game=a+b&player=p3&window=daily&label=d2026-12-05", 404),
            "NotRanked");
  EXPECT_EQ(f.Error("/api/rank", "game=a+b&player=p3&window=daily&label=d2026-10-01", 404),
            "WindowExpired");
  EXPECT_EQ(f.Error("/api/rank", "game=a+b&player=p3&window=daily&label=m2026-12", 400),
            "InvalidWindow");
  EXPECT_EQ(f.Error("/api/rank", "game=a+b&player=p3&window=weekly", 400), "InvalidWindow");
  EXPECT_EQ(f.Error("/api/rank", "game=a+b&player=p3&window=hourly", 400), "InvalidWindow");
  EXPECT_EQ(f.Error("/api/rank", "game=a+b&player=p3&label=d2026-12-06", 400), "InvalidWindow");
}

TEST(ReadApiTest, TopPagesWithTokens) {
  Fixture f;
  json::value first = f.Get("/api/top", "game=a%20b&limit=4", 200);
  EXPECT_EQ(first.at("total"), 10);
  ASSERT_EQ(first.at("entries").as_array().size(), 4u);
  EXPECT_EQ(first.at("entries").at(0).at("player"), "p9");
  EXPECT_EQ(first.at("entries").at(3).at("rank"), 4);
  const std::string token(first.at("nextPage").as_string());
  json::value second = f.Get("/api/top", "game=a%20b&limit=4&page=" + token, 200);
  EXPECT_EQ(second.at("entries").at(0).at("rank"), 5);
  EXPECT_EQ(second.at("entries").at(0).at("player"), "p5");
  json::value last = f.Get("/api/top", "game=a%20b&limit=6&page=" + token, 200);
  EXPECT_EQ(last.at("entries").as_array().size(), 6u);
  EXPECT_TRUE(last.at("nextPage").is_null());
  EXPECT_EQ(f.Error("/api/top", "game=a&page=%21%21", 400), "InvalidPageToken");
  EXPECT_EQ(f.Get("/api/top", "game=nobody", 200).at("total"), 0);
}

TEST(ReadApiTest, GamesSortedSearchedLimitedWithTotals) {
  Fixture f;
  json::value all = f.Get("/api/games", "", 200);
  ASSERT_EQ(all.at("games").as_array().size(), 3u);
  EXPECT_EQ(all.at("games").at(0).at("game"), "a b");
  EXPECT_EQ(all.at("games").at(0).at("total"), 10);
  EXPECT_EQ(all.at("games").at(1).at("game"), "beta");
  EXPECT_EQ(all.at("games").at(1).at("total"), 0);
  EXPECT_EQ(all.at("games").at(2).at("game"), "zeta");
  EXPECT_EQ(all.at("more"), false);
  json::value some = f.Get("/api/games", "search=eta&limit=1", 200);
  ASSERT_EQ(some.at("games").as_array().size(), 1u);
  EXPECT_EQ(some.at("games").at(0).at("game"), "beta");
  EXPECT_EQ(some.at("more"), true);
}

TEST(ReadApiTest, WindowsListsTheConfiguredKinds) {
  Fixture f;
  json::value v = f.Get("/api/windows", "game=a", 200);
  EXPECT_EQ(v.at("retentionDays"), 35);
  ASSERT_EQ(v.at("windows").as_array().size(), 2u);
  EXPECT_EQ(v.at("windows").at(0).at("kind"), "all");
  EXPECT_EQ(v.at("windows").at(1).at("label"), "d2026-12-06");
  EXPECT_EQ(v.at("windows").at(1).at("end"), "2026-12-07T00:00:00.000Z");
}

TEST(ReadApiTest, BadInputIsAShortClearError) {
  Fixture f;
  const std::string huge(100000, 'x');
  EXPECT_EQ(f.Error("/api/rank", "player=p1", 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/rank", "game=g", 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/rank", "game=g&player=" + huge, 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/rank", "game=g&player=p&around=51", 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/rank", "game=g&player=p&around=-1", 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/rank", "game=g&player=p&around=" + huge, 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/rank", "game=g%1Fd&player=p", 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/rank", "game=g&game=h&player=p", 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/rank", "game=%zz&player=p", 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/top", "game=g&limit=0", 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/top", "game=g&limit=1001", 400), "InvalidParameter");
  EXPECT_EQ(f.Error("/api/top", "game=g&window=" + huge, 400), "InvalidWindow");
  EXPECT_EQ(f.Error("/api/rank", "game=g&player=nobody", 404), "NotRanked");
  EXPECT_EQ(f.Error("/api/nothing", "", 404), "NotFound");
  ApiAnswer post = f.api->Handle("POST", "/api/rank", "game=g&player=p");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(json::parse(post.body).at("error"), "MethodNotAllowed");
}

}  // namespace
}  // namespace sb::reads
