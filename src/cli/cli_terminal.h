// Terminal helpers for the live commands (top --watch, simulate): whether stdout is a
// terminal, a Ctrl-C / SIGTERM latch, and the progress bar text.
// Thread-safety: StopRequested may be read from any thread; InstallStopHandler once, from
// main's thread, before starting workers.
#pragma once

#include <chrono>
#include <string>

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

}  // namespace sb::cli
