// Per-shard polling, batching and checkpointing. See shard_worker.h.
#include "trigger/shard_worker.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <thread>
#include <utility>

#include "base/log.h"
#include "protocol/lambda/stream_event.h"

namespace sb::trigger {
namespace json = boost::json;

namespace {
constexpr std::string_view kComponent = "trigger";
constexpr int kMaxGetRecordsLimit = 1000;  // docs/streams-wire.md §5.4
}  // namespace

std::string ItemKeyOf(const json::object& record) {
  const json::value* dynamodb = record.if_contains("dynamodb");
  const json::value* keys = dynamodb != nullptr && dynamodb->is_object()
                                ? dynamodb->get_object().if_contains("Keys")
                                : nullptr;
  if (keys == nullptr || !keys->is_object()) return {};
  std::vector<std::pair<std::string, std::string>> parts;
  for (const auto& [name, value] : keys->get_object()) {
    parts.emplace_back(std::string(name), json::serialize(value));
  }
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& [name, value] : parts) {
    out += name;
    out += '=';
    out += value;
    out += ';';
  }
  return out;
}

ShardWorker::ShardWorker(Deps deps, std::string shard_id, bool start_at_latest)
    : d_(deps), shard_id_(std::move(shard_id)), use_latest_(start_at_latest) {}

Status ShardWorker::AcquireIterator() {
  std::optional<ShardCheckpoint> cp = d_.checkpoints.Get(shard_id_);
  not_before_seconds_.reset();
  Result<std::string> it = Fail(Error{});
  if (cp && cp->sequence_number && !trimmed_) {
    it = d_.source.GetIterator(shard_id_, IteratorType::kAfterSequenceNumber, cp->sequence_number);
    if (!it.ok() && it.error().code == kTrimmedDataAccess) {
      log::Warn(kComponent, "shard " + shard_id_ + ": checkpoint " + *cp->sequence_number +
                                " is older than the trim horizon; records were lost to "
                                "retention, resuming at TRIM_HORIZON");
      trimmed_ = true;
    }
  }
  if (!(cp && cp->sequence_number) || trimmed_) {
    if (use_latest_) {
      it = d_.source.GetIterator(shard_id_, IteratorType::kLatest, std::nullopt);
    } else {
      it = d_.source.GetIterator(shard_id_, IteratorType::kTrimHorizon, std::nullopt);
      // A shard started at LATEST whose first record was never handled: skip what was
      // written before the start (what LATEST skipped), deliver everything after it.
      if (cp && !cp->sequence_number) not_before_seconds_ = cp->not_before_seconds;
    }
  }
  if (!it.ok()) return it.error();
  // A later refresh must not jump to LATEST again (records in between would be lost).
  use_latest_ = false;
  trimmed_ = false;
  iterator_ = std::move(it).value();
  return {};
}

void ShardWorker::Append(const SourceRecord& r) {
  Buffered b;
  b.record.sequence_number = r.sequence_number;
  b.record.approximate_creation_seconds = r.approximate_creation_seconds;
  b.matched = d_.filter.Matches(r.json);
  if (b.matched && not_before_seconds_ &&
      std::floor(r.approximate_creation_seconds) < static_cast<double>(*not_before_seconds_)) {
    b.matched = false;
  }
  if (b.matched) {
    // The record's text as received, spliced, not re-encoded (docs/lambda-wire.md §1).
    Result<std::string> event = protocol::LambdaStreamRecord(r.text, d_.source.stream_arn());
    if (!event.ok()) {
      // The source parsed this record, so its text is JSON; reaching here is a source bug.
      log::Error(kComponent, "shard " + shard_id_ + ": record " + r.sequence_number + ": " +
                                 event.error().message + "; re-encoding it");
      json::object copy = r.json;
      copy["eventSourceARN"] = d_.source.stream_arn();
      event = json::serialize(copy);
    }
    b.record.event_json = std::move(event).value();
    if (d_.options.parallelization_factor > 1)
      b.lane_hash = std::hash<std::string>{}(ItemKeyOf(r.json));
    if (matched_ == 0) window_start_ms_ = d_.clock.NowUnixMillis();
    ++matched_;
    matched_bytes_ += b.record.event_json.size() + 1;
  } else if (d_.records_filtered != nullptr) {
    ++*d_.records_filtered;
  }
  buffer_.push_back(std::move(b));
}

void ShardWorker::ResetBuffer() {
  buffer_.clear();
  matched_ = 0;
  matched_bytes_ = 0;
  iterator_.reset();
  drained_ = false;
}

Status ShardWorker::Checkpoint(const std::string& sequence_number) {
  ShardCheckpoint cp;
  cp.sequence_number = sequence_number;
  Status s = d_.checkpoints.Put(shard_id_, cp);
  if (!s.ok()) log::Error(kComponent, "shard " + shard_id_ + ": " + s.error().message);
  return s;
}

ShardWorker::Step ShardWorker::Finish() {
  std::optional<ShardCheckpoint> cp = d_.checkpoints.Get(shard_id_);
  ShardCheckpoint done = cp.value_or(ShardCheckpoint{});
  done.finished = true;
  Status s = d_.checkpoints.Put(shard_id_, done);
  if (!s.ok()) log::Error(kComponent, "shard " + shard_id_ + ": " + s.error().message);
  log::Info(kComponent, "shard " + shard_id_ + " finished");
  return Step::kFinished;
}

