#include "web/pipeline_health.h"

#include <string_view>

namespace sb::web {
namespace {

void Member(std::string& out, std::string_view name, int64_t value) {
  out += out.size() > 1 ? ",\"" : "\"";
  out += name;
  out += "\":";
  out += std::to_string(value);
}

}  // namespace

void PipelineHealth::Observe(const FunctionLine& line) {
  std::lock_guard lock(mu_);
  if (line.kind == FunctionLine::Kind::kMetrics) {
    counts_ += line.counts;
    ++batches_;
  } else if (line.kind == FunctionLine::Kind::kActivity) {
    if (line.level == "WARN") ++warnings_;
    if (line.level == "ERROR" || line.level == "FATAL") ++errors_;
  }
}

std::string PipelineHealth::Json() const {
  TriggerGauges t = trigger_ ? trigger_() : TriggerGauges{};
  std::string out = "{";
  Member(out, "invocations", t.invocations);
  Member(out, "functionErrors", t.function_errors);
  Member(out, "partialFailures", t.partial_failures);
  Member(out, "recordsDelivered", t.records_delivered);
  Member(out, "recordsFailed", t.records_failed);
  Member(out, "batchesFailed", t.batches_failed);
  Member(out, "iteratorAgeMs", t.iterator_age_ms);
  Member(out, "shards", t.shards);
  std::lock_guard lock(mu_);
  Member(out, "batches", batches_);
  Member(out, "records", counts_.records);
  Member(out, "rejected", counts_.rejected);
  Member(out, "ranksWrites", counts_.ranks_writes);
  Member(out, "boardWrites", counts_.board_writes);
  Member(out, "writeConflicts", counts_.write_conflicts);
  Member(out, "boardRejected", counts_.board_rejected);
  Member(out, "ranksRejected", counts_.ranks_rejected);
  Member(out, "warnings", warnings_);
  Member(out, "errors", errors_);
  return out + "}";
}

}  // namespace sb::web
