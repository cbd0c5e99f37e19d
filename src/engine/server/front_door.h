// The engine's HTTP front door: the http::Server settings the engine serves with, derived
// from its options (docs/engine.md, "The HTTP server").
//
// - Without signature checks, requests whose Host is not a loopback name or one of
//   allowed_hosts are refused (403 AccessDeniedException), so a web page cannot reach the
//   engine by DNS rebinding.
// - With them, the credential, scope and date are checked from the request head, before the
//   body is read (an unsigned 16 MB upload is refused, not buffered); the Dispatcher checks
//   the body hash and the signature once the body is in.
// - Reads run on the I/O threads; operations registered as writes (ops/registry.h) are
//   queued for the store's group commit (WriterOffload), which the I/O thread runs once it has
//   queued every write it has read, and are answered once their transaction has committed.
// Pure: builds values; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/server/dispatcher.h"
#include "engine/storage/store.h"
#include "http/server.h"

namespace sb::engine::server {

struct FrontDoorOptions {
  size_t max_connections = 16384;
  size_t max_body_bytes = 16 * 1024 * 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds idle_timeout{60'000};
  // Host names accepted besides loopback ones when signatures are not checked ("*": any).
  std::vector<std::string> allowed_hosts;
};

// REQUIRES: dispatch.secrets set when dispatch.verify_signatures.
http::ServerOptions MakeServerOptions(const std::string& host, uint16_t port, int threads,
                                      const FrontDoorOptions& front,
                                      const DispatcherOptions& dispatch);

// Queues a request for `store`'s group commit (Store::QueueForWriter) and returns the
// follow-up that runs the queue (Store::RunQueuedWrites) on the I/O thread; delivers its
// response only after the COMMIT of the batch it ran in; a failed batch is answered 500
// (InternalServerError) instead. `store` must outlive the server.
http::Offload WriterOffload(storage::Store* store);

// The sigv4 head check as an http::HeaderCheck: a refusal is the DynamoDB error Verify()
// would give (400, com.amazon.coral.service#<type>).
http::HeaderCheck SignatureHeadCheck(sigv4::SecretLookup secrets);

}  // namespace sb::engine::server
