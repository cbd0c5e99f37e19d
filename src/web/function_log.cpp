#include "web/function_log.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <utility>

namespace sb::web {
namespace {

int64_t Count(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v->get_uint64());
  }
  return 0;
}

FunctionCounts Counts(const boost::json::object& o) {
  FunctionCounts c;
  c.records = Count(o, "Records");
  c.rejected = Count(o, "Rejected");
  c.ranks_writes = Count(o, "RanksWrites");
  c.ranks_noops = Count(o, "RanksNoops");
  c.board_writes = Count(o, "BoardWrites");
  c.board_covers = Count(o, "BoardCovers");
  c.write_conflicts = Count(o, "WriteConflicts");
  c.board_rejected = Count(o, "BoardRejected");
  c.ranks_rejected = Count(o, "RanksRejected");
  return c;
}

}  // namespace

FunctionCounts& FunctionCounts::operator+=(const FunctionCounts& o) {
  records += o.records;
  rejected += o.rejected;
  ranks_writes += o.ranks_writes;
  ranks_noops += o.ranks_noops;
  board_writes += o.board_writes;
  board_covers += o.board_covers;
  write_conflicts += o.write_conflicts;
  board_rejected += o.board_rejected;
  ranks_rejected += o.ranks_rejected;
  return *this;
}

FunctionLine ReadFunctionLine(std::string_view line) {
  FunctionLine out;
  if (line.empty() || line.front() != '{') return out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  if (ec || !v.is_object()) return out;
  const boost::json::object& o = v.get_object();
  if (const boost::json::value* aws = o.if_contains("_aws"); aws != nullptr) {
    if (!aws->is_object()) return out;
    out.kind = FunctionLine::Kind::kMetrics;
    out.counts = Counts(o);
    return out;
  }
  const boost::json::value* message = o.if_contains("message");
  if (message == nullptr || !message->is_string()) return out;
  boost::json::object entry;
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"timestamp", "at"},
                          {"level", "level"},
                          {"message", "message"},
                          {"game", "game"},
                          {"player", "player"},
                          {"score", "score"},
                          {"eventName", "event"},
                          {"reason", "reason"}}) {
    const boost::json::value* field = o.if_contains(from);
    if (field != nullptr && field->is_string()) entry[to] = field->get_string();
  }
  out.kind = FunctionLine::Kind::kActivity;
  if (const boost::json::value* level = entry.if_contains("level")) {
    out.level = std::string(level->get_string());
  }
  out.activity_json = boost::json::serialize(entry);
  return out;
}

}  // namespace sb::web
