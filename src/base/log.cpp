#include "base/log.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <string>

namespace sb::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::mutex g_mu;
std::function<void(std::string_view)>& SinkRef() {
  static std::function<void(std::string_view)> sink;
  return sink;
}

void WriteStderr(std::string_view line) {
  std::string buf(line);
  buf.push_back('\n');
  const char* p = buf.data();
  size_t left = buf.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) return;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace

bool ParseLevel(std::string_view text, Level* out) {
  std::string up(text);
  std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
  static constexpr std::pair<std::string_view, Level> kNames[] = {
      {"TRACE", Level::kTrace}, {"DEBUG", Level::kDebug}, {"INFO", Level::kInfo},
      {"WARN", Level::kWarn},   {"ERROR", Level::kError}, {"FATAL", Level::kFatal}};
  for (const auto& [name, level] : kNames) {
    if (up == name) {
      *out = level;
      return true;
    }
  }
  return false;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kTrace: return "TRACE";
    case Level::kDebug: return "DEBUG";
    case Level::kInfo: return "INFO";
    case Level::kWarn: return "WARN";
    case Level::kError: return "ERROR";
    case Level::kFatal: return "FATAL";
  }
  return "INFO";
}

void SetLevel(Level level) { g_level = level; }
Level GetLevel() { return g_level; }
bool Enabled(Level level) { return level >= g_level.load(); }

void SetSink(std::function<void(std::string_view)> sink) {
  std::lock_guard lock(g_mu);
  SinkRef() = std::move(sink);
}
void ResetSink() { SetSink(nullptr); }

void Emit(std::string_view line) {
  std::lock_guard lock(g_mu);
  if (SinkRef()) {
    SinkRef()(line);
  } else {
    WriteStderr(line);
  }
}

void Write(Level level, std::string_view component, std::string_view message) {
  if (!Enabled(level)) return;
  std::string line;
  line.reserve(component.size() + message.size() + 10);
  line.append(LevelName(level)).append(" ").append(component).append(": ").append(message);
  Emit(line);
}

}  // namespace sb::log
