// ServerOptions::to_pool and ServerOptions::offload with HandlerThreads::kInline: the requests
// to_pool picks go to the offload, which runs them and delivers their response from another
// thread, later; meanwhile the I/O thread serves other requests inline. An offload may instead
// return a follow-up, which the I/O thread runs itself.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "http/server.h"
#include "test_socket.h"

namespace sb::http {
namespace {

using testing::BodyOf;
using testing::RawConnection;

std::string Post(const std::string& target) {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
}

// Starts a server whose handler answers each request with its target, once `seen` (if any)
// has looked at the request. Null (and a test failure) if it cannot start.
std::unique_ptr<Server> StartEcho(const ServerOptions& options,
                                  std::function<void(const Request&)> seen = nullptr) {
  auto started = Server::Start(options, [seen = std::move(seen)](const Request& r) {
    if (seen) seen(r);
    Response resp;
    resp.body = r.target;
    return resp;
  });
  EXPECT_TRUE(started.ok());
  return started.ok() ? std::move(started).value() : nullptr;
}

// Holds offloaded requests until Release(), then runs and delivers them on its own thread.
class HeldOffload {
 public:
  Offload Fn() {
    return [this](std::function<Response()> work, std::function<void(Response)> deliver) {
      std::lock_guard lock(mu_);
      held_.push_back({std::move(work), std::move(deliver)});
      cv_.notify_all();
      return OffloadFollowUp();  // none: Release() runs them
    };
  }
  // False if fewer than n requests reach the offload within 10 s.
  bool WaitHeld(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return held_.size() >= n; });
  }
  void Release() {
    std::vector<Held> held;
    {
      std::lock_guard lock(mu_);
      held.swap(held_);
    }
    std::thread([held = std::move(held)] {
      for (const auto& h : held) h.deliver(h.work());
    }).join();
  }

 private:
  struct Held {
    std::function<Response()> work;
    std::function<void(Response)> deliver;
  };
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Held> held_;
};

// An offload that only queues work and returns a follow-up that runs everything queued, once
// at least `min_batch` requests are (a follow-up that finds fewer leaves them to a later one).
class QueuingOffload {
 public:
  explicit QueuingOffload(size_t min_batch = 1) : min_batch_(min_batch) {}
  Offload Fn() {
    return [this](std::function<Response()> work, std::function<void(Response)> deliver) {
      std::lock_guard lock(mu_);
      queued_.emplace_back(std::move(work), std::move(deliver));
      return OffloadFollowUp([this] {
        decltype(queued_) run;
        {
          std::lock_guard lock(mu_);
          if (queued_.size() < min_batch_) return;
          run.swap(queued_);
          runners_.push_back(std::this_thread::get_id());
        }
        for (auto& [work, deliver] : run) deliver(work());
      });
    };
  }
  // The thread of each follow-up that ran work, in order.
  std::vector<std::thread::id> runners() {
    std::lock_guard lock(mu_);
    return runners_;
  }
  size_t still_queued() {
    std::lock_guard lock(mu_);
    return queued_.size();
  }

 private:
  const size_t min_batch_;
  std::mutex mu_;
  std::vector<std::pair<std::function<Response()>, std::function<void(Response)>>> queued_;
  std::vector<std::thread::id> runners_;
};

TEST(OffloadTest, PickedRequestsAreAnsweredWhenTheOffloadDelivers) {
  HeldOffload offload;
  ServerOptions options;
  options.threads = 1;
  options.handler_threads = HandlerThreads::kInline;
  options.to_pool = [](const Request& r) { return r.target == "/write"; };
  options.offload = offload.Fn();
  auto server = StartEcho(options);
  ASSERT_TRUE(server);

  RawConnection fast(server->port());
  RawConnection writer(server->port());
  ASSERT_TRUE(writer.Send(Post("/write")));
  ASSERT_TRUE(offload.WaitHeld(1));
  // The write is held: the single I/O thread still answers reads, and they run inline.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(fast.Send(Post("/read")));
    EXPECT_EQ(BodyOf(fast.ReadResponse()), "/read");
  }
  offload.Release();
  EXPECT_EQ(BodyOf(writer.ReadResponse()), "/write");
  // Keep-alive goes on after a delivered response.
  ASSERT_TRUE(writer.Send(Post("/write")));
  ASSERT_TRUE(offload.WaitHeld(1));
  offload.Release();
  EXPECT_EQ(BodyOf(writer.ReadResponse()), "/write");
  server->Stop();
}

