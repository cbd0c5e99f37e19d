// Minimal leveled logging to a sink (stderr by default). Components that must emit a
// specific format (the function's JSON log lines) format their own lines and use Emit().
// Thread-safe: each line is written with one call under a lock.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace sb::log {

enum class Level { kTrace = 0, kDebug, kInfo, kWarn, kError, kFatal };

// Parses TRACE/DEBUG/INFO/WARN/ERROR/FATAL (case-insensitive); false if unknown.
bool ParseLevel(std::string_view text, Level* out);
std::string_view LevelName(Level level);

void SetLevel(Level level);
Level GetLevel();
bool Enabled(Level level);

// Replaces the sink (default: stderr). Tests capture lines with this.
void SetSink(std::function<void(std::string_view line)> sink);
void ResetSink();

// Writes one whole line (a '\n' is appended) to the sink, ignoring the level.
void Emit(std::string_view line);

// "LEVEL component: message" if the level is enabled.
void Write(Level level, std::string_view component, std::string_view message);
inline void Info(std::string_view c, std::string_view m) { Write(Level::kInfo, c, m); }
inline void Warn(std::string_view c, std::string_view m) { Write(Level::kWarn, c, m); }
inline void Error(std::string_view c, std::string_view m) { Write(Level::kError, c, m); }
inline void Debug(std::string_view c, std::string_view m) { Write(Level::kDebug, c, m); }

}  // namespace sb::log
