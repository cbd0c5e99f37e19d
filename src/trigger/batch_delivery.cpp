// Retry, bisect and partial-failure handling for one shard's batches. See batch_delivery.h.
#include "trigger/batch_delivery.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <unordered_map>

#include "base/log.h"
#include "protocol/lambda/batch_response.h"
#include "protocol/streams/sequence_number.h"

namespace sb::trigger {

namespace {
constexpr size_t kEnvelopeBytes = sizeof(R"({"Records":[]})") - 1;
constexpr std::string_view kComponent = "trigger";
}  // namespace

std::string EncodeEventPayload(const std::vector<BatchRecord>& records, size_t begin, size_t end) {
  size_t size = kEnvelopeBytes;
  for (size_t i = begin; i < end; ++i) size += records[i].event_json.size() + 1;
  std::string out;
  out.reserve(size);
  out += R"({"Records":[)";
  for (size_t i = begin; i < end; ++i) {
    if (i != begin) out += ',';
    out += records[i].event_json;
  }
  out += "]}";
  return out;
}

BatchDeliverer::BatchDeliverer(const MappingOptions& options, std::string stream_arn,
                               Invoker& invoker, FailureSink* failures, const Clock& clock,
                               Sleeper& sleeper, std::function<bool()> stopping,
                               DeliveryStats* stats)
    : options_(options),
      stream_arn_(std::move(stream_arn)),
      invoker_(invoker),
      failures_(failures),
      clock_(clock),
      sleeper_(sleeper),
      stopping_(std::move(stopping)),
      stats_(stats) {}

bool BatchDeliverer::Deliver(const std::string& shard_id, const std::vector<BatchRecord>& records) {
  size_t begin = 0;
  while (begin < records.size()) {
    // Cut by BatchSize and by the payload cap (at least one record per batch).
    size_t end = begin;
    size_t bytes = kEnvelopeBytes;
    while (end < records.size() && end - begin < static_cast<size_t>(options_.batch_size)) {
      size_t add = records[end].event_json.size() + 1;
      if (end > begin && bytes + add > options_.max_payload_bytes) break;
      bytes += add;
      ++end;
    }
    if (!DeliverBatch(shard_id, records, begin, end)) return false;
    begin = end;
  }
  return true;
}

bool BatchDeliverer::DeliverBatch(const std::string& shard_id,
                                  const std::vector<BatchRecord>& records, size_t begin,
                                  size_t end) {
  std::deque<Pending> queue;
  queue.push_back(Pending{begin, end, 0, 0});
  while (!queue.empty()) {
    if (stopping_()) return false;
    Pending& p = queue.front();

    // MaximumRecordAgeInSeconds: records are in creation order, so the expired ones are a
    // prefix of the batch.
    if (options_.maximum_record_age_seconds >= 0) {
      double now_s = static_cast<double>(clock_.NowUnixMillis()) / 1000.0;
      size_t expired = p.begin;
      while (expired < p.end && now_s - records[expired].approximate_creation_seconds >
                                    options_.maximum_record_age_seconds) {
        ++expired;
      }
      if (expired > p.begin) {
        Pending old{p.begin, expired, p.retries, p.invokes};
        GiveUp(shard_id, records, old, kConditionRecordAgeExpired, nullptr);
        p.begin = expired;
        if (p.begin == p.end) {
          queue.pop_front();
          continue;
        }
      }
    }

    InvokeOutcome outcome =
        invoker_.Invoke(EncodeEventPayload(records, p.begin, p.end), options_.function_timeout);
    if (outcome.kind == InvokeOutcome::Kind::kNotInvoked) {
      // docs/lambda-wire.md §4: failures before the function runs are retried until the records
      // expire, without counting against MaximumRetryAttempts.
      log::Warn(kComponent, "shard " + shard_id + ": invoke failed before the function ran: " +
                                outcome.error_message);
      sleeper_.SleepFor(std::max(options_.retry_delay, std::chrono::milliseconds(1)));
      continue;
    }
    ++p.invokes;
    if (stats_) ++stats_->invocations;

    bool function_error = outcome.IsFunctionError();
    bool partial = false;
    size_t retry_from = p.begin;  // partial failure: the first record to retry
    if (!function_error && options_.report_batch_item_failures) {
      protocol::BatchResponse response = protocol::DecodeBatchResponse(outcome.body);
      if (response.kind == protocol::BatchResponse::Kind::kFailure) {
        function_error = true;
      } else if (response.kind == protocol::BatchResponse::Kind::kPartialFailure) {
        std::unordered_map<std::string_view, size_t> index;
        for (size_t i = p.begin; i < p.end; ++i) index.emplace(records[i].sequence_number, i);
        size_t lowest = p.end;
        for (const auto& id : response.item_identifiers) {
          auto it = index.find(id);
          if (it == index.end()) {  // not a record of this batch: complete failure
            function_error = true;
            break;
          }
          lowest = std::min(lowest, it->second);
        }
        if (!function_error) {
          partial = true;
          retry_from = lowest;
        }
      }
    }

    if (!function_error && !partial) {
      if (stats_) stats_->records_delivered += static_cast<int64_t>(p.end - p.begin);
      queue.pop_front();
      continue;
    }

    if (!function_error) {
      // Partial failure: the records before retry_from are done; the rest is retried.
      if (stats_) {
        ++stats_->partial_failures;
        stats_->records_delivered += static_cast<int64_t>(retry_from - p.begin);
      }
      p.begin = retry_from;
      ++p.retries;
      log::Warn(kComponent, "shard " + shard_id + ": partial batch failure, retrying from " +
                                records[p.begin].sequence_number);
      if (options_.maximum_retry_attempts >= 0 && p.retries > options_.maximum_retry_attempts) {
        GiveUp(shard_id, records, p, kConditionRetryAttemptsExhausted, &outcome);
        queue.pop_front();
        continue;
      }
      sleeper_.SleepFor(options_.retry_delay);
      continue;
    }

    if (stats_) ++stats_->function_errors;
    std::string why = outcome.kind == InvokeOutcome::Kind::kOk
                          ? std::string("its response reported the whole batch failed")
                          : std::string(InvokeOutcomeKindName(outcome.kind)) + ": " +
                                outcome.error_type + ": " + outcome.error_message;
    log::Warn(kComponent, "shard " + shard_id + ": function error (" + why + ") on " +
                              std::to_string(p.end - p.begin) + " record(s)");
    if (options_.bisect_batch_on_function_error && p.end - p.begin > 1) {
      // docs/lambda-wire.md §4: splitting does not consume retry quota.
      size_t mid = p.begin + (p.end - p.begin) / 2;
      Pending first{p.begin, mid, p.retries, p.invokes};
      Pending second{mid, p.end, p.retries, p.invokes};
      queue.pop_front();
      queue.push_front(second);
      queue.push_front(first);
      continue;
    }
    ++p.retries;
    if (options_.maximum_retry_attempts >= 0 && p.retries > options_.maximum_retry_attempts) {
      GiveUp(shard_id, records, p, kConditionRetryAttemptsExhausted, &outcome);
      queue.pop_front();
      continue;
    }
    sleeper_.SleepFor(options_.retry_delay);
  }
  return true;
}

void BatchDeliverer::GiveUp(const std::string& shard_id, const std::vector<BatchRecord>& records,
                            const Pending& p, const char* condition, const InvokeOutcome* last) {
  FailureRecord r;
  r.request_id = last != nullptr ? last->request_id : "";
  r.function_arn = options_.function_arn;
  r.condition = condition;
  r.approximate_invoke_count = p.invokes;
  if (last != nullptr && last->IsFunctionError()) r.function_error = "Unhandled";
  r.timestamp_millis = clock_.NowUnixMillis();
  r.shard_id = shard_id;
  r.start_sequence_number = records[p.begin].sequence_number;
  r.end_sequence_number = records[p.end - 1].sequence_number;
  r.first_arrival_seconds =
      static_cast<int64_t>(std::floor(records[p.begin].approximate_creation_seconds));
  r.last_arrival_seconds =
      static_cast<int64_t>(std::floor(records[p.end - 1].approximate_creation_seconds));
  r.batch_size = static_cast<int>(p.end - p.begin);
  r.stream_arn = stream_arn_;
  if (stats_) {
    ++stats_->batches_failed;
    stats_->records_failed += r.batch_size;
  }
  log::Error(kComponent, "shard " + shard_id + ": giving up on " + std::to_string(r.batch_size) +
                             " record(s) " + r.start_sequence_number + ".." +
                             r.end_sequence_number + " (" + condition + ")");
  if (failures_ != nullptr) {
    Status s = failures_->Write(r);
    if (!s.ok()) log::Error(kComponent, "on-failure destination: " + s.error().message);
  }
}

}  // namespace sb::trigger
