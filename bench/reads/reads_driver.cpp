// sb-bench-reads: loads PLAYERS players of one game into Ranks and RankCounts on a running
// engine (Ranks items as the function writes them; the count tree's node items aggregated from
// the sorted CountKeys, checked equal to summing CountMove for small loads), then measures
// reads one at a time through RankReader over the real client:
//   rank      Rank(around = 0)
//   around    Rank(around = 5)
//   top100    Top(limit = 100), first page
//   naive     the obvious way: GetItem, then a ByRank Query Select=COUNT of RankKey < k (all pages)
// and prints one JSON object: per read kind p50/p99 latency (ms), requests and read units per
// call. Usage:
//   sb-bench-reads --endpoint URL --players N [--samples S] [--naive-samples S] [--skip-load]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "dynamo/dynamodb_client.h"
#include "dynamo/transport.h"
#include "function/executor.h"
#include "function/rank_counts_item.h"
#include "function/ranks_item.h"
#include "http/client.h"
#include "leaderboard/count_tree.h"
#include "leaderboard/rank_key.h"
#include "reads/caller_runs_executor.h"
#include "reads/dynamo_rank_index.h"
#include "reads/rank_reader.h"

namespace {

using namespace sb;
using protocol::AttributeValue;
using protocol::Item;

constexpr size_t kDepth = leaderboard::kDefaultCountDepth;
const std::string kGame = "bench-game";

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "sb-bench-reads: %s\n", what.c_str());
  std::exit(1);
}

dynamo::ClientConfig Config(const std::string& endpoint) {
  dynamo::ClientConfig c;
  c.endpoint = endpoint;
  c.streams_endpoint = endpoint;
  c.region = "us-east-1";
  c.credentials.access_key_id = "bench";
  c.credentials.secret_access_key = "bench";
  return c;
}

void CreateTables(dynamo::DynamoDbClient& db) {
  if (!db.DescribeTable("Ranks").ok()) {
    dynamo::CreateTableRequest t;
    t.table_name = "Ranks";
    t.attribute_definitions = {{"Board", "S"}, {"PlayerId", "S"}, {"RankKey", "B"}};
    t.key_schema = {{"Board", "HASH"}, {"PlayerId", "RANGE"}};
    t.local_secondary_indexes = {{"ByRank", {{"Board", "HASH"}, {"RankKey", "RANGE"}}, "ALL", {}}};
    auto r = db.CreateTable(t);
    if (!r.ok()) Die("CreateTable Ranks: " + r.error().message);
  }
  if (!db.DescribeTable("RankCounts").ok()) {
    dynamo::CreateTableRequest t;
    t.table_name = "RankCounts";
    t.attribute_definitions = {{"Node", "B"}};
    t.key_schema = {{"Node", "HASH"}};
    auto r = db.CreateTable(t);
    if (!r.ok()) Die("CreateTable RankCounts: " + r.error().message);
  }
}

std::vector<leaderboard::Entry> Players(int64_t n) {
  std::mt19937_64 rng(42);
  std::vector<leaderboard::Entry> out;
  out.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    leaderboard::Entry e;
    char id[32];
    std::snprintf(id, sizeof id, "player-%08lld", static_cast<long long>(i));
    e.player_id = id;
    e.score = leaderboard::Score::FromInt(static_cast<int64_t>(rng() % static_cast<uint64_t>(n / 4 + 1)));
    e.at_ms = 1'796'000'000'000 + static_cast<int64_t>(rng() % 100000);
    e.seq = "1";
    out.push_back(std::move(e));
  }
  return out;
}

// The node items of one board key's count tree, from its entries' RankKeys: for each level d,
// the CountKeys grouped by their first d bytes, counted by byte d.
std::vector<Item> NodeItems(const std::string& board, std::vector<std::string> count_keys) {
  std::sort(count_keys.begin(), count_keys.end());
  std::vector<Item> out;
  for (size_t d = 0; d < kDepth; ++d) {
    size_t i = 0;
    while (i < count_keys.size()) {
      const std::string prefix = count_keys[i].substr(0, d);
      Item item = function::CountNodeKey(leaderboard::CountNode(board, prefix));
      std::map<int, int64_t> counts;
      while (i < count_keys.size() && count_keys[i].compare(0, d, prefix) == 0) {
        ++counts[static_cast<unsigned char>(count_keys[i][d])];
        ++i;
      }
      for (const auto& [child, n] : counts) {
        item[function::CountAttribute(child)] = AttributeValue::N(protocol::Number::FromInt(n));
      }
      out.push_back(std::move(item));
    }
  }
  return out;
}

