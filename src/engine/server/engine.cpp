#include "engine/server/engine.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>

#include "base/log.h"
#include "base/private_files.h"
#include "engine/ops/ttl_sweeper.h"
#include "engine/server/front_door.h"
#include "engine/storage/store.h"
#include "http/server.h"

namespace sb::engine::server {

struct Engine::Impl {
  EngineOptions options;
  int lock_fd = -1;
  std::string location;
  RealRandom random;
  std::unique_ptr<streams::Streams> streams;  // declared before store: outlives it
  std::unique_ptr<storage::Store> store;
  ops::Context ctx;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<http::Server> http;
  std::thread sweeper;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  bool stopped = false;

  ~Impl() {
    if (lock_fd >= 0) close(lock_fd);
  }
};

Result<std::unique_ptr<Engine>> Engine::Start(const EngineOptions& options, const Clock& clock) {
  std::unique_ptr<Engine> engine(new Engine());
  engine->impl_ = std::make_unique<Impl>();
  Impl& d = *engine->impl_;
  d.options = options;

  storage::StoreOptions so;
  so.in_memory = options.in_memory;
  so.item_cache_bytes = options.item_cache_bytes;
  if (options.in_memory) {
    d.location = ":memory:";
  } else {
    // New data directories are 0700 and their files 0600 (base/private_files.h).
    std::error_code ec = CreatePrivateDirectories(options.data_dir);
    if (ec) {
      return MakeError("engine", "cannot use data dir " + options.data_dir + ": " + ec.message());
    }
    std::string lock_path = options.data_dir + "/engine.lock";
    d.lock_fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kPrivateFileMode);
    if (d.lock_fd < 0) {
      return MakeError("engine", "cannot use data dir " + options.data_dir + ": " +
                                     std::error_code(errno, std::generic_category()).message());
    }
    if (flock(d.lock_fd, LOCK_EX | LOCK_NB) != 0) {
      return MakeError("engine", "data dir " + options.data_dir +
                                     " is in use by another streamboard engine");
    }
    d.location = options.data_dir + "/engine.sqlite";
    so.path = d.location;
  }
  streams::StreamsOptions sopts = options.streams;
  sopts.region = options.region;
  sopts.clock = &clock;
  sopts.random = &d.random;
  d.streams = std::make_unique<streams::Streams>(sopts);
  so.observer = d.streams.get();
  auto store = storage::Store::Open(so);
  if (!store.ok()) return MakeError("engine", store.error().message);
  d.store = std::move(store).value();
  Status attached = d.streams->Attach(d.store.get());
  if (!attached.ok()) return MakeError("engine", attached.error().message);

  d.ctx.store = d.store.get();
  d.ctx.clock = &clock;
  d.ctx.region = options.region;
  d.ctx.streams = d.streams.get();
  d.dispatcher = std::make_unique<Dispatcher>(&d.ctx, options.dispatch);

  http::ServerOptions ho = MakeServerOptions(options.host, options.port, options.threads,
                                             options.http, options.dispatch);
  ho.offload = WriterOffload(d.store.get());
  Dispatcher* dispatcher = d.dispatcher.get();
  auto server = http::Server::Start(ho, [dispatcher](const http::Request& r) {
    return dispatcher->Handle(r);
  });
  if (!server.ok()) {
    return MakeError("engine", server.error().message);
  }
  d.http = std::move(server).value();

  Impl* impl = &d;
  d.sweeper = std::thread([impl, &clock] {
    std::unique_lock lock(impl->mu);
    while (!impl->stopping) {
      impl->cv.wait_for(lock, impl->options.ttl_sweep_interval);
      if (impl->stopping) break;
      lock.unlock();
      auto r = ops::SweepExpiredItems(impl->ctx, clock.NowUnixMillis() / 1000, 10000);
      if (!r.ok()) log::Warn("engine", "TTL sweep failed: " + r.error().message);
      lock.lock();
    }
  });
  return engine;
}

Engine::~Engine() { Stop(); }

uint16_t Engine::port() const { return impl_->http->port(); }

std::string Engine::endpoint() const {
  return "http://" + impl_->options.host + ":" + std::to_string(port());
}

std::string Engine::data_location() const { return impl_->location; }

void Engine::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  if (impl_->http) impl_->http->Stop();
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  if (impl_->sweeper.joinable()) impl_->sweeper.join();
  impl_->store.reset();
}

}  // namespace sb::engine::server
