// LocalTrigger: a running local event source mapping over one stream — a pool of function
// processes behind the local Runtime API, a checkpoint store, an optional on-failure file, and
// the mapping itself. The one assembly `streamboard trigger` and `streamboard up` share.
// Start/Stop from one controlling thread; stats() and the gauges from any.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "trigger/checkpoint_store.h"
#include "trigger/event_source_mapping.h"
#include "trigger/failure_destination.h"
#include "trigger/local_function.h"
#include "trigger/stream_source.h"

namespace sb::cli {

struct LocalTriggerConfig {
  trigger::MappingOptions options;  // function_arn is filled in from `function`
  trigger::FunctionConfig function;
  int concurrency = 1;          // function processes in the pool
  std::string checkpoint_file;  // empty: checkpoints kept in memory
  std::string failure_file;     // empty: no on-failure destination
};

class LocalTrigger {
 public:
  // Starts the function processes and opens the checkpoints; the mapping is not polling yet.
  // Throws CliError naming what failed (exit 2 for invalid mapping options). `source` must
  // outlive the trigger.
  static std::unique_ptr<LocalTrigger> Create(LocalTriggerConfig config,
                                              trigger::StreamSource& source);
  ~LocalTrigger();

  void Start();
  // Stops polling, shuts the function processes down and joins the mapping. Idempotent.
  void Stop();
  const trigger::DeliveryStats& stats() const { return mapping_->stats(); }
  // Lambda's IteratorAge of the latest batch (ms): how far the trigger lags the stream.
  int64_t iterator_age_ms() const { return mapping_->iterator_age_ms(); }
  size_t started_shards() const { return mapping_->started_shards(); }

 private:
  LocalTrigger() = default;

  std::unique_ptr<trigger::FunctionPool> pool_;
  std::unique_ptr<trigger::CheckpointStore> checkpoints_;
  std::unique_ptr<trigger::JsonLinesFailureFile> failures_;
  std::unique_ptr<trigger::EventSourceMapping> mapping_;
  bool stopped_ = false;
};

}  // namespace sb::cli