ShardWorker::Step ShardWorker::DeliverChunk() {
  const size_t parallel = static_cast<size_t>(d_.options.parallelization_factor);
  const size_t target = static_cast<size_t>(d_.options.batch_size) * parallel;
  const size_t byte_cap = d_.options.max_payload_bytes * parallel;
  // Take records from the front: matching ones up to the limits, plus the non-matching ones
  // among and right after them (they are checkpointed past with the batch).
  size_t take = 0, count = 0, bytes = 0;
  while (take < buffer_.size()) {
    const Buffered& b = buffer_[take];
    if (b.matched) {
      size_t add = b.record.event_json.size() + 1;
      if (count == target || (count > 0 && bytes + add > byte_cap)) break;
      ++count;
      bytes += add;
    }
    ++take;
  }
  std::vector<std::vector<BatchRecord>> lanes(parallel);
  for (size_t i = 0; i < take; ++i) {
    if (!buffer_[i].matched) continue;
    lanes[buffer_[i].lane_hash % parallel].push_back(buffer_[i].record);
  }
  bool ok = true;
  if (parallel == 1) {
    ok = d_.deliverer.Deliver(shard_id_, lanes[0]);
  } else {
    std::vector<char> results(parallel, 1);
    std::vector<std::thread> threads;
    for (size_t lane = 1; lane < parallel; ++lane) {
      if (lanes[lane].empty()) continue;
      threads.emplace_back(
          [&, lane] { results[lane] = d_.deliverer.Deliver(shard_id_, lanes[lane]); });
    }
    if (!lanes[0].empty()) results[0] = d_.deliverer.Deliver(shard_id_, lanes[0]);
    for (auto& t : threads) t.join();
    ok = std::all_of(results.begin(), results.end(), [](char r) { return r != 0; });
  }
  if (!ok) return Step::kStopped;
  std::string last = buffer_[take - 1].record.sequence_number;
  if (d_.iterator_age_ms != nullptr) {
    *d_.iterator_age_ms =
        d_.clock.NowUnixMillis() -
        static_cast<int64_t>(buffer_[take - 1].record.approximate_creation_seconds * 1000);
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(take));
  matched_ -= count;
  matched_bytes_ -= bytes;
  if (matched_ > 0) window_start_ms_ = d_.clock.NowUnixMillis();
  (void)Checkpoint(last);
  return Step::kBusy;
}

ShardWorker::Step ShardWorker::RunOnce() {
  if (!iterator_ && !drained_) {
    Status s = AcquireIterator();
    if (!s.ok()) {
      if (s.error().code == kResourceNotFound) {
        log::Warn(kComponent, "shard " + shard_id_ + " no longer exists: " + s.error().message);
        return Finish();
      }
      log::Warn(kComponent, "shard " + shard_id_ + ": GetShardIterator: " + s.error().code + ": " +
                                s.error().message);
      return Step::kIdle;
    }
  }
  const size_t parallel = static_cast<size_t>(d_.options.parallelization_factor);
  const size_t target = static_cast<size_t>(d_.options.batch_size) * parallel;
  const size_t byte_cap = d_.options.max_payload_bytes * parallel;
  size_t got = 0;
  if (!drained_ && matched_ < target && matched_bytes_ < byte_cap) {
    int limit = static_cast<int>(std::clamp<size_t>(target - matched_, 1, kMaxGetRecordsLimit));
    Result<RecordsPage> page = d_.source.GetRecords(*iterator_, limit);
    if (!page.ok()) {
      const Error& e = page.error();
      if (e.code == kExpiredIterator) {
        // Refresh from the checkpoint; the unsent buffer is read again.
        ResetBuffer();
        return Step::kBusy;
      }
      if (e.code == kTrimmedDataAccess) {
        log::Warn(kComponent, "shard " + shard_id_ + ": position trimmed: " + e.message);
        ResetBuffer();
        trimmed_ = true;
        return Step::kBusy;
      }
      if (e.code == kResourceNotFound) {
        log::Warn(kComponent, "shard " + shard_id_ + " no longer exists: " + e.message);
        return Finish();
      }
      log::Warn(kComponent, "shard " + shard_id_ + ": GetRecords: " + e.code + ": " + e.message);
      return Step::kIdle;
    }
    got = page->records.size();
    for (const auto& r : page->records) Append(r);
    if (page->next_iterator) {
      iterator_ = std::move(page->next_iterator);
    } else {
      drained_ = true;
      iterator_.reset();
    }
  }

  bool delivered = false;
  if (matched_ == 0 && !buffer_.empty()) {
    // Only filtered-out records: move the checkpoint past them without invoking.
    std::string last = buffer_.back().record.sequence_number;
    buffer_.clear();
    (void)Checkpoint(last);
    delivered = true;
  } else if (matched_ > 0) {
    const int64_t window_ms = int64_t{d_.options.maximum_batching_window_seconds} * 1000;
    bool due = matched_ >= target || matched_bytes_ >= byte_cap || drained_ || window_ms == 0 ||
               d_.clock.NowUnixMillis() - window_start_ms_ >= window_ms;
    if (due) {
      Step s = DeliverChunk();
      if (s == Step::kStopped) return s;
      delivered = true;
    }
  }
  if (drained_ && buffer_.empty()) return Finish();
  return got > 0 || delivered ? Step::kBusy : Step::kIdle;
}

void ShardWorker::Run(Sleeper& sleeper, const std::function<bool()>& stopping) {
  while (!stopping()) {
    Step s = RunOnce();
    if (s == Step::kFinished || s == Step::kStopped) return;
    if (s == Step::kIdle) sleeper.SleepFor(d_.options.poll_interval);
  }
}

}  // namespace sb::trigger
