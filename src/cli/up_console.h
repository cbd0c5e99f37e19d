// Console: what `streamboard up` shows. On a terminal, a live screen redrawn in place (a
// header, every board, the latest log lines); otherwise every line printed as it comes.
// Thread-safe.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "cli/board_view.h"

namespace sb::cli {

class Console {
 public:
  // `empty_hint`: shown on the screen while there is no board yet.
  Console(bool tty, std::string empty_hint) : tty_(tty), empty_hint_(std::move(empty_hint)) {}

  // A log line: printed at once (plain mode) or kept among the 10 latest (terminal mode).
  void Line(const std::string& line);
  void SetHeader(std::string header);
  void MarkDirty();
  // Terminal mode: redraws the screen if anything changed.
  void Draw(const std::vector<BoardView>& boards);
  // Terminal mode: clears the screen.
  void Clear();
  bool tty() const { return tty_; }

 private:
  const bool tty_;
  const std::string empty_hint_;
  std::mutex mu_;
  std::string header_;
  std::deque<std::string> recent_;
  bool dirty_ = true;
};

}  // namespace sb::cli