// The same by summing CountMove over the entries, as the function does one move at a time.
std::map<std::string, function::NodeCounts> MovedCounts(
    const std::string& board, const std::vector<std::string>& rank_keys) {
  std::map<std::string, function::NodeCounts> out;
  for (const auto& k : rank_keys) {
    for (const auto& d : leaderboard::CountMove(board, std::nullopt, k, kDepth)) {
      out[d.node][static_cast<size_t>(d.child)] += d.delta;
    }
  }
  return out;
}

void WriteAll(const std::string& endpoint, const std::string& table, std::vector<Item> items) {
  const size_t threads = 8;
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  for (size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      http::CurlClient http;
      RealRandom random;
      dynamo::Transport transport(Config(endpoint), http, RealClock::Instance(),
                                  RealSleeper::Instance(), random);
      dynamo::DynamoDbClient db(transport);
      for (;;) {
        const size_t start = next.fetch_add(25);
        if (start >= items.size()) return;
        dynamo::BatchWriteItemRequest b;
        auto& list = b.request_items[table];
        for (size_t i = start; i < std::min(items.size(), start + 25); ++i) {
          list.push_back({.put = std::move(items[i])});
        }
        while (!b.request_items.empty()) {
          auto r = db.BatchWriteItem(b);
          if (!r.ok()) Die("BatchWriteItem: " + r.error().message);
          b.request_items = std::move(r->unprocessed_items);
        }
      }
    });
  }
  for (auto& w : workers) w.join();
}

struct Series {
  std::vector<double> ms;
  double requests = 0, units = 0;
  std::string Json(size_t calls) const {
    std::vector<double> s = ms;
    std::sort(s.begin(), s.end());
    auto pct = [&](double p) { return s.empty() ? 0 : s[std::min(s.size() - 1, size_t(p * s.size()))]; };
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "{\"calls\":%zu,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"requests_per_call\":%.2f,"
                  "\"read_units_per_call\":%.2f}",
                  calls, pct(0.50), pct(0.99), requests / double(calls), units / double(calls));
    return buf;
  }
};

