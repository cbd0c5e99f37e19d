#include "function/telemetry.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace sb::function {
namespace json = boost::json;

Telemetry::Telemetry(log::Level level, std::string function_name, const Clock& clock, Sink sink)
    : level_(level),
      function_name_(std::move(function_name)),
      clock_(clock),
      sink_(sink ? std::move(sink) : Sink([](std::string_view line) { log::Emit(line); })) {}

void Telemetry::Log(log::Level level, std::string_view request_id, std::string_view message,
                    const LogFields& f) {
  if (!Enabled(level)) return;
  json::object o;
  o["timestamp"] = FormatIso8601Millis(clock_.NowUnixMillis());
  o["level"] = log::LevelName(level);
  o["requestId"] = request_id;
  o["message"] = message;
  auto put = [&](std::string_view key, std::string_view v) {
    if (!v.empty()) o[key] = v;
  };
  put("game", f.game);
  put("player", f.player);
  put("score", f.score);
  put("eventName", f.event_name);
  put("sequenceNumber", f.sequence_number);
  put("reason", f.reason);
  sink_(json::serialize(o));
}

void Telemetry::EmitMetrics(const BatchMetrics& m) {
  json::array metrics;
  for (std::string_view name :
       {"Records", "Rejected", "BoardWrites", "WriteConflicts", "Refills"}) {
    metrics.push_back(json::object{{"Name", name}, {"Unit", "Count"}});
  }
  json::object o;
  o["_aws"] = json::object{
      {"Timestamp", clock_.NowUnixMillis()},
      {"CloudWatchMetrics",
       json::array{json::object{{"Namespace", "Streamboard"},
                                {"Dimensions", json::array{json::array{"FunctionName"}}},
                                {"Metrics", std::move(metrics)}}}}};
  o["FunctionName"] = function_name_;
  o["Records"] = m.records;
  o["Rejected"] = m.rejected;
  o["BoardWrites"] = m.board_writes;
  o["WriteConflicts"] = m.write_conflicts;
  o["Refills"] = m.refills;
  sink_(json::serialize(o));
}

}  // namespace sb::function
