#include "reads/read_api.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <charconv>
#include <map>
#include <optional>
#include <variant>

#include "base/percent_decode.h"
#include "base/quote.h"
#include "leaderboard/window.h"
#include "reads/window_choice.h"

namespace sb::reads {
namespace {

using leaderboard::Window;
using leaderboard::WindowKind;

constexpr size_t kMaxIdBytes = 1024;        // a partition / sort key value's limit
constexpr size_t kMaxGamesScanned = 10000;  // /api/games reads at most this many board items

struct Failure {
  int status;
  std::string code;
  std::string message;
};

std::string Json(std::string_view s) { return boost::json::serialize(boost::json::string(s)); }

ApiAnswer ErrorAnswer(const Failure& f) {
  return ApiAnswer{f.status, "{\"error\":" + Json(f.code) + ",\"message\":" + Json(f.message) + "}"};
}

Failure BadParameter(std::string message) { return {400, "InvalidParameter", std::move(message)}; }

using Params = std::map<std::string, std::string>;

std::variant<Params, Failure> ParseQuery(std::string_view query) {
  Params params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq));
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view()
                                                            : pair.substr(eq + 1));
    if (!name || !value) {
      return BadParameter("malformed percent-encoding in '" + QuotePrefix(pair) + "'");
    }
    if (!params.emplace(*name, *value).second) {
      return BadParameter("parameter '" + QuotePrefix(*name) + "' given twice");
    }
  }
  return params;
}

std::optional<std::string> Get(const Params& p, const std::string& name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  return it->second;
}

// An id parameter (game, player): required, 1..1024 bytes.
std::variant<std::string, Failure> Id(const Params& p, const std::string& name) {
  auto v = Get(p, name);
  if (!v.has_value() || v->empty()) return BadParameter(name + " is required");
  if (v->size() > kMaxIdBytes) {
    return BadParameter(name + " must be at most 1024 bytes, got '" + QuotePrefix(*v) + "'");
  }
  if (name == "game" && v->find(leaderboard::kWindowSeparator) != std::string::npos) {
    return BadParameter("game must not contain U+001F, got '" + QuotePrefix(*v) + "'");
  }
  return *v;
}

std::variant<int64_t, Failure> Int(const Params& p, const std::string& name, int64_t fallback,
                                   int64_t lo, int64_t hi) {
  auto v = Get(p, name);
  if (!v.has_value()) return fallback;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size() || n < lo || n > hi) {
    return BadParameter(name + " must be an integer from " + std::to_string(lo) + " to " +
                        std::to_string(hi) + ", got '" + QuotePrefix(*v) + "'");
  }
  return n;
}

// The window a request names: window=<kind> (default all) and label=<label>.
std::variant<Window, Failure> ResolveWindow(const Params& p, const ReadSettings& settings,
                                            int64_t now_ms) {
  Result<Window> w =
      ChooseWindow(settings, Get(p, "window").value_or("all"), Get(p, "label"), now_ms);
  if (w.ok()) return std::move(w).value();
  return Failure{w.error().code == "WindowExpired" ? 404 : 400, w.error().code,
                 w.error().message};
}

std::string WindowJson(const Window& w) {
  std::string out = "{\"kind\":" + Json(leaderboard::WindowKindName(w.kind)) +
                    ",\"label\":" + Json(w.label);
  if (w.kind != WindowKind::kAll) {
    out += ",\"start\":" + Json(FormatIso8601Millis(w.start_ms)) +
           ",\"end\":" + Json(FormatIso8601Millis(w.end_ms));
  }
  return out + "}";
}

std::string PlayerJson(const RankedPlayer& p) {
  const leaderboard::Entry& e = p.entry;
  return "{\"rank\":" + std::to_string(p.rank) + ",\"player\":" + Json(e.player_id) +
         ",\"name\":" + Json(e.player_name) + ",\"score\":" + e.score.ToString() +
         ",\"at\":" + Json(FormatIso8601Millis(e.at_ms)) + "}";
}

std::string PlayersJson(const std::vector<RankedPlayer>& players) {
  std::string out = "[";
  for (size_t i = 0; i < players.size(); ++i) {
    if (i > 0) out += ",";
    out += PlayerJson(players[i]);
  }
  return out + "]";
}

// A database failure: the error type only (its message may quote internals).
Failure DatabaseFailure(const protocol::ApiError& e) {
  if (e.type == "ValidationException") return {400, "InvalidParameter", e.message};
  return {500, "InternalError", "the database read failed (" + QuotePrefix(e.type) + ")"};
}

#define SB_API_TAKE(lhs, expr)                                        \
  auto SB_CONCAT_(sb_v_, __LINE__) = (expr);                           \
  if (auto* f = std::get_if<Failure>(&SB_CONCAT_(sb_v_, __LINE__))) { \
    return ErrorAnswer(*f);                                           \
  }                                                                   \
  lhs = std::move(std::get<0>(SB_CONCAT_(sb_v_, __LINE__)))

}  // namespace