double Ms(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string endpoint;
  int64_t players = 10000;
  size_t samples = 2000, naive_samples = 200;
  bool load = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--endpoint") endpoint = value();
    else if (a == "--players") players = std::atoll(value().c_str());
    else if (a == "--samples") samples = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--naive-samples") naive_samples = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--skip-load") load = false;
    else Die("unknown argument " + a);
  }
  if (endpoint.empty() || players < 1) Die("usage: --endpoint URL --players N");

  http::CurlClient http;
  RealRandom random;
  dynamo::Transport transport(Config(endpoint), http, RealClock::Instance(),
                              RealSleeper::Instance(), random);
  dynamo::DynamoDbClient db(transport);
  CreateTables(db);
  std::vector<leaderboard::Entry> entries = Players(players);
  double load_s = 0;
  size_t node_items = 0;
  if (load) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::string> keys, count_keys;
    std::vector<Item> ranks;
    for (const auto& e : entries) {
      keys.push_back(leaderboard::RankKey(e));
      count_keys.push_back(leaderboard::CountKey(keys.back(), kDepth));
      ranks.push_back(function::EncodeRankItem(kGame, leaderboard::RankRecord{true, e}, 0));
    }
    std::vector<Item> nodes = NodeItems(kGame, count_keys);
    node_items = nodes.size();
    if (players <= 20000) {  // the aggregation equals the function's moves, summed
      auto moved = MovedCounts(kGame, keys);
      size_t nonzero = 0;
      for (const auto& [node, counts] : moved) {
        for (int64_t c : counts) nonzero += c != 0;
      }
      size_t attrs = 0;
      for (const Item& item : nodes) {
        auto counts = function::DecodeCountNode(item);
        const auto& want = moved[item.at("Node").b()];
        if (!counts.ok() || *counts != want) Die("node aggregation differs from CountMove");
        attrs += item.size() - 1;
      }
      if (attrs != nonzero || moved.size() != nodes.size()) Die("node aggregation differs");
    }
    WriteAll(endpoint, "Ranks", std::move(ranks));
    WriteAll(endpoint, "RankCounts", std::move(nodes));
    load_s = Ms(t0) / 1000;
  }

  reads::ReadSettings settings;
  reads::DynamoRankIndex index(db, settings, RealSleeper::Instance());
  reads::CallerRunsExecutor executor(8);
  reads::RankReader reader(index, executor, 1, kDepth);
  const leaderboard::Window all;
  std::mt19937_64 rng(7);
  auto pick = [&]() -> const leaderboard::Entry& { return entries[rng() % entries.size()]; };

  // Warm-up (connections, caches).
  for (int i = 0; i < 50; ++i) (void)reader.Rank(kGame, all, pick().player_id, 5);

  Series rank, around, top, naive;
  std::vector<leaderboard::Entry> sorted;
  if (players <= 20000) {
    sorted = entries;
    std::sort(sorted.begin(), sorted.end(), leaderboard::RanksBefore);
  }
  auto measure = [&](Series& s, size_t n, auto call) {
    for (size_t i = 0; i < n; ++i) {
      const int64_t r0 = index.requests();
      const double u0 = index.read_units();
      const auto t0 = std::chrono::steady_clock::now();
      call();
      s.ms.push_back(Ms(t0));
      s.requests += double(index.requests() - r0);
      s.units += index.read_units() - u0;
    }
  };
  measure(rank, samples, [&] {
    const auto& p = pick();
    auto r = reader.Rank(kGame, all, p.player_id, 0);
    if (!r.ok() || !r->has_value()) Die("rank failed");
    if (!sorted.empty()) {  // exact, checked against the sorted players
      auto it = std::find_if(sorted.begin(), sorted.end(),
                             [&](const auto& e) { return e.player_id == p.player_id; });
      if ((*r)->player.rank != 1 + (it - sorted.begin())) Die("rank differs from the oracle");
    }
  });
  measure(around, samples, [&] {
    auto r = reader.Rank(kGame, all, pick().player_id, 5);
    if (!r.ok() || !r->has_value()) Die("around failed");
  });
  measure(top, samples, [&] {
    auto r = reader.Top(kGame, all, 100, "");
    if (!r.ok() || r->entries.empty()) Die("top failed");
  });
  // The obvious way: count everything before the player's key.
  int64_t naive_requests = 0;
  double naive_units = 0;
  for (size_t i = 0; i < naive_samples; ++i) {
    const auto& p = pick();
    const auto t0 = std::chrono::steady_clock::now();
    dynamo::GetItemRequest g;
    g.table_name = "Ranks";
    g.key = function::RankItemKey(kGame, p.player_id);
    g.consistent_read = true;
    g.return_consumed_capacity = "TOTAL";
    auto got = db.GetItem(g);
    if (!got.ok() || !got->item) Die("naive GetItem failed");
    ++naive_requests;
    naive_units += got->consumed_capacity_units;
    dynamo::QueryRequest q;
    q.table_name = "Ranks";
    q.index_name = "ByRank";
    q.consistent_read = true;
    q.select = "COUNT";
    q.return_consumed_capacity = "TOTAL";
    q.key_condition_expression = "#b = :b AND #k < :k";
    q.attributes.names = {{"#b", "Board"}, {"#k", "RankKey"}};
    q.attributes.values = {{":b", AttributeValue::S(kGame)},
                           {":k", got->item->at("RankKey")}};
    int64_t before = 0;
    for (;;) {
      auto page = db.Query(q);
      if (!page.ok()) Die("naive Query failed: " + page.error().message);
      ++naive_requests;
      naive_units += page->consumed_capacity_units;
      before += page->count;
      if (!page->last_evaluated_key) break;
      q.exclusive_start_key = page->last_evaluated_key;
    }
    naive.ms.push_back(Ms(t0));
    (void)before;
  }
  naive.requests = double(naive_requests);
  naive.units = naive_units;
  std::printf(
      "{\"players\":%lld,\"depth\":%zu,\"node_items\":%zu,\"load_s\":%.1f,\"rank\":%s,"
      "\"around5\":%s,\"top100\":%s,\"naive_rank\":%s}\n",
      static_cast<long long>(players), kDepth, node_items, load_s, rank.Json(samples).c_str(),
      around.Json(samples).c_str(), top.Json(samples).c_str(), naive.Json(naive_samples).c_str());
  return 0;
}
