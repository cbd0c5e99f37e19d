// Test doubles for the trigger: an in-memory stream (FakeStream), a scripted invoker
// (FakeInvoker) and an in-memory failure sink. Thread-safe.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "trigger/failure_destination.h"
#include "trigger/invoker.h"
#include "trigger/stream_source.h"

namespace sb::trigger::testing {

// A 21-digit sequence number for n.
inline std::string Seq(int n) {
  std::string digits = std::to_string(n);
  return std::string(21 - digits.size(), '0').replace(0, 1, "1") + digits;
}

inline SourceRecord MakeRecord(int n, const std::string& player, double created = 1'700'000'000,
                               const std::string& event_name = "MODIFY", int score = 10) {
  boost::json::object keys{{"PlayerId", boost::json::object{{"S", player}}},
                           {"GameId", boost::json::object{{"S", "g1"}}}};
  boost::json::object image = keys;
  image["Score"] = boost::json::object{{"N", std::to_string(score)}};
  boost::json::object dynamodb{{"ApproximateCreationDateTime", created},
                               {"Keys", keys},
                               {"SequenceNumber", Seq(n)},
                               {"SizeBytes", 40},
                               {"StreamViewType", "NEW_IMAGE"}};
  if (event_name != "REMOVE") dynamodb["NewImage"] = image;
  boost::json::object json{
      {"eventID", "id" + std::to_string(n)}, {"eventName", event_name},  {"eventVersion", "1.1"},
      {"eventSource", "aws:dynamodb"},       {"awsRegion", "us-east-1"}, {"dynamodb", dynamodb}};
  return SourceRecord{Seq(n), created, json, boost::json::serialize(json)};
}

class FakeStream final : public StreamSource {
 public:
  explicit FakeStream(std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/L")
      : arn_(std::move(arn)) {}

  void AddShard(const std::string& id, std::optional<std::string> parent = std::nullopt) {
    std::lock_guard lock(mu_);
    shards_[id].info = ShardInfo{id, std::move(parent), false};
    order_.push_back(id);
  }
  void Append(const std::string& shard, SourceRecord r) {
    std::lock_guard lock(mu_);
    shards_[shard].records.push_back(std::move(r));
  }
  void Close(const std::string& shard) {
    std::lock_guard lock(mu_);
    shards_[shard].info.closed = true;
  }
  // The next GetRecords fails once with `code`.
  void FailNextGetRecords(std::string code) {
    std::lock_guard lock(mu_);
    fail_next_ = std::move(code);
  }
  // Records at positions < n are trimmed.
  void TrimBefore(const std::string& shard, size_t n) {
    std::lock_guard lock(mu_);
    shards_[shard].trimmed = n;
  }
  int get_records_calls() const {
    std::lock_guard lock(mu_);
    return get_records_calls_;
  }
  std::vector<std::string> iterator_requests() const {
    std::lock_guard lock(mu_);
    return iterator_requests_;
  }

  const std::string& stream_arn() const override { return arn_; }

  Result<std::vector<ShardInfo>> ListShards() override {
    std::lock_guard lock(mu_);
    std::vector<ShardInfo> out;
    for (const auto& id : order_) out.push_back(shards_.at(id).info);
    return out;
  }

  Result<std::string> GetIterator(const std::string& shard_id, IteratorType type,
                                  const std::optional<std::string>& seq) override {
    std::lock_guard lock(mu_);
    iterator_requests_.push_back(shard_id + ":" + IteratorTypeName(type) + (seq ? ":" + *seq : ""));
    auto it = shards_.find(shard_id);
    if (it == shards_.end()) return MakeError(kResourceNotFound, "Shard does not exist");
    const Shard& s = it->second;
    size_t pos = s.trimmed;
    if (type == IteratorType::kLatest) pos = s.records.size();
    if (type == IteratorType::kAfterSequenceNumber || type == IteratorType::kAtSequenceNumber) {
      size_t i = 0;
      while (i < s.records.size() && s.records[i].sequence_number != *seq) ++i;
      if (i < s.trimmed) return MakeError(kTrimmedDataAccess, "trimmed");
      if (i == s.records.size()) return MakeError("ValidationException", "no such sequence number");
      pos = type == IteratorType::kAfterSequenceNumber ? i + 1 : i;
    }
    return shard_id + "|" + std::to_string(pos);
  }

  Result<RecordsPage> GetRecords(const std::string& iterator, int limit) override {
    std::lock_guard lock(mu_);
    ++get_records_calls_;
    if (!fail_next_.empty()) {
      std::string code = std::move(fail_next_);
      fail_next_.clear();
      return MakeError(code, "injected");
    }
    auto bar = iterator.find('|');
    std::string shard_id = iterator.substr(0, bar);
    size_t pos = std::stoul(iterator.substr(bar + 1));
    const Shard& s = shards_.at(shard_id);
    if (pos < s.trimmed) return MakeError(kTrimmedDataAccess, "trimmed");
    RecordsPage page;
    while (pos < s.records.size() && page.records.size() < static_cast<size_t>(limit)) {
      page.records.push_back(s.records[pos++]);
    }
    if (!(s.info.closed && pos == s.records.size())) {
      page.next_iterator = shard_id + "|" + std::to_string(pos);
    }
    return page;
  }

 private:
  struct Shard {
    ShardInfo info;
    std::vector<SourceRecord> records;
    size_t trimmed = 0;
  };
  const std::string arn_;
  mutable std::mutex mu_;
  std::map<std::string, Shard> shards_;
  std::vector<std::string> order_;
  std::string fail_next_;
  int get_records_calls_ = 0;
  std::vector<std::string> iterator_requests_;
};

// One call as the fake invoker saw it: the sequence numbers of the event's records.
struct Call {
  std::vector<std::string> sequence_numbers;
  std::vector<std::string> players;
  std::string payload;
};

class FakeInvoker final : public Invoker {
 public:
  using Script = std::function<InvokeOutcome(const Call&)>;
  explicit FakeInvoker(Script script = nullptr) : script_(std::move(script)) {}

