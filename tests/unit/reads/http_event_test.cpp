#include "reads/http_event.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "leaderboard/board_key.h"
#include "memory_rank_index.h"

namespace sb::reads {
namespace {

namespace json = boost::json;

struct Fixture {
  Fixture() : index(16) {
    leaderboard::Entry e;
    e.player_id = "p";
    e.score = leaderboard::Score::FromInt(3);
    e.at_ms = 1;
    index.Set("g", "p", e);
    api = std::make_unique<ReadApi>(index, executor, ReadSettings{}, clock);
  }
  json::value Call(const std::string& event, const std::vector<std::string>& origins) {
    auto out = HandleHttpEvent(*api, origins, event);
    EXPECT_TRUE(out.ok()) << out.error().message;
    return out.ok() ? json::parse(*out) : json::value();
  }
  MemoryRankIndex index;
  FakeClock clock;
  function::InlineExecutor executor;
  std::unique_ptr<ReadApi> api;
};

std::string Event(const std::string& method, const std::string& path, const std::string& query,
                  const std::string& origin = "") {
  json::object e{{"version", "2.0"},
                 {"rawPath", path},
                 {"rawQueryString", query},
                 {"requestContext", json::object{{"http", json::object{{"method", method}}}}}};
  if (!origin.empty()) e["headers"] = json::object{{"origin", origin}};
  return json::serialize(e);
}

TEST(HttpEventTest, AnswersAsAProxyResponse) {
  Fixture f;
  json::value r = f.Call(Event("GET", "/api/rank", "game=g&player=p"), {});
  EXPECT_EQ(r.at("statusCode"), 200);
  EXPECT_EQ(r.at("isBase64Encoded"), false);
  EXPECT_EQ(r.at("headers").at("content-type"), "application/json");
  EXPECT_FALSE(r.at("headers").as_object().contains("access-control-allow-origin"));
  json::value body = json::parse(r.at("body").as_string());
  EXPECT_EQ(body.at("player").at("rank"), 1);
  json::value missing = f.Call(Event("GET", "/api/rank", "game=g&player=q"), {});
  EXPECT_EQ(missing.at("statusCode"), 404);
  EXPECT_EQ(json::parse(missing.at("body").as_string()).at("error"), "NotRanked");
  EXPECT_EQ(f.Call(Event("DELETE", "/api/rank", ""), {}).at("statusCode"), 405);
}

TEST(HttpEventTest, CorsOnlyForConfiguredOrigins) {
  Fixture f;
  const std::vector<std::string> origins{"https://a.example", "https://b.example"};
  json::value ok = f.Call(Event("GET", "/api/top", "game=g", "https://b.example"), origins);
  EXPECT_EQ(ok.at("headers").at("access-control-allow-origin"), "https://b.example");
  EXPECT_EQ(ok.at("headers").at("vary"), "Origin");
  json::value other = f.Call(Event("GET", "/api/top", "game=g", "https://evil.example"), origins);
  EXPECT_FALSE(other.at("headers").as_object().contains("access-control-allow-origin"));
  json::value star = f.Call(Event("GET", "/api/top", "game=g", "https://x.example"), {"*"});
  EXPECT_EQ(star.at("headers").at("access-control-allow-origin"), "*");
  json::value pre = f.Call(Event("OPTIONS", "/api/top", "", "https://a.example"), origins);
  EXPECT_EQ(pre.at("statusCode"), 204);
  EXPECT_EQ(pre.at("headers").at("access-control-allow-origin"), "https://a.example");
}

TEST(HttpEventTest, NotAnHttpEventIsAnError) {
  Fixture f;
  for (const char* payload : {"", "[]", R"({"Records":[]})", R"({"rawPath":"/api/top"})"}) {
    auto out = HandleHttpEvent(*f.api, {}, payload);
    ASSERT_FALSE(out.ok()) << payload;
    EXPECT_EQ(out.error().code, "InvalidEvent");
  }
}

}  // namespace
}  // namespace sb::reads
