// Retention: records older than options.retention_millis (DynamoDB Streams keeps 24 hours)
// are trimmed; closed shards whose records are all trimmed, and disabled streams left without
// shards, are then dropped once they are older than the retention too. The sweep also rolls
// over shards that have reached their age even without writes (DynamoDB closes idle shards).
// Runs inside the caller's write transaction. Thread-compatible (under the write lock).
#pragma once

#include <cstdint>

#include "base/result.h"
#include "engine/storage/store.h"
#include "engine/streams/options.h"
#include "engine/streams/record_store.h"

namespace sb::engine::streams {

Status SweepRetention(storage::WriteTxn& txn, RecordStore& records, const StreamsOptions& options,
                      int64_t now_ms);

}  // namespace sb::engine::streams
