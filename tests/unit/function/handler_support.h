// Shared by the handler's unit, interleaving and property tests: stream records, the oracle
// (the top N of the final table under RanksBefore), and a Telemetry that keeps its lines.
#pragma once

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "function/board_item.h"
#include "function/handler.h"
#include "function/telemetry.h"
#include "leaderboard/entry.h"
#include "protocol/lambda/stream_event.h"

namespace sb::function::testing {

// A 21-digit sequence number: increasing in n.
inline std::string Seq(int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "1%020d", n);
  return buf;
}

inline protocol::StreamRecord Put(std::string player, std::string game, int64_t score, int seq,
                                  int64_t at_s = 1000, std::string name = "",
                                  std::string updated_at = "") {
  using protocol::AttributeValue;
  protocol::StreamRecord r;
  r.event_name = protocol::StreamEventName::kModify;
  r.keys = {{"PlayerId", AttributeValue::S(player)}, {"GameId", AttributeValue::S(game)}};
  r.new_image = r.keys;
  (*r.new_image)["Score"] = AttributeValue::N(protocol::Number::FromInt(score));
  if (!name.empty()) (*r.new_image)["PlayerName"] = AttributeValue::S(name);
  if (!updated_at.empty()) (*r.new_image)["UpdatedAt"] = AttributeValue::S(updated_at);
  r.sequence_number = Seq(seq);
  r.approximate_creation_date_time = at_s;
  r.stream_view_type = protocol::StreamViewType::kNewImage;
  return r;
}

inline protocol::StreamRecord Remove(std::string player, std::string game, int seq,
                                     int64_t at_s = 1000) {
  using protocol::AttributeValue;
  protocol::StreamRecord r;
  r.event_name = protocol::StreamEventName::kRemove;
  r.keys = {{"PlayerId", AttributeValue::S(player)}, {"GameId", AttributeValue::S(game)}};
  r.sequence_number = Seq(seq);
  r.approximate_creation_date_time = at_s;
  r.stream_view_type = protocol::StreamViewType::kNewImage;
  return r;
}

inline std::vector<std::string> Players(const std::vector<leaderboard::Entry>& entries) {
  std::vector<std::string> out;
  for (const leaderboard::Entry& e : entries) out.push_back(e.player_id);
  return out;
}

// "id(score name @at) ..." for failure messages.
inline std::string Describe(const std::vector<leaderboard::Entry>& entries) {
  std::string out;
  for (const leaderboard::Entry& e : entries) {
    out += e.player_id + "(" + e.score.ToString() +
           (e.player_name.empty() ? "" : " " + e.player_name) + " @" + std::to_string(e.at_ms) +
           ") ";
  }
  return out;
}

// The model of the scores table: player -> entry (absent: no score). Apply records in order.
class TableModel {
 public:
  // `at` of a score is its creation time (these tests set no UpdatedAt), kept when the score
  // is unchanged, as the function does.
  void Apply(const protocol::StreamRecord& r) {
    std::string player = r.keys.at("PlayerId").s();
    if (r.event_name == protocol::StreamEventName::kRemove) {
      rows_.erase(player);
      return;
    }
    leaderboard::Entry e;
    e.player_id = player;
    e.score = *leaderboard::Score::Parse(r.new_image->at("Score").n().ToString());
    if (auto it = r.new_image->find("PlayerName"); it != r.new_image->end()) {
      e.player_name = it->second.s();
    }
    e.at_ms = r.approximate_creation_date_time * 1000;
    if (auto old = rows_.find(player); old != rows_.end() && old->second.score == e.score) {
      e.at_ms = old->second.at_ms;
    }
    rows_[player] = e;
  }
  // The oracle: the top n under RanksBefore.
  std::vector<leaderboard::Entry> Top(size_t n) const {
    std::vector<leaderboard::Entry> all;
    for (const auto& [p, e] : rows_) all.push_back(e);
    std::sort(all.begin(), all.end(), leaderboard::RanksBefore);
    if (all.size() > n) all.resize(n);
    return all;
  }

 private:
  std::map<std::string, leaderboard::Entry> rows_;
};

inline std::vector<std::string> BatchFailures(const std::string& body) {
  std::vector<std::string> out;
  const boost::json::value doc = boost::json::parse(body);
  for (const auto& f : doc.at("batchItemFailures").as_array()) {
    out.emplace_back(f.at("itemIdentifier").as_string());
  }
  return out;
}

// The records from the one whose sequence number is `seq` on (what Lambda re-delivers).
inline std::vector<protocol::StreamRecord> Suffix(const std::vector<protocol::StreamRecord>& batch,
                                                  const std::string& seq) {
  std::vector<protocol::StreamRecord> out;
  bool on = false;
  for (const auto& r : batch) {
    on = on || r.sequence_number == seq;
    if (on) out.push_back(r);
  }
  return out;
}

}  // namespace sb::function::testing
