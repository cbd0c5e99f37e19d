// BoardWatcher: the board side of `streamboard up`. A thread scans the Leaderboard table
// (strongly consistent, every page) every `interval`, decodes each item as `streamboard top`
// does (board_view.h), publishes every changed board to the web feed (FormatBoardJson) and
// reports it to `on_change` with a one-line description of the change (board_check.h
// DescribeChange), e.g. "board chess v7: +p7(1500) -p2". A board item that disappears is
// published as "exists":false. Scan failures are reported once per run of failures through
// `on_problem` and retried.
//
// Thread-safety: Start/Stop from one thread; Boards() from any; the callbacks run on the
// watcher's thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/board_view.h"
#include "dynamo/dynamodb_client.h"
#include "web/board_feed.h"

namespace sb::cli {

class BoardWatcher {
 public:
  struct Callbacks {
    std::function<void(const BoardView& view, const std::string& line)> on_change;
    std::function<void(const std::string& line)> on_problem;
  };
  // `db` and `feed` must outlive the watcher.
  BoardWatcher(dynamo::DynamoDbClient& db, std::string table, web::BoardFeed& feed,
               std::chrono::milliseconds interval, Callbacks callbacks);
  ~BoardWatcher();

  void Start();
  void Stop();  // idempotent

  // One scan-and-publish pass (what the thread does each interval). Returns false if the scan
  // failed.
  bool PollOnce();

  // The latest boards seen, ordered by game.
  std::vector<BoardView> Boards() const;

 private:
  void Loop();

  dynamo::DynamoDbClient& db_;
  const std::string table_;
  web::BoardFeed& feed_;
  const std::chrono::milliseconds interval_;
  const Callbacks callbacks_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool failing_ = false;  // touched by the polling thread only
  std::map<std::string, BoardView> boards_;
  std::thread thread_;
};

}  // namespace sb::cli
