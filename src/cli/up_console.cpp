#include "cli/up_console.h"

#include <cstdio>

#include "base/clock.h"
#include "cli/terminal.h"

namespace sb::cli {

void Console::Line(const std::string& raw) {
  // Lines carry player ids, names, game ids and function output: never raw control characters.
  const std::string line = TerminalSafe(raw);
  std::lock_guard lock(mu_);
  if (!tty_) {
    std::string out = line + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    return;
  }
  recent_.push_back(FormatIso8601Millis(RealClock::Instance().NowUnixMillis()).substr(11, 12) +
                    "  " + line);
  while (recent_.size() > 10) recent_.pop_front();
  dirty_ = true;
}

void Console::SetHeader(std::string header) {
  std::lock_guard lock(mu_);
  header_ = std::move(header);
  dirty_ = true;
}

void Console::MarkDirty() {
  std::lock_guard lock(mu_);
  dirty_ = true;
}

void Console::Draw(const std::vector<BoardView>& boards) {
  std::lock_guard lock(mu_);
  if (!tty_ || !dirty_) return;
  dirty_ = false;
  std::string screen = "\x1b[H" + header_ + "\n";
  if (boards.empty()) screen += empty_hint_ + "\n";
  for (const auto& view : boards) screen += FormatBoardTable(view) + "\n";
  screen += "recent:\n";
  for (const auto& l : recent_) {
    screen += "  " + (l.size() > 150 ? l.substr(0, 150) + "…" : l) + "\n";
  }
  std::string framed;
  for (size_t start = 0; start < screen.size();) {
    size_t nl = screen.find('\n', start);
    if (nl == std::string::npos) nl = screen.size();
    framed += screen.substr(start, nl - start) + "\x1b[K\n";
    start = nl + 1;
  }
  framed += "\x1b[J";
  std::fwrite(framed.data(), 1, framed.size(), stdout);
  std::fflush(stdout);
}

void Console::Clear() {
  if (!tty_) return;
  std::lock_guard lock(mu_);
  std::fputs("\x1b[H\x1b[J", stdout);
  std::fflush(stdout);
}

}  // namespace sb::cli
