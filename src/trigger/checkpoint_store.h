// CheckpointStore: how far the trigger has processed each shard of one stream, persisted so a
// restart skips nothing and replays at most the batch that was in flight
// (docs/architecture.md, "Durability and order").
//
// File format (JSON, rewritten whole on every change: write "<path>.tmp", fsync, rename over
// <path>, fsync the directory, so a crash leaves either the old or the new file):
//   {"version":1,"streamArn":"<arn>","initialized":true,
//    "shards":{"<shardId>":{"sequenceNumber":"<digits>","notBefore":<epoch s>,"finished":true}}}
//   sequenceNumber  the last record fully handled (delivered, filtered out or sent to the
//                   on-failure destination); resume AFTER_SEQUENCE_NUMBER it
//   notBefore       set when the shard was started at LATEST and nothing was handled yet: a
//                   restart reads from TRIM_HORIZON and skips records created before it, so
//                   records written while the trigger was down are not lost
//   finished        the closed shard was read to its end (its children may start)
//   initialized     the first DescribeStream has been applied (LATEST positions recorded)
// An empty path keeps everything in memory (tests, --in-memory).
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/result.h"

namespace sb::trigger {

struct ShardCheckpoint {
  std::optional<std::string> sequence_number;
  std::optional<int64_t> not_before_seconds;
  bool finished = false;
  friend bool operator==(const ShardCheckpoint&, const ShardCheckpoint&) = default;
};

class CheckpointStore {
 public:
  // Loads `path` if it exists. Errors: code "checkpoint" for an unreadable or malformed file,
  // or one written for a different stream ARN.
  static Result<std::unique_ptr<CheckpointStore>> Open(std::string path, std::string stream_arn);

  std::optional<ShardCheckpoint> Get(const std::string& shard_id) const;
  bool initialized() const;

  // Each mutation is persisted before it returns. Errors: code "checkpoint" (I/O failure; the
  // in-memory state is updated anyway so processing can go on, and the next write retries).
  Status Put(const std::string& shard_id, const ShardCheckpoint& checkpoint);
  Status MarkInitialized();

  const std::string& path() const { return path_; }

 private:
  CheckpointStore(std::string path, std::string stream_arn)
      : path_(std::move(path)), stream_arn_(std::move(stream_arn)) {}
  Status PersistLocked() const;

  const std::string path_;
  const std::string stream_arn_;
  mutable std::mutex mu_;
  bool initialized_ = false;
  std::map<std::string, ShardCheckpoint> shards_;
};

}  // namespace sb::trigger