// An offload that only queues work and returns a follow-up: the I/O thread runs the
// follow-up itself, and the responses it delivers there are written.
TEST(OffloadTest, AFollowUpRunsOnTheIoThreadAndDeliversThere) {
  QueuingOffload offload;
  std::mutex mu;
  std::thread::id inline_thread;
  ServerOptions options;
  options.threads = 1;
  options.handler_threads = HandlerThreads::kInline;
  options.to_pool = [](const Request& r) { return r.target == "/write"; };
  options.offload = offload.Fn();
  auto server = StartEcho(options, [&](const Request& r) {
    if (r.target == "/read") {
      std::lock_guard lock(mu);
      inline_thread = std::this_thread::get_id();
    }
  });
  ASSERT_TRUE(server);

  std::vector<std::unique_ptr<RawConnection>> writers;
  for (int i = 0; i < 4; ++i) {
    writers.push_back(std::make_unique<RawConnection>(server->port()));
    ASSERT_TRUE(writers.back()->Send(Post("/write")));
  }
  for (auto& w : writers) EXPECT_EQ(BodyOf(w->ReadResponse()), "/write");
  RawConnection reader(server->port());
  ASSERT_TRUE(reader.Send(Post("/read")));
  EXPECT_EQ(BodyOf(reader.ReadResponse()), "/read");
  const std::vector<std::thread::id> runners = offload.runners();
  EXPECT_GE(runners.size(), 1u);
  EXPECT_LE(runners.size(), 4u);
  EXPECT_EQ(offload.still_queued(), 0u);
  {
    std::lock_guard lock(mu);
    for (const auto& runner : runners) {
      EXPECT_EQ(runner, inline_thread) << "the follow-up ran off the I/O thread";
    }
  }
  // Keep-alive goes on after a response delivered from a follow-up.
  ASSERT_TRUE(writers[0]->Send(Post("/write")));
  EXPECT_EQ(BodyOf(writers[0]->ReadResponse()), "/write");
  server->Stop();
}


// With two I/O threads, each running its own event loop: connections are dealt to the loops in
// turn and stay on theirs, and a follow-up run on one loop answers requests read by the other
// (their responses go back to their own loop: the server aborts if one is written elsewhere).
TEST(OffloadTest, ConnectionsStayOnTheirLoopAndAFollowUpAnswersAcrossLoops) {
  QueuingOffload offload(2);  // the follow-up of the second write runs both
  std::mutex mu;
  std::map<std::string, std::set<std::thread::id>> threads_of;  // connection tag -> threads
  ServerOptions options;
  options.threads = 2;
  options.handler_threads = HandlerThreads::kInline;
  options.to_pool = [](const Request& r) { return r.target.rfind("/write", 0) == 0; };
  options.offload = offload.Fn();
  auto server = StartEcho(options, [&](const Request& r) {
    std::lock_guard lock(mu);
    threads_of[r.target.substr(r.target.find('?') + 1)].insert(std::this_thread::get_id());
  });
  ASSERT_TRUE(server);

  std::vector<std::unique_ptr<RawConnection>> connections;
  for (int i = 0; i < 4; ++i) {
    connections.push_back(std::make_unique<RawConnection>(server->port()));
    for (int round = 0; round < 3; ++round) {
      const std::string target = "/read?c" + std::to_string(i);
      ASSERT_TRUE(connections.back()->Send(Post(target)));
      EXPECT_EQ(BodyOf(connections.back()->ReadResponse()), target);
    }
  }
  {
    std::lock_guard lock(mu);
    std::set<std::thread::id> all;
    for (const auto& [tag, threads] : threads_of) {
      EXPECT_EQ(threads.size(), 1u) << tag << " moved between loops";
      all.insert(threads.begin(), threads.end());
    }
    EXPECT_EQ(all.size(), 2u) << "the connections were not spread over both loops";
    EXPECT_NE(*threads_of["c0"].begin(), *threads_of["c1"].begin());
  }
  // c0 and c1 are on different loops; the follow-up of whichever write comes second runs both.
  ASSERT_TRUE(connections[0]->Send(Post("/write?c0")));
  ASSERT_TRUE(connections[1]->Send(Post("/write?c1")));
  EXPECT_EQ(BodyOf(connections[0]->ReadResponse()), "/write?c0");
  EXPECT_EQ(BodyOf(connections[1]->ReadResponse()), "/write?c1");
  EXPECT_EQ(offload.runners().size(), 1u);
  EXPECT_EQ(offload.still_queued(), 0u);
  // Both connections carry on.
  for (int i = 0; i < 2; ++i) {
    const std::string target = "/read?c" + std::to_string(i);
    ASSERT_TRUE(connections[i]->Send(Post(target)));
    EXPECT_EQ(BodyOf(connections[i]->ReadResponse()), target);
  }
  server->Stop();
}

}  // namespace
}  // namespace sb::http
