// OpRegistry: the engine's operations by X-Amz-Target, "<Service>.<Operation>" -> function.
// One registry holds both services the engine answers on its port: DynamoDB
// ("DynamoDB_20120810") and DynamoDB Streams ("DynamoDBStreams_20120810"). The dispatcher
// looks the request's target up here and knows no operation name itself.
//
// How an operation registers itself: in its own .cpp, next to its function, at namespace
// scope in an anonymous namespace, one line:
//
//   const OpRegistration kRegistration{kDynamoDbService, "PutItem", &PutItem};
//
// A DynamoDB Streams operation does the same with the Streams service, e.g. in
// engine/streams/get_records.cpp:
//
//   const ops::OpRegistration kRegistration{ops::kStreamsService, "GetRecords", &GetRecords};
//
// where GetRecords is an ops::OpFn (ops::Context&, request object) -> ops::OpResult and reads
// ctx.streams (answering InternalServerError when it is null).
//
// An operation that writes items passes OpEffect::kWrite as a fourth argument: it waits for
// its group commit (storage/store.h), so the front door runs it off the HTTP I/O threads
// (engine/server/front_door.h). Catalog operations may stay kRead (rare; they wait inline).
//
// The registration runs during static initialization, into OpRegistry::Global(). Nothing else
// references such a file, so a library holding registering files must be linked whole, or the
// linker drops them: sb_engine_ops is (see src/engine/ops/CMakeLists.txt) and so is
// sb_engine_streams where sb_engine_server links it (src/engine/server/CMakeLists.txt).
//
// Thread-safety: Add only during static initialization or before any concurrent Find (a
// test's own registry); Find is then safe from any number of threads.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ops/context.h"

namespace sb::engine::ops {

inline constexpr std::string_view kDynamoDbService = "DynamoDB_20120810";
inline constexpr std::string_view kStreamsService = "DynamoDBStreams_20120810";

// What an operation does to the store (see the top of the file).
enum class OpEffect { kRead, kWrite };

class OpRegistry {
 public:
  // Registers `fn` under "<service>.<operation>". REQUIRES: fn non-null and no operation
  // already registered under that target (a second one aborts: two files claim one name).
  void Add(std::string_view service, std::string_view operation, OpFn fn,
           OpEffect effect = OpEffect::kRead);

  // The operation for an X-Amz-Target value ("DynamoDB_20120810.PutItem"), or nullptr when
  // no operation is registered under it (any unknown service, name or malformed target).
  OpFn Find(std::string_view target) const;
  // True when the operation under `target` was registered with OpEffect::kWrite.
  bool Writes(std::string_view target) const;

  // Every registered target, sorted.
  std::vector<std::string> Targets() const;

  // The process-wide registry that OpRegistration fills; what the engine serves.
  static OpRegistry& Global();

 private:
  struct Entry {
    OpFn fn;
    OpEffect effect;
  };
  std::map<std::string, Entry, std::less<>> ops_;
};

inline void OpRegistry::Add(std::string_view service, std::string_view operation, OpFn fn,
                            OpEffect effect) {
  std::string target = std::string(service) + "." + std::string(operation);
  if (fn == nullptr || !ops_.emplace(target, Entry{fn, effect}).second) {
    std::fprintf(stderr, "engine: operation %s registered twice or without a function\n",
                 target.c_str());
    std::abort();
  }
}

inline OpFn OpRegistry::Find(std::string_view target) const {
  auto it = ops_.find(target);
  return it == ops_.end() ? nullptr : it->second.fn;
}

inline bool OpRegistry::Writes(std::string_view target) const {
  auto it = ops_.find(target);
  return it != ops_.end() && it->second.effect == OpEffect::kWrite;
}

inline std::vector<std::string> OpRegistry::Targets() const {
  std::vector<std::string> out;
  for (const auto& entry : ops_) out.push_back(entry.first);
  return out;
}

// Header-only so a library that registers operations needs no link to sb_engine_ops.
inline OpRegistry& OpRegistry::Global() {
  static OpRegistry* registry = new OpRegistry;  // never destroyed: no exit-time order issues
  return *registry;
}

// Constructing one registers an operation in OpRegistry::Global() (see the top of the file).
struct OpRegistration {
  OpRegistration(std::string_view service, std::string_view operation, OpFn fn,
                 OpEffect effect = OpEffect::kRead) {
    OpRegistry::Global().Add(service, operation, fn, effect);
  }
};

}  // namespace sb::engine::ops
