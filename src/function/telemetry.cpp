#include "function/telemetry.h"

#include <string>

namespace sb::function {
namespace {

// Appends `s` as a JSON string: quotes, backslashes and control characters escaped as
// Boost.JSON's serializer escapes them; all other bytes as they are. Lines are built by hand
// rather than through a json::object because a busy batch writes one per record.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the pending run of bytes that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    out += '\\';
    switch (c) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '\b':
        out += 'b';
        break;
      case '\f':
        out += 'f';
        break;
      case '\n':
        out += 'n';
        break;
      case '\r':
        out += 'r';
        break;
      case '\t':
        out += 't';
        break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

void AppendMember(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;  // our own keys: nothing to escape
  out += "\":";
  AppendJsonString(out, value);
}

void AppendCount(std::string& out, std::string_view key, int64_t value) {
  out += ",\"";
  out += key;
  out += "\":";
  out += std::to_string(value);
}

}  // namespace

Telemetry::Telemetry(log::Level level, std::string function_name, const Clock& clock, Sink sink)
    : level_(level),
      function_name_(std::move(function_name)),
      clock_(clock),
      sink_(sink ? std::move(sink) : Sink([](std::string_view line) { log::Emit(line); })) {}

void Telemetry::Log(log::Level level, std::string_view request_id, std::string_view message,
                    const LogFields& f) {
  if (!Enabled(level)) return;
  std::string line;
  line.reserve(160 + request_id.size() + message.size() + f.game.size() + f.player.size() +
               f.score.size() + f.event_name.size() + f.sequence_number.size() + f.reason.size());
  line += "{\"timestamp\":";
  AppendJsonString(line, FormatIso8601Millis(clock_.NowUnixMillis()));
  AppendMember(line, "level", log::LevelName(level));
  AppendMember(line, "requestId", request_id);
  AppendMember(line, "message", message);
  auto put = [&](std::string_view key, std::string_view v) {
    if (!v.empty()) AppendMember(line, key, v);
  };
  put("game", f.game);
  put("player", f.player);
  put("score", f.score);
  put("eventName", f.event_name);
  put("sequenceNumber", f.sequence_number);
  put("reason", f.reason);
  line += '}';
  sink_(line);
}

void Telemetry::EmitMetrics(const BatchMetrics& m) {
  std::string line = "{\"_aws\":{\"Timestamp\":";
  line += std::to_string(clock_.NowUnixMillis());
  line +=
      ",\"CloudWatchMetrics\":[{\"Namespace\":\"Streamboard\",\"Dimensions\":[[\"FunctionName\"]],"
      "\"Metrics\":[";
  bool first = true;
  for (std::string_view name : {"Records", "Rejected", "RanksWrites", "RanksNoops", "BoardWrites",
                                "BoardCovers", "WriteConflicts", "BoardRejected", "RanksRejected",
                                "CountUpdates", "TransactionConflicts", "WindowsSkipped"}) {
    line += first ? "{\"Name\":\"" : ",{\"Name\":\"";
    line += name;
    line += "\",\"Unit\":\"Count\"}";
    first = false;
  }
  line += "]}]}";
  AppendMember(line, "FunctionName", function_name_);
  AppendCount(line, "Records", m.records);
  AppendCount(line, "Rejected", m.rejected);
  AppendCount(line, "RanksWrites", m.ranks_writes);
  AppendCount(line, "RanksNoops", m.ranks_noops);
  AppendCount(line, "BoardWrites", m.board_writes);
  AppendCount(line, "BoardCovers", m.board_covers);
  AppendCount(line, "WriteConflicts", m.write_conflicts);
  AppendCount(line, "BoardRejected", m.board_rejected);
  AppendCount(line, "RanksRejected", m.ranks_rejected);
  AppendCount(line, "CountUpdates", m.count_updates);
  AppendCount(line, "TransactionConflicts", m.transaction_conflicts);
  AppendCount(line, "WindowsSkipped", m.windows_skipped);
  line += '}';
  sink_(line);
}

}  // namespace sb::function
