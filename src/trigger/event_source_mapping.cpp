// Shard discovery, lineage and worker threads. See event_source_mapping.h.
#include "trigger/event_source_mapping.h"

#include "base/log.h"
#include "trigger/shard_worker.h"

namespace sb::trigger {
namespace {
constexpr std::string_view kComponent = "trigger";
}  // namespace

Result<std::unique_ptr<EventSourceMapping>> EventSourceMapping::Create(MappingOptions options,
                                                                       Deps deps) {
  SB_TRY_STATUS(ValidateOptions(options));
  SB_ASSIGN_OR_RETURN(FilterCriteria filter, FilterCriteria::Parse(options.filter_patterns));
  return std::unique_ptr<EventSourceMapping>(
      new EventSourceMapping(std::move(options), std::move(filter), deps));
}

EventSourceMapping::EventSourceMapping(MappingOptions options, FilterCriteria filter, Deps deps)
    : options_(std::move(options)), filter_(std::move(filter)), deps_(deps) {
  deliverer_ = std::make_unique<BatchDeliverer>(
      options_, deps_.source.stream_arn(), deps_.invoker, deps_.failures, deps_.clock,
      deps_.sleeper, [this] { return stop_.load(); }, &stats_);
}

EventSourceMapping::~EventSourceMapping() { Stop(); }

void EventSourceMapping::Start() {
  std::lock_guard lock(mu_);
  coordinator_ = std::thread([this] { CoordinatorLoop(); });
}

void EventSourceMapping::RequestStop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    wake_ = true;
  }
  cv_.notify_all();
}

void EventSourceMapping::Stop() {
  RequestStop();
  if (coordinator_.joinable()) coordinator_.join();
  std::map<std::string, std::thread> workers;
  {
    std::lock_guard lock(mu_);
    workers.swap(workers_);
  }
  for (auto& [id, t] : workers) {
    if (t.joinable()) t.join();
  }
}

size_t EventSourceMapping::finished_shards() const {
  std::lock_guard lock(mu_);
  return finished_.size();
}

size_t EventSourceMapping::started_shards() const {
  std::lock_guard lock(mu_);
  return workers_.size();
}

void EventSourceMapping::CoordinatorLoop() {
  while (!stop_) {
    DiscoverOnce();
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, options_.describe_interval, [this] { return wake_ || stop_.load(); });
    wake_ = false;
  }
}

void EventSourceMapping::DiscoverOnce() {
  Result<std::vector<ShardInfo>> listed = deps_.source.ListShards();
  if (!listed.ok()) {
    log::Warn(kComponent, "DescribeStream " + deps_.source.stream_arn() + ": " +
                              listed.error().code + ": " + listed.error().message);
    return;
  }
  const std::vector<ShardInfo>& shards = listed.value();
  CheckpointStore& store = deps_.checkpoints;
  if (!store.initialized()) {
    if (options_.starting_position == StartingPosition::kLatest) {
      int64_t now_s = deps_.clock.NowUnixMillis() / 1000;
      for (const auto& s : shards) {
        if (store.Get(s.shard_id)) continue;
        ShardCheckpoint cp;
        if (s.closed) {
          cp.finished = true;  // written before the start: LATEST skips it
        } else {
          cp.not_before_seconds = now_s;
          std::lock_guard lock(mu_);
          latest_shards_.insert(s.shard_id);
        }
        Status st = store.Put(s.shard_id, cp);
        if (!st.ok()) log::Error(kComponent, st.error().message);
      }
    }
    Status st = store.MarkInitialized();
    if (!st.ok()) log::Error(kComponent, st.error().message);
  }
  std::set<std::string> ids;
  for (const auto& s : shards) ids.insert(s.shard_id);
  for (const auto& s : shards) {
    if (stop_) return;
    bool latest = false;
    {
      std::lock_guard lock(mu_);
      if (workers_.count(s.shard_id) != 0 || finished_.count(s.shard_id) != 0) continue;
      latest = latest_shards_.count(s.shard_id) != 0;
    }
    std::optional<ShardCheckpoint> cp = store.Get(s.shard_id);
    if (cp && cp->finished) {
      std::lock_guard lock(mu_);
      finished_.insert(s.shard_id);
      continue;
    }
    bool parent_done = true;
    if (s.parent_shard_id && ids.count(*s.parent_shard_id) != 0) {
      std::optional<ShardCheckpoint> parent = store.Get(*s.parent_shard_id);
      parent_done = parent && parent->finished;
    }
    if (!parent_done) continue;
    StartWorker(s.shard_id, latest);
  }
}

void EventSourceMapping::StartWorker(const std::string& shard_id, bool start_at_latest) {
  log::Info(kComponent, "starting shard " + shard_id);
  std::lock_guard lock(mu_);
  workers_[shard_id] = std::thread([this, shard_id, start_at_latest] {
    ShardWorker worker(
        ShardWorker::Deps{deps_.source, deps_.checkpoints, *deliverer_, filter_, options_,
                          deps_.clock, &records_filtered_, &iterator_age_ms_},
        shard_id, start_at_latest);
    worker.Run(deps_.sleeper, [this] { return stop_.load(); });
    std::optional<ShardCheckpoint> cp = deps_.checkpoints.Get(shard_id);
    {
      std::lock_guard inner(mu_);
      if (cp && cp->finished) finished_.insert(shard_id);
      wake_ = true;  // a finished parent may release children: describe again now
    }
    cv_.notify_all();
  });
}

}  // namespace sb::trigger
