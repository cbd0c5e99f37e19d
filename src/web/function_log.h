// Reading the leaderboard function's output lines for the web view (a pure function).
//
// The function writes Lambda's JSON application-log lines and one CloudWatch Embedded Metric
// Format line per invocation (function/telemetry.h); the local trigger adds Lambda's plain
// platform lines (START, END, REPORT) and passes every line on unchanged. This reads one line:
//  - a JSON log line (an object with a string "message" and no "_aws") becomes an activity
//    entry for the page's live log, a JSON object holding only these string members, when
//    present: "at" (the line's timestamp), "level", "message", "game", "player", "score",
//    "event" (eventName), "reason";
//  - an EMF line becomes its counts (absent or non-integer counts read as 0);
//  - anything else (platform lines, plain text, malformed JSON) is kOther.
// Never fails: any input is some kind.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sb::web {

// The counts of one EMF line (function/telemetry.h BatchMetrics), or a running sum of them.
struct FunctionCounts {
  int64_t records = 0;
  int64_t rejected = 0;
  int64_t ranks_writes = 0;
  int64_t ranks_noops = 0;
  int64_t board_writes = 0;
  int64_t board_covers = 0;
  int64_t write_conflicts = 0;
  int64_t board_rejected = 0;
  int64_t ranks_rejected = 0;

  FunctionCounts& operator+=(const FunctionCounts& o);
};

struct FunctionLine {
  enum class Kind { kOther, kActivity, kMetrics };
  Kind kind = Kind::kOther;
  std::string activity_json;  // kActivity
  std::string level;          // kActivity: "INFO", "WARN", "ERROR", ...
  FunctionCounts counts;      // kMetrics
};

FunctionLine ReadFunctionLine(std::string_view line);

}  // namespace sb::web
