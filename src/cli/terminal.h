// Terminal helpers for the live commands (top --watch, simulate): whether stdout is a
// terminal, a Ctrl-C / SIGTERM latch, the progress bar text, and escaping of untrusted text.
// Thread-safety: StopRequested may be read from any thread; InstallStopHandler once, from
// main's thread, before starting workers.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace sb::cli {

bool StdoutIsTerminal();

// After this, SIGINT and SIGTERM set a flag (StopRequested) instead of killing the process,
// so the command can finish cleanly and exit 0.
void InstallStopHandler();
bool StopRequested();

// Sleeps up to `d` in short slices, returning early (false) once a stop was requested.
bool SleepUnlessStopped(std::chrono::milliseconds d);

// "[#########...........]  45%": `width` cells between brackets; fraction clamped to [0, 1].
std::string ProgressBar(double fraction, int width);

// `text` made safe to print on a terminal: control characters (C0, DEL, and C1 as UTF-8
// U+0080..U+009F) become visible escapes (\n, \r, \t, \xNN, \u00NN), so a player id,
// name or game id cannot move the cursor, clear the screen or retitle the window. A backslash
// stays as it is; every other byte is kept.
std::string TerminalSafe(std::string_view text);

}  // namespace sb::cli
