#include "engine/server/front_door.h"

#include <zlib.h>

#include <memory>

#include "http/error_response.h"

namespace sb::engine::server {

http::HeaderCheck SignatureHeadCheck(sigv4::SecretLookup secrets) {
  return
      [secrets = std::move(secrets)](const http::Request& head) -> std::optional<http::Response> {
        sigv4::Request sreq;
        sreq.method = head.method;
        sreq.target = head.target;
        for (const auto& [name, value] : head.headers.all()) sreq.headers.emplace_back(name, value);
        auto failure = sigv4::VerifyHead(sreq, secrets, std::chrono::system_clock::now());
        if (!failure) return std::nullopt;
        http::Response r = http::ErrorResponse(400, failure->type, failure->message);
        r.headers.Set("x-amzn-RequestId", NewRequestId());
        uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(r.body.data()),
                          static_cast<uInt>(r.body.size()));
        r.headers.Set("x-amz-crc32", std::to_string(crc));
        return r;
      };
}

http::Offload WriterOffload(storage::Store* store) {
  return [store](std::function<http::Response()> work,
                 std::function<void(http::Response)> deliver) {
    auto response = std::make_shared<http::Response>();
    store->QueueForWriter([response, work = std::move(work)] { *response = work(); },
                          [response, deliver = std::move(deliver)](const Status& committed) {
                            deliver(committed.ok() ? std::move(*response)
                                                   : http::InternalErrorResponse());
                          });
    // The I/O thread runs the batch itself once it has queued every write it has read.
    return http::OffloadFollowUp([store] { store->RunQueuedWrites(); });
  };
}

http::ServerOptions MakeServerOptions(const std::string& host, uint16_t port, int threads,
                                      const FrontDoorOptions& front,
                                      const DispatcherOptions& dispatch) {
  http::ServerOptions so;
  so.host = host;
  so.port = port;
  so.threads = threads;
  // Reads are short and CPU-bound (no long polls in DynamoDB's API): serve them on the I/O
  // threads, without a hand-off per request. Writes are picked by to_pool and queued for the
  // group commit (WriterOffload), which the I/O thread runs after it has queued every write
  // it has read: a write waits for no other thread (docs/engine.md, "Performance").
  so.handler_threads = http::HandlerThreads::kInline;
  const ops::OpRegistry* registry =
      dispatch.registry != nullptr ? dispatch.registry : &ops::OpRegistry::Global();
  so.to_pool = [registry](const http::Request& r) {
    auto target = r.headers.Get("X-Amz-Target");
    return target && registry->Writes(*target);
  };
  so.max_connections = front.max_connections;
  so.max_body_bytes = front.max_body_bytes;
  so.header_timeout = front.header_timeout;
  so.body_timeout = front.body_timeout;
  so.idle_timeout = front.idle_timeout;
  if (dispatch.verify_signatures) {
    so.header_check = SignatureHeadCheck(dispatch.secrets);
  } else {
    so.check_host = true;
    so.allowed_hosts = front.allowed_hosts;
  }
  return so;
}

}  // namespace sb::engine::server