ReadApi::ReadApi(RankIndex& index, function::Executor& executor, const ReadSettings& settings,
                 const Clock& clock)
    : index_(index),
      settings_(settings),
      clock_(clock),
      reader_(index, executor, settings.rank_shards, settings.rank_count_depth) {}

bool ReadApi::Serves(std::string_view path) {
  return path == "/api/games" || path == "/api/windows" || path == "/api/top" ||
         path == "/api/rank";
}

ApiAnswer ReadApi::Handle(std::string_view method, std::string_view path, std::string_view query) {
  if (!Serves(path)) {
    return ErrorAnswer({404, "NotFound", "no such endpoint: '" + QuotePrefix(path) + "'"});
  }
  if (method != "GET" && method != "HEAD") {
    return ErrorAnswer({405, "MethodNotAllowed", "only GET is allowed, got '" +
                                                     QuotePrefix(method) + "'"});
  }
  SB_API_TAKE(const Params params, ParseQuery(query));
  const int64_t now_ms = clock_.NowUnixMillis();

  if (path == "/api/windows") {
    std::string out = "{\"retentionDays\":" + std::to_string(settings_.window_retention_days) +
                      ",\"windows\":[";
    for (size_t i = 0; i < settings_.windows.size(); ++i) {
      if (i > 0) out += ",";
      out += WindowJson(leaderboard::WindowOf(settings_.windows[i], now_ms));
    }
    return ApiAnswer{200, out + "]}"};
  }

  if (path == "/api/games") {
    const std::string search = Get(params, "search").value_or("");
    if (search.size() > kMaxIdBytes) return ErrorAnswer(BadParameter("search is too long"));
    SB_API_TAKE(const int64_t limit, Int(params, "limit", 100, 1, 1000));
    auto listed = index_.ListGames(kMaxGamesScanned);
    if (!listed.ok()) return ErrorAnswer(DatabaseFailure(listed.error()));
    std::vector<std::string> games;
    for (std::string& g : *listed) {
      if (g.find(search) != std::string::npos) games.push_back(std::move(g));
    }
    std::sort(games.begin(), games.end());
    games.erase(std::unique(games.begin(), games.end()), games.end());
    const bool more = games.size() > static_cast<size_t>(limit);
    games.resize(std::min(games.size(), static_cast<size_t>(limit)));
    auto totals = reader_.CheapTotals(games, Window{});
    if (!totals.ok()) return ErrorAnswer(DatabaseFailure(totals.error()));
    std::string out = "{\"games\":[";
    for (size_t i = 0; i < games.size(); ++i) {
      if (i > 0) out += ",";
      out += "{\"game\":" + Json(games[i]);
      if (i < totals->size()) out += ",\"total\":" + std::to_string((*totals)[i]);
      out += "}";
    }
    out += std::string("],\"more\":") + (more || listed->size() >= kMaxGamesScanned ? "true" : "false");
    return ApiAnswer{200, out + "}"};
  }

  SB_API_TAKE(const std::string game, Id(params, "game"));
  SB_API_TAKE(const Window window, ResolveWindow(params, settings_, now_ms));

  if (path == "/api/top") {
    SB_API_TAKE(const int64_t limit, Int(params, "limit", 100, 1, kMaxTopLimit));
    const std::string page = Get(params, "page").value_or("");
    auto top = reader_.Top(game, window, static_cast<size_t>(limit), page);
    if (!top.ok()) {
      if (top.error().message.find("page token") != std::string::npos) {
        return ErrorAnswer({400, "InvalidPageToken", top.error().message});
      }
      return ErrorAnswer(DatabaseFailure(top.error()));
    }
    return ApiAnswer{200, "{\"game\":" + Json(game) + ",\"window\":" + WindowJson(window) +
                              ",\"total\":" + std::to_string(top->total) +
                              ",\"entries\":" + PlayersJson(top->entries) + ",\"nextPage\":" +
                              (top->next_token ? Json(*top->next_token) : "null") + "}"};
  }

  // /api/rank
  SB_API_TAKE(const std::string player, Id(params, "player"));
  SB_API_TAKE(const int64_t around, Int(params, "around", 5, 0, kMaxAround));
  auto rank = reader_.Rank(game, window, player, static_cast<size_t>(around));
  if (!rank.ok()) return ErrorAnswer(DatabaseFailure(rank.error()));
  if (!rank->has_value()) {
    return ErrorAnswer({404, "NotRanked",
                        "player '" + QuotePrefix(player) + "' has no score in game '" +
                            QuotePrefix(game) + "' (window " + window.label + ")"});
  }
  const PlayerRank& r = **rank;
  return ApiAnswer{200, "{\"game\":" + Json(game) + ",\"window\":" + WindowJson(window) +
                            ",\"total\":" + std::to_string(r.total) +
                            ",\"player\":" + PlayerJson(r.player) +
                            ",\"above\":" + PlayersJson(r.above) +
                            ",\"below\":" + PlayersJson(r.below) + "}"};
}

}  // namespace sb::reads