  InvokeOutcome Invoke(std::string_view payload, std::chrono::milliseconds) override {
    Call call;
    call.payload = std::string(payload);
    boost::json::value event = boost::json::parse(payload);
    for (const auto& r : event.at("Records").as_array()) {
      const auto& d = r.at("dynamodb").as_object();
      call.sequence_numbers.emplace_back(d.at("SequenceNumber").as_string());
      call.players.emplace_back(d.at("Keys").at("PlayerId").at("S").as_string());
    }
    Script script;
    {
      std::lock_guard lock(mu_);
      calls_.push_back(call);
      script = script_;
    }
    InvokeOutcome out;
    if (script) out = script(call);
    if (out.request_id.empty()) out.request_id = "req-" + std::to_string(calls().size());
    return out;
  }
  std::vector<Call> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  // Every sequence number delivered, in call order (with repeats).
  std::vector<std::string> delivered() const {
    std::vector<std::string> out;
    for (const auto& c : calls())
      out.insert(out.end(), c.sequence_numbers.begin(), c.sequence_numbers.end());
    return out;
  }

 private:
  Script script_;
  mutable std::mutex mu_;
  std::vector<Call> calls_;
};

inline InvokeOutcome Ok(std::string body = "") {
  InvokeOutcome o;
  o.body = std::move(body);
  return o;
}
inline InvokeOutcome FunctionError() {
  InvokeOutcome o;
  o.kind = InvokeOutcome::Kind::kFunctionError;
  o.error_type = "Unhandled";
  o.error_message = "boom";
  return o;
}

class MemoryFailureSink final : public FailureSink {
 public:
  Status Write(const FailureRecord& r) override {
    std::lock_guard lock(mu_);
    records_.push_back(r);
    return {};
  }
  std::vector<FailureRecord> records() const {
    std::lock_guard lock(mu_);
    return records_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<FailureRecord> records_;
};

}  // namespace sb::trigger::testing
