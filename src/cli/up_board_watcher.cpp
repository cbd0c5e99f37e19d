#include "cli/up_board_watcher.h"

#include <optional>
#include <utility>

#include "cli/board_check.h"
#include "function/board_item.h"

namespace sb::cli {
namespace {

BoardView ViewOf(const protocol::Item& item, const std::string& game) {
  BoardView view;
  view.game = game;
  view.board.game_id = game;
  view.exists = true;
  if (auto it = item.find(function::kUpdatedAtAttribute);
      it != item.end() && it->second.is(protocol::AttrType::S)) {
    view.updated_at = it->second.s();
  }
  Result<leaderboard::Board> board = function::DecodeBoardItem(item);
  if (board.ok()) {
    view.board = std::move(board).value();
    view.board.game_id = game;
  } else {
    view.problem = board.error().message;
  }
  return view;
}

bool SameView(const BoardView& a, const BoardView& b) {
  return a.exists == b.exists && a.board.version == b.board.version &&
         a.updated_at == b.updated_at && a.problem == b.problem &&
         SameRanking(a.board.entries, b.board.entries);
}

}  // namespace

BoardWatcher::BoardWatcher(dynamo::DynamoDbClient& db, std::string table, web::BoardFeed& feed,
                           std::chrono::milliseconds interval, Callbacks callbacks)
    : db_(db),
      table_(std::move(table)),
      feed_(feed),
      interval_(interval),
      callbacks_(std::move(callbacks)) {}

BoardWatcher::~BoardWatcher() { Stop(); }

void BoardWatcher::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void BoardWatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BoardWatcher::Loop() {
  for (;;) {
    PollOnce();
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, interval_, [this] { return stop_; })) return;
  }
}

bool BoardWatcher::PollOnce() {
  std::map<std::string, BoardView> seen;
  dynamo::ScanRequest request;
  request.table_name = table_;
  request.consistent_read = true;
  for (;;) {
    auto page = db_.Scan(request);
    if (!page.ok()) {
      if (!failing_ && callbacks_.on_problem) {
        callbacks_.on_problem("cannot read " + table_ + ": " + page.error().type + ": " +
                              page.error().message + " (retrying)");
      }
      failing_ = true;
      return false;
    }
    for (const auto& item : page->items) {
      auto g = item.find(function::kGameIdAttribute);
      if (g == item.end() || !g->second.is(protocol::AttrType::S)) continue;
      seen[g->second.s()] = ViewOf(item, g->second.s());
    }
    if (!page->last_evaluated_key) break;
    request.exclusive_start_key = page->last_evaluated_key;
  }
  failing_ = false;

  std::vector<std::pair<BoardView, std::string>> changes;
  {
    std::lock_guard lock(mu_);
    for (auto& [game, view] : seen) {
      auto old = boards_.find(game);
      if (old != boards_.end() && SameView(old->second, view)) continue;
      std::string line = "board " + game + " v" + std::to_string(view.board.version) + ": ";
      if (!view.problem.empty()) {
        line += "malformed item: " + view.problem;
      } else {
        std::string change = DescribeChange(
            old == boards_.end() ? std::vector<leaderboard::Entry>{} : old->second.board.entries,
            view.board.entries);
        line += change.empty() ? "rewritten, same ranking" : change;
      }
      changes.emplace_back(view, std::move(line));
      boards_[game] = view;
    }
    for (auto it = boards_.begin(); it != boards_.end();) {
      if (seen.count(it->first) != 0) {
        ++it;
        continue;
      }
      BoardView gone;
      gone.game = it->first;
      gone.board.game_id = it->first;
      changes.emplace_back(gone, "board " + it->first + " removed");
      it = boards_.erase(it);
    }
  }
  for (const auto& [view, line] : changes) {
    feed_.Publish(view.game, FormatBoardJson(view));
    if (callbacks_.on_change) callbacks_.on_change(view, line);
  }
  return true;
}

std::vector<BoardView> BoardWatcher::Boards() const {
  std::lock_guard lock(mu_);
  std::vector<BoardView> out;
  for (const auto& [game, view] : boards_) out.push_back(view);
  return out;
}

}  // namespace sb::cli
