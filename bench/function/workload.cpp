#include "workload.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "protocol/lambda/stream_event.h"

namespace sb::bench {

using leaderboard::Entry;
using protocol::AttributeValue;
using protocol::Number;
using protocol::StreamEventName;
using protocol::StreamRecord;

namespace {

std::string Seq(size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "4%020zu", n);
  return buf;
}

}  // namespace

std::string PlayerId(size_t p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "player-%06zu", p);
  return buf;
}

std::string GameId(size_t g) { return "game-" + std::to_string(g); }

// Game popularity: game g is picked with weight 1/(g+1) (a few busy games, a long tail).
Workload Generate(const Options& o) {
  std::mt19937_64 rng(20240601);
  std::vector<double> weights;
  for (size_t g = 0; g < o.games; ++g) weights.push_back(1.0 / static_cast<double>(g + 1));
  std::discrete_distribution<size_t> pick_game(weights.begin(), weights.end());
  std::uniform_int_distribution<size_t> pick_player(0, o.players - 1);
  std::uniform_int_distribution<int64_t> first_score(0, 1'000'000);
  std::uniform_int_distribution<int64_t> gain(1, 20'000), loss(1, 50'000);
  std::uniform_int_distribution<int> percent(0, 99);

  Workload w;
  w.table.resize(o.games * o.players);
  w.records.reserve(o.records);
  const std::string arn =
      "arn:aws:dynamodb:us-east-1:123456789012:table/GameScores/stream/2024-06-01T00:00:00.000";
  for (size_t i = 0; i < o.records; ++i) {
    size_t g = pick_game(rng), p = pick_player(rng);
    Row& row = w.table[g * o.players + p];
    StreamRecord r;
    r.event_id = std::to_string(rng()) + std::to_string(i);
    r.aws_region = "us-east-1";
    r.event_source_arn = arn;
    r.stream_view_type = protocol::StreamViewType::kNewImage;
    r.sequence_number = Seq(i + 1);
    r.approximate_creation_date_time = 1'717'200'000 + static_cast<int64_t>(i / 200);
    r.keys = {{"PlayerId", AttributeValue::S(PlayerId(p))},
              {"GameId", AttributeValue::S(GameId(g))}};
    int u = percent(rng);
    if (row.exists && u < 10) {
      r.event_name = StreamEventName::kRemove;
      row = Row{};
    } else {
      if (!row.exists) {
        r.event_name = StreamEventName::kInsert;
        row = Row{true, first_score(rng), 0, 0, 0};
      } else {
        r.event_name = StreamEventName::kModify;
        if (u < 75) {
          row.score += gain(rng);
          ++row.wins;
        } else {
          row.score = std::max<int64_t>(0, row.score - loss(rng));
          ++row.losses;
        }
      }
      row.at_s = r.approximate_creation_date_time;
      protocol::Item image = r.keys;
      image["Score"] = AttributeValue::N(Number::FromInt(row.score));
      image["PlayerName"] = AttributeValue::S("Player " + std::to_string(p));
      image["Wins"] = AttributeValue::N(Number::FromInt(row.wins));
      image["Losses"] = AttributeValue::N(Number::FromInt(row.losses));
      image["Platform"] = AttributeValue::S(p % 3 == 0 ? "console" : "pc");
      r.new_image = std::move(image);
    }
    r.size_bytes = protocol::StreamRecordSizeBytes(r);
    w.records.push_back(std::move(r));
  }
  return w;
}

// The table's rows of one game, ranked, as the ByGameScore index would list them.
std::vector<Entry> RankedRows(const Options& o, const Workload& w, size_t g) {
  std::vector<Entry> rows;
  for (size_t p = 0; p < o.players; ++p) {
    const Row& row = w.table[g * o.players + p];
    if (!row.exists) continue;
    Entry e;
    e.player_id = PlayerId(p);
    e.score = leaderboard::Score::FromInt(row.score);
    e.player_name = "Player " + std::to_string(p);
    e.at_ms = row.at_s * 1000;
    rows.push_back(std::move(e));
  }
  std::sort(rows.begin(), rows.end(), leaderboard::RanksBefore);
  return rows;
}

std::vector<std::string> Encode(const std::vector<StreamRecord>& records, size_t batch) {
  std::vector<std::string> events;
  for (size_t i = 0; i < records.size(); i += batch) {
    std::vector<StreamRecord> slice(
        records.begin() + static_cast<ptrdiff_t>(i),
        records.begin() + static_cast<ptrdiff_t>(std::min(records.size(), i + batch)));
    events.push_back(protocol::EncodeDynamoDbStreamEvent(slice));
  }
  return events;
}

}  // namespace sb::bench
