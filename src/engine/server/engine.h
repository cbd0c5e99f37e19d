// Engine: the running local DynamoDB-compatible server — storage, operations, the HTTP front
// (sb::http::Server + Dispatcher) and the TTL sweeper thread — as one object.
//
// File mode keeps everything in <data_dir>/engine.sqlite and holds an exclusive lock on
// <data_dir>/engine.lock, so a second engine on the same directory fails at once with a clear
// message instead of contending for the database. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "engine/server/dispatcher.h"
#include "engine/server/front_door.h"
#include "engine/storage/store.h"
#include "engine/streams/streams.h"

namespace sb::engine::server {

struct EngineOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8000;  // 0: any free port
  std::string data_dir = ".streamboard";
  bool in_memory = false;
  std::string region = "us-east-1";
  int threads = 0;  // HTTP I/O threads; 0: one per hardware thread
  // The storage's item cache (engine/storage/item_cache.h), approximate bytes; 0: none.
  size_t item_cache_bytes = storage::StoreOptions{}.item_cache_bytes;
  FrontDoorOptions http;  // connection limit, timeouts, body cap, allowed hosts
  DispatcherOptions dispatch;
  std::chrono::milliseconds ttl_sweep_interval{2000};
  // DynamoDB Streams (served under "DynamoDBStreams_20120810"): shards per stream, rollover,
  // retention. region, clock and random are filled in by Start.
  streams::StreamsOptions streams;
};

class Engine {
 public:
  // Opens storage and starts serving. Errors (code "engine"): data dir unusable or in use,
  // storage failures, bind failures (port in use). `clock` must outlive the engine.
  static Result<std::unique_ptr<Engine>> Start(const EngineOptions& options, const Clock& clock);
  ~Engine();

  uint16_t port() const;
  // "http://<host>:<port>"
  std::string endpoint() const;
  // Where the data lives: the SQLite file, or ":memory:".
  std::string data_location() const;

  // Stops serving and the sweeper, then closes storage. Idempotent.
  void Stop();

 private:
  Engine() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sb::engine::server
