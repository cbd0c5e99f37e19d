// The settings of the engine's DynamoDB Streams (see record_store.h for sharding and
// rollover, retention.h for trimming).
#pragma once

#include <cstdint>
#include <string>

#include "base/clock.h"
#include "base/random.h"

namespace sb::engine::streams {

struct StreamsOptions {
  std::string region = "us-east-1";
  int shards = 1;                // slots per new stream (--stream-shards); >= 1
  int64_t rollover_millis = 0;   // close a shard after this age; 0: never
  int64_t rollover_records = 0;  // close a shard at this many records; 0: never
  int64_t retention_millis = 24LL * 3600 * 1000;
  int64_t sweep_interval_millis = 10'000;
  const Clock* clock = nullptr;  // not owned; REQUIRES: non-null
  Random* random = nullptr;      // not owned; event ids; REQUIRES: non-null, thread-safe
};

}  // namespace sb::engine::streams
